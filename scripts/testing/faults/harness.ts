// What the fault suite shares: one restartable Pulsar broker, one restartable PostgreSQL server,
// the statistics of a clean embedded run of the same input (the reference every faulted run
// must equal), and runs of the three services as separate processes against them.
import { expect } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenedDatabase, openDatabase, openPglite, schema } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import {
  fixture,
  type PostgresServer,
  type StandaloneBroker,
  startPostgres,
  startStandalone,
} from "@streamlens/core/testing";
import { asc, sql } from "drizzle-orm";
import { runPipeline } from "../../pipeline/run-pipeline.ts";
import { referenceRunConfig } from "../embedded-reference.ts";
import { type RunningService, type ServiceKind, startService, waitFor } from "../services.ts";
import { testEnv } from "../test-env.ts";

const VIDEO = fixture("video/one-by-one-person-detection.mp4");
/** Two streams of the fixture clip at 0.2 fps: enough frames that a fault lands mid-run, few enough for 2 cores. */
export const SOURCES = [`clip-a=${VIDEO}`, `clip-b=${VIDEO}`];
export const SETTINGS = {
  STREAMLENS_FPS: "0.2",
  // Short on purpose: a recorded frame held up by any fault below waits longer than this, and
  // must still be counted (recordings never age out).
  STREAMLENS_MAX_FRAME_AGE_MS: "2000",
  // Ingest is paced by the pool's backlog, so it is still sending when the faults hit.
  STREAMLENS_MAX_BACKLOG: "4",
  STREAMLENS_SNAPSHOT_INTERVAL_MS: "0",
  STREAMLENS_ROLLUP_INTERVAL_MS: "0",
};

type StatsRow = Omit<typeof schema.objectStats.$inferSelect, "updatedAt">;
type WindowRow = Omit<typeof schema.statWindows.$inferSelect, "updatedAt">;
export interface Statistics {
  stats: StatsRow[];
  windows: WindowRow[];
}

async function statisticsOf(db: OpenedDatabase["db"]): Promise<Statistics> {
  const { objectStats, statWindows } = schema;
  const stats = await db
    .select()
    .from(objectStats)
    .orderBy(asc(objectStats.streamId), asc(objectStats.windowStart), asc(objectStats.class));
  const windows = await db
    .select()
    .from(statWindows)
    .orderBy(asc(statWindows.streamId), asc(statWindows.windowStart));
  return {
    stats: stats.map(({ updatedAt, ...row }) => row),
    windows: windows.map(({ updatedAt, ...row }) => row),
  };
}

export interface Harness {
  broker: StandaloneBroker;
  postgres: PostgresServer;
  reference: Statistics;
  /** Frames of the whole input: what every run must count, once each. */
  frames: number;
}

/**
 * Starts the broker and PostgreSQL and makes the reference run. The caller stops them with
 * `stopFaultHarness` in its afterAll: bun test runs no exit hooks, so nothing else would.
 */
