import {
  dbStreamRegistry,
  type OpenedDatabase,
  openDatabase,
  registerStream,
  runModels,
  SQL_MODELS,
  scheduleModels,
} from "@streamlens/analytics";
import {
  COMMAND_LINE_SOURCE_POLICY,
  type Detections,
  describeError,
  encodeFrame,
  InProcessBus,
  type Logger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { Detector, resolveModelSpec } from "@streamlens/inference-pool";
import { Ingest, parseSources, RegistryReporter, type StreamStatus } from "@streamlens/ingest";
import type { PipelineConfig } from "./config.ts";
import { formatProgress, type ProgressSnapshot } from "./progress.ts";
import { startStages } from "./stages.ts";
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

/** A source that cannot even be parsed fails on its own; the others still run. */
function failedAtParse(input: string, error: unknown): StreamStatus {
  const code = (error as { code?: string }).code ?? "invalid-source";
  return {
    id: input,
    kind: "file",
    source: input,
    state: "failed",
    live: undefined,
    restarts: 0,
    framesRead: 0,
    framesDropped: 0,
    lastFrameAt: undefined,
    lastError: { code, message: describeError(error), at: new Date().toISOString() },
    info: undefined,
  };
}

/**
 * The embedded pipeline: ingest → in-process bus → inference → in-process bus → analytics →
 * PGlite, with the same stage classes the distributed services run. Ends when every source has
 * ended (or failed), or on `--duration` / Ctrl-C; then drains the bus so every frame read is
 * processed and written before the summary.
 */
export async function runPipeline(config: RunnableConfig, hooks: PipelineHooks): Promise<PipelineSummary> {
  const { logger } = hooks;
  const started = performance.now();
  const parsed = parseSources(config.sources);
  const { refs } = parsed;
  const rejected = parsed.rejected.map(({ input, error }) => {
    logger.error({ source: input, error: describeError(error) }, "source rejected");
    return failedAtParse(input, error);
  });

  // Small backlog: a file is read only as fast as it is processed, so frames never age out.
  const bus = new InProcessBus({ maxBacklog: 64 });
  const topics = topicNames(topicsConfigSchema.parse({}));
  let database: OpenedDatabase | undefined;
  let detector: Detector | undefined;
  try {
    database =
      hooks.database ??
      (await openDatabase(config.database, {
        logger,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      }));
    detector = await Detector.load(await resolveModelSpec(config.inference.model), {
      modelsDirs: config.inference.modelsDirs,
      provider: config.inference.provider,
      intraOpThreads: config.inference.intraOpThreads,
      maxBatch: config.inference.maxBatch,
      scoreThreshold: config.inference.scoreThreshold,
      iouThreshold: config.inference.iouThreshold,
      logger,
    });
    const db = database.db;
    const stages = await startStages({
      bus,
      topics,
      detector,
      db,
      config,
      logger,
      onDetections: hooks.onDetections,
    });
    const { worker, sink } = stages;
    // The command line's sources go into the registry (the API and the site list them), and
    // ingest reports their state and the facts it resolves there.
    const registry = dbStreamRegistry(db);
    for (const ref of refs)
      await registerStream(
        db,
        { source: ref.location, id: ref.id, active: true },
        COMMAND_LINE_SOURCE_POLICY,
      );
    const models = scheduleModels(
      db,
      config.analytics.modelsIntervalMs,
      { lookbackDays: config.analytics.lookbackDays, anchor: "latest" },
      logger,
    );

    const frames = await bus.createProducer(topics.frames);
    let firstFrameAt: number | undefined;
    let reporter: RegistryReporter | undefined;
    const ingest = new Ingest({
      config: config.ingest,
      logger,
      pathVar: config.pathVar,
      emit: async (frame) => {
        firstFrameAt ??= performance.now();
        await frames.send(encodeFrame(frame));
      },
      onStatus: (status) => reporter?.onStatus(status),
    });
    reporter = new RegistryReporter(registry, () => ingest.statuses(), logger);
    const stopIngest = new AbortController();
    const onAbort = () => stopIngest.abort();
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = config.durationMs === undefined ? undefined : setTimeout(onAbort, config.durationMs);
    for (const ref of refs) ingest.start(ref, stopIngest.signal);

    const statuses = () => [...rejected, ...ingest.statuses()];
    const processingSeconds = () =>
      firstFrameAt === undefined ? 0 : (performance.now() - firstFrameAt) / 1000;
    const snapshot = (): ProgressSnapshot => {
      const all = statuses();
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
    let modelResults: Awaited<ReturnType<typeof runModels>> = [];
    try {
      await ingest.settled();
      clearTimeout(timer);
      // Everything read is processed and written before stopping the stages.
      await stages.drainAndStop(true);
      drained = true;
      processing = processingSeconds();
      await models.stop();
      // With every window written, the rankings and time series are rebuilt once more, over a
      // lookback that ends at the newest data and reaches back to this run's oldest frame
      // (recordings carry their own, often old, capture times).
      const { firstFrameMs } = sink.tally;
      const spanDays =
        firstFrameMs === undefined ? 0 : Math.ceil((Date.now() - firstFrameMs) / 86_400_000) + 1;
      const lookbackDays = Math.min(3650, Math.max(config.analytics.lookbackDays, spanDays));
      modelResults = await runModels(db, SQL_MODELS, { lookbackDays, anchor: "latest", logger });
    } finally {
      clearInterval(progress);
      hooks.signal?.removeEventListener("abort", onAbort);
      if (!drained) await stages.drainAndStop(false);
      await models.stop();
      await reporter.close();
      await frames.close();
    }
    return buildSummary({
      streams: statuses(),
      inference: worker.stats,
      sink: sink.stats,
      tally: sink.tally,
      model: detector.ref,
      seconds: (performance.now() - started) / 1000,
      processingSeconds: processing,
      models: modelResults,
    });
  } finally {
    await detector?.close();
    if (!hooks.database) await database?.close();
    await bus.close();
  }
}
