import { describeError, type LogSink, SERIES_BUCKETS } from "@streamlens/core/contracts";
import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { modelRuns } from "../db/schema.ts";
import { HOURLY_ROLLUPS, type HourlyRefresh, refreshHourly } from "./refresh-hours.ts";
import { forgetSeries, refreshSeries, SERIES_ROLLUP } from "./refresh-series.ts";
import type { Rollup } from "./rollup.ts";

export interface RollupRunOptions {
  /** How far back the rollups look. */
  lookbackDays: number;
  /**
   * The end of the lookback: the newest window in the data ("latest", never past now: what every
   * scheduled run uses, so recordings dated in the past keep their rankings, and for live streams
   * it is now), the wall clock ("now"), or a fixed time (tests).
   */
  anchor: "now" | "latest" | Date;
  /** Time-series bucket sizes, seconds. */
  buckets?: number[];
  /**
   * Rebuild the hourly rollups over the whole lookback instead of only the hours that changed
   * since the last run (which gives the same rows, only slower).
   */
  full?: boolean;
  logger: LogSink;
}

export interface RollupRunResult {
  model: string;
  status: "ok" | "failed" | "skipped";
  rows: number | null;
  error: string | null;
  ms: number;
}

export const DEFAULT_BUCKETS: readonly number[] = Object.values(SERIES_BUCKETS);

/**
 * Memory for each model's sorts and hashes, for its transaction only: the default 4 MB spills
 * the rollups' sorts to disk, which made rebuilds several times slower. JIT is turned off too:
 * compiling these one-off plans costs more than it saves.
 */
const MODEL_WORK_MEM = "128MB";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function lookbackEnd(db: Database, anchor: RollupRunOptions["anchor"]): Promise<Date> {
  if (anchor instanceof Date) return anchor;
  const now = new Date();
  if (anchor === "now") return now;
  const result = await db.execute(
    sql`select max(window_start + make_interval(secs => window_seconds)) as last from stat_windows`,
  );
  const last = rowsOf<{ last: string | Date | null }>(result)[0]?.last;
  // Never past now: one frame stamped in the future (a wrong --start-time, a camera's clock)
  // would otherwise push every live stream out of the lookback.
  return last && new Date(last) < now ? new Date(last) : now;
}

/**
 * Whether this run refilled the model's whole table. Its planner statistics then describe the
 * table before (empty, on a first run): the models reading it right after, and the next
 * refresh of it, would be planned for a handful of rows (nested loops over a million; measured:
 * the time series took twice as long), and autovacuum analyzes only later. So such a table is
 * analyzed at once.
 */
