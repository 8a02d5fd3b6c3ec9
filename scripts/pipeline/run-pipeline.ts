import {
  createAnalyticsStage,
  dbStreamRegistry,
  type OpenedDatabase,
  openDatabase,
  ROLLUPS,
  runRollups,
} from "@streamlens/analytics";
import { type Detections, InProcessBus, type Logger, topicNames, topicsConfigSchema } from "@streamlens/core";
import { createInferenceStage } from "@streamlens/inference-pool";
import { createIngestStage } from "@streamlens/ingest";
import type { PipelineConfig } from "./config.ts";
import { formatProgress, type ProgressSnapshot } from "./progress.ts";
import { buildSummary, type PipelineSummary } from "./summary.ts";

type RunnableConfig = Extract<PipelineConfig, { help: false }>;

export interface PipelineHooks {
  logger: Logger;
  /** Ctrl-C: stop reading sources, finish what was read, write everything, summarise. */
  signal?: AbortSignal;
  onProgress?: (line: string, snapshot: ProgressSnapshot) => void;
  progressEveryMs?: number;
  /**
   * A database opened by the caller (`--serve` keeps serving it after the run), used instead of
   * opening `config.database`, and left open at the end.
   */
  database?: OpenedDatabase;
  /** Every detections message as analytics receives it (tests read the timeline from here). */
  onDetections?: (detections: Detections) => void;
}

/**
 * The embedded pipeline: ingest → in-process bus → inference → in-process bus → analytics →
 * PGlite, composed from the same stage factories the distributed services run. Ends when every
 * source has ended (or failed), or on `--duration` / Ctrl-C; then drains the bus so every frame
 * read is processed and written before the summary.
 */
export async function runPipeline(config: RunnableConfig, hooks: PipelineHooks): Promise<PipelineSummary> {
  const { logger } = hooks;
  const started = performance.now();
  // Small backlog: a file is read only as fast as it is processed, so frames never age out.
  const bus = new InProcessBus({ maxBacklog: 64 });
  const topics = topicNames(topicsConfigSchema.parse({}));
  let database: OpenedDatabase | undefined;
  const stages: Array<{ close(): Promise<void> }> = [];
  try {
    database =
      hooks.database ??
      (await openDatabase(config.database, {
        logger,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      }));
    const db = database.db;
    // The consuming stages subscribe before any frame is produced.
    const inference = await createInferenceStage({ config: config.inference, bus, topics, logger });
    stages.push(inference);
    const analytics = await createAnalyticsStage({
      config: config.analytics,
      db,
      bus,
      topics,
      logger,
      tally: true,
      onDetections: hooks.onDetections,
    });
    stages.push(analytics);
    let firstFrameAt: number | undefined;
    // The command line's sources go into the registry (the API and the site list them), and
    // ingest reports their state and the facts it resolves there.
    const streamRegistry = dbStreamRegistry(db);
    const ingest = await createIngestStage({
      config: config.ingest,
      sources: config.sources,
      bus,
      topics,
      logger,
      pathVar: config.pathVar,
      // The database stays open for the rollups and the summary; the stage must not close it.
      openStreamRegistry: async () => ({ ...streamRegistry, close: async () => {} }),
      onFrame: () => {
        firstFrameAt ??= performance.now();
      },
    });
    stages.push(ingest);
    const { worker } = inference;
    const { sink } = analytics;

    const stop = {
      ingest: new AbortController(),
      inference: new AbortController(),
      analytics: new AbortController(),
    };
    const onAbort = () => stop.ingest.abort();
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = config.durationMs === undefined ? undefined : setTimeout(onAbort, config.durationMs);
    const running = {
      inference: inference.run(stop.inference.signal),
      analytics: analytics.run(stop.analytics.signal),
    };
    /** Waits until every frame, detection and snapshot published was handled, then stops. */
    const drainAndStop = async (drain: boolean) => {
      if (drain) {
        await bus.drained(topics.frames);
        await bus.drained(topics.detections);
        await bus.drained(topics.snapshots);
      }
      stop.inference.abort();
      await running.inference;
      stop.analytics.abort();
      await running.analytics;
    };

    const processingSeconds = () =>
      firstFrameAt === undefined ? 0 : (performance.now() - firstFrameAt) / 1000;
    const snapshot = (): ProgressSnapshot => {
      const all = ingest.statuses();
      const seconds = processingSeconds();
      return {
        streams: { running: all.filter((s) => s.state === "running").length, total: all.length },
        read: all.reduce((n, s) => n + s.framesRead, 0),
        processed: worker.stats.processed,
        dropped: all.reduce((n, s) => n + s.framesDropped, 0) + worker.stats.droppedOld,
        fps: seconds > 0 ? worker.stats.processed / seconds : 0,
        top: Object.entries(sink.tally.detections)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4),
      };
    };
    let processing = 0;
    const progress = hooks.onProgress
      ? setInterval(() => {
          const s = snapshot();
          hooks.onProgress?.(formatProgress(s), s);
        }, hooks.progressEveryMs ?? 250)
      : undefined;

    let drained = false;
    let rollupResults: Awaited<ReturnType<typeof runRollups>> = [];
    try {
      await ingest.run(stop.ingest.signal);
      clearTimeout(timer);
      // Everything read is processed and written before stopping the stages.
      await drainAndStop(true);
      drained = true;
      processing = processingSeconds();
      await analytics.close();
      // With every window written, the rankings and time series are rebuilt once more, over a
      // lookback that ends at the newest data and reaches back to this run's oldest frame
      // (recordings carry their own, often old, capture times).
      const { firstFrameMs } = sink.tally;
      const spanDays =
        firstFrameMs === undefined ? 0 : Math.ceil((Date.now() - firstFrameMs) / 86_400_000) + 1;
      const lookbackDays = Math.min(3650, Math.max(config.analytics.lookbackDays, spanDays));
      rollupResults = await runRollups(db, ROLLUPS, { lookbackDays, anchor: "latest", logger });
    } finally {
      clearTimeout(timer);
      clearInterval(progress);
      hooks.signal?.removeEventListener("abort", onAbort);
      if (!drained) await drainAndStop(false);
    }
    return buildSummary({
      streams: ingest.statuses(),
      inference: worker.stats,
      sink: sink.stats,
      tally: sink.tally,
      model: inference.detector.ref,
      provider: inference.detector.provider,
      seconds: (performance.now() - started) / 1000,
      processingSeconds: processing,
      models: rollupResults,
    });
  } finally {
    for (const stage of stages.reverse()) await stage.close();
    if (!hooks.database) await database?.close();
    await bus.close();
  }
}
