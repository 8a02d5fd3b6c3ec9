// The bulk load of `bench:db`: a month of 1-minute windows for every stream, generated inside
// PostgreSQL. Loading 43 M rows row by row into indexed tables took most of the bench (about
// 5 minutes), so the load is shaped the way PostgreSQL loads fastest:
// - object_stats' indexes (its primary key included) are dropped first, and by default only
//   the one the rollups read is built once at the end, from its definition in the catalog:
//   window_start (EXPLAIN of every rollup, full and incremental, reads object_stats through it
//   only). The primary key and the class index are read by no rollup, and building them costs
//   more than the rest of the load together (the sort of 43 M text keys), so the rebuild and
//   refresh measure the same plans without them; `--indexes all` builds them too, leaving the
//   table as migrated. stat_windows (one row per stream and minute) keeps its indexes;
// - the change-marking triggers are off during the load (the full rebuild that follows reads
//   everything, so no hour needs marking) and on again before anything is measured;
// - the two tables are unlogged: nothing of the bench data needs to survive a crash, and
//   reading an unlogged table costs the same as a logged one, so the rebuild and refresh
//   measure the same work (the rollup tables they write stay logged);
// - rows come out in time order from nested loops (no sort), one day per statement, each
//   connection writing its share of the streams;
// - the tables are vacuumed after, as a month-old table is (see the end of bulkLoadWindows).
// Measured on 2 cores: rows 52 s, the window_start index 23 s; the primary key alone 93-106 s
// to build, and over 5 minutes to keep up row by row with the other indexes.
import { sql } from "drizzle-orm";
import type { Database } from "../src/db/database.ts";

export interface BulkShape {
  days: number;
  streams: number;
  classes: number;
  /** The end of the month (exclusive). */
  end: Date;
}

const MINUTE = 60_000;
const TABLES = ["stat_windows", "object_stats"] as const;

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Settings for a bulk statement, for its transaction only. */
async function bulkSession(tx: Transaction, memory: string) {
  await tx.execute(sql`select set_config('synchronous_commit', 'off', true),
    set_config('maintenance_work_mem', ${memory}, true), set_config('work_mem', '64MB', true),
    set_config('jit', 'off', true)`);
}

/** Which streams a statement writes: those whose number is `part` modulo `parts`. */
export interface StreamPart {
  streams: number;
  parts: number;
  part: number;
}

/**
 * The windows of one part of the streams for `minutes` minutes from `from`, one statement per
 * table, in time order as the sink writes them (each minute, every stream's windows), which is
 * the physical order the rollups' scans by window_start meet in a real database. No sort: the
 * lateral references make the minutes the outer loop, the (sorted) streams the middle one and
 * the (sorted) classes the inner one, and each window's time is computed once, not per class.
 */
export async function insertWindows(
  tx: Transaction | Database,
  { streams, parts, part }: StreamPart,
  from: Date,
  minutes: number,
  classes: number,
) {
  const at = from.toISOString();
  const base = Math.round(from.getTime() / MINUTE);
  await tx.execute(sql`
    with streams as materialized (
      select 'stream-' || s as id, s from generate_series(0, ${streams - 1}::int) s
      where s % ${parts}::int = ${part}::int order by 1
    )
    insert into stat_windows (stream_id, window_start, window_seconds, model, frames)
    select st.id, mm.at, 60, 'bench@1', 60
    from (select m, ${at}::timestamptz + make_interval(mins => m) as at from generate_series(0, ${minutes - 1}::int) m) mm
    cross join lateral (select id from streams where mm.m >= 0 offset 0) st`);
  await tx.execute(sql`
    with streams as materialized (
      select 'stream-' || s as id, s from generate_series(0, ${streams - 1}::int) s
      where s % ${parts}::int = ${part}::int order by 1
    ),
    classes as materialized (
      select 'class-' || c as id, c, 1 + c % 3 as weight from generate_series(0, ${classes - 1}::int) c order by 1
    )
    insert into object_stats (stream_id, window_start, window_seconds, model, class, frames, frames_with, count_sum, count_min, count_max, count_sum_sq)
    select st.id, mm.at, 60, 'bench@1', k.id, 60, k.seen, k.seen * k.weight, 0, k.weight, k.seen * k.weight * k.weight
    from (select m, ${at}::timestamptz + make_interval(mins => m) as at from generate_series(0, ${minutes - 1}::int) m) mm
    cross join lateral (select id, s from streams where mm.m >= 0 offset 0) st
    cross join lateral (
      select id, weight, (st.s * 7 + c * 13 + mm.m + ${base}::int) % 61 as seen from classes
    ) k`);
}

/** The indexes the rollups' plans read (see the top of this file). */
const READ_BY_ROLLUPS = (index: IndexDefinition) => index.name === "object_stats_window_idx";

