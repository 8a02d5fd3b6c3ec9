// Public surface of @streamlens/ingest: sources in, sampled JPEG frames out.
export { decodeModeSchema, type IngestConfig, ingestConfigSchema, ingestEnv } from "./config.ts";
export { type MediaProbe, probeMedia } from "./ffmpeg/probe.ts";
export { buildSampleArgs, type DecodeMode, type SampledFrame, sampleFrames } from "./ffmpeg/sampler.ts";
export { INGEST_FLAGS, INGEST_FLAGS_USAGE, ingestFlagSettings } from "./flags.ts";
export { Ingest, type IngestOptions, isFinal } from "./ingest.ts";
export { followRegistry, RegistryReporter, type StreamRegistry } from "./registry.ts";
export { chooseDecode } from "./sources/decode-choice.ts";
export { parseSourceRef, parseSources, type SourceRef } from "./sources/source-ref.ts";
export type { SourceInfo } from "./sources/types.ts";
export type { StreamError, StreamState, StreamStatus } from "./stream-runner.ts";
export { locateTools, locateYtDlp, onPath, type ToolPaths } from "./tools/locate.ts";
