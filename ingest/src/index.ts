// Public surface of @streamlens/ingest: sources in, sampled JPEG frames out.
export { type MediaProbe, probeMedia } from "./ffmpeg/probe.ts";
export { buildSampleArgs, type DecodeMode, type SampledFrame, sampleFrames } from "./ffmpeg/sampler.ts";
export { Ingest, type IngestOptions, isFinal } from "./ingest.ts";
export {
  decodeModeSchema,
  type IngestConfig,
  ingestConfigSchema,
  ingestServiceSettings,
  ingestSettings,
} from "./settings.ts";
export { chooseDecode, type DecodePlan } from "./sources/decode-choice.ts";
export { parseSourceRef, parseSources, type SourceRef } from "./sources/source-ref.ts";
export type { SourceInfo } from "./sources/types.ts";
export {
  createIngestStage,
  type IngestStage,
  type IngestStageOptions,
  type OpenedStreamRegistry,
} from "./stage.ts";
export { followRegistry, RegistryReporter, type StreamRegistry } from "./stream-registry.ts";
export type { StreamError, StreamState, StreamStatus } from "./stream-runner.ts";
export { locateTools, locateYtDlp, onPath, type ToolPaths } from "./tools/locate.ts";
