import { describe, expect, test } from "bun:test";
import { createLogger, silentLogger } from "@streamlens/core";
import { captureLogger, sharedPostgres, startNeonWsProxy, startPostgres } from "@streamlens/core/testing";
import { sql } from "drizzle-orm";
import { ROLLUPS } from "../rollups/catalog.ts";
import { runRollups } from "../rollups/run-rollups.ts";
import { databaseContract } from "../testing/database.contract.ts";
import { journalMigrations, migrationState } from "../testing/migration-state.ts";
import { openPglite } from "./drivers/pglite.ts";
import { openDatabase } from "./open-database.ts";
import { objectStats, statWindows } from "./schema.ts";

let databases = 0;
const freshDatabase = async () =>
  (await sharedPostgres()).createDatabase(`contract_${process.pid}_${databases++}`);

databaseContract("PGlite (embedded)", () => openPglite(undefined));

databaseContract("PostgreSQL (postgres.js over TCP)", async () => {
  const url = await freshDatabase();
  return openDatabase({ url, driver: "postgres", dataDir: ".data" }, { logger: silentLogger, migrate: true });
});

const proxy = startNeonWsProxy();
databaseContract("PostgreSQL through Neon's serverless driver (WebSocket proxy)", async () => {
  const url = await freshDatabase();
  return openDatabase(
    { url, driver: "neon", neonWsProxy: proxy.address, dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
});

describe("opening databases", () => {
  test("an invalid DATABASE_URL is a clear error that never shows the password", async () => {
    const open = (url: string) =>
      openDatabase({ url, driver: "auto", dataDir: ".data" }, { logger: silentLogger });
    await expect(open("not a url")).rejects.toThrow("DATABASE_URL is not a URL");
    await expect(open("mysql://u:secret@db/x")).rejects.toThrow(
      "DATABASE_URL must start with postgres:// (it starts with mysql://)",
    );
    await expect(open("mysql://u:secret@db/x")).rejects.not.toThrow(/secret/);
  });

  test("the server down at start: retried with backoff and a clear log line, then connected", async () => {
    // A server of its own: stopping the shared one would cut every other suite's connections.
    const server = await startPostgres();
    const url = await server.createDatabase("down_at_start");
    await server.stop();
    const { logger, records } = captureLogger("info");
    const opening = openDatabase({ url, driver: "postgres", dataDir: ".data" }, { logger, migrate: true });
    await Bun.sleep(2500);
    const warnings = records().filter((r) => r.level === "warn");
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(String(warnings[0]?.msg)).toMatch(
      /connecting to PostgreSQL at 127\.0\.0\.1:\d+\/down_at_start failed, retrying/,
    );
    expect(String(warnings[0]?.error)).toMatch(/ECONNREFUSED|connect/i);
    await server.start();
    const opened = await opening;
    await opened.close();
    await server.stop();
  }, 60_000);

  test("a shared database that is not migrated is refused with what to run", async () => {
    const url = await freshDatabase();
    await expect(
      openDatabase({ url, driver: "postgres", dataDir: ".data" }, { logger: silentLogger }),
    ).rejects.toThrow(/has 0 of \d+ migrations applied/);
  }, 30_000);

  test("migrations apply to an empty PostgreSQL and re-apply as a no-op", async () => {
    const url = await freshDatabase();
    const options = { url, driver: "postgres" as const, dataDir: ".data" };
    const first = await openDatabase(options, { logger: silentLogger, migrate: true });
    const migrated = await migrationState(first.db);
    expect(migrated.applied).toEqual(journalMigrations());
    await first.db.insert(statWindows).values({
      streamId: "s",
      windowStart: new Date("2026-06-01T00:00:00Z"),
      windowSeconds: 60,
      model: "m@1",
      frames: 3,
    });
    await first.close();
    const again = await openDatabase(options, { logger: silentLogger, migrate: true });
    expect(await migrationState(again.db)).toEqual(migrated);
    expect(await again.db.select({ frames: statWindows.frames }).from(statWindows)).toEqual([{ frames: 3 }]);
    await again.close();
  }, 30_000);
});

test("a model rebuild under concurrent reads never shows partial results (PostgreSQL)", async () => {
  const url = await freshDatabase();
  const writer = await openDatabase(
    { url, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  const reader = await openDatabase({ url, driver: "postgres", dataDir: ".data" }, { logger: silentLogger });
  // 40 streams x 30 windows x 10 classes: big enough that a rebuild takes a while.
  const anchor = new Date(Date.UTC(2026, 5, 1));
  const windows = [];
  const stats = [];
  for (let s = 0; s < 40; s += 1) {
    for (let w = 0; w < 30; w += 1) {
      const windowStart = new Date(anchor.getTime() - (w + 1) * 60_000);
      windows.push({ streamId: `s${s}`, windowStart, windowSeconds: 60, model: "m@1", frames: 60 });
      for (let c = 0; c < 10; c += 1) {
        stats.push({
          streamId: `s${s}`,
          windowStart,
          windowSeconds: 60,
          model: "m@1",
          class: `c${c}`,
          frames: 60,
          framesWith: 30,
          countSum: 30 + c + s,
          countMin: 0,
          countMax: 3,
          countSumSq: 90,
        });
      }
    }
  }
  await writer.db.insert(statWindows).values(windows);
  for (let i = 0; i < stats.length; i += 1000)
    await writer.db.insert(objectStats).values(stats.slice(i, i + 1000));
  const options = { lookbackDays: 14, anchor, logger: createLogger({ level: "silent" }) };
  await runRollups(writer.db, ROLLUPS, options);
  const full = async () => {
    const result = await reader.db.execute(
      sql`select count(*)::int as n, sum(count_sum)::bigint as total from stream_object_rankings`,
    );
    const row = (result as unknown as Array<{ n: number; total: string }>)[0];
    return `${row?.n}/${row?.total}`;
  };
  const complete = await full();
  expect(complete).toBe(`400/${stats.reduce((n, r) => n + r.countSum, 0)}`);
  let rebuilding = true;
  const rebuilds = (async () => {
    for (let i = 0; i < 4; i += 1) await runRollups(writer.db, ROLLUPS, options);
    rebuilding = false;
  })();
  const seen = new Set<string>();
  while (rebuilding) seen.add(await full());
  await rebuilds;
  expect([...seen]).toEqual([complete]);
  await writer.close();
  await reader.close();
}, 120_000);
