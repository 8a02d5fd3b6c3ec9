import { type Database, schema } from "@streamlens/analytics/store";
import { asc, desc, eq, sql } from "drizzle-orm";

const { videoStreams, streamInfo, modelRuns } = schema;

/** Every registered stream's state as ingest last reported it, for the status page. */
export function streamStates(db: Database, limit: number) {
  return db
    .select({
      id: videoStreams.id,
      title: sql<string | null>`coalesce(${videoStreams.title}, ${streamInfo.title})`,
      kind: videoStreams.kind,
      active: videoStreams.active,
      status: videoStreams.status,
      lastFrameAt: videoStreams.lastFrameAt,
      lastError: videoStreams.lastError,
      lastErrorAt: videoStreams.lastErrorAt,
    })
    .from(videoStreams)
    .leftJoin(streamInfo, eq(streamInfo.streamId, videoStreams.id))
    .orderBy(asc(videoStreams.id))
    .limit(limit);
}

const runColumns = {
  model: modelRuns.model,
  status: modelRuns.status,
  startedAt: modelRuns.startedAt,
  finishedAt: modelRuns.finishedAt,
  rows: modelRuns.rows,
  error: modelRuns.error,
};

/** The latest run of each SQL model (rankings, time series). */
export function latestSqlModelRuns(db: Database) {
  return db
    .selectDistinctOn([modelRuns.model], runColumns)
    .from(modelRuns)
    .orderBy(asc(modelRuns.model), desc(modelRuns.startedAt));
}

/** The most recent failed SQL model runs, newest first. */
export function failedSqlModelRuns(db: Database, limit: number) {
  return db
    .select(runColumns)
    .from(modelRuns)
    .where(eq(modelRuns.status, "failed"))
    .orderBy(desc(modelRuns.startedAt))
    .limit(limit);
}
