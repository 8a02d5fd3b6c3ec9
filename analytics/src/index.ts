// Public surface of @streamlens/analytics: detections in, window statistics in Postgres out.
// What also runs in the Worker (schema, registry, SQL rollups, Neon driver) lives in ./store.ts
// and is re-exported here; the rest needs Bun: PGlite, postgres.js, migrations from files, the
// bus consumers and the rollup timer.

export { type OpenDatabase, openPglite } from "./db/drivers/pglite.ts";
export { assertMigrated, expectedMigrations, MIGRATIONS_FOLDER } from "./db/migrations.ts";
export { type OpenedDatabase, openDatabase } from "./db/open-database.ts";
export { type WriteResult, writeFrameCounts } from "./db/write-frame-counts.ts";
export { dbStreamRegistry, openStreamRegistry } from "./registry/open-stream-registry.ts";
export { scheduleRollups } from "./rollups/schedule.ts";
export { SnapshotSink } from "./snapshot-sink.ts";
export { type AnalyticsStage, type AnalyticsStageOptions, createAnalyticsStage } from "./stage.ts";
export { type RunTally, type SinkStats, StatsSink, type StatsSinkOptions } from "./stats-sink.ts";
export * from "./store.ts";
export { type FrameCounts, toFrameCounts, windowStart } from "./windows/frame-counts.ts";
export { type ClassStats, mergeWindow } from "./windows/merge-window.ts";
