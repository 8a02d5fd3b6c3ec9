// `bun run pipeline <source...>`: the whole of streamlens in one process, on embedded defaults.
import { createLogger, describeError, isStreamlensError } from "@streamlens/core";
import { loadPipelineConfig, USAGE } from "./pipeline/config.ts";
import { ProgressReporter } from "./pipeline/progress.ts";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { formatSummary } from "./pipeline/summary.ts";
import { pathWithTools } from "./tooling.ts";

async function main(): Promise<number> {
  let config: ReturnType<typeof loadPipelineConfig>;
  try {
    // Tools that `bun run setup` installed into .tools/ (yt-dlp) are found like any on PATH.
    config = loadPipelineConfig(Bun.argv.slice(2), { ...process.env, PATH: pathWithTools(process.env.PATH) });
  } catch (error) {
    process.stderr.write(`streamlens: ${describeError(error)}\n`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = new ProgressReporter(process.stderr);
  const logger = createLogger({
    level: config.logLevel,
    name: "pipeline",
    write: (line) => {
      progress.clear();
      process.stderr.write(line);
    },
  });

  const stop = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    progress.clear();
    process.stderr.write("streamlens: stopping (finishing frames already read; Ctrl-C again to quit now)\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    const summary = await runPipeline(config, {
      logger,
      signal: stop.signal,
      onProgress: (line) => progress.update(line),
      progressEveryMs: progress.interactive ? 250 : 5000,
    });
    progress.clear();
    process.stdout.write(`${config.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
    return summary.streams.some((s) => s.state === "failed") ? 1 : 0;
  } catch (error) {
    progress.clear();
    process.stderr.write(`streamlens: ${describeError(error)}\n`);
    if (!isStreamlensError(error)) logger.error({ err: error }, "pipeline crashed");
    return 1;
  }
}

process.exit(await main());
