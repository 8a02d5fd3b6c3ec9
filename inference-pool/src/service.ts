import {
  busConfigSchema,
  busEnv,
  connectPulsar,
  counterFrom,
  createMetricsRegistry,
  definedOnly,
  envString,
  gaugeFrom,
  type Logger,
  listenHostSchema,
  type PulsarBus,
  parseConfig,
  servicePortFromEnv,
  servicePortSchema,
  startServiceHttp,
  topicNames,
  withRetry,
} from "@streamlens/core";
import { Histogram } from "prom-client";
import { z } from "zod";
import { inferenceConfigSchema, inferenceEnv } from "./config.ts";
import { Detector } from "./detector.ts";
import { inferenceFlagSettings } from "./flags.ts";
import { resolveModelSpec } from "./models/resolve-spec.ts";
import { InferenceWorker } from "./worker.ts";

export const inferenceServiceConfigSchema = z
  .object({
    inference: inferenceConfigSchema,
    bus: busConfigSchema,
    port: servicePortSchema("inference"),
    /** Address of /health and /metrics (HOST). */
    host: listenHostSchema,
    /** The pool's shared Key_Shared subscription on the frames topic. */
    subscription: z.string().min(1).default("inference"),
    /** Analytics' subscription on the detections topic, created up front so no detection is lost. */
    sinkSubscription: z.string().min(1).default("analytics"),
  })
  .strict();

export type InferenceServiceConfig = z.infer<typeof inferenceServiceConfigSchema>;

export function loadInferenceServiceConfig(
  flags: { port?: string | undefined } & Parameters<typeof inferenceFlagSettings>[0],
  env: Record<string, string | undefined>,
) {
  return parseConfig(
    inferenceServiceConfigSchema,
    {
      inference: { ...definedOnly(inferenceEnv(env)), ...inferenceFlagSettings(flags) },
      bus: busEnv(env),
      ...definedOnly({
        port: flags.port ?? servicePortFromEnv("inference", env),
        host: envString(env, "HOST"),
      }),
    },
    "inference service configuration",
  );
}

/**
 * `bun run inference`: one worker of the GPU pool. Every worker shares one Key_Shared
 * subscription, so frames spread across workers while each stream stays in order.
 */
export async function runInferenceService(
  config: InferenceServiceConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const topics = topicNames(config.bus.topics);
  const registry = createMetricsRegistry("inference");
  let worker: InferenceWorker | undefined;
  /** Set once connected; /health reads its sessions. */
  let connection: PulsarBus | undefined;
  let model: string | undefined;
  let provider: string | undefined;
  const stat = (key: keyof InferenceWorker["stats"]) => () => (worker?.stats[key] as number | undefined) ?? 0;
  counterFrom(
    registry,
    "streamlens_inference_frames_received_total",
    "Frames taken from the bus",
    stat("received"),
  );
  counterFrom(
    registry,
    "streamlens_inference_frames_processed_total",
    "Frames whose detections were published",
    stat("processed"),
  );
  counterFrom(
    registry,
    "streamlens_inference_frames_dropped_total",
    "Live frames skipped as older than maxFrameAgeMs (sent on as dropped records)",
    stat("droppedOld"),
  );
  counterFrom(
    registry,
    "streamlens_inference_errors_total",
    "Frames rejected (nacked; dead-lettered after the limit)",
    stat("failed"),
  );
  counterFrom(
    registry,
    "streamlens_inference_objects_total",
    "Objects detected, per class",
    () =>
      Object.entries(worker?.stats.objects ?? {}).map(([name, value]) => ({
        labels: { class: name },
        value,
      })),
    ["class"],
  );
  const batchSize = new Histogram({
    name: "streamlens_inference_batch_size",
    help: "Frames per inference batch",
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const inferenceMs = new Histogram({
    name: "streamlens_inference_ms",
    help: "Model time per frame (session.run), ms",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [registry],
  });
  const http = startServiceHttp({
    port: config.port,
    hostname: config.host,
    registry,
    logger,
    // 503 until the worker runs, and while any session to the broker is down.
    health: () => {
      const connected = connection?.connected === true;
      return { ok: worker !== undefined && connected, connected, model, provider, stats: worker?.stats };
    },
  });

  try {
    const bus = await connectPulsar(config.bus, logger, signal);
    connection = bus;
    const backlog = async () =>
      (await bus.admin.topicStats(topics.frames)).subscriptions[config.subscription];
    gaugeFrom(
      registry,
      "streamlens_bus_backlog",
      "Frames waiting for the pool (unacked)",
      async () => (await backlog())?.msgBacklog ?? 0,
    );
    gaugeFrom(
      registry,
      "streamlens_bus_oldest_unacked_seconds",
      "Age of the oldest frame waiting for the pool",
      async () => ((await backlog())?.oldestUnackedAgeMs ?? 0) / 1000,
    );
    await withRetry(() => bus.admin.ensureSubscription(topics.detections, config.sinkSubscription), {
      what: "creating the analytics subscription",
      logger,
      signal,
    });
    const detector = await Detector.load(await resolveModelSpec(config.inference.model), {
      ...config.inference,
      logger,
    });
    model = detector.ref;
    provider = detector.provider;
    worker = new InferenceWorker({
      bus,
      topics,
      detector,
      config: config.inference,
      logger,
      subscription: config.subscription,
      onBatch: (size, ms) => {
        batchSize.observe(size);
        for (let i = 0; i < size; i += 1) inferenceMs.observe(ms);
      },
    });
    await worker.start();
    logger.info({ model, provider, subscription: config.subscription }, "inference worker consuming");
    await worker.run(signal);
    await worker.close();
    await detector.close();
    await bus.close();
  } finally {
    await http.stop();
  }
}
