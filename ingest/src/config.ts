import { envString, samplingFpsSchema } from "@streamlens/core";
import { z } from "zod";

export const decodeModeSchema = z.enum(["auto", "keyframes", "noref", "all"]);

/** Everything ingest can be told; parsed once at start by the process that runs it. */
export const ingestConfigSchema = z
  .object({
    /** Sampled frames per second and stream. */
    fps: z.coerce.number().pipe(samplingFpsSchema).default(1),
    /** Frames wider than this are scaled down (aspect kept); 0 keeps the source width. */
    maxWidth: z.coerce.number().int().min(0).max(7680).default(1280),
    /** `auto` decodes key frames only when they come at least once per sample interval. */
    decode: decodeModeSchema.default("auto"),
    /** ffmpeg threads per stream (decoder and JPEG encoder); 1 is cheapest when streams share cores. */
    ffmpegThreads: z.coerce.number().int().min(1).max(64).default(1),
    /** ffmpeg's MJPEG quantiser, 2 (best) to 31. */
    jpegQscale: z.coerce.number().int().min(2).max(31).default(3),
    /** A live source with no frame for this long is restarted. */
    stallTimeoutMs: z.coerce.number().int().min(500).default(10_000),
    /** ...and one whose first frame takes longer than this (connecting, probing). */
    startTimeoutMs: z.coerce.number().int().min(500).default(30_000),
    /** First restart delay; doubles per consecutive failure up to `restartMaxMs`. */
    restartInitialMs: z.coerce.number().int().min(0).default(1000),
    restartMaxMs: z.coerce.number().int().min(0).default(60_000),
    /** Consecutive failed starts before a stream is given up; 0 retries for ever. */
    maxRestarts: z.coerce.number().int().min(0).default(5),
    /** Frames a live stream may hold while the bus is busy; older ones are dropped first. */
    liveBuffer: z.coerce.number().int().min(1).max(100).default(2),
    /** Timeout for resolving a source (HTTP probe, ffprobe, yt-dlp). */
    resolveTimeoutMs: z.coerce.number().int().min(1000).default(20_000),
    /** yt-dlp format selector for YouTube and ytdlp: sources. */
    ytdlpFormat: z.string().min(1).default("b[height<=?720]/b"),
    /** Media time 0 of files maps to this instant; default: the file's creation time, else 1970-01-01. */
    fileStartTime: z.iso.datetime({ offset: true }).optional(),
    ffmpegPath: z.string().min(1).optional(),
    ffprobePath: z.string().min(1).optional(),
    ytdlpPath: z.string().min(1).optional(),
  })
  .strict();

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

/** The environment variables ingest reads (the CLI and services overlay their flags). */
export function ingestEnv(env: Record<string, string | undefined>) {
  return {
    fps: envString(env, "STREAMLENS_FPS"),
    maxWidth: envString(env, "STREAMLENS_MAX_WIDTH"),
    decode: envString(env, "STREAMLENS_DECODE"),
    ffmpegThreads: envString(env, "STREAMLENS_FFMPEG_THREADS"),
    stallTimeoutMs: envString(env, "STREAMLENS_STALL_TIMEOUT_MS"),
    startTimeoutMs: envString(env, "STREAMLENS_START_TIMEOUT_MS"),
    maxRestarts: envString(env, "STREAMLENS_MAX_RESTARTS"),
    ffmpegPath: envString(env, "FFMPEG_PATH"),
    ffprobePath: envString(env, "FFPROBE_PATH"),
    ytdlpPath: envString(env, "YTDLP_PATH"),
  };
}