function rebuiltInFull(model: Rollup, hourly: HourlyRefresh | undefined, options: RollupRunOptions): boolean {
  if (HOURLY_ROLLUPS.has(model.name)) return hourly === undefined || hourly.mode === "full";
  if (model.name === SERIES_ROLLUP) return options.full === true || hourly?.mode !== "incremental";
  return true;
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function configure(tx: Transaction, start: Date, end: Date, buckets: string) {
  await tx.execute(
    sql`select set_config('streamlens.lookback_start', ${start.toISOString()}, true),
               set_config('streamlens.lookback_end', ${end.toISOString()}, true),
               set_config('streamlens.buckets', ${buckets}, true),
               set_config('streamlens.series_from', '-infinity', true),
               set_config('streamlens.series_to', 'infinity', true),
               set_config('work_mem', ${MODEL_WORK_MEM}, true),
               set_config('jit', 'off', true)`,
  );
}

/**
 * Rebuilds every model, in dependency order, each in its own transaction: the output is emptied
 * and refilled inside it, so readers see the old rows until the commit, then the new ones, never
 * a half-built table. A failing model rolls back (its previous rows stay) and the rollups that
 * depend on it are skipped. Every run is recorded in model_runs.
 */
export async function runRollups(
  db: Database,
  models: readonly Rollup[],
  options: RollupRunOptions,
): Promise<RollupRunResult[]> {
  const end = await lookbackEnd(db, options.anchor);
  const start = new Date(end.getTime() - options.lookbackDays * 86_400_000);
  const bucketSizes = [...(options.buckets ?? DEFAULT_BUCKETS)];
  const buckets = bucketSizes.join(",");
  const results: RollupRunResult[] = [];
  const unusable = new Set<string>();
  // The hourly rollups are brought up to date together, in one transaction, when all are run;
  // a run of only some of them rebuilds those in full and forgets the state.
  const hourly = models.filter((m) => HOURLY_ROLLUPS.has(m.name));
  const together = hourly.length === HOURLY_ROLLUPS.size;
  let hourlyRun: Promise<HourlyRefresh> | undefined;
  let refresh: HourlyRefresh | undefined;
  for (const model of models) {
    const startedAt = new Date();
    const blocked = model.depends.find((d) => unusable.has(d));
    let result: RollupRunResult;
    if (blocked) {
      result = { model: model.name, status: "skipped", rows: null, error: `${blocked} did not build`, ms: 0 };
    } else {
      try {
        let rows: number;
        if (together && HOURLY_ROLLUPS.has(model.name)) {
          hourlyRun ??= db.transaction(async (tx) => {
            await configure(tx, start, end, buckets);
            return refreshHourly(tx, hourly, { from: start, to: end }, options.full === true);
          });
          refresh = await hourlyRun;
          rows = refresh.rows[model.name] ?? 0;
        } else if (model.name === SERIES_ROLLUP) {
          // Incremental only after an incremental hourly refresh in this run: its spans are
          // what changed.
          const changed =
            refresh?.mode === "incremental" && options.full !== true ? refresh.ranges : undefined;
          rows = await db.transaction(async (tx) => {
            await configure(tx, start, end, buckets);
            await refreshSeries(tx, model, changed, bucketSizes, { from: start, to: end });
            const counted = await tx.execute(
              sql`select count(*)::int as n from ${sql.identifier(model.name)}`,
            );
            return Number(rowsOf<{ n: number }>(counted)[0]?.n ?? 0);
          });
        } else {
          rows = await db.transaction(async (tx) => {
            await configure(tx, start, end, buckets);
            if (HOURLY_ROLLUPS.has(model.name)) await tx.execute(sql`delete from rollup_state`);
            await tx.execute(sql`delete from ${sql.identifier(model.name)}`);
            await tx.execute(sql.raw(model.sql));
            const counted = await tx.execute(
              sql`select count(*)::int as n from ${sql.identifier(model.name)}`,
            );
            return Number(rowsOf<{ n: number }>(counted)[0]?.n ?? 0);
          });
        }
        const refreshed = HOURLY_ROLLUPS.has(model.name) || model.name === SERIES_ROLLUP;
        const read = models.some((m) => m.depends.includes(model.name));
        if ((refreshed || read) && rebuiltInFull(model, refresh, options)) {
          const table = sql.identifier(model.name);
          // A table refreshed in place is vacuumed too: its old rows are all dead, and the
          // first refresh after would otherwise pay for marking every new row as committed
          // (measured: 3.2 s against 1.7 s).
          await db.execute(refreshed ? sql`vacuum (analyze) ${table}` : sql`analyze ${table}`);
        }
        result = { model: model.name, status: "ok", rows, error: null, ms: Date.now() - startedAt.getTime() };
      } catch (error) {
        if (model.name === SERIES_ROLLUP) await forgetSeries(db).catch(() => undefined);
        result = {
          model: model.name,
          status: "failed",
          rows: null,
          error: describeError(error),
          ms: Date.now() - startedAt.getTime(),
        };
        options.logger.error(
          { model: model.name, error: result.error },
          "SQL rollup failed; its previous results stay",
        );
      }
    }
    if (result.status !== "ok") unusable.add(model.name);
    results.push(result);
    await db.insert(modelRuns).values({
      model: model.name,
      startedAt,
      finishedAt: new Date(),
      status: result.status,
      rows: result.rows,
      error: result.error,
    });
  }
  options.logger.info(
    {
      lookback: [start.toISOString(), end.toISOString()],
      hours: refresh && { mode: refresh.mode, ranges: refresh.ranges.length },
      results: results.map((r) => `${r.model}:${r.status}:${r.rows ?? "-"}`),
    },
    "SQL rollups rebuilt",
  );
  return results;
}
