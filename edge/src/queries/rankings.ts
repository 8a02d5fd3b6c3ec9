import { type Database, schema } from "@streamlens/analytics/store";
import { and, asc, eq } from "drizzle-orm";

const { streamObjectRankings, overallObjectRankings, videoRankings } = schema;

export function objectRankingsOf(db: Database, streamId: string, model: string, limit: number) {
  return db
    .select({
      class: streamObjectRankings.class,
      rank: streamObjectRankings.rank,
      mean: streamObjectRankings.mean,
      presence: streamObjectRankings.presence,
      countSum: streamObjectRankings.countSum,
      framesWith: streamObjectRankings.framesWith,
      frames: streamObjectRankings.frames,
    })
    .from(streamObjectRankings)
    .where(and(eq(streamObjectRankings.streamId, streamId), eq(streamObjectRankings.model, model)))
    .orderBy(asc(streamObjectRankings.rank))
    .limit(limit);
}

export function overallRankings(db: Database, model: string, limit: number) {
  return db
    .select({
      class: overallObjectRankings.class,
      rank: overallObjectRankings.rank,
      mean: overallObjectRankings.mean,
      streams: overallObjectRankings.streams,
      countSum: overallObjectRankings.countSum,
      framesWith: overallObjectRankings.framesWith,
      frames: overallObjectRankings.frames,
    })
    .from(overallObjectRankings)
    .where(eq(overallObjectRankings.model, model))
    .orderBy(asc(overallObjectRankings.rank))
    .limit(limit);
}

export function videoRankingList(db: Database, model: string, limit: number) {
  return db
    .select({
      streamId: videoRankings.streamId,
      rank: videoRankings.rank,
      meanObjects: videoRankings.meanObjects,
      frames: videoRankings.frames,
      countSum: videoRankings.countSum,
      topObjects: videoRankings.topClasses,
    })
    .from(videoRankings)
    .where(eq(videoRankings.model, model))
    .orderBy(asc(videoRankings.rank))
    .limit(limit);
}
