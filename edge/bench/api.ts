// `bun run bench:api`: requests/s and latency p50/p99 of a database-backed route (/v1/streams)
// and of /health, on the Worker in workerd (wrangler dev) over loopback, with autocannon, in the
// same run, beside a route that touches no database (the ceiling of workerd under wrangler). The database is a private PostgreSQL filled by a pipeline-like write of statistics,
// reached through Neon's driver as in production. Last line: one JSON object.
import {
  openDatabase,
  ROLLUPS,
  registerStream,
  runRollups,
  windowStart,
  writeFrameCounts,
} from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { benchOptions, countOption, startNeonWsProxy, startPostgres } from "@streamlens/core/testing";
import autocannon from "autocannon";
import { startWranglerDev } from "../src/testing/wrangler-dev.ts";

const { seconds, connections } = benchOptions({ seconds: countOption(10), connections: countOption(10) });

const server = await startPostgres();
const url = await server.createDatabase("bench_api");
const database = await openDatabase(
  { url, driver: "postgres", dataDir: ".data" },
  { logger: silentLogger, migrate: true },
);
// Twenty streams with an hour of one-per-second frames each: a realistic page of /v1/streams.
const now = Date.now();
for (let s = 0; s < 20; s += 1) {
  await registerStream(database.db, { source: `rtsp://cam-${s}.example/live`, id: `cam-${s}` });
  const frames = Array.from({ length: 3600 }, (_, i) => {
    const frameTsMs = now - (3600 - i) * 1000;
    const counts = new Map(
      [
        ["person", 1 + ((i + s) % 3)],
        ["car", i % 5 === 0 ? 1 : 0],
      ].filter(([, n]) => (n as number) > 0) as Array<[string, number]>,
    );
    return {
      streamId: `cam-${s}`,
      model: "bench@1",
      seq: frameTsMs,
      frameTsMs,
      windowStartMs: windowStart(frameTsMs, 60_000),
      counts,
    };
  });
  for (let i = 0; i < frames.length; i += 500)
    await writeFrameCounts(database.db, frames.slice(i, i + 500), 60);
}
await runRollups(database.db, ROLLUPS, { lookbackDays: 14, anchor: "now", logger: silentLogger });
await database.close();

const proxy = startNeonWsProxy();
const worker = await startWranglerDev({
  DATABASE_URL: url,
  NEON_WS_PROXY: proxy.address,
  ADMIN_TOKEN: "bench",
});

async function load(path: string, expected = 200) {
  const result = await autocannon({ url: `${worker.url}${path}`, connections, duration: seconds });
  const answered =
    (result.statusCodeStats as Record<string, { count: number }>)[String(expected)]?.count ?? 0;
  const line = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.requests.total - answered,
  };
  console.log(
    `  GET ${path.padEnd(22)} ${line.rps.toFixed(0).padStart(6)} req/s   p50 ${line.p50} ms   p99 ${line.p99} ms   errors ${line.errors}`,
  );
  return line;
}

console.log(
  `bench:api  workerd via wrangler dev, ${connections} connections, ${seconds} s per route, autocannon`,
);
await load("/health"); // warm-up
// The ceiling: a route that touches no database (an unknown path, answered 404 JSON by the app),
// so the ratios show what the database round trips cost on top of workerd and wrangler's proxy.
const ceiling = await load("/v1/no-such-route", 404);
const health = await load("/health");
const streams = await load("/v1/streams?limit=20");
console.log(
  `  vs the no-database ceiling: /health ${(health.rps / ceiling.rps).toFixed(2)}, /v1/streams ${(streams.rps / ceiling.rps).toFixed(2)}`,
);
await worker.stop();
proxy.stop();
await server.stop();
console.log(
  JSON.stringify({
    streams_rps: Math.round(streams.rps),
    streams_p50_ms: streams.p50,
    streams_p99_ms: streams.p99,
    health_rps: Math.round(health.rps),
    health_p50_ms: health.p50,
    health_p99_ms: health.p99,
    no_db_rps: Math.round(ceiling.rps),
    streams_vs_no_db: +(streams.rps / ceiling.rps).toFixed(3),
  }),
);
