// `bun run bench:db`: (1) object_stats upserts per second through the real write path
// (ledger + window lock + merged class rows, batches as the sink writes them) on PostgreSQL and
// on PGlite; (2) over 30 days x 50 streams x 20 classes of 1-minute windows on PostgreSQL,
// generated set-based inside the database: a full rebuild of every SQL rollup, then 5 minutes of
// new windows and an incremental refresh (twice, alternating, since the machine is shared and
// times are noisy; the ratio compares runs of the same process). Uses DATABASE_URL, or starts a
// private PostgreSQL. Last line: one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FrameCounts,
  openDatabase,
  ROLLUPS,
  runRollups,
  windowStart,
  writeFrameCounts,
} from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { benchOptions, countOption, startPostgres } from "@streamlens/core/testing";
import { sql } from "drizzle-orm";

const {
  days: DAYS,
  streams: STREAMS,
  classes: CLASSES,
  frames: FRAMES,
  jobs: JOBS,
} = benchOptions({
  days: countOption(30),
  streams: countOption(50),
  classes: countOption(20),
  frames: countOption(6000),
  jobs: countOption(4),
});

/** Detections as the sink sees them: 1 fps per stream, a few of the classes in each frame. */
function syntheticFrames(): FrameCounts[] {
  const frames: FrameCounts[] = [];
  const start = Date.UTC(2026, 10, 1);
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < FRAMES; i += 1) {
    const frameTsMs = start + Math.floor(i / STREAMS) * 1000;
    const counts = new Map<string, number>();
    for (let c = 0; c < CLASSES; c += 1)
      if (random() < 0.25) counts.set(`class-${c}`, 1 + Math.floor(random() * 4));
    frames.push({
      streamId: `stream-${i % STREAMS}`,
      model: "bench@1",
      seq: frameTsMs,
      frameTsMs,
      windowStartMs: windowStart(frameTsMs, 60_000),
      counts,
    });
  }
  return frames;
}

async function upserts(label: string, db: Parameters<typeof writeFrameCounts>[0]) {
  const frames = syntheticFrames();
  const classRows = frames.reduce((n, f) => n + f.counts.size, 0);
  const started = performance.now();
  for (let i = 0; i < frames.length; i += 500) await writeFrameCounts(db, frames.slice(i, i + 500), 60);
  const seconds = (performance.now() - started) / 1000;
  const result = { frames_per_s: frames.length / seconds, class_upserts_per_s: classRows / seconds };
  console.log(
    `  ${label.padEnd(11)} ${result.frames_per_s.toFixed(0).padStart(6)} frames/s, ${result.class_upserts_per_s.toFixed(0).padStart(7)} object_stats upserts/s (${frames.length} frames, ${STREAMS} streams, batches of 500)`,
  );
  return result;
}

console.log(`bench:db`);
const own = process.env.DATABASE_URL ? undefined : await startPostgres();
const baseUrl = process.env.DATABASE_URL ?? (await own?.createDatabase("bench_upserts"));
const postgres = await openDatabase(
  { url: baseUrl, driver: "postgres", dataDir: ".data" },
  { logger: silentLogger, migrate: true },
);
const pg = await upserts("PostgreSQL", postgres.db);
await postgres.close();
const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-db-"));
const pglite = await openDatabase({ driver: "auto", dataDir }, { logger: silentLogger });
const lite = await upserts("PGlite", pglite.db);
await pglite.close();
rmSync(dataDir, { recursive: true, force: true });

// (2) A month of 1-minute windows, generated inside PostgreSQL (a few days per statement, in
// primary-key order, on several connections), then every rollup rebuilt and refreshed.
const rebuildUrl = own ? await own.createDatabase("bench_models") : (process.env.DATABASE_URL as string);
const big = await openDatabase(
  { url: rebuildUrl, driver: "postgres", dataDir: ".data" },
  { logger: silentLogger, migrate: true },
);
const MINUTE = 60_000;
const end = new Date(Date.UTC(2026, 10, 25));
const rows = DAYS * 1440 * STREAMS * CLASSES;
console.log(
  `  generating ${DAYS} days x ${STREAMS} streams x ${CLASSES} classes of 1-minute windows (${(rows / 1e6).toFixed(1)} M object_stats rows, ${JOBS} connections)...`,
);

