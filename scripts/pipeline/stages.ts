import { type Database, SnapshotSink, StatsSink } from "@streamlens/analytics";
import type { Detections, InProcessBus, Logger, Topics } from "@streamlens/core";
import type { Detector } from "@streamlens/inference-pool";
import { InferenceWorker } from "@streamlens/inference-pool";
import type { PipelineConfig } from "./config.ts";

type RunnableConfig = Extract<PipelineConfig, { help: false }>;

/**
 * The consuming stages of the embedded pipeline, on the in-process bus: inference, statistics
 * and snapshots, each the class the distributed services run. Subscribed before any frame is
 * produced; `drainAndStop` waits until everything published was handled.
 */
export async function startStages(options: {
  bus: InProcessBus;
  topics: Topics;
  detector: Detector;
  db: Database;
  config: RunnableConfig;
  logger: Logger;
  onDetections?: ((detections: Detections) => void) | undefined;
}) {
  const { bus, topics, detector, db, config, logger } = options;
  const worker = new InferenceWorker({ bus, topics, detector, config: config.inference, logger });
  const sink = new StatsSink({
    bus,
    topics,
    db,
    config: config.analytics,
    logger,
    tally: true,
    ...(options.onDetections ? { onDetections: options.onDetections } : {}),
  });
  const snapshots = new SnapshotSink({
    bus,
    topics,
    db,
    logger,
    maxRedeliveries: config.analytics.maxRedeliveries,
  });
  await Promise.all([worker.start(), sink.start(), snapshots.start()]);
  const stop = {
    worker: new AbortController(),
    sink: new AbortController(),
    snapshots: new AbortController(),
  };
  const running = {
    worker: worker.run(stop.worker.signal),
    sink: sink.run(stop.sink.signal),
    snapshots: snapshots.run(stop.snapshots.signal),
  };

  return {
    worker,
    sink,
    snapshots,
    /** Waits until every frame, detection and snapshot published was handled, then stops. */
    async drainAndStop(drain: boolean) {
      if (drain) {
        await bus.drained(topics.frames);
        await bus.drained(topics.detections);
        await bus.drained(topics.snapshots);
      }
      stop.worker.abort();
      await running.worker;
      stop.sink.abort();
      stop.snapshots.abort();
      await Promise.all([running.sink, running.snapshots]);
      await Promise.all([worker.close(), sink.close(), snapshots.close()]);
    },
  };
}
