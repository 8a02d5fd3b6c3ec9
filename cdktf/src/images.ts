import { SERVICE_PORT_SETTINGS } from "@streamlens/core";
import type { Environment } from "./environment.ts";

/** The service images (Dockerfiles beside each part) as the environment's registry names them. */
export const IMAGE_NAMES = {
  ingest: "streamlens-ingest",
  inference: "streamlens-inference",
  analytics: "streamlens-analytics",
} as const;

export function imageOf(env: Environment, part: keyof typeof IMAGE_NAMES): string {
  return `${env.images.registry}/${IMAGE_NAMES[part]}:${env.images.tag}`;
}

/** The ports each service's /health and /metrics listen on (the services' defaults). */
export const SERVICE_PORTS = {
  ingest: SERVICE_PORT_SETTINGS.ingest.defaultPort,
  inference: SERVICE_PORT_SETTINGS.inference.defaultPort,
  analytics: SERVICE_PORT_SETTINGS.analytics.defaultPort,
} as const;
