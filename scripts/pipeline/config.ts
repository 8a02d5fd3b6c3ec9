import { parseArgs } from "node:util";
import {
  analyticsConfigSchema,
  analyticsEnv,
  databaseConfigSchema,
  databaseEnv,
} from "@streamlens/analytics";
import {
  definedOnly,
  envString,
  listenHostSchema,
  parseConfig,
  StreamlensError,
  samplingFpsSchema,
} from "@streamlens/core";
import { bunBindings } from "@streamlens/edge";
import { inferenceConfigSchema, inferenceEnv } from "@streamlens/inference-pool";
import { ingestConfigSchema, ingestEnv } from "@streamlens/ingest";
import { z } from "zod";

export const USAGE = `Usage: bun run pipeline <source...> [options]

Runs ingest, inference and analytics in one process (in-process bus, embedded PGlite) over
every source at once, shows progress, and ends with a summary.

Sources: a video or image file, http(s):// (video or HLS), rtsp://, a YouTube URL, ytdlp:<url>;
prefix one with <id>= to name its stream (lobby=rtsp://cam/1).

Options:
  --fps N              sampled frames per second per stream (default 1)
  --model NAME         yolox-nano (default), picodet-xs, fastestdet, or a model spec .json
  --duration S         stop live sources after S seconds (files end on their own)
  --json               print the summary as one JSON object on stdout
  --serve              also serve the API and the dashboard (site) while it runs, and
                       after it ends until Ctrl-C; prints the URL
  --port N             port of --serve (default 8787, or PORT; 0 picks a free one)
  --score X            detection score threshold, 0..1 (default 0.5)
  --max-width N        scale frames down to at most N pixels wide (default 1280; 0 = keep)
  --window S           statistics window in seconds (default 60)
  --decode MODE        auto (default), keyframes, noref or all
  --provider EP        cpu (default), cuda or tensorrt (falls back to cpu)
  --batch N            frames per inference batch, across streams (default 8)
  --max-restarts N     failed starts of a live source before giving up (default 5; 0 = never)
  --stall-timeout S    restart a live source after S seconds without a frame (default 10)
  --data-dir DIR       embedded database folder (default .data, or STREAMLENS_DATA_DIR);
                       with DATABASE_URL set, statistics go to that PostgreSQL instead
  --start-time ISO     media time 0 of files (default: the file's creation time)
  --log-level LEVEL    debug, info, warn (default), error
  -h, --help           this text`;

const flagsSchema = z
  .object({
    "--fps": z.coerce.number().pipe(samplingFpsSchema).optional(),
    "--model": z.string().min(1).optional(),
    "--duration": z.coerce.number().positive().optional(),
    "--json": z.boolean().default(false),
    "--serve": z.boolean().default(false),
    "--port": z.coerce.number().int().min(0).max(65_535).optional(),
    "--score": z.coerce.number().min(0.01).max(1).optional(),
    "--max-width": z.coerce.number().int().min(0).optional(),
    "--window": z.coerce.number().int().min(1).max(86_400).optional(),
    "--decode": z.enum(["auto", "keyframes", "noref", "all"]).optional(),
    "--provider": z.enum(["cpu", "cuda", "tensorrt"]).optional(),
    "--batch": z.coerce.number().int().min(1).max(256).optional(),
    "--max-restarts": z.coerce.number().int().min(0).optional(),
    "--stall-timeout": z.coerce.number().positive().optional(),
    "--data-dir": z.string().min(1).optional(),
    "--start-time": z.iso.datetime({ offset: true }).optional(),
    "--log-level": z.string().optional(),
  })
  .strict();

const portSchema = z.coerce.number().int().min(0).max(65_535).default(8787);
/** How often `--serve` rebuilds the SQL models unless STREAMLENS_MODELS_INTERVAL_MS says. */
const SERVE_MODELS_INTERVAL_MS = 30_000;

const logLevelSchema = z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("warn");

