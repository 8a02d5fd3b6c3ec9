// `bun core/src/service/healthcheck.ts <ingest|inference|analytics>`: the container images'
// HEALTHCHECK (they carry no curl). Asks the service's /health on the address and port the service
// itself reads (HOST, its port variable, its default) and exits 0 when it answers 200, else 1
// (Docker reserves 2), printing one line that `docker inspect` keeps in the health log.
// Imports only what it needs, not the core's index: Docker runs it at every interval.
import { z } from "zod";
import { parseCommandLine } from "../command-line.ts";
import { parseConfig } from "../config.ts";
import { describeError, StreamlensError } from "../errors.ts";
import { checkHealth, HEALTHCHECK_TIMEOUT_MS, healthUrl } from "./health-probe.ts";
import { serviceNameSchema } from "./service-ports.ts";

const optionsSchema = z
  .object({
    service: serviceNameSchema,
    timeoutMs: z.coerce.number().int().min(1).max(60_000).default(HEALTHCHECK_TIMEOUT_MS),
  })
  .strict();

if (import.meta.main) {
  try {
    const { values, positionals } = parseCommandLine(
      Bun.argv.slice(2),
      { "timeout-ms": { type: "string" } },
      { command: "bun core/src/service/healthcheck.ts", positionals: true },
    );
    if (positionals.length > 1)
      throw new StreamlensError("invalid-args", `unexpected argument '${positionals[1]}'`);
    const options = parseConfig(
      optionsSchema,
      { service: positionals[0], ...(values["timeout-ms"] ? { timeoutMs: values["timeout-ms"] } : {}) },
      "health check options",
    );
    const result = await checkHealth(healthUrl(options.service, process.env), options.timeoutMs);
    console.log(`${result.healthy ? "healthy" : "unhealthy"}: ${result.line}`);
    process.exit(result.healthy ? 0 : 1);
  } catch (error) {
    console.log(`unhealthy: ${describeError(error)}`);
    process.exit(1);
  }
}
