import type { Bus, Logger, MetricsRegistry, Topics } from "@streamlens/core";
import { Detector } from "./detector.ts";
import { resolveModelSpec } from "./models/resolve-spec.ts";
import type { InferenceConfig } from "./settings.ts";
import { registerInferenceMetrics } from "./stage-metrics.ts";
import { InferenceWorker } from "./worker.ts";

export interface InferenceStageOptions {
  config: InferenceConfig;
  bus: Bus;
  topics: Topics;
  logger: Logger;
  /** Where its counters and histograms go (/metrics of the service). */
  metrics?: MetricsRegistry;
}

export type InferenceStage = Awaited<ReturnType<typeof createInferenceStage>>;

/**
 * The inference stage: loads the detector its settings name, and runs a worker that takes
 * frames from the bus and publishes their detections (and snapshots). Subscribed when this
 * resolves. The same stage runs in a worker of the pool and in the embedded pipeline.
 */
export async function createInferenceStage(options: InferenceStageOptions) {
  const { config, bus, topics, logger } = options;
  const detector = await Detector.load(await resolveModelSpec(config.model), { ...config, logger });
  try {
    let observeBatch: ((size: number, msPerFrame: number) => void) | undefined;
    const worker = new InferenceWorker({
      bus,
      topics,
      detector,
      config,
      logger,
      onBatch: (size, msPerFrame) => observeBatch?.(size, msPerFrame),
    });
    if (options.metrics) observeBatch = registerInferenceMetrics(options.metrics, worker.stats, detector);
    await worker.start();
    return {
      worker,
      detector,
      health: () => ({
        ok: true,
        model: detector.ref,
        provider: detector.provider,
        sessions: detector.sessions,
        stats: worker.stats,
      }),
      /** Runs until `signal` aborts; the batch in hand is finished and acked first. */
      run: (signal: AbortSignal) => worker.run(signal),
      async close(): Promise<void> {
        await worker.close();
        await detector.close();
      },
    };
  } catch (error) {
    await detector.close();
    throw error;
  }
}
