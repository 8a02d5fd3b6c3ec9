import {
  ANALYTICS_FLAGS,
  ANALYTICS_FLAGS_USAGE,
  analyticsConfigSchema,
  analyticsEnv,
  analyticsFlagSettings,
  databaseConfigSchema,
  databaseEnv,
} from "@streamlens/analytics";
import {
  definedOnly,
  envString,
  listenHostSchema,
  parseCommandLine,
  parseConfig,
  StreamlensError,
} from "@streamlens/core";
import { bunBindings } from "@streamlens/edge";
import {
  INFERENCE_FLAGS,
  INFERENCE_FLAGS_USAGE,
  inferenceConfigSchema,
  inferenceEnv,
  inferenceFlagSettings,
} from "@streamlens/inference-pool";
import {
  INGEST_FLAGS,
  INGEST_FLAGS_USAGE,
  ingestConfigSchema,
  ingestEnv,
  ingestFlagSettings,
} from "@streamlens/ingest";
import { z } from "zod";

export const USAGE = `Usage: bun run pipeline <source...> [options]

Runs ingest, inference and analytics in one process (in-process bus, embedded PGlite) over
every source at once, shows progress, and ends with a summary.

Sources: a video or image file, http(s):// (video or HLS), rtsp://, a YouTube URL, ytdlp:<url>;
prefix one with <id>= to name its stream (lobby=rtsp://cam/1).

Options:
  --duration S         stop live sources after S seconds (files end on their own)
  --json               print the summary as one JSON object on stdout
  --serve              also serve the API and the dashboard (site) while it runs, and
                       after it ends until Ctrl-C; prints the URL
  --port N             port of --serve (default 8787, or PORT; 0 picks a free one)
  --data-dir DIR       embedded database folder (default .data, or STREAMLENS_DATA_DIR);
                       with DATABASE_URL set, statistics go to that PostgreSQL instead
  --log-level LEVEL    debug, info, warn (default), error
${INGEST_FLAGS_USAGE}
${INFERENCE_FLAGS_USAGE}
${ANALYTICS_FLAGS_USAGE}
  -h, --help           this text`;

/** The pipeline's own flags; each part's come with the part and are checked by its settings. */
const flagsSchema = z
  .object({
    "--duration": z.coerce.number().positive().optional(),
    "--json": z.boolean().default(false),
    "--serve": z.boolean().default(false),
    "--port": z.coerce.number().int().min(0).max(65_535).optional(),
    "--data-dir": z.string().min(1).optional(),
    "--log-level": z.string().optional(),
  })
  .strict();

const portSchema = z.coerce.number().int().min(0).max(65_535).default(8787);
/** How often `--serve` rebuilds the SQL models unless STREAMLENS_MODELS_INTERVAL_MS says. */
const SERVE_MODELS_INTERVAL_MS = 30_000;

const logLevelSchema = z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("warn");

const OWN_OPTIONS = {
  duration: { type: "string" },
  json: { type: "boolean" },
  serve: { type: "boolean" },
  port: { type: "string" },
  "data-dir": { type: "string" },
  "log-level": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
const OPTIONS = { ...OWN_OPTIONS, ...INGEST_FLAGS, ...INFERENCE_FLAGS, ...ANALYTICS_FLAGS } as const;

export type PipelineConfig = ReturnType<typeof loadPipelineConfig>;

/** Parses flags and environment once, into the typed configuration of every part. */
export function loadPipelineConfig(argv: string[], env: Record<string, string | undefined>) {
  const parsed = parseCommandLine(argv, OPTIONS, { command: "bun run pipeline", positionals: true });
  if (parsed.values.help) return { help: true as const };
  const own = Object.keys(OWN_OPTIONS).filter((k) => k !== "help");
  const flags = parseConfig(
    flagsSchema,
    Object.fromEntries(
      Object.entries(parsed.values)
        .filter(([k]) => own.includes(k))
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
      ...ingestFlagSettings(parsed.values),
    },
    "ingest configuration",
  );
  const inference = parseConfig(
    inferenceConfigSchema,
    {
      ...definedOnly(inferenceEnv(env)),
      ...inferenceFlagSettings(parsed.values),
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
      ...analyticsFlagSettings(parsed.values),
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
