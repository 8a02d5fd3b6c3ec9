import { afterAll, beforeAll, expect, test } from "bun:test";
import { type OpenedDatabase, openDatabase, schema } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { fixture, REPO_ROOT, sharedPostgres, startNeonWsProxy } from "@streamlens/core/testing";
import { apiContract, startWranglerDev, type WranglerDev } from "@streamlens/edge/testing";
import { count } from "drizzle-orm";
import { loadPipelineConfig } from "./pipeline/config.ts";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { waitFor } from "./testing/services.ts";
import { testEnv } from "./testing/test-env.ts";

const TOKEN = "test-admin-token-0123456789";
const ORIGIN = "http://localhost:4321";
const proxy = startNeonWsProxy();
let workerUrl: string;
let bunUrl: string;
let worker: WranglerDev | undefined;
let bun: ReturnType<typeof Bun.spawn> | undefined;

/** One real pipeline run (fixture video + photo) into PostgreSQL; each API gets its own copy. */
beforeAll(async () => {
  const server = await sharedPostgres();
  const base = `edge_${process.pid}`;
  const baseUrl = await server.createDatabase(base);
  const migrated = await openDatabase(
    { url: baseUrl, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  await migrated.close();
  const config = loadPipelineConfig(
    [fixture("video/one-by-one-person-detection.mp4"), fixture("images/bus.jpg")],
    testEnv({ DATABASE_URL: baseUrl, DATABASE_DRIVER: "postgres" }),
  );
  if (config.help) throw new Error("unexpected --help");
  const summary = await runPipeline(config, { logger: silentLogger });
  expect(summary.processed).toBe(141);
  workerUrl = await server.createDatabase(`${base}_worker`, base);
  bunUrl = await server.createDatabase(`${base}_bun`, base);
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  bun?.kill();
  proxy.stop();
});

apiContract("the Worker in workerd (wrangler dev), Neon's driver to PostgreSQL", async () => {
  worker = await startWranglerDev({
    DATABASE_URL: workerUrl,
    NEON_WS_PROXY: proxy.address,
    ADMIN_TOKEN: TOKEN,
    ALLOWED_ORIGINS: ORIGIN,
  });
  const started = worker;
  return { url: worker.url, adminToken: TOKEN, allowedOrigin: ORIGIN, logs: () => started.log() };
});

apiContract("the Bun entry (bun run edge:local), postgres.js", async () => {
  const port = 20_000 + (process.pid % 20_000);
  bun = Bun.spawn(["bun", "edge/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: bunUrl,
      ADMIN_TOKEN: TOKEN,
      ALLOWED_ORIGINS: ORIGIN,
      STREAMLENS_LOG_LEVEL: "warn",
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let logs = "";
  for (const stream of [bun.stdout, bun.stderr] as ReadableStream<Uint8Array>[]) {
    void (async () => {
      for await (const chunk of stream) logs += new TextDecoder().decode(chunk);
    })();
  }
  const url = `http://127.0.0.1:${port}`;
  await waitFor("the Bun entry to listen", 60_000, async () => (await fetch(`${url}/health`)).ok);
  return { url, adminToken: TOKEN, allowedOrigin: ORIGIN, logs: () => logs };
});

test("the Worker's cron trigger rebuilds the SQL models", async () => {
  if (!worker) throw new Error("the Worker suite did not start it");
  let database: OpenedDatabase | undefined;
  try {
    database = await openDatabase(
      { url: workerUrl, driver: "postgres", dataDir: ".data" },
      { logger: silentLogger },
    );
    const runs = async () =>
      (await (database as OpenedDatabase).db.select({ n: count() }).from(schema.modelRuns))[0]?.n ?? 0;
    const before = await runs();
    const response = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    expect(response.status).toBe(200);
    await waitFor(
      "five more model runs",
      30_000,
      async () => (await runs()) >= before + 5,
      () => worker?.log() ?? "",
    );
  } finally {
    await database?.close();
  }
}, 60_000);
