import { z } from "zod";
import { envString } from "../config.ts";
import { topicsConfigSchema } from "../contracts/topics.ts";
import { StreamlensError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { PulsarBus } from "./pulsar/pulsar-bus.ts";

export const busConfigSchema = z
  .object({
    /** The broker's web service (admin REST + WebSocket API), e.g. http://127.0.0.1:8080. */
    pulsarUrl: z.string().min(1).optional(),
    pulsarToken: z.string().min(1).optional(),
    topics: topicsConfigSchema,
  })
  .strict();

export type BusConfig = z.infer<typeof busConfigSchema>;

export function busEnv(env: Record<string, string | undefined>) {
  return {
    pulsarUrl: envString(env, "PULSAR_URL"),
    pulsarToken: envString(env, "PULSAR_TOKEN"),
    topics: {
      tenant: envString(env, "STREAMLENS_TENANT"),
      namespace: envString(env, "STREAMLENS_NAMESPACE"),
    },
  };
}

/** The services talk through Pulsar: PULSAR_URL is required, and the broker awaited (with backoff). */
export function connectPulsar(config: BusConfig, logger: Logger, signal: AbortSignal): Promise<PulsarBus> {
  if (!config.pulsarUrl) {
    throw new StreamlensError(
      "invalid-config",
      "PULSAR_URL is not set: the services exchange frames through Pulsar",
      {
        hint: "start a broker (bun run pulsar:up) and set PULSAR_URL=http://127.0.0.1:8080, or run everything in one process with bun run pipeline",
      },
    );
  }
  return PulsarBus.connect(
    { url: config.pulsarUrl, token: config.pulsarToken, logger: logger.child({ part: "bus" }) },
    signal,
  );
}
