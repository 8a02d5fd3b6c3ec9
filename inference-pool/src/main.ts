// `bun run inference`: a worker of the inference pool. Consumes frames from Pulsar (PULSAR_URL),
// publishes detections. Serves /health and /metrics; SIGTERM finishes the batch in hand and stops.
import { createLogger, logLevelFrom, parseCommandLine, runService } from "@streamlens/core";
import { INFERENCE_FLAGS, INFERENCE_FLAGS_USAGE } from "./flags.ts";
import { loadInferenceServiceConfig, runInferenceService } from "./service.ts";

const USAGE = `Usage: bun run inference [options]

A worker of the inference pool: frames from Pulsar (PULSAR_URL) in, detections out.

Options:
  --port N             health and metrics port (default 9102, or STREAMLENS_INFERENCE_PORT)
${INFERENCE_FLAGS_USAGE}
  -h, --help           this text`;

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "inference" });
await runService("inference", logger, async (signal) => {
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    { port: { type: "string" }, help: { type: "boolean", short: "h" }, ...INFERENCE_FLAGS },
    { command: "bun run inference" },
  );
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  await runInferenceService(loadInferenceServiceConfig(values, process.env), logger, signal);
});
