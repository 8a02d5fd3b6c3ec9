// Public surface of @streamlens/core: what several parts share, and nothing else.
export { type BackoffOptions, backoffDelay, sleep } from "./backoff.ts";
export { InProcessBus, type InProcessBusOptions, type SubscriptionStats } from "./bus/in-process.ts";
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
export { createLogger, type Logger, type LogLevel, silentLogger } from "./logger.ts";
export { userCacheDir } from "./paths.ts";
