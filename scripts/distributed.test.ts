import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPglite, schema } from "@streamlens/analytics";
import { deadLetterTopic, decodeDetections, PulsarBus, silentLogger, topicNames } from "@streamlens/core";
import { fixture, type StandaloneBroker, sharedTestBroker } from "@streamlens/core/testing";
import { asc } from "drizzle-orm";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { referenceRunConfig } from "./testing/embedded-reference.ts";
import { type RunningService, startService, waitFor } from "./testing/services.ts";
import { testEnv } from "./testing/test-env.ts";

const VIDEO = fixture("video/one-by-one-person-detection.mp4");
// Twelve streams (the fixture under twelve ids) at 0.1 fps: 14 frames each. Enough keys that
// Key_Shared gives both workers some, few enough frames for two CPU cores.
const SOURCES = Array.from({ length: 12 }, (_, i) => `cam${i + 1}=${VIDEO}`);
const FRAMES = 12 * 14;
const SETTINGS = { STREAMLENS_FPS: "0.1", STREAMLENS_MAX_FRAME_AGE_MS: "600000" };

type StatsRow = Omit<typeof schema.objectStats.$inferSelect, "updatedAt">;

async function statsIn(dataDir: string): Promise<StatsRow[]> {
  const { db, close } = await openPglite(dataDir);
  try {
    const rows = await db
      .select()
      .from(schema.objectStats)
      .orderBy(
        asc(schema.objectStats.streamId),
        asc(schema.objectStats.windowStart),
        asc(schema.objectStats.class),
      );
    return rows.map(({ updatedAt, ...row }) => row);
  } finally {
    await close();
  }
}

const scratch: string[] = [];
const folder = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `sl-dist-${label}-`));
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

let reference: StatsRow[];
beforeAll(async () => {
  // The same sources through the embedded pipeline: what the distributed run must equal.
  const dataDir = folder("embedded");
  const config = referenceRunConfig([...SOURCES, "--data-dir", dataDir], testEnv(SETTINGS));
  const summary = await runPipeline(config, { logger: silentLogger });
  expect(summary.processed).toBe(FRAMES);
  reference = await statsIn(dataDir);
  expect(reference.length).toBeGreaterThan(12);
}, 180_000);

interface Run {
  dataDir: string;
  env: Record<string, string | undefined>;
  analytics: RunningService;
  workers: RunningService[];
  ingest: RunningService;
}

const counted = async (analytics: RunningService) =>
  ((await analytics.health()).body.stats as { counted?: number } | undefined)?.counted ?? 0;
const processed = async (worker: RunningService) =>
  ((await worker.health()).body.stats as { processed?: number } | undefined)?.processed ?? 0;

/** Analytics, two inference workers and ingest as separate processes against `broker`. */
async function startAll(broker: StandaloneBroker, namespace: string): Promise<Run> {
  const dataDir = folder(namespace);
  const env = {
    ...SETTINGS,
    PULSAR_URL: broker.webUrl,
    PULSAR_TOKEN: broker.token,
    STREAMLENS_NAMESPACE: namespace,
    STREAMLENS_DATA_DIR: dataDir,
  };
  const analytics = await startService("analytics", env);
  const workers = [await startService("inference", env), await startService("inference", env)];
  await waitFor(
    "the workers and analytics to be ready",
    60_000,
    async () => {
      const all = await Promise.all([analytics, ...workers].map((s) => s.health()));
      return all.every((h) => h.status === 200);
    },
    () => [analytics, ...workers].map((s) => `--- ${s.kind}\n${s.log().slice(-1500)}`).join("\n"),
  );
  const ingest = await startService("ingest", env, SOURCES);
  return { dataDir, env, analytics, workers, ingest };
}

/** Waits for every frame to be counted, stops the services, and returns the statistics. */
async function finish(run: Run, logs: () => string) {
  expect(await run.ingest.proc.exited).toBe(0);
  await waitFor(
    `all ${FRAMES} frames counted`,
    120_000,
    async () => (await counted(run.analytics)) >= FRAMES,
    logs,
  );
  const live = run.workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
  const perWorker = await Promise.all(live.map(processed));
  const codes = await Promise.all([...live.map((w) => w.stop()), run.analytics.stop()]);
  expect(codes.every((c) => c === 0)).toBe(true);
  return { stats: await statsIn(run.dataDir), perWorker };
}

