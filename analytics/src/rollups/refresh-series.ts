import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import type { TimeRange } from "./hour-ranges.ts";
import type { Rollup } from "./rollup.ts";

/** The rollup built bucket by bucket over the spans that changed. */
export const SERIES_ROLLUP = "object_timeseries";

const STATE = "series";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Ranges widened to whole buckets of every size (all are aligned to the epoch, so a multiple of
 * each size is a bucket edge of all of them) and merged where they touch.
 */
export function alignRanges(ranges: TimeRange[], bucketSeconds: number[]): TimeRange[] {
  const step = [3600, ...bucketSeconds].reduce((a, b) => (a * b) / gcd(a, b)) * 1000;
  const widened = ranges
    .map((r) => ({
      from: Math.floor(r.from.getTime() / step) * step,
      to: Math.ceil(r.to.getTime() / step) * step,
    }))
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const range of widened) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged.map((r) => ({ from: new Date(r.from), to: new Date(r.to) }));
}

async function build(tx: Transaction, model: Rollup, from: string, to: string) {
  await tx.execute(
    sql`select set_config('streamlens.series_from', ${from}, true), set_config('streamlens.series_to', ${to}, true)`,
  );
  await tx.execute(sql.raw(model.sql));
}

/**
 * Brings object_timeseries up to date. A bucket's rows depend only on the windows and hours in
 * it and on its series' span (the 600 buckets up to the newest window), so a refresh deletes and
 * builds again, with the model's own SQL, only the buckets overlapping `changed` (the spans the
 * hourly refresh rebuilt) and those a series came back to, and deletes those a series left. Full
 * when `changed` is unknown, on the first run, or when the SQL or bucket sizes changed.
 */
export async function refreshSeries(
  tx: Transaction,
  model: Rollup,
  changed: TimeRange[] | undefined,
  buckets: number[],
  lookback: TimeRange,
): Promise<"full" | "incremental"> {
  const definition = `${model.sql}\n-- buckets: ${buckets.join(",")}`;
  // The spans as object_timeseries.sql computes them (its `spans`): kept in step with that file.
  await tx.execute(sql`create temp table new_spans on commit drop as
    with sizes as (
      select distinct unnest(string_to_array(current_setting('streamlens.buckets'), ','))::int as bucket_seconds
    )
    select h.stream_id, h.model, z.bucket_seconds,
           greatest(
             date_bin(make_interval(secs => z.bucket_seconds), max(h.last_window), timestamptz 'epoch')
               - make_interval(secs => z.bucket_seconds * 599),
             date_bin(make_interval(secs => z.bucket_seconds), min(h.first_window), timestamptz 'epoch')
           ) as first_bucket
    from stream_hours h cross join sizes z
    group by 1, 2, 3`);
  // Temporary tables are never analyzed by autovacuum, and the previous spans are rewritten on
  // every run: without fresh statistics of both, the deletes below were planned as scans of the
  // whole series table (0.45 s of a refresh's 2).
  await tx.execute(sql`analyze new_spans`);
  await tx.execute(sql`analyze rollup_series_spans`);
  const state = rowsOf<{ definition: string }>(
    await tx.execute(sql`select definition from rollup_state where name = ${STATE} for update`),
  )[0];
  const full = !changed || state?.definition !== definition;
  if (full) {
    await tx.execute(sql`delete from object_timeseries`);
    await build(tx, model, "-infinity", "infinity");
  } else {
    const cameBack = rowsOf<{ size: number; from: string | Date; to: string | Date }>(
      await tx.execute(sql`select bucket_seconds as size, n.first_bucket as "from", o.first_bucket as "to"
        from new_spans n join rollup_series_spans o using (stream_id, model, bucket_seconds)
        where n.first_bucket < o.first_bucket`),
    ).map((r) => ({ size: Number(r.size), from: new Date(r.from), to: new Date(r.to) }));
    // Only the buckets a series moved past since the last run: none lies before its previous
    // first bucket, so each is an index range, not a scan of the whole table.
    await tx.execute(sql`delete from object_timeseries t
      using new_spans n join rollup_series_spans o using (stream_id, model, bucket_seconds)
      where t.stream_id = n.stream_id and t.bucket_seconds = n.bucket_seconds and t.model = n.model
        and t.bucket_start >= o.first_bucket and t.bucket_start < n.first_bucket`);
    // Series whose stream left the lookback: rare, and found first, since a join against an
    // empty set was still planned as a scan of the whole table.
    const gone = rowsOf<{ stream_id: string; model: string }>(
      await tx.execute(
        sql`select stream_id, model from rollup_series_spans except select stream_id, model from new_spans`,
      ),
    );
    for (const series of gone)
      await tx.execute(
        sql`delete from object_timeseries where stream_id = ${series.stream_id} and model = ${series.model}`,
      );
    // No series has a bucket before the first of its size: a span there has nothing to rebuild
    // (the start of the lookback moving, for the 5-minute series that begin 50 hours back).
    const firstBySize = new Map(
      rowsOf<{ size: number; first: string | Date }>(
        await tx.execute(
          sql`select bucket_seconds as size, min(first_bucket) as first from new_spans group by 1`,
        ),
      ).map((r) => [Number(r.size), new Date(r.first).getTime()]),
    );
    // Each size finer than an hour on its own, over the changed spans widened to its own
    // buckets: a new minute rebuilds the 5-minute buckets of its hour, not those of the 6-hour
    // bucket around it (read from the raw windows, they made most of a refresh's time). The
    // sizes in whole hours together: they add up the hourly rollup, so widening costs little.
    const sizes = [...new Set(buckets)];
    const hourly = sizes.filter((size) => size % 3600 === 0);
    const groups = [
      ...(hourly.length > 0 ? [hourly] : []),
      ...sizes.filter((size) => size % 3600 !== 0).map((size) => [size]),
    ];
    for (const group of groups) {
      const firsts = group.flatMap((size) => firstBySize.get(size) ?? []);
      if (firsts.length === 0) continue;
      const first = Math.min(...firsts);
      const spans = [...changed, ...cameBack.filter((c) => group.includes(c.size))];
      const list = group.join(",");
      await tx.execute(sql`select set_config('streamlens.buckets', ${list}, true)`);
      for (const range of alignRanges(spans, group)) {
        if (range.to.getTime() <= first) continue;
        const from = new Date(Math.max(range.from.getTime(), first)).toISOString();
        const to = range.to.toISOString();
        await tx.execute(
          sql`delete from object_timeseries where bucket_seconds = any(string_to_array(${list}, ',')::int[])
            and bucket_start >= ${from}::timestamptz and bucket_start < ${to}::timestamptz`,
        );
        await build(tx, model, from, to);
      }
    }
    await tx.execute(sql`select set_config('streamlens.buckets', ${buckets.join(",")}, true)`);
  }
  await tx.execute(sql`delete from rollup_series_spans`);
  await tx.execute(
    sql`insert into rollup_series_spans select stream_id, model, bucket_seconds, first_bucket from new_spans`,
  );
  await tx.execute(sql`insert into rollup_state (name, lookback_start, lookback_end, definition, built_at)
    values (${STATE}, ${lookback.from.toISOString()}, ${lookback.to.toISOString()}, ${definition}, now())
    on conflict (name) do update set lookback_start = excluded.lookback_start,
      lookback_end = excluded.lookback_end, definition = excluded.definition, built_at = excluded.built_at`);
  return full ? "full" : "incremental";
}

/** After a failed refresh the changed spans are lost: the next run builds the series in full. */
export async function forgetSeries(db: Database): Promise<void> {
  await db.execute(sql`delete from rollup_state where name = ${STATE}`);
}
