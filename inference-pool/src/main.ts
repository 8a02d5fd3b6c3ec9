// `bun run inference`: a worker of the inference pool. Consumes frames from Pulsar (PULSAR_URL),
// publishes detections. Serves /health and /metrics; SIGTERM finishes the batch in hand and stops.
import { parseArgs } from "node:util";
import { createLogger, logLevelFrom, runService } from "@streamlens/core";
import { loadInferenceServiceConfig, runInferenceService } from "./service.ts";

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "inference" });
await runService("inference", logger, async (signal) => {
  const { values } = parseArgs({ args: Bun.argv.slice(2), options: { port: { type: "string" } } });
  await runInferenceService(loadInferenceServiceConfig(values, process.env), logger, signal);
});
