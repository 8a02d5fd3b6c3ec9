// Public surface of @streamlens/core: what several parts share, and nothing else.

export type { Registry } from "prom-client";
export { type BackoffOptions, backoffDelay, sleep, withRetry } from "./backoff.ts";
export { type BusConfig, busConfigSchema, busEnv, connectPulsar } from "./bus/bus-config.ts";
export { InProcessBus, type InProcessBusOptions, type SubscriptionStats } from "./bus/in-process.ts";
export { PulsarAdmin, type SubscriptionBacklog, type TopicStats } from "./bus/pulsar/admin.ts";
export { normalisePulsarUrl, PulsarBus, type PulsarBusOptions } from "./bus/pulsar/pulsar-bus.ts";
export { parseTopicName, type TopicName } from "./bus/pulsar/topic-name.ts";
export type {
  Bus,
  Consumer,
  ConsumerOptions,
  DeadLetterPolicy,
  IncomingMessage,
  OutgoingMessage,
  Producer,
  ReceiveOptions,
  SubscriptionType,
} from "./bus/types.ts";
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
  decodeFrame,
  encodeFrame,
  type Frame,
  type FrameHeader,
  frameHeaderSchema,
  isJpeg,
} from "./contracts/frame.ts";
export {
  decodeSnapshot,
  encodeSnapshot,
  type Snapshot,
  type SnapshotHeader,
  snapshotHeaderSchema,
} from "./contracts/snapshot.ts";
export {
  expandYouTubeId,
  parseSourceLocation,
  redactUrl,
  type SourceKind,
  type SourceLocation,
  SUPPORTED_SOURCES,
} from "./contracts/source.ts";
export { STREAM_ID_PATTERN, streamIdSchema, toStreamId } from "./contracts/stream-id.ts";
export { isoTimestampSchema, toIsoTimestamp } from "./contracts/timestamp.ts";
export {
  deadLetterTopic,
  type Topics,
  type TopicsConfig,
  topicNames,
  topicsConfigSchema,
} from "./contracts/topics.ts";
export { describeError, isStreamlensError, StreamlensError } from "./errors.ts";
export { consoleLogSink, type LogSink } from "./log-sink.ts";
export {
  createLogger,
  type Logger,
  type LogLevel,
  logLevelFrom,
  logLevelSchema,
  silentLogger,
} from "./logger.ts";
export { userCacheDir } from "./paths.ts";
export { counterFrom, createMetricsRegistry, gaugeFrom } from "./service/metrics.ts";
export { runService } from "./service/run-service.ts";
export { type HealthReport, type ServiceHttp, startServiceHttp } from "./service/service-http.ts";
