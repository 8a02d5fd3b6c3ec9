import {
  type Bus,
  type Consumer,
  type Detections,
  decodeDetections,
  describeError,
  type IncomingMessage,
  type Logger,
  type Topics,
  withRetry,
} from "@streamlens/core";
import type { Database } from "./db/database.ts";
import { writeFrameCounts } from "./db/write-frame-counts.ts";
import type { AnalyticsConfig } from "./settings.ts";
import { DistinctWindows } from "./windows/distinct-windows.ts";
import { type FrameCounts, toFrameCounts } from "./windows/frame-counts.ts";

export interface SinkStats {
  received: number;
  /** Frames added to the statistics. */
  counted: number;
  /** Frames already counted before (redeliveries, replays): changed nothing. */
  duplicates: number;
  failed: number;
  flushes: number;
  /** Distinct (stream, window, model) that frames fell into since start (new or replayed). */
  windows: number;
}

/** What one run saw, deduplicated by frame: the pipeline's summary. */
export interface RunTally {
  frames: number;
  detections: Record<string, number>;
  framesWith: Record<string, number>;
  /** Frame times of the earliest and latest frame, epoch ms. */
  firstFrameMs: number | undefined;
  lastFrameMs: number | undefined;
}

export interface StatsSinkOptions {
  bus: Bus;
  topics: Topics;
  db: Database;
  config: AnalyticsConfig;
  logger: Logger;
  subscription?: string;
  /** Keep a per-run tally (memory grows with frames: for bounded runs such as the pipeline). */
  tally?: boolean;
  onDetections?: (detections: Detections) => void;
}

/**
 * Detections in, window statistics out. Buffers for up to flushIntervalMs (or maxPending
 * frames), writes them in one transaction, then acks: a crash before the ack means a
 * redelivery, which the ledger turns into a no-op.
 */
export class StatsSink {
  readonly stats: SinkStats = { received: 0, counted: 0, duplicates: 0, failed: 0, flushes: 0, windows: 0 };
  readonly tally: RunTally = {
    frames: 0,
    detections: {},
    framesWith: {},
    firstFrameMs: undefined,
    lastFrameMs: undefined,
  };
  /** Frames tallied, for deduplication: only with `tally` (bounded runs). */
  private readonly seen = new Set<string>();
  private readonly windows = new DistinctWindows();
  private consumer: Consumer | undefined;
  private pending: Array<{ message: IncomingMessage; counts: FrameCounts }> = [];
  private readonly log: Logger;

  constructor(private readonly options: StatsSinkOptions) {
    this.log = options.logger.child({ part: "analytics" });
  }

  async start(): Promise<void> {
    this.consumer = await this.options.bus.subscribe(this.options.topics.detections, {
      subscription: this.options.subscription ?? "analytics",
      type: "Key_Shared",
      receiverQueueSize: Math.min(this.options.config.maxPending, 1000),
      negativeAckRedeliveryDelayMs: 500,
      deadLetter: { maxRedeliveries: this.options.config.maxRedeliveries },
    });
  }

  /** Runs until `signal` aborts, then writes what is pending and returns. */
  async run(signal: AbortSignal): Promise<void> {
    if (!this.consumer) await this.start();
    const consumer = this.consumer as Consumer;
    const { flushIntervalMs, maxPending } = this.options.config;
    let firstPendingAt = 0;
    while (!signal.aborted) {
      const wait =
        this.pending.length > 0
          ? Math.max(0, firstPendingAt + flushIntervalMs - Date.now())
          : flushIntervalMs;
      const message = await consumer.receive({ timeoutMs: wait, signal });
      if (message) {
        if (this.pending.length === 0) firstPendingAt = Date.now();
        this.accept(consumer, message);
      }
      const due = this.pending.length > 0 && Date.now() - firstPendingAt >= flushIntervalMs;
      if (this.pending.length >= maxPending || due) await this.flushWithRetry(signal);
    }
    await this.flushWithRetry(undefined);
  }

  async close(): Promise<void> {
    await this.consumer?.close();
  }

  private accept(consumer: Consumer, message: IncomingMessage) {
    this.stats.received += 1;
    let detections: Detections;
    try {
      detections = decodeDetections(message);
    } catch (error) {
      this.stats.failed += 1;
      this.log.warn(
        { id: message.id, redelivery: message.redeliveryCount, error: describeError(error) },
        "detections rejected",
      );
      consumer.nack(message);
      return;
    }
    this.options.onDetections?.(detections);
    if (this.options.tally) this.count(detections);
    this.pending.push({
      message,
      counts: toFrameCounts(detections, this.options.config.windowSeconds * 1000),
    });
  }

  private count(detections: Detections) {
    const key = `${detections.stream_id}|${detections.model}|${detections.seq}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // A dropped frame was not watched: the worker's own counters report it.
    if (detections.dropped) return;
    this.tally.frames += 1;
    const at = Date.parse(detections.frame_ts);
    this.tally.firstFrameMs = Math.min(this.tally.firstFrameMs ?? at, at);
    this.tally.lastFrameMs = Math.max(this.tally.lastFrameMs ?? at, at);
    const classes = new Set<string>();
    for (const o of detections.objects) {
      this.tally.detections[o.class] = (this.tally.detections[o.class] ?? 0) + 1;
      classes.add(o.class);
    }
    for (const name of classes) this.tally.framesWith[name] = (this.tally.framesWith[name] ?? 0) + 1;
  }

  /** Writes pending frames; while the database is down, retries with backoff and holds the acks. */
  private async flushWithRetry(signal: AbortSignal | undefined) {
    if (this.pending.length === 0) return;
    await withRetry(() => this.flush(), {
      what: "writing statistics",
      logger: this.log,
      level: "error",
      backoff: { initialMs: 200, maxMs: 10_000, jitter: 0.2 },
      // Once stopping, a few more tries (with their full waits) before the frames are given up.
      retryIf: (_error, attempt) => !(signal?.aborted && attempt >= 5),
      details: () => ({ pending: this.pending.length }),
    });
  }

  private async flush() {
    const batch = this.pending;
    const result = await writeFrameCounts(
      this.options.db,
      batch.map((p) => p.counts),
      this.options.config.windowSeconds,
    );
    this.pending = [];
    this.stats.flushes += 1;
    this.stats.counted += result.counted;
    this.stats.duplicates += result.duplicates;
    for (const { counts } of batch) this.windows.add(counts.streamId, counts.model, counts.windowStartMs);
    this.stats.windows = this.windows.count;
    const consumer = this.consumer as Consumer;
    for (const { message } of batch) await consumer.ack(message);
  }
}
