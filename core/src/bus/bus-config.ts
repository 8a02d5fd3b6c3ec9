import { z } from "zod";
import { topicsConfigSchema } from "../contracts/topics.ts";
import { StreamlensError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { defineSetting, defineSettings, type SettingsOf } from "../settings/setting.ts";
import { PulsarBus } from "./pulsar/pulsar-bus.ts";

/** Where the services find Pulsar and their topics. */
export const busSettings = defineSettings("bus", {
  pulsarUrl: defineSetting({
    env: "PULSAR_URL",
    description: "the broker's web service, http(s):// or ws(s):// host:port (admin REST + WebSocket API)",
    shownDefault: "(required)",
    schema: z.string().min(1).optional(),
  }),
  pulsarToken: defineSetting({
    env: "PULSAR_TOKEN",
    description: "a JWT for brokers with token authentication",
    schema: z.string().min(1).optional(),
  }),
  tenant: defineSetting({
    env: "STREAMLENS_TENANT",
    description: "the Pulsar tenant of the topics (created if missing)",
    schema: topicsConfigSchema.shape.tenant,
  }),
  namespace: defineSetting({
    env: "STREAMLENS_NAMESPACE",
    description: "the namespace of the topics (`persistent://<tenant>/<namespace>/frames`, …)",
    schema: topicsConfigSchema.shape.namespace,
  }),
});

export type BusConfig = SettingsOf<typeof busSettings>;

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
