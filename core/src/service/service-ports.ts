import { z } from "zod";
import { envString } from "../config.ts";

/**
 * Where each service serves /health and /metrics unless told: its default port and the variable
 * that sets it (`--port` sets it too, above both). Written once, because the services, their
 * images' health checks and the deployment all have to agree on it.
 */
export const SERVICE_PORT_SETTINGS = {
  ingest: { variable: "STREAMLENS_INGEST_PORT", defaultPort: 9101 },
  inference: { variable: "STREAMLENS_INFERENCE_PORT", defaultPort: 9102 },
  analytics: { variable: "STREAMLENS_ANALYTICS_PORT", defaultPort: 9103 },
} as const;

export type ServiceName = keyof typeof SERVICE_PORT_SETTINGS;

export const serviceNameSchema = z.enum(
  Object.keys(SERVICE_PORT_SETTINGS) as [ServiceName, ...ServiceName[]],
);

/** A service's port setting: 0 picks a free port. */
export function servicePortSchema(service: ServiceName) {
  return z.coerce.number().int().min(0).max(65_535).default(SERVICE_PORT_SETTINGS[service].defaultPort);
}

/** The port a service was told through its variable, as given (parsed by `servicePortSchema`). */
export function servicePortFromEnv(service: ServiceName, env: Record<string, string | undefined>) {
  return envString(env, SERVICE_PORT_SETTINGS[service].variable);
}

/** A service's port as `serviceMain` and the settings tables declare it. */
export function servicePort(service: ServiceName) {
  const { variable, defaultPort } = SERVICE_PORT_SETTINGS[service];
  return { env: variable, default: defaultPort };
}
