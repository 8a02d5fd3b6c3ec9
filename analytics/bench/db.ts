// `bun run bench:db`: (1) object_stats upserts per second through the real write path
// (ledger + window lock + merged class rows, batches as the sink writes them) on PostgreSQL and
// on PGlite; (2) the time to rebuild every SQL model over 30 days x 50 streams x 20 classes of
// 1-minute windows on PostgreSQL. Uses DATABASE_URL, or starts a private PostgreSQL.
// Last line: one JSON object.
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
} = benchOptions({
  days: countOption(30),
  streams: countOption(50),
  classes: countOption(20),
  frames: countOption(6000),
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

// (2) A month of 1-minute windows, generated inside PostgreSQL, then every model rebuilt.
const rebuildUrl = own ? await own.createDatabase("bench_models") : (process.env.DATABASE_URL as string);
const big = await openDatabase(
  { url: rebuildUrl, driver: "postgres", dataDir: ".data" },
  { logger: silentLogger, migrate: true },
);
const end = new Date(Date.UTC(2026, 10, 25));
const rows = DAYS * 1440 * STREAMS * CLASSES;
console.log(
  `  generating ${DAYS} days x ${STREAMS} streams x ${CLASSES} classes of 1-minute windows (${(rows / 1e6).toFixed(1)} M object_stats rows)...`,
);
const generation = performance.now();
for (let day = 0; day < DAYS; day += 1) {
  const dayStart = new Date(end.getTime() - (day + 1) * 86_400_000).toISOString();
  await big.db.execute(sql`
    insert into stat_windows (stream_id, window_start, window_seconds, model, frames)
    select 'stream-' || s, ${dayStart}::timestamptz + make_interval(mins => m), 60, 'bench@1', 60
    from generate_series(0, ${STREAMS - 1}) s, generate_series(0, 1439) m`);
  await big.db.execute(sql`
    insert into object_stats (stream_id, window_start, window_seconds, model, class, frames, frames_with, count_sum, count_min, count_max, count_sum_sq)
    select 'stream-' || s, ${dayStart}::timestamptz + make_interval(mins => m), 60, 'bench@1', 'class-' || c, 60,
           (s * 7 + c * 13 + m) % 61, ((s * 7 + c * 13 + m) % 61) * (1 + c % 3), 0, 1 + c % 3, ((s * 7 + c * 13 + m) % 61) * (1 + c % 3) * (1 + c % 3)
    from generate_series(0, ${STREAMS - 1}) s, generate_series(0, ${CLASSES - 1}) c, generate_series(0, 1439) m`);
  if ((day + 1) % 5 === 0)
    console.log(`    ${day + 1}/${DAYS} days (${((performance.now() - generation) / 1000).toFixed(0)} s)`);
}
await big.db.execute(sql`analyze`);
const rebuildStarted = performance.now();
const results = await runRollups(big.db, ROLLUPS, { lookbackDays: 14, anchor: end, logger: silentLogger });
const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
for (const r of results)
  console.log(
    `    ${r.model.padEnd(24)} ${r.status} ${String(r.rows).padStart(9)} rows ${(r.ms / 1000).toFixed(1).padStart(6)} s`,
  );
console.log(`  rebuild of all models (14-day lookback over ${DAYS} days): ${rebuildSeconds.toFixed(1)} s`);
await big.close();
await own?.stop();
console.log(
  JSON.stringify({
    pg_frames_per_s: Math.round(pg.frames_per_s),
    pg_upserts_per_s: Math.round(pg.class_upserts_per_s),
    pglite_frames_per_s: Math.round(lite.frames_per_s),
    pglite_upserts_per_s: Math.round(lite.class_upserts_per_s),
    models_rebuild_s: +rebuildSeconds.toFixed(1),
    object_stats_rows: rows,
  }),
);