interface IndexDefinition {
  table: string;
  name: string;
  /** CREATE INDEX … or ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY … */
  create: string;
  primary: boolean;
}

async function indexesOf(db: Database): Promise<IndexDefinition[]> {
  const result = await db.execute(sql`
    select c.relname as "table", i.relname as name, x.indisprimary as primary,
           case when x.indisprimary
             then format('alter table %I add constraint %I %s', c.relname, i.relname, pg_get_constraintdef(k.oid))
             else pg_get_indexdef(i.oid) end as "create"
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class c on c.oid = x.indrelid
    left join pg_constraint k on k.conindid = i.oid and k.contype = 'p'
    where c.relname = 'object_stats' and c.relnamespace = 'public'::regnamespace`);
  return rowsOf<IndexDefinition>(result);
}

export interface BulkTimes {
  prepare_s: number;
  load_s: number;
  index_s: number;
  /** Vacuum and analyze. */
  analyze_s: number;
}

/**
 * Empties stat_windows and object_stats and fills them with the whole month (a scratch database
 * only); returns seconds per phase.
 */
export async function bulkLoadWindows(
  db: Database,
  shape: BulkShape,
  options: {
    jobs: number;
    maintenanceMemory: string;
    /** "read": only the indexes the rollups read; "all": every index, as migrated. */
    indexes: "read" | "all";
    progress: (line: string) => void;
  },
): Promise<BulkTimes> {
  const clock = () => performance.now() / 1000;
  let mark = clock();
  const lap = () => {
    const now = clock();
    const seconds = +(now - mark).toFixed(1);
    mark = now;
    return seconds;
  };
  const indexes = await indexesOf(db);
  // Emptied first: with DATABASE_URL the upsert part of the bench wrote into the same tables.
  await db.execute(sql`truncate stat_windows, object_stats`);
  for (const table of TABLES) {
    await db.execute(sql`alter table ${sql.identifier(table)} disable trigger user`);
    await db.execute(sql`alter table ${sql.identifier(table)} set unlogged`);
  }
  for (const index of indexes)
    await db.execute(
      index.primary
        ? sql`alter table ${sql.identifier(index.table)} drop constraint ${sql.identifier(index.name)}`
        : sql`drop index ${sql.identifier(index.name)}`,
    );
  const prepare_s = lap();

  // Each connection writes its share of the streams, day after day in time order, so every
  // minute's rows lie together in the table as the sink leaves them (see insertWindows).
  let done = 0;
  await Promise.all(
    Array.from({ length: options.jobs }, async (_, part) => {
      for (let day = 0; day < shape.days; day += 1) {
        const from = new Date(shape.end.getTime() - (shape.days - day) * 86_400_000);
        await db.transaction(async (tx) => {
          await bulkSession(tx, options.maintenanceMemory);
          await insertWindows(
            tx,
            { streams: shape.streams, parts: options.jobs, part },
            from,
            1440,
            shape.classes,
          );
        });
        done += 1;
        if (done % (5 * options.jobs) === 0)
          options.progress(`${done / options.jobs}/${shape.days} days (${(clock() - mark).toFixed(0)} s)`);
      }
    }),
  );
  const load_s = lap();

  // Vacuumed, as a month-old table is: its rows' hint bits set, and nothing left for
  // autovacuum, which otherwise starts on the new rows in the middle of the measurements (seen
  // doubling the full rebuild). Before the index is built, which then reads committed rows
  // (measured: 23 s against 32 s on rows not yet vacuumed). The rest of the database is
  // analyzed too: the (empty) rollup tables' statistics shape their plans.
  await Promise.all(TABLES.map((table) => db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`)));
  await db.execute(sql`analyze`);
  const analyze_s = lap();
  const built = indexes.filter((i) => options.indexes === "all" || READ_BY_ROLLUPS(i));
  const skipped = indexes.filter((i) => !built.includes(i)).map((i) => i.name);
  if (skipped.length > 0) options.progress(`not built (no rollup reads them): ${skipped.join(", ")}`);
  const queue = [...built];
  await Promise.all(
    Array.from({ length: Math.min(options.jobs, queue.length) }, async () => {
      for (let index = queue.shift(); index; index = queue.shift()) {
        const started = clock();
        const statement = index.create;
        await db.transaction(async (tx) => {
          await bulkSession(tx, options.maintenanceMemory);
          await tx.execute(sql.raw(statement));
        });
        options.progress(`index ${index.name} (${(clock() - started).toFixed(1)} s)`);
      }
    }),
  );
  for (const table of TABLES) await db.execute(sql`alter table ${sql.identifier(table)} enable trigger user`);
  const index_s = lap();
  return { prepare_s, load_s, index_s, analyze_s };
}
