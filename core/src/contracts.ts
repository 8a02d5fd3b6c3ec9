// The part of @streamlens/core that runs anywhere, Cloudflare Workers included: message and
// source contracts, errors, configuration helpers, backoff, a console log sink. No Node or Bun
// APIs, no pino, no prom-client.
export { type BackoffOptions, backoffDelay, sleep, withRetry } from "./backoff.ts";
export { definedOnly, envString, parseConfig } from "./config.ts";
export {
  type DetectedObject,
  type Detections,
  decodeDetections,
  detectedObjectSchema,
  detectionsSchema,
  encodeDetections,
  modelRefSchema,
} from "./contracts/detections.ts";
export {
  type Frame,
  type FrameHeader,
  frameHeaderSchema,
  isJpeg,
  MAX_FRAME_PIXELS,
  PIXEL_FORMATS,
  type PixelFormat,
} from "./contracts/frame.ts";
export { MAX_FPS, MIN_FPS, samplingFpsSchema } from "./contracts/sampling.ts";
export { SERIES_BUCKETS, type SeriesBucket } from "./contracts/series-buckets.ts";
export { type Snapshot, type SnapshotHeader, snapshotHeaderSchema } from "./contracts/snapshot.ts";
export {
  expandYouTubeId,
  parseSourceLocation,
  redactText,
  redactUrl,
  type SourceKind,
  type SourceLocation,
  SUPPORTED_SOURCES,
  splitSourceId,
} from "./contracts/source.ts";
export {
  blockedAddressReason,
  COMMAND_LINE_SOURCE_POLICY,
  checkSourcePolicy,
  REGISTERED_SOURCE_POLICY,
  type SourcePolicy,
  sourcePolicyFromEnv,
  sourcePolicySettings,
} from "./contracts/source-policy.ts";
export { STREAM_ID_PATTERN, streamIdSchema, toStreamId } from "./contracts/stream-id.ts";
export { isPlainText, PLAIN_TEXT_MESSAGE, plainText } from "./contracts/text.ts";
export { isoTimestampSchema, toIsoTimestamp } from "./contracts/timestamp.ts";
export {
  SUBSCRIPTIONS,
  type Topics,
  type TopicsConfig,
  topicNames,
  topicsConfigSchema,
} from "./contracts/topics.ts";
export { describeError, exitCodeOf, isStreamlensError, StreamlensError } from "./errors.ts";
export { LOG_LEVELS, type LogLevel, logLevelSchema } from "./log-levels.ts";
export { consoleLogSink, type LogSink } from "./log-sink.ts";
export { commandUsage, flagOptions } from "./settings/command-line.ts";
export { replaceSettingsTables, settingsTable } from "./settings/markdown-table.ts";
export {
  type FlagValues,
  type GroupsConfig,
  loadSettings,
  loadSettingsGroups,
  msToSeconds,
  type SettingsSources,
  settingsInput,
} from "./settings/read-settings.ts";
export {
  type DeprecatedEnv,
  defineSetting,
  defineSettings,
  type Env,
  type Setting,
  type SettingsGroup,
  type SettingsOf,
  shownDefault,
} from "./settings/setting.ts";
export { formatIssues } from "./zod-issues.ts";
