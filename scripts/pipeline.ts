// `bun run pipeline <source...>`: the whole of streamlens in one process, on embedded defaults;
// with --serve, the dashboard and the API over the same data, during the run and after it.
import { type OpenedDatabase, openDatabase } from "@streamlens/analytics";
import { createLogger, describeError, exitCodeOf, isStreamlensError } from "@streamlens/core";
import type { LocalServer } from "@streamlens/edge";
import { loadPipelineConfig, USAGE } from "./pipeline/config.ts";
import { ProgressReporter } from "./pipeline/progress.ts";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { startServing } from "./pipeline/serve.ts";
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
  const say = (line: string) => {
    progress.clear();
    process.stderr.write(`streamlens: ${line}\n`);
  };
  const logger = createLogger({
    level: config.logLevel,
    name: "pipeline",
    write: (line) => {
      progress.clear();
      process.stderr.write(line);
    },
  });

  const stop = new AbortController();
  // With --serve, the run ends on the first Ctrl-C and the server on the next one.
  const quit = Promise.withResolvers<void>();
  let runEnded = false;
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (runEnded) return quit.resolve();
    if (interrupts > 1) process.exit(130);
    say(
      `stopping (finishing frames already read; Ctrl-C again to quit now)${config.serve ? "; the dashboard stays up" : ""}`,
    );
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let database: OpenedDatabase | undefined;
  let server: LocalServer | undefined;
  try {
    if (config.serve) {
      database = await openDatabase(config.database, { logger, signal: stop.signal });
      server = await startServing(config.serve, database, say);
      say(`dashboard and API at ${server.url} (the run's data, refreshed as it arrives)`);
    }
    const summary = await runPipeline(config, {
      logger,
      signal: stop.signal,
      onProgress: (line) => progress.update(line),
      progressEveryMs: progress.interactive ? 250 : 5000,
      ...(database ? { database } : {}),
    });
    runEnded = true;
    progress.clear();
    process.stdout.write(`${config.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
    if (server) {
      say(`run ended; still serving ${server.url}, Ctrl-C to quit`);
      await quit.promise;
    }
    return summary.streams.some((s) => s.state === "failed") ? 1 : 0;
  } catch (error) {
    progress.clear();
    process.stderr.write(`streamlens: ${describeError(error)}\n`);
    if (!isStreamlensError(error)) logger.error({ err: error }, "pipeline crashed");
    return exitCodeOf(error);
  } finally {
    await server?.stop();
    await database?.close();
  }
}

process.exit(await main());
