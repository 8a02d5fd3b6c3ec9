// What the images' health check does, as functions: which URL a service's settings put its
// /health at, and one request to it.
import { isIP } from "node:net";
import { z } from "zod";
import { envString, parseConfig } from "../config.ts";
import { describeError, StreamlensError } from "../errors.ts";
import { LOOPBACK, listenHostSchema } from "./listen-host.ts";
import { type ServiceName, servicePortFromEnv, servicePortSchema } from "./service-ports.ts";

/** Docker's own timeout (the images give 5 s) ends the check without a word; this one says why. */
export const HEALTHCHECK_TIMEOUT_MS = 3000;

export interface HealthcheckResult {
  healthy: boolean;
  /** One line: what was asked and what came back. */
  line: string;
}

/**
 * The /health URL of `service` as `env` configures it, read through the schemas the service
 * parses the same settings with. A wildcard address (0.0.0.0, ::) is asked on loopback.
 */
export function healthUrl(service: ServiceName, env: Record<string, string | undefined>): string {
  const { host, port } = parseConfig(
    z.object({ host: listenHostSchema, port: servicePortSchema(service) }),
    { host: envString(env, "HOST"), port: servicePortFromEnv(service, env) },
    `${service} health check settings`,
  );
  if (port === 0)
    throw new StreamlensError("invalid-config", `the ${service} service's port is 0 (picked at start)`, {
      hint: "give the service a fixed port for its health check to find",
    });
  const target = host === "0.0.0.0" || host === "::" ? LOOPBACK : host;
  return `http://${isIP(target) === 6 ? `[${target}]` : target}:${port}/health`;
}

/** Asks `url` once: healthy on 200; unhealthy on any other status, a refused connection, or silence. */
export async function checkHealth(
  url: string,
  timeoutMs = HEALTHCHECK_TIMEOUT_MS,
): Promise<HealthcheckResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.text()).replace(/\s+/g, " ").slice(0, 500);
    return { healthy: response.status === 200, line: `${url} answered ${response.status} ${body}` };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : `cannot connect (${(error as { code?: unknown }).code ?? describeError(error)})`;
    return { healthy: false, line: `${url}: ${reason}` };
  }
}