/** Windows of every stream for `minutes` minutes from `from`: one set-based statement per table. */
async function generate(from: Date, minutes: number) {
  const at = from.toISOString();
  await big.db.execute(sql`
    insert into stat_windows (stream_id, window_start, window_seconds, model, frames)
    select 'stream-' || s, ${at}::timestamptz + make_interval(mins => m), 60, 'bench@1', 60
    from generate_series(0, ${STREAMS - 1}) s, generate_series(0, ${minutes - 1}) m
    order by 1, 2`);
  await big.db.execute(sql`
    insert into object_stats (stream_id, window_start, window_seconds, model, class, frames, frames_with, count_sum, count_min, count_max, count_sum_sq)
    select 'stream-' || s, ${at}::timestamptz + make_interval(mins => m), 60, 'bench@1', 'class-' || c, 60,
           k % 61, (k % 61) * (1 + c % 3), 0, 1 + c % 3, (k % 61) * (1 + c % 3) * (1 + c % 3)
    from generate_series(0, ${STREAMS - 1}) s, generate_series(0, ${minutes - 1}) m, generate_series(0, ${CLASSES - 1}) c,
         lateral (select s * 7 + c * 13 + m + ${Math.round(from.getTime() / MINUTE)} as k) key
    order by 1, 2, 5`);
}

const generation = performance.now();
// The bulk load needs no change marks (the full rebuild below reads everything), no WAL (the
// data are thrown away) and no secondary indexes kept up to date row by row (built once after).
for (const table of ["stat_windows", "object_stats"]) {
  await big.db.execute(sql`alter table ${sql.identifier(table)} disable trigger user`);
  await big.db.execute(sql`alter table ${sql.identifier(table)} set unlogged`);
}
await big.db.execute(
  sql`drop index object_stats_window_idx, object_stats_class_idx, stat_windows_window_idx`,
);
const chunks = Array.from({ length: DAYS }, (_, day) => new Date(end.getTime() - (DAYS - day) * 86_400_000));
let done = 0;
await Promise.all(
  Array.from({ length: JOBS }, async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      await generate(chunk, 1440);
      done += 1;
      if (done % 5 === 0)
        console.log(`    ${done}/${DAYS} days (${((performance.now() - generation) / 1000).toFixed(0)} s)`);
    }
  }),
);
await Promise.all([
  big.db.execute(sql`create index object_stats_window_idx on object_stats (window_start)`),
  big.db.execute(sql`create index object_stats_class_idx on object_stats (class, window_start)`),
  big.db.execute(sql`create index stat_windows_window_idx on stat_windows (window_start)`),
]);
await big.db.execute(sql`alter table stat_windows enable trigger user`);
await big.db.execute(sql`alter table object_stats enable trigger user`);
await big.db.execute(sql`analyze`);
const generationSeconds = (performance.now() - generation) / 1000;
console.log(`  generated in ${generationSeconds.toFixed(1)} s`);

const LOOKBACK_DAYS = 14;
async function timed(label: string, anchor: Date, full: boolean) {
  const started = performance.now();
  const results = await runRollups(big.db, ROLLUPS, {
    lookbackDays: LOOKBACK_DAYS,
    anchor,
    full,
    logger: silentLogger,
  });
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((r) => r.status !== "ok");
  if (failed.length > 0)
    throw new Error(`${label}: ${failed.map((r) => `${r.model} ${r.error}`).join("; ")}`);
  console.log(`  ${label}: ${seconds.toFixed(2)} s`);
  for (const r of results)
    console.log(
      `    ${r.model.padEnd(24)} ${String(r.rows).padStart(9)} rows ${(r.ms / 1000).toFixed(2).padStart(6)} s`,
    );
  return seconds;
}

const fulls: number[] = [];
const refreshes: number[] = [];
let anchor = end;
for (let round = 1; round <= 2; round += 1) {
  fulls.push(
    await timed(
      `full rebuild, round ${round} (${LOOKBACK_DAYS}-day lookback over ${DAYS} days)`,
      anchor,
      true,
    ),
  );
  await generate(anchor, 5);
  anchor = new Date(anchor.getTime() + 5 * MINUTE);
  refreshes.push(
    await timed(`5 minutes of new windows, then an incremental refresh, round ${round}`, anchor, false),
  );
}
await big.close();
await own?.stop();
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const best = (values: number[]) => Math.min(...values);
console.log(
  JSON.stringify({
    pg_frames_per_s: Math.round(pg.frames_per_s),
    pg_upserts_per_s: Math.round(pg.class_upserts_per_s),
    pglite_frames_per_s: Math.round(lite.frames_per_s),
    pglite_upserts_per_s: Math.round(lite.class_upserts_per_s),
    object_stats_rows: rows,
    generation_s: +generationSeconds.toFixed(1),
    full_rebuild_s: fulls.map((v) => +v.toFixed(2)),
    incremental_refresh_s: refreshes.map((v) => +v.toFixed(2)),
    models_rebuild_s: +best(fulls).toFixed(1),
    incremental_to_full: +(median(refreshes) / median(fulls)).toFixed(4),
  }),
);
