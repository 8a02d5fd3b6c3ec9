import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { hourOf, hourRanges, hoursBetween, type TimeRange } from "./hour-ranges.ts";
import type { Rollup } from "./rollup.ts";

/** The rollups whose rows are a pure function of one hour's windows: rebuilt hour by hour. */
export const HOURLY_ROLLUPS: ReadonlySet<string> = new Set(["stream_hours", "object_hours"]);

const STATE = "hours";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface HourlyRefresh {
  mode: "full" | "incremental";
  /** The spans rebuilt (the whole lookback when full). */
  ranges: TimeRange[];
  rows: Record<string, number>;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function setLookback(tx: Transaction, range: TimeRange) {
  await tx.execute(
    sql`select set_config('streamlens.lookback_start', ${range.from.toISOString()}, true),
               set_config('streamlens.lookback_end', ${range.to.toISOString()}, true)`,
  );
}

/**
 * Brings the hourly rollups up to date for `lookback` in one transaction (readers see the old
 * hours until it commits). Incremental when the previous run's lookback is recorded: only the
 * hours that changed since (marked by triggers in rollup_dirty_hours) and the hours the lookback's
 * ends moved across are deleted and rebuilt, each with the model's own SQL limited to that span,
 * so the result is the same as a full rebuild. Full on the first run, when asked, or when the
 * state is gone or was built by other SQL. The marks read are consumed; marks committed meanwhile stay for the next run.
 */
export async function refreshHourly(
  tx: Transaction,
  models: readonly Rollup[],
  lookback: TimeRange,
  full: boolean,
): Promise<HourlyRefresh> {
  await tx.execute(sql`create temp table consumed_marks on commit drop as
    select id, hour from rollup_dirty_hours`);
  const definition = models.map((m) => m.sql).join("\n;\n");
  const recorded = rowsOf<{ lookback_start: string | Date; lookback_end: string | Date; definition: string }>(
    await tx.execute(
      sql`select lookback_start, lookback_end, definition from rollup_state where name = ${STATE} for update`,
    ),
  )[0];
  const state = recorded?.definition === definition ? recorded : undefined;
  let ranges: TimeRange[];
  if (full || !state) {
    ranges = [lookback];
    for (const model of models) await tx.execute(sql`delete from ${sql.identifier(model.name)}`);
  } else {
    const marked = rowsOf<{ hour: string | Date }>(
      await tx.execute(sql`select distinct hour from consumed_marks`),
    ).map((r) => new Date(r.hour).getTime());
    const hours = [
      ...marked,
      ...hoursBetween(new Date(state.lookback_start), lookback.from),
      ...hoursBetween(new Date(state.lookback_end), lookback.to),
    ];
    ranges = hourRanges(hours, lookback);
    const firstHour = new Date(hourOf(lookback.from.getTime())).toISOString();
    for (const model of models) {
      const table = sql.identifier(model.name);
      await tx.execute(
        sql`delete from ${table} where hour < ${firstHour}::timestamptz or hour >= ${lookback.to.toISOString()}::timestamptz`,
      );
      for (const range of ranges)
        await tx.execute(
          sql`delete from ${table} where hour >= ${new Date(hourOf(range.from.getTime())).toISOString()}::timestamptz and hour < ${range.to.toISOString()}::timestamptz`,
        );
    }
  }
  for (const range of ranges) {
    await setLookback(tx, range);
    for (const model of models) await tx.execute(sql.raw(model.sql));
  }
  await setLookback(tx, lookback);
  await tx.execute(sql`delete from rollup_dirty_hours d using consumed_marks c where d.id = c.id`);
  await tx.execute(sql`insert into rollup_state (name, lookback_start, lookback_end, definition, built_at)
    values (${STATE}, ${lookback.from.toISOString()}, ${lookback.to.toISOString()}, ${definition}, now())
    on conflict (name) do update set lookback_start = excluded.lookback_start,
      lookback_end = excluded.lookback_end, definition = excluded.definition, built_at = excluded.built_at`);
  const rows: Record<string, number> = {};
  for (const model of models) {
    const counted = await tx.execute(sql`select count(*)::int as n from ${sql.identifier(model.name)}`);
    rows[model.name] = Number(rowsOf<{ n: number }>(counted)[0]?.n ?? 0);
  }
  return { mode: full || !state ? "full" : "incremental", ranges, rows };
}
