// The part of @streamlens/analytics that runs anywhere, the Worker included: the schema, queries
// over it, the stream registry, the SQL models and their runner, and the Neon driver. No
// PGlite, postgres.js, file system or message bus.

export type { Database } from "./db/database.ts";
export { parseDatabaseUrl } from "./db/database-url.ts";
export { type NeonOptions, openNeon } from "./db/drivers/neon.ts";
export * as schema from "./db/schema.ts";
export { saveSnapshot } from "./db/snapshots.ts";
export { SQL_MODELS } from "./models/catalog.ts";
export {
  DEFAULT_BUCKETS,
  type ModelRunOptions,
  type ModelRunResult,
  runModels,
} from "./models/run-models.ts";
export { orderModels, parseSqlModel, type SqlModel } from "./models/sql-model.ts";
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
