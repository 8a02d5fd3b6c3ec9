import { type Database, schema } from "@streamlens/analytics/store";
import { and, asc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";

const { objectTimeseries, streamObjectRankings, objectStats, statWindows } = schema;

/** The newest data time of a stream (its last window's end), so recordings get sensible defaults. */
export async function lastDataTime(db: Database, streamId: string, model: string): Promise<Date | undefined> {
  const [row] = await db
    .select({
      last: sql<
        string | Date | null
      >`max(${statWindows.windowStart} + make_interval(secs => ${statWindows.windowSeconds}))`,
    })
    .from(statWindows)
    .where(and(eq(statWindows.streamId, streamId), eq(statWindows.model, model)));
  return row?.last ? new Date(row.last) : undefined;
}

/**
 * The range a read covers: `to` defaults to the stream's newest data (so a recording shows its
 * data however old it is) but never later than now, `from` to `to` minus `spanMs`.
 */
export async function timeRange(
  db: Database,
  query: { streamId: string; model: string | undefined; from?: Date | undefined; to?: Date | undefined },
  spanMs: number,
): Promise<{ from: Date; to: Date }> {
  let to = query.to;
  if (!to) {
    const newest = query.model ? await lastDataTime(db, query.streamId, query.model) : undefined;
    to = newest && newest.getTime() < Date.now() ? newest : new Date();
  }
  return { from: query.from ?? new Date(to.getTime() - spanMs), to };
}

/** The top-N classes of a stream and their points in [from, to) at one bucket size. */
export async function timeseries(
  db: Database,
  query: { streamId: string; model: string; bucketSeconds: number; from: Date; to: Date; top: number },
) {
  const classes = await db
    .select({ class: streamObjectRankings.class, rank: streamObjectRankings.rank })
    .from(streamObjectRankings)
    .where(
      and(
        eq(streamObjectRankings.streamId, query.streamId),
        eq(streamObjectRankings.model, query.model),
        lte(streamObjectRankings.rank, query.top),
      ),
    )
    .orderBy(asc(streamObjectRankings.rank));
  if (classes.length === 0) return { classes, points: [] };
  const points = await db
    .select({
      class: objectTimeseries.class,
      bucketStart: objectTimeseries.bucketStart,
      mean: objectTimeseries.mean,
      frames: objectTimeseries.frames,
      countSum: objectTimeseries.countSum,
      countMax: objectTimeseries.countMax,
    })
    .from(objectTimeseries)
    .where(
      and(
        eq(objectTimeseries.streamId, query.streamId),
        eq(objectTimeseries.model, query.model),
        eq(objectTimeseries.bucketSeconds, query.bucketSeconds),
        gte(objectTimeseries.bucketStart, query.from),
        lt(objectTimeseries.bucketStart, query.to),
        inArray(
          objectTimeseries.class,
          classes.map((c) => c.class),
        ),
      ),
    )
    .orderBy(asc(objectTimeseries.bucketStart));
  return { classes, points };
}

/**
 * Raw window statistics, newest first, with mean and standard deviation derived, and the live
 * frames the window lost to the frame age limit (its stat_windows row).
 */
export function windowStats(
  db: Database,
  query: {
    streamId: string;
    model: string;
    from: Date;
    to: Date;
    className: string | undefined;
    limit: number;
  },
) {
  return db
    .select({
      windowStart: objectStats.windowStart,
      windowSeconds: objectStats.windowSeconds,
      class: objectStats.class,
      frames: objectStats.frames,
      framesWith: objectStats.framesWith,
      countSum: objectStats.countSum,
      countMin: objectStats.countMin,
      countMax: objectStats.countMax,
      mean: sql<number>`${objectStats.countSum}::float8 / ${objectStats.frames}`,
      stddev: sql<number>`sqrt(greatest(0, ${objectStats.countSumSq}::float8 / ${objectStats.frames} - power(${objectStats.countSum}::float8 / ${objectStats.frames}, 2)))`,
      framesDropped: sql<number>`coalesce(${statWindows.framesDropped}, 0)::int`,
    })
    .from(objectStats)
    .leftJoin(
      statWindows,
      and(
        eq(statWindows.streamId, objectStats.streamId),
        eq(statWindows.windowStart, objectStats.windowStart),
        eq(statWindows.model, objectStats.model),
      ),
    )
    .where(
      and(
        eq(objectStats.streamId, query.streamId),
        eq(objectStats.model, query.model),
        gte(objectStats.windowStart, query.from),
        lt(objectStats.windowStart, query.to),
        query.className ? eq(objectStats.class, query.className) : undefined,
      ),
    )
    .orderBy(sql`${objectStats.windowStart} desc`, asc(objectStats.class))
    .limit(query.limit);
}