const allLogs = (run: Run) => () =>
  [run.ingest, ...run.workers, run.analytics].map((s) => `--- ${s.kind}\n${s.log().slice(-1500)}`).join("\n");

describe("ingest → inference (2 workers) → analytics through a real Pulsar broker", () => {
  test("gives the embedded run's statistics; frames spread over both workers in per-stream order; poison goes to the dead-letter topics", async () => {
    const broker = await sharedTestBroker();
    const namespace = `e2e-${Date.now().toString(36)}`;
    const topics = topicNames({ tenant: "streamlens", namespace });
    const bus = await PulsarBus.connect({ url: broker.webUrl, token: broker.token, logger: silentLogger });
    // An observer subscription sees every detection, to check per-stream order.
    await bus.admin.ensureSubscription(topics.detections, "observer");
    const run = await startAll(broker, namespace);

    const poison = await bus.createProducer(topics.frames);
    await poison.send({
      key: "cam1",
      payload: new TextEncoder().encode("not a frame"),
      properties: { stream_id: "cam1" },
    });
    // A detections message without its required fields: analytics must dead-letter it.
    const poisonDetectionsJson = '{"stream_id":"cam1"}';
    const poisonDetections = await bus.createProducer(topics.detections);
    await poisonDetections.send({ key: "cam1", payload: new TextEncoder().encode(poisonDetectionsJson) });

    const { stats, perWorker } = await finish(run, allLogs(run));
    expect(stats).toEqual(reference);
    // Both workers took frames (Key_Shared spread the twelve streams over them).
    expect(perWorker.length).toBe(2);
    expect(perWorker.every((n) => n > 0)).toBe(true);

    const observer = await bus.subscribe(topics.detections, {
      subscription: "observer",
      type: "Exclusive",
      receiverQueueSize: 500,
    });
    const lastSeq = new Map<string, number>();
    let seen = 0;
    let poisonSeen = 0;
    for (;;) {
      const message = await observer.receive({ timeoutMs: 3000 });
      if (!message) break;
      await observer.ack(message);
      // The poison message sent above is on this topic too; every other message must decode.
      if (new TextDecoder().decode(message.payload) === poisonDetectionsJson) {
        poisonSeen += 1;
        continue;
      }
      const d = decodeDetections(message);
      expect(d.seq).toBeGreaterThan(lastSeq.get(d.stream_id) ?? -1);
      lastSeq.set(d.stream_id, d.seq);
      seen += 1;
    }
    expect(seen).toBe(FRAMES);
    expect(poisonSeen).toBe(1);
    expect(lastSeq.size).toBe(12);

    for (const [topic, subscription] of [
      [topics.frames, "inference"],
      [topics.detections, "analytics"],
    ] as const) {
      const dlq = await bus.subscribe(deadLetterTopic(topic, subscription), {
        subscription: `${subscription}-DLQ`,
        type: "Shared",
      });
      const dead = await dlq.receive({ timeoutMs: 10_000 });
      expect(dead?.key).toBe("cam1");
      await dlq.close();
    }
    await bus.close();
  }, 300_000);

  test("kill -9 of a worker mid-run: every frame is still counted once", async () => {
    const broker = await sharedTestBroker();
    const run = await startAll(broker, `kill-${Date.now().toString(36)}`);
    await waitFor(
      "the workers to be busy",
      120_000,
      async () => (await counted(run.analytics)) >= 30,
      allLogs(run),
    );
    const counts = await Promise.all(run.workers.map(processed));
    const victim = run.workers[(counts[0] ?? 0) >= (counts[1] ?? 0) ? 0 : 1] as RunningService;
    victim.proc.kill("SIGKILL");
    expect(await victim.proc.exited).not.toBe(0);
    const { stats } = await finish(run, allLogs(run));
    expect(stats).toEqual(reference);
  }, 300_000);
});
