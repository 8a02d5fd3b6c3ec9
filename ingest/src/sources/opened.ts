import type { MediaProbe } from "../ffmpeg/probe.ts";
import { type SampledFrame, sampleFrames } from "../ffmpeg/sampler.ts";
import type { DecodePlan } from "./decode-choice.ts";
import type { OpenContext, OpenedSource, SourceInfo, SourceTiming } from "./types.ts";

/** Facts ffprobe gives about a file or stream, as `stream_info` keeps them. */
export function infoFromProbe(probe: MediaProbe | undefined): SourceInfo {
  const info: SourceInfo = {};
  if (!probe) return info;
  if (probe.format) info.format = probe.format;
  if (probe.codec) info.codec = probe.codec;
  if (probe.width) info.width = probe.width;
  if (probe.height) info.height = probe.height;
  if (probe.fps) info.fps = probe.fps;
  if (probe.durationS) info.durationS = probe.durationS;
  if (probe.creationTimeMs !== undefined) info.startedAt = new Date(probe.creationTimeMs).toISOString();
  return info;
}

/** Media time 0 of a recording: configured, else its creation time, else the epoch (reproducible). */
export function mediaTiming(
  configuredStart: string | undefined,
  probe: MediaProbe | undefined,
): SourceTiming {
  return {
    kind: "media",
    baseMs: configuredStart ? Date.parse(configuredStart) : (probe?.creationTimeMs ?? 0),
    startPtsMs: (probe?.startTimeS ?? 0) * 1000,
  };
}

/** A source ffmpeg samples: live ones get the stall watchdog and the live clock. */
export function ffmpegSource(
  ctx: OpenContext,
  ffmpeg: string,
  source: {
    input: string;
    label: string;
    inputArgs?: string[];
    live: boolean;
    decode: DecodePlan;
    probe?: MediaProbe | undefined;
    info: SourceInfo;
  },
): OpenedSource {
  const { config } = ctx;
  const { live } = source;
  // Said once, at the start, so nobody mistakes a short count for a quiet scene.
  if (source.decode.notice) {
    ctx.logger.warn({ source: source.label, decode: source.decode.decode }, source.decode.notice);
  }
  return {
    live,
    info: source.info,
    timing: live ? { kind: "live" } : mediaTiming(config.fileStartTime, source.probe),
    frames: (signal) =>
      sampleFrames({
        ffmpeg,
        input: source.input,
        inputArgs: source.inputArgs ?? [],
        label: source.label,
        fps: config.fps,
        maxWidth: config.maxWidth || undefined,
        decode: source.decode.decode,
        format: config.frameFormat,
        jpegQscale: config.jpegQscale,
        threads: config.ffmpegThreads,
        stallTimeoutMs: live ? config.stallTimeoutSeconds * 1000 : undefined,
        startTimeoutMs: live ? config.startTimeoutSeconds * 1000 : undefined,
        signal,
        logger: ctx.logger,
      }),
  };
}

/** A still image: one frame at `baseMs`. */
export function stillImageSource(frame: SampledFrame, info: SourceInfo, baseMs: number): OpenedSource {
  return {
    live: false,
    info: { ...info, format: "image", width: frame.width, height: frame.height },
    timing: { kind: "media", baseMs, startPtsMs: 0 },
    frames: async function* () {
      yield frame;
    },
  };
}
