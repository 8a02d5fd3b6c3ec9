// `bun run ingest <source...>`: the ingest service. Samples frames from its sources and publishes
// them to Pulsar (PULSAR_URL). Serves /health and /metrics; SIGTERM stops it cleanly.
import { parseArgs } from "node:util";
import { createLogger, logLevelFrom, runService } from "@streamlens/core";
import { loadIngestServiceConfig, runIngestService } from "./service.ts";

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "ingest" });
await runService("ingest", logger, async (signal) => {
  const { values, positionals } = parseArgs({
    args: Bun.argv.slice(2),
    options: { port: { type: "string" } },
    allowPositionals: true,
  });
  const config = loadIngestServiceConfig(positionals, values, process.env);
  await runIngestService(config, logger, signal, process.env.PATH);
});
