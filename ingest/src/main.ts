// `bun run ingest <source...>`: the ingest service. Samples frames from its sources and publishes
// them to Pulsar (PULSAR_URL). Serves /health and /metrics; SIGTERM stops it cleanly.
import { createLogger, logLevelFrom, parseCommandLine, runService } from "@streamlens/core";
import { INGEST_FLAGS, INGEST_FLAGS_USAGE } from "./flags.ts";
import { loadIngestServiceConfig, runIngestService } from "./service.ts";

const USAGE = `Usage: bun run ingest [source...] [options]

Samples frames from each source and publishes them to Pulsar (PULSAR_URL). With no sources
(and no STREAMLENS_SOURCES), follows the streams registered in DATABASE_URL.

Options:
  --port N             health and metrics port (default 9101, or STREAMLENS_INGEST_PORT)
${INGEST_FLAGS_USAGE}
  -h, --help           this text`;

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "ingest" });
await runService("ingest", logger, async (signal) => {
  const { values, positionals } = parseCommandLine(
    Bun.argv.slice(2),
    { port: { type: "string" }, help: { type: "boolean", short: "h" }, ...INGEST_FLAGS },
    { command: "bun run ingest", positionals: true },
  );
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  await runIngestService(
    loadIngestServiceConfig(positionals, values, process.env),
    logger,
    signal,
    process.env.PATH,
  );
});
