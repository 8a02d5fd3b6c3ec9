import { analyticsSettings, databaseSettings } from "@streamlens/analytics";
import {
  commandUsage,
  type Env,
  flagOptions,
  loadSettings,
  parseCommandLine,
  StreamlensError,
} from "@streamlens/core";
import { bunBindings } from "@streamlens/edge";
import { inferenceSettings } from "@streamlens/inference-pool";
import { ingestSettings } from "@streamlens/ingest";
import { pipelineSettings, SERVE_ROLLUP_INTERVAL_MS } from "./settings.ts";

/** Every setting the pipeline reads, in the order --help and the README list them. */
export const PIPELINE_GROUPS = [
  pipelineSettings,
  databaseSettings,
  ingestSettings,
  inferenceSettings,
  analyticsSettings,
] as const;

export const USAGE = commandUsage({
  synopsis: "bun run pipeline <source...> [options]",
  about: `Runs ingest, inference and analytics in one process (in-process bus, embedded PGlite) over
every source at once, shows progress, and ends with a summary.

Sources: a video or image file, http(s):// (video or HLS), rtsp://, a YouTube URL, ytdlp:<url>;
prefix one with <id>= to name its stream (lobby=rtsp://cam/1). With DATABASE_URL set,
statistics go to that PostgreSQL instead of the embedded database.`,
  groups: [...PIPELINE_GROUPS],
});

export type PipelineConfig = ReturnType<typeof loadPipelineConfig>;

/** Parses flags and environment once, into the typed configuration of every part. */
export function loadPipelineConfig(argv: string[], env: Env) {
  const { values: flags, positionals } = parseCommandLine(argv, flagOptions(...PIPELINE_GROUPS), {
    command: "bun run pipeline",
    positionals: true,
  });
  if (flags.help) return { help: true as const };
  const sources = { env, flags };
  const own = loadSettings(pipelineSettings, sources);
  if (flags.port !== undefined && !own.serve) {
    throw new StreamlensError("invalid-args", "--port is the port of --serve; add --serve or drop --port", {
      hint: "see `bun run pipeline --help`",
    });
  }
  if (positionals.length === 0) {
    throw new StreamlensError("invalid-args", "no source given", {
      hint: "bun run pipeline <file|url...>; see --help",
    });
  }
  return {
    help: false as const,
    sources: positionals,
    json: own.json,
    serve: own.serve
      ? {
          port: own.port,
          host: own.host,
          // The site's build settings (PUBLIC_*), and the served API's as `bun run serve` reads
          // them (validated when it starts).
          siteEnv: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith("PUBLIC_"))),
          bindings: bunBindings(env),
        }
      : undefined,
    durationMs: own.durationSeconds === undefined ? undefined : own.durationSeconds * 1000,
    logLevel: own.logLevel,
    ingest: loadSettings(ingestSettings, {
      ...sources,
      // Frames never leave this process: raw pixels spare a JPEG encode and decode per frame.
      defaults: { frameFormat: "rgb24" },
    }),
    inference: loadSettings(inferenceSettings, sources),
    analytics: loadSettings(analyticsSettings, {
      ...sources,
      // Someone watching the dashboard wants rankings within a minute, not five; the rebuild
      // over one local run's data takes milliseconds.
      defaults: own.serve ? { rollupIntervalMs: SERVE_ROLLUP_INTERVAL_MS } : {},
    }),
    database: loadSettings(databaseSettings, sources),
    pathVar: env.PATH,
  };
}