export async function startFaultHarness(): Promise<Harness & { stop(): Promise<void> }> {
  const brokerDir = mkdtempSync(join(tmpdir(), "sl-faults-pulsar-"));
  const dataDir = mkdtempSync(join(tmpdir(), "sl-faults-reference-"));
  const started = await Promise.allSettled([
    startStandalone({ dataDir: brokerDir, auth: true, dieWithParent: true }),
    startPostgres(),
  ]);
  const [brokerStart, postgresStart] = started;
  const stop = async () => {
    if (brokerStart?.status === "fulfilled") await brokerStart.value.stop();
    if (postgresStart?.status === "fulfilled") await postgresStart.value.stop();
    rmSync(brokerDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (brokerStart?.status !== "fulfilled" || postgresStart?.status !== "fulfilled") {
    await stop();
    const failed = started.find((r) => r.status === "rejected") as PromiseRejectedResult;
    throw failed.reason;
  }
  try {
    const config = referenceRunConfig([...SOURCES, "--data-dir", dataDir], testEnv(SETTINGS));
    const summary = await runPipeline(config, { logger: silentLogger });
    const embedded = await openPglite(dataDir);
    try {
      const reference = await statisticsOf(embedded.db);
      return {
        broker: brokerStart.value,
        postgres: postgresStart.value,
        reference,
        frames: summary.processed,
        stop,
      };
    } finally {
      await embedded.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** kill -9 of the broker's JVM: no shutdown, no flush, as when its machine dies. */
export async function killBroker(broker: StandaloneBroker): Promise<void> {
  const shell = broker.pid();
  if (shell === undefined) throw new Error("the broker is not running");
  // Under dieWithParent the JVM is a child of a small shell; that shell exits once it is gone.
  const children = Bun.spawnSync(["pgrep", "-P", String(shell)])
    .stdout.toString()
    .trim()
    .split(/\s+/);
  const jvm = children.map(Number).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "java";
    } catch {
      return false;
    }
  });
  if (jvm === undefined) throw new Error(`no JVM under the broker's shell ${shell}`);
  process.kill(jvm, "SIGKILL");
  await waitFor("the killed broker's shell to exit", 20_000, () => {
    try {
      process.kill(shell, 0);
      return false;
    } catch {
      return true;
    }
  });
}

const started: RunningService[] = [];

/** SIGKILLs whatever a failed test left running. */
export function killLeftovers(): void {
  for (const service of started.splice(0))
    if (service.proc.exitCode === null && service.proc.signalCode === null) service.proc.kill("SIGKILL");
}

export const isRunning = (service: RunningService) =>
  service.proc.exitCode === null && service.proc.signalCode === null;

export interface FaultRun {
  name: string;
  env: Record<string, string | undefined>;
  database: OpenedDatabase;
  analytics: RunningService;
  inference: RunningService;
  ingest: RunningService;
  /** Starts a service of this run again (after it was killed). */
  restart(kind: ServiceKind): Promise<RunningService>;
  /** Frames in the statistics (watched and dropped), or the last value read while the database is down. */
  counted(): Promise<number>;
  logs(): string;
}

/** Analytics, one inference worker and ingest as separate processes, on a namespace and database of their own. */
export async function startRun(h: Harness, name: string): Promise<FaultRun> {
  const url = await h.postgres.createDatabase(name);
  // Services check a shared database is migrated; they never migrate it themselves.
  const database = await openDatabase(
    { url, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  const env = {
    ...SETTINGS,
    PULSAR_URL: h.broker.webUrl,
    PULSAR_TOKEN: h.broker.token,
    STREAMLENS_NAMESPACE: name,
    DATABASE_URL: url,
  };
  // Ingest runs on its command-line sources, without the registry.
  const envOf = (kind: ServiceKind) => (kind === "ingest" ? { ...env, DATABASE_URL: undefined } : env);
  const launch = async (kind: ServiceKind) => {
    const service = await startService(kind, envOf(kind), kind === "ingest" ? SOURCES : []);
    started.push(service);
    return service;
  };
  let last = 0;
  const run: FaultRun = {
    name,
    env,
    database,
    analytics: await launch("analytics"),
    inference: await launch("inference"),
    ingest: undefined as unknown as RunningService,
    async restart(kind) {
      const service = await launch(kind);
      run[kind] = service;
      return service;
    },
    async counted() {
      try {
        const result = await database.db.execute(
          sql`select coalesce(sum(frames + frames_dropped), 0)::int as n from stat_windows`,
        );
        const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
          n: number;
        }>;
        last = Number(rows[0]?.n ?? 0);
      } catch {
        // the database is down (the PostgreSQL case): keep the last figure
      }
      return last;
    },
    logs: () =>
      [run.ingest, run.inference, run.analytics]
        .filter(Boolean)
        .map((s) => `--- ${s.kind}\n${s.log().slice(-2000)}`)
        .join("\n"),
  };
  await waitFor(
    "analytics and the worker to be ready",
    90_000,
    async () =>
      (await run.analytics.health()).status === 200 && (await run.inference.health()).status === 200,
    run.logs,
  );
  run.ingest = await launch("ingest");
  return run;
}

/** Waits until the run has counted at least `frames` frames. */
export async function countedAtLeast(run: FaultRun, frames: number, what = `${frames} frames counted`) {
  await waitFor(what, 180_000, async () => (await run.counted()) >= frames, run.logs);
}

/** Milliseconds from `since` until the statistics grow past what they held at `since`. */
export async function recovery(run: FaultRun, since: number, before: number): Promise<number> {
  await waitFor(
    "the statistics to grow again",
    180_000,
    async () => (await run.counted()) > before,
    run.logs,
  );
  return Date.now() - since;
}

/** Lets the run end (files read to the end, everything counted), stops it, and returns its statistics. */
export async function finish(h: Harness, run: FaultRun): Promise<Statistics> {
  await countedAtLeast(run, h.frames, `all ${h.frames} frames counted`);
  expect(await run.ingest.proc.exited).toBe(0);
  const codes = await Promise.all([run.inference.stop(), run.analytics.stop()]);
  expect(codes).toEqual([0, 0]);
  // Nothing more arrives after the end: the count stays exact.
  expect(await run.counted()).toBe(h.frames);
  try {
    return await statisticsOf(run.database.db);
  } finally {
    await run.database.close();
  }
}

/** One line per measured recovery, for the CI log. */
export function report(name: string, what: string, ms: number): void {
  console.log(`faults: ${name}: ${what} in ${(ms / 1000).toFixed(1)} s`);
}
