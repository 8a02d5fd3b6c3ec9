import {
  defineSetting,
  defineSettings,
  msToSeconds,
  PIXEL_FORMATS,
  type SettingsOf,
  samplingFpsSchema,
} from "@streamlens/core";
import { z } from "zod";

export const decodeModeSchema = z.enum(["auto", "keyframes", "noref", "all"]);

const int = () => z.coerce.number().int();

/** Everything ingest can be told, declared once; parsed once at start by the process that runs it. */
export const ingestSettings = defineSettings("ingest", {
  fps: defineSetting({
    env: "STREAMLENS_FPS",
    flag: "fps",
    arg: "N",
    unit: "frames/s",
    description: "sampled frames per second per stream (0.001 to 30)",
    schema: z.coerce.number().pipe(samplingFpsSchema).default(1),
  }),
  maxWidth: defineSetting({
    env: "STREAMLENS_MAX_WIDTH",
    flag: "max-width",
    arg: "N",
    unit: "px",
    description: "frames wider than this are scaled down (aspect kept); 0 keeps them",
    schema: int().min(0).max(7680).default(1280),
  }),
  decode: defineSetting({
    env: "STREAMLENS_DECODE",
    flag: "decode",
    arg: "MODE",
    description:
      "`auto` (key or reference frames only when they still give the rate, else all), `keyframes`, `noref` or `all`",
    schema: decodeModeSchema.default("auto"),
  }),
  stallTimeoutSeconds: defineSetting({
    env: "STREAMLENS_STALL_TIMEOUT_SECONDS",
    deprecatedEnv: [{ name: "STREAMLENS_STALL_TIMEOUT_MS", convert: msToSeconds }],
    flag: "stall-timeout",
    arg: "S",
    unit: "s",
    description: "restart a live source after this long without a frame",
    schema: z.coerce.number().min(0.5).default(10),
  }),
  startTimeoutSeconds: defineSetting({
    env: "STREAMLENS_START_TIMEOUT_SECONDS",
    deprecatedEnv: [{ name: "STREAMLENS_START_TIMEOUT_MS", convert: msToSeconds }],
    flag: "start-timeout",
    arg: "S",
    unit: "s",
    description: "a live source's first frame may take this long (connecting, probing)",
    schema: z.coerce.number().min(0.5).default(30),
  }),
  maxRestarts: defineSetting({
    env: "STREAMLENS_MAX_RESTARTS",
    flag: "max-restarts",
    arg: "N",
    description: "failed starts in a row before a live source is given up; 0 = never",
    schema: int().min(0).default(5),
  }),
  fileStartTime: defineSetting({
    env: "STREAMLENS_START_TIME",
    flag: "start-time",
    arg: "ISO",
    shownDefault: "file creation time",
    description: "media time 0 of files (else the file's creation time, else 1970-01-01)",
    schema: z.iso.datetime({ offset: true }).optional(),
  }),
  ytdlpFormat: defineSetting({
    env: "STREAMLENS_YTDLP_FORMAT",
    flag: "ytdlp-format",
    arg: "F",
    description: "yt-dlp format selector for YouTube and `ytdlp:` sources (one file with the video)",
    schema: z.string().min(1).default("b[height<=?720]/b"),
  }),
  ffmpegThreads: defineSetting({
    env: "STREAMLENS_FFMPEG_THREADS",
    description: "ffmpeg decoder/encoder threads per stream; 1 is cheapest when streams share cores",
    schema: int().min(1).max(64).default(1),
  }),
  ffmpegPath: defineSetting({
    env: "FFMPEG_PATH",
    shownDefault: "ffmpeg-static, then PATH",
    description: "the ffmpeg binary",
    schema: z.string().min(1).optional(),
  }),
  ffprobePath: defineSetting({
    env: "FFPROBE_PATH",
    shownDefault: "beside ffmpeg, then PATH",
    description: "ffprobe (optional: without it files start at 1970-01-01 and decode every frame)",
    schema: z.string().min(1).optional(),
  }),
  ytdlpPath: defineSetting({
    env: "YTDLP_PATH",
    shownDefault: "`.tools/bin` (from setup), then PATH",
    description: "yt-dlp, for YouTube and `ytdlp:` sources",
    schema: z.string().min(1).optional(),
  }),
  // Tuned in code and tests, not by operators: no variable, no flag.
  /**
   * How frames travel on the bus: JPEG for services (a frame crosses the network), raw rgb24 for
   * the embedded pipeline, where a JPEG encode and decode per frame would be pure overhead.
   */
  frameFormat: defineSetting({
    description: "frame pixel format",
    schema: z.enum(PIXEL_FORMATS).default("jpeg"),
  }),
  /** ffmpeg's MJPEG quantiser, 2 (best) to 31. */
  jpegQscale: defineSetting({ description: "JPEG quality", schema: int().min(2).max(31).default(3) }),
  /** First restart delay; doubles per consecutive failure up to `restartMaxMs`. */
  restartInitialMs: defineSetting({ description: "first restart delay", schema: int().min(0).default(1000) }),
  restartMaxMs: defineSetting({ description: "longest restart delay", schema: int().min(0).default(60_000) }),
  /** Frames a live stream may hold while the bus is busy; older ones are dropped first. */
  liveBuffer: defineSetting({ description: "live frames held", schema: int().min(1).max(100).default(2) }),
  /** Timeout for resolving a source (HTTP probe, ffprobe, yt-dlp). */
  resolveTimeoutMs: defineSetting({
    description: "resolve timeout",
    schema: int().min(1000).default(20_000),
  }),
});

export const ingestConfigSchema = ingestSettings.schema;
export type IngestConfig = SettingsOf<typeof ingestSettings>;

/** What the ingest service reads besides ingest's settings. */
export const ingestServiceSettings = defineSettings("ingest service", {
  sources: defineSetting({
    env: "STREAMLENS_SOURCES",
    description: "ingest's sources when none are given as arguments (comma or space separated)",
    schema: z
      .string()
      .default("")
      .transform((text) => text.split(/[\s,]+/).filter(Boolean)),
  }),
  registryPollMs: defineSetting({
    env: "STREAMLENS_REGISTRY_POLL_MS",
    flag: "registry-poll",
    arg: "MS",
    unit: "ms",
    description: "how often ingest reads the stream registry (a change takes effect within two of these)",
    schema: int().min(100).default(5000),
  }),
  maxBacklog: defineSetting({
    env: "STREAMLENS_MAX_BACKLOG",
    flag: "max-backlog",
    arg: "N",
    unit: "frames",
    description: "file sources wait while the pool has this many frames waiting",
    schema: int().min(1).default(200),
  }),
});