const OPTIONS = {
  fps: { type: "string" },
  model: { type: "string" },
  duration: { type: "string" },
  json: { type: "boolean" },
  serve: { type: "boolean" },
  port: { type: "string" },
  score: { type: "string" },
  "max-width": { type: "string" },
  window: { type: "string" },
  decode: { type: "string" },
  provider: { type: "string" },
  batch: { type: "string" },
  "max-restarts": { type: "string" },
  "stall-timeout": { type: "string" },
  "data-dir": { type: "string" },
  "start-time": { type: "string" },
  "log-level": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type PipelineConfig = ReturnType<typeof loadPipelineConfig>;

/** Parses flags and environment once, into the typed configuration of every part. */
export function loadPipelineConfig(argv: string[], env: Record<string, string | undefined>) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new StreamlensError("invalid-args", (cause as Error).message, {
      hint: "see `bun run pipeline --help`",
    });
  }
  if (parsed.values.help) return { help: true as const };
  const flags = parseConfig(
    flagsSchema,
    Object.fromEntries(
      Object.entries(parsed.values)
        .filter(([k]) => k !== "help")
        .map(([k, v]) => [`--${k}`, v]),
    ),
    "options",
  );
  if (flags["--port"] !== undefined && !flags["--serve"]) {
    throw new StreamlensError("invalid-args", "--port is the port of --serve; add --serve or drop --port", {
      hint: "see `bun run pipeline --help`",
    });
  }
  if (parsed.positionals.length === 0) {
    throw new StreamlensError("invalid-args", "no source given", {
      hint: "bun run pipeline <file|url...>; see --help",
    });
  }
  const ingest = parseConfig(
    ingestConfigSchema,
    {
      ...definedOnly(ingestEnv(env)),
      ...definedOnly({
        fps: flags["--fps"],
        maxWidth: flags["--max-width"],
        decode: flags["--decode"],
        maxRestarts: flags["--max-restarts"],
        stallTimeoutMs:
          flags["--stall-timeout"] === undefined ? undefined : Math.round(flags["--stall-timeout"] * 1000),
        fileStartTime: flags["--start-time"],
      }),
    },
    "ingest configuration",
  );
  const inference = parseConfig(
    inferenceConfigSchema,
    {
      ...definedOnly(inferenceEnv(env)),
      ...definedOnly({
        model: flags["--model"],
        scoreThreshold: flags["--score"],
        provider: flags["--provider"],
        maxBatch: flags["--batch"],
      }),
    },
    "inference configuration",
  );
  const analytics = parseConfig(
    analyticsConfigSchema,
    {
      // Someone watching the dashboard wants rankings within a minute, not five; the rebuild
      // over one local run's data takes milliseconds.
      ...(flags["--serve"] ? { modelsIntervalMs: SERVE_MODELS_INTERVAL_MS } : {}),
      ...definedOnly(analyticsEnv(env)),
      ...definedOnly({ windowSeconds: flags["--window"] }),
    },
    "analytics configuration",
  );
  const database = parseConfig(
    databaseConfigSchema,
    { ...definedOnly(databaseEnv(env)), ...definedOnly({ dataDir: flags["--data-dir"] }) },
    "database configuration",
  );
  return {
    help: false as const,
    sources: parsed.positionals,
    json: flags["--json"],
    serve: flags["--serve"]
      ? {
          port: flags["--port"] ?? parseConfig(portSchema, envString(env, "PORT"), "PORT"),
          host: parseConfig(listenHostSchema, envString(env, "HOST"), "HOST"),
          // The site's build settings (PUBLIC_*), and the served API's as `bun run serve` reads
          // them (validated when it starts).
          siteEnv: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith("PUBLIC_"))),
          bindings: bunBindings(env),
        }
      : undefined,
    durationMs: flags["--duration"] === undefined ? undefined : flags["--duration"] * 1000,
    logLevel: parseConfig(
      logLevelSchema,
      flags["--log-level"] ?? envString(env, "STREAMLENS_LOG_LEVEL"),
      "log level (--log-level or STREAMLENS_LOG_LEVEL)",
    ),
    ingest,
    inference,
    analytics,
    database,
    pathVar: env.PATH,
  };
}
