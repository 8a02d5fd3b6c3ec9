// `bun run analytics`: consumes detections from Pulsar (PULSAR_URL) into the statistics tables.
// Serves /health and /metrics; SIGTERM writes what it holds, acks, and stops.
import { parseArgs } from "node:util";
import { createLogger, logLevelFrom, runService } from "@streamlens/core";
import { loadAnalyticsServiceConfig, runAnalyticsService } from "./service.ts";

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "analytics" });
await runService("analytics", logger, async (signal) => {
  const { values } = parseArgs({ args: Bun.argv.slice(2), options: { port: { type: "string" } } });
  await runAnalyticsService(loadAnalyticsServiceConfig(values, process.env), logger, signal);
});
