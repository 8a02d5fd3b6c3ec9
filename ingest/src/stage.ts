import {
  type Bus,
  describeError,
  encodeFrame,
  type Frame,
  type Logger,
  type MetricsRegistry,
  REGISTERED_SOURCE_POLICY,
  type SourcePolicy,
  type Topics,
} from "@streamlens/core";
import { Ingest } from "./ingest.ts";
import type { IngestConfig } from "./settings.ts";
import { parseSources } from "./sources/source-ref.ts";
import { registerIngestMetrics } from "./stage-metrics.ts";
import { followRegistry, RegistryReporter, type StreamRegistry } from "./stream-registry.ts";
import type { StreamStatus } from "./stream-runner.ts";

/** A stream registry the stage opened (over a database), closed when the stage is done with it. */
export interface OpenedStreamRegistry extends StreamRegistry {
  /** Where it is, for logs (credentials removed). */
  where?: string;
  close(): Promise<void>;
}

export interface IngestStageOptions {
  config: IngestConfig;
  /** Sources to run; with none (and a registry), the streams registered there. */
  sources: string[];
  bus: Bus;
  topics: Topics;
  logger: Logger;
  /** Where its counters go (/metrics of the service). */
  metrics?: MetricsRegistry;
  /** PATH, where the tools (ffmpeg, yt-dlp) are looked for. */
  pathVar?: string | undefined;
  /** Opens the stream registry; without one the sources run unregistered. */
  openStreamRegistry?: ((signal: AbortSignal) => Promise<OpenedStreamRegistry>) | undefined;
  /** How often the registry is read when following it. */
  registryPollMs?: number;
  /** What registered streams may reach (the command line's own sources may reach anything). */
  policy?: SourcePolicy;
  /** Waits before each frame of a recording while the consumers are behind. */
  waitForRoom?: (signal: AbortSignal) => Promise<void>;
  /** Each frame as it goes to the bus (the pipeline times its run from the first). */
  onFrame?: (frame: Frame) => void;
}

export type IngestStage = Awaited<ReturnType<typeof createIngestStage>>;

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
 * The ingest stage: samples its sources (or the registry's streams) and publishes the frames on
 * the bus's frames topic; reports each stream's state and facts to the registry when it has one.
 * The same stage runs in the ingest service and in the embedded pipeline.
 */
export async function createIngestStage(options: IngestStageOptions) {
  const { config, logger } = options;
  const producer = await options.bus.createProducer(options.topics.frames);
  const sends = { sent: 0, errors: 0 };
  let reporter: RegistryReporter | undefined;
  let runSignal = new AbortController().signal;
  const ingest = new Ingest({
    config,
    logger,
    pathVar: options.pathVar,
    onStatus: (status) => reporter?.onStatus(status),
    emit: async (frame, source) => {
      if (!source.live) await options.waitForRoom?.(runSignal);
      options.onFrame?.(frame);
      try {
        await producer.send(encodeFrame(frame));
        sends.sent += 1;
      } catch (error) {
        sends.errors += 1;
        throw error;
      }
    },
  });
  const { refs, rejected } = parseSources(options.sources);
  const unparsed = rejected.map(({ input, error }) => {
    logger.error({ source: input, error: describeError(error) }, "source rejected");
    return failedAtParse(input, error);
  });
  const statuses = () => [...unparsed, ...ingest.statuses()];
  if (options.metrics) registerIngestMetrics(options.metrics, statuses, sends);

  return {
    ingest,
    statuses,
    health: () => ({ ok: true, streams: statuses().map(({ info, ...s }) => s) }),
    /** Runs until every source has ended (or failed), or until `signal` aborts. */
    async run(signal: AbortSignal): Promise<void> {
      runSignal = signal;
      const streamRegistry = await options.openStreamRegistry?.(signal);
      if (streamRegistry) reporter = new RegistryReporter(streamRegistry, () => ingest.statuses(), logger);
      try {
        if (options.sources.length === 0 && streamRegistry) {
          logger.info(
            { database: streamRegistry.where, pollMs: options.registryPollMs },
            "following the stream registry",
          );
          await followRegistry(streamRegistry, ingest, {
            ...(options.registryPollMs === undefined ? {} : { intervalMs: options.registryPollMs }),
            signal,
            logger,
            policy: options.policy ?? REGISTERED_SOURCE_POLICY,
          });
          return;
        }
        // The command line's sources go into the registry (the API and the site list them).
        for (const ref of refs) await streamRegistry?.register({ id: ref.id, source: ref.location });
        for (const ref of refs) ingest.start(ref, signal);
        const final = await ingest.settled();
        logger.info(
          { streams: final.map((s) => ({ id: s.id, state: s.state, frames: s.framesRead })) },
          "all sources done",
        );
      } finally {
        await reporter?.close();
        await streamRegistry?.close();
      }
    },
    close: () => producer.close(),
  };
}
