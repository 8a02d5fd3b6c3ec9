// The part of @streamlens/analytics that runs anywhere, the Worker included: the schema, queries
// over it, the stream registry, the SQL rollups and their runner, settings, and the Neon driver. No
// PGlite, postgres.js, file system or message bus.

export { type DatabaseConfig, databaseConfigSchema, databaseSettings } from "./db/config.ts";
export type { Database } from "./db/database.ts";
export { parseDatabaseUrl } from "./db/database-url.ts";
export { type NeonOptions, openNeon } from "./db/drivers/neon.ts";
export * as schema from "./db/schema.ts";
export { saveSnapshot } from "./db/snapshots.ts";
export {
  getStream,
  listStreams,
  type RegisterStream,
  type ResolvedInfo,
  registerStream,
  registerStreamSchema,
  reportStreamStatus,
  type StreamReport,
  saveStreamInfo,
  setStreamActive,
} from "./registry/streams.ts";
export { ROLLUPS } from "./rollups/catalog.ts";
export { orderRollups, parseRollup, type Rollup } from "./rollups/rollup.ts";
export {
  DEFAULT_BUCKETS,
  type RollupRunOptions,
  type RollupRunResult,
  runRollups,
} from "./rollups/run-rollups.ts";
export { type AnalyticsConfig, analyticsConfigSchema, analyticsSettings } from "./settings.ts";
