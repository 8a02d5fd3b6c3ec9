import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseSettings, openDatabase } from "@streamlens/analytics";
import { loadSettings, PulsarBus, silentLogger, type Topics, topicNames } from "@streamlens/core";
import { fixture, startPostgres, startStandalone } from "@streamlens/core/testing";
import { requireFfmpeg } from "@streamlens/ingest/testing";
import { type RunningService, startService, waitFor } from "../../testing/services.ts";
import { startLiveHls } from "./live-hls.ts";

/**
 * What the live benchmarks (`bench:latency`, `bench:soak`) run: a Pulsar standalone broker, a
 * private PostgreSQL, the three services as separate processes (as operators run them), and
 * `streams` live HLS streams of the fixture video sampled at `fps`. Nothing is shared with a
 * test run or another bench: every part is started here and stopped by `stop()`.
 */
export interface LiveStack {
  pulsar: PulsarBus;
  topics: Topics;
  databaseUrl: string;
  services: RunningService[];
  /** The broker's process (its JVM), for CPU and memory figures. */
  brokerPid(): number | undefined;
  stop(): Promise<void>;
  logs(): string;
  /** Live feeds that ended (should stay 0). */
  feedsEnded(): number;
}

export interface LiveStackOptions {
  streams: number;
  fps: number;
  /** Subscriptions on the frames topic created before ingest starts, so they see every frame. */
  frameSubscriptions?: string[];
  /** Extra settings for every service (e.g. a flush interval under test). */
  env?: Record<string, string>;
}

const say = (text: string) => console.error(`live-stack: ${text}`);

export async function startLiveStack(options: LiveStackOptions): Promise<LiveStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    say("starting PostgreSQL and Pulsar");
    const postgres = await startPostgres();
    stops.push(() => postgres.stop());
    const databaseUrl = await postgres.createDatabase("streamlens");
    const migrated = await openDatabase(
      loadSettings(databaseSettings, { env: { DATABASE_URL: databaseUrl }, flags: {} }),
      { logger: silentLogger, migrate: true },
    );
    await migrated.close();

    const pulsarDir = mkdtempSync(join(tmpdir(), "sl-bench-pulsar-"));
    const broker = await startStandalone({ dataDir: pulsarDir, dieWithParent: true });
    stops.push(async () => {
      await broker.stop();
      rmSync(pulsarDir, { recursive: true, force: true });
    });
    const namespace = `bench-${Date.now().toString(36)}`;
    const topics = topicNames({ tenant: "streamlens", namespace });
    const pulsar = await PulsarBus.connect({ url: broker.webUrl, token: broker.token, logger: silentLogger });
    stops.push(() => pulsar.close());

    say(`starting ${options.streams} live HLS streams`);
    const hls = await startLiveHls({
      ffmpeg: requireFfmpeg(),
      video: fixture("video/one-by-one-person-detection.mp4"),
      count: options.streams,
    });
    stops.push(() => hls.stop());

    const env = {
      PULSAR_URL: broker.webUrl,
      PULSAR_TOKEN: broker.token,
      STREAMLENS_NAMESPACE: namespace,
      ...options.env,
    };
    say("starting analytics and inference");
    const services: RunningService[] = [];
    stops.push(() => Promise.all(services.map((s) => s.stop())));
    services.push(await startService("analytics", { ...env, DATABASE_URL: databaseUrl }));
    services.push(await startService("inference", env));
    const logs = () => services.map((s) => `--- ${s.kind}\n${s.log().slice(-2000)}`).join("\n");
    await waitFor(
      "analytics and inference to be ready",
      120_000,
      async () => (await Promise.all(services.map((s) => s.health()))).every((h) => h.status === 200),
      logs,
    );
    for (const subscription of options.frameSubscriptions ?? [])
      await pulsar.admin.ensureSubscription(topics.frames, subscription);
    say("starting ingest");
    const sources = hls.urls.map((url, i) => `cam${i + 1}=${url}`);
    services.push(
      await startService(
        "ingest",
        { ...env, STREAMLENS_FPS: String(options.fps), STREAMLENS_ALLOW_PRIVATE_SOURCES: "true" },
        sources,
      ),
    );
    await waitFor(
      "ingest to be ready",
      60_000,
      async () => (await services[2]?.health())?.status === 200,
      logs,
    );
    return {
      pulsar,
      topics,
      databaseUrl,
      services,
      brokerPid: () => broker.pid(),
      stop: stopAll,
      logs,
      feedsEnded: hls.ended,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
