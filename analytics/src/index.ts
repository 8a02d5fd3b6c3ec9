// Public surface of @streamlens/analytics: detections in, window statistics in Postgres out.
export { type AnalyticsConfig, analyticsConfigSchema, analyticsEnv } from "./config.ts";
export type { Database } from "./db/database.ts";
export { MIGRATIONS_FOLDER, type OpenDatabase, openPglite } from "./db/pglite.ts";
export * as schema from "./db/schema.ts";
export { type WriteResult, writeFrameCounts } from "./db/write-frame-counts.ts";
export { type RunTally, type SinkStats, StatsSink, type StatsSinkOptions } from "./stats-sink.ts";
export { type FrameCounts, toFrameCounts, windowStart } from "./windows/frame-counts.ts";
export { type ClassStats, mergeWindow } from "./windows/merge-window.ts";
