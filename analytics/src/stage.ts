import type { Bus, Detections, Logger, MetricsRegistry, Topics } from "@streamlens/core";
import type { Database } from "./db/database.ts";
import { scheduleRollups } from "./rollups/schedule.ts";
import type { AnalyticsConfig } from "./settings.ts";
import { SnapshotSink } from "./snapshot-sink.ts";
import { registerAnalyticsMetrics } from "./stage-metrics.ts";
import { StatsSink } from "./stats-sink.ts";

export interface AnalyticsStageOptions {
  config: AnalyticsConfig;
  db: Database;
  bus: Bus;
  topics: Topics;
  logger: Logger;
  /** Where its counters go (/metrics of the service). */
  metrics?: MetricsRegistry;
  /** Keep a tally of the run for a summary (the pipeline's). */
  tally?: boolean;
  /** Every detections message as it is received (tests read the timeline from here). */
  onDetections?: ((detections: Detections) => void) | undefined;
}

export type AnalyticsStage = Awaited<ReturnType<typeof createAnalyticsStage>>;

/**
 * The analytics stage: detections into window statistics (idempotently), snapshots into
 * stream_snapshots, and the SQL rollups rebuilt on a timer. Subscribed when this resolves. The
 * same stage runs in the analytics service and in the embedded pipeline.
 */
export async function createAnalyticsStage(options: AnalyticsStageOptions) {
  const { config, db, bus, topics, logger } = options;
  const sink = new StatsSink({
    bus,
    topics,
    db,
    config,
    logger,
    ...(options.tally ? { tally: true } : {}),
    ...(options.onDetections ? { onDetections: options.onDetections } : {}),
  });
  const snapshots = new SnapshotSink({ bus, topics, db, logger, maxRedeliveries: config.maxRedeliveries });
  await Promise.all([sink.start(), snapshots.start()]);
  const rollups = scheduleRollups(
    db,
    config.rollupIntervalMs,
    { lookbackDays: config.lookbackDays, anchor: "latest" },
    logger,
  );
  if (options.metrics) registerAnalyticsMetrics(options.metrics, sink.stats);
  let closed: Promise<void> | undefined;
  return {
    sink,
    snapshots,
    health: () => ({ ok: true, stats: sink.stats }),
    async run(signal: AbortSignal): Promise<void> {
      await Promise.all([sink.run(signal), snapshots.run(signal)]);
    },
    /**
     * Writes what it holds, acks it, and stops the rollup timer (waiting for a rebuild in
     * progress). Once: the pipeline closes it before its last rebuild, and again on the way out.
     */
    close(): Promise<void> {
      closed ??= (async () => {
        await Promise.all([sink.close(), snapshots.close()]);
        await rollups.stop();
      })();
      return closed;
    },
  };
}
