import type { Logger, SourcePolicy } from "@streamlens/core";
import type { SampledFrame } from "../ffmpeg/sampler.ts";
import type { IngestConfig } from "../settings.ts";
import type { ToolPaths } from "../tools/locate.ts";

/** Facts about a source, from resolving it (yt-dlp metadata, ffprobe); fills `stream_info`. */
export interface SourceInfo {
  title?: string;
  channel?: string;
  thumbnailUrl?: string;
  /** When the broadcast or recording started, ISO-8601. */
  startedAt?: string;
  durationS?: number;
  format?: string;
  codec?: string;
  width?: number;
  height?: number;
  fps?: number;
}

/** How frame timestamps are made: media time from a fixed base, or the live clock. */
export type SourceTiming = { kind: "media"; baseMs: number; startPtsMs: number } | { kind: "live" };

/** A source resolved for one run: what it is, and its frames until it ends or fails. */
export interface OpenedSource {
  live: boolean;
  info: SourceInfo;
  timing: SourceTiming;
  frames(signal: AbortSignal): AsyncIterable<SampledFrame>;
}

export interface OpenContext {
  config: IngestConfig;
  /** Located on first use: a still image needs no ffmpeg. */
  tools: () => Promise<ToolPaths>;
  ytdlp: () => string;
  logger: Logger;
  signal: AbortSignal;
  /** The addresses the source may reach (checked after DNS, at every open and redirect). */
  policy: SourcePolicy;
}
