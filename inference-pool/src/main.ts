// `bun run inference`: a worker of the inference pool, composed here. Consumes frames from Pulsar
// (PULSAR_URL), publishes detections. Serves /health and /metrics; SIGTERM finishes the batch in
// hand and stops. Every worker shares one Key_Shared subscription, so frames spread across
// workers while each stream stays in order.
import { gaugeFrom, SUBSCRIPTIONS, serviceMain, servicePort, withRetry } from "@streamlens/core";
import { inferenceSettings } from "./settings.ts";
import { createInferenceStage } from "./stage.ts";

await serviceMain({
  name: "inference",
  port: servicePort("inference"),
  about: "A worker of the inference pool: frames from Pulsar (PULSAR_URL) in, detections out.",
  settings: { inference: inferenceSettings },
  argv: Bun.argv.slice(2),
  env: process.env,
  async start({ config, bus, topics, logger, metrics, signal }) {
    const backlog = async () =>
      (await bus.admin.topicStats(topics.frames)).subscriptions[SUBSCRIPTIONS.inference];
    gaugeFrom(
      metrics,
      "streamlens_bus_backlog",
      "Frames waiting for the pool (unacked)",
      async () => (await backlog())?.msgBacklog ?? 0,
    );
    gaugeFrom(
      metrics,
      "streamlens_bus_oldest_unacked_seconds",
      "Age of the oldest frame waiting for the pool",
      async () => ((await backlog())?.oldestUnackedAgeMs ?? 0) / 1000,
    );
    // Created up front, so no detection is lost before analytics subscribes.
    await withRetry(() => bus.admin.ensureSubscription(topics.detections, SUBSCRIPTIONS.analytics), {
      what: "creating the analytics subscription",
      logger,
      signal,
    });
    const stage = await createInferenceStage({ config: config.inference, bus, topics, logger, metrics });
    logger.info(
      { model: stage.detector.ref, provider: stage.detector.provider, subscription: SUBSCRIPTIONS.inference },
      "inference worker consuming",
    );
    return stage;
  },
});
