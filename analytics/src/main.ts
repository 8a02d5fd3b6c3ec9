// `bun run analytics`: consumes detections from Pulsar (PULSAR_URL) into the statistics tables.
// Serves /health and /metrics; SIGTERM writes what it holds, acks, and stops.
import { createLogger, logLevelFrom, parseCommandLine, runService } from "@streamlens/core";
import { ANALYTICS_FLAGS, ANALYTICS_FLAGS_USAGE } from "./flags.ts";
import { loadAnalyticsServiceConfig, runAnalyticsService } from "./service.ts";

const USAGE = `Usage: bun run analytics [options]

Detections from Pulsar (PULSAR_URL) into window statistics in DATABASE_URL (or the embedded
database), snapshots, and the SQL models rebuilt on a timer.

Options:
  --port N             health and metrics port (default 9103, or STREAMLENS_ANALYTICS_PORT)
${ANALYTICS_FLAGS_USAGE}
  -h, --help           this text`;

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "analytics" });
await runService("analytics", logger, async (signal) => {
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    { port: { type: "string" }, help: { type: "boolean", short: "h" }, ...ANALYTICS_FLAGS },
    { command: "bun run analytics" },
  );
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  await runAnalyticsService(loadAnalyticsServiceConfig(values, process.env), logger, signal);
});
