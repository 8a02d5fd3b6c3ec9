import { type OpenedDatabase, schema } from "@streamlens/analytics";
import type { Bus, IncomingMessage, Topics } from "@streamlens/core";
import { gt, sql } from "drizzle-orm";

/** Milliseconds after capture, sorted, for the frames of a period. */
export interface Latencies {
  /** Until a reader could see the frame's counts. */
  visible: number[];
  /** Until the broker had the frame. */
  published: number[];
  /** Until the broker had its detections. */
  detected: number[];
  /** Frames published but never seen in the database. */
  missing: number;
  /** Frames the pool skipped for age: in the ledger, but their counts never come. */
  dropped: number;
}

/**
 * Frame capture → its statistics visible to a reader, for every frame. Two observers, both
 * outside the services:
 * - a subscription of its own on the frames topic learns each frame ingest published and its
 *   capture time (`frame_ts`), so a frame that never reaches the database counts as missing
 *   instead of vanishing from the figures;
 * - a reader polls the database. A frame's `processed_frames` row commits in the same
 *   transaction as its `object_stats` and `stat_windows` rows, so the first poll that sees it
 *   is the first moment a reader could see the frame's counts. Its time is the poll's own
 *   statement time (when its snapshot was taken), so the figure errs late by at most one poll.
 */
export class FreshnessProbe {
  /** `stream|seq` → capture time, epoch ms. */
  readonly captured = new Map<string, number>();
  /** `stream|seq` → when the broker accepted the frame (ingest's part done), epoch ms. */
  readonly published = new Map<string, number>();
  /** `stream|seq` → when the broker accepted its detections (the pool's part done), epoch ms. */
  readonly detected = new Map<string, number>();
  /** `stream|seq` → when a reader first saw it, epoch ms. */
  readonly visible = new Map<string, number>();
  /** `stream|seq` of frames the pool skipped for age. */
  readonly dropped = new Set<string>();
  polls = 0;
  /** Model time per frame, summed over detections seen (the pool's own figure). */
  inferenceMs = 0;
  inferred = 0;

  constructor(
    private readonly bus: Bus,
    private readonly topics: Topics,
    private readonly subscription: string,
    private readonly database: OpenedDatabase,
    private readonly pollMs = 200,
  ) {}

  /** Observes until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([
      this.watch(this.topics.frames, signal, (message, key) => {
        const at = Date.parse(message.properties.frame_ts ?? "");
        if (Number.isFinite(at)) this.captured.set(key, at);
        this.published.set(key, message.publishTime);
      }),
      this.watch(this.topics.detections, signal, (message, key) => {
        this.detected.set(key, message.publishTime);
        if (droppedOf(message.payload)) this.dropped.add(key);
        const ms = inferenceMsOf(message.payload);
        if (ms !== undefined) {
          this.inferenceMs += ms;
          this.inferred += 1;
        }
      }),
      this.pollDatabase(signal),
    ]);
  }

  /** Reads a topic through the bench's own subscription (created before ingest started). */
  private async watch(
    topic: string,
    signal: AbortSignal,
    record: (message: IncomingMessage, key: string) => void,
  ) {
    const consumer = await this.bus.subscribe(topic, {
      subscription: this.subscription,
      type: "Exclusive",
      receiverQueueSize: 100,
    });
    while (!signal.aborted) {
      const message = await consumer.receive({ signal, timeoutMs: 1000 });
      if (!message) continue;
      // Frames carry their identity in properties; detections in the key and JSON payload.
      const stream = message.properties.stream_id ?? message.key;
      const seq = message.properties.seq ?? seqOf(message.payload);
      if (stream && seq !== undefined) record(message, `${stream}|${seq}`);
      await consumer.ack(message);
    }
    await consumer.close();
  }

  private async pollDatabase(signal: AbortSignal) {
    const { processedFrames } = schema;
    // processed_at is the writer's transaction start; a transaction may commit well after it,
    // so each poll looks back a margin before the previous poll and skips rows already seen.
    const marginMs = 15_000;
    let cursor = new Date(Date.now() - marginMs);
    while (!signal.aborted) {
      const rows = await this.database.db
        .select({
          streamId: processedFrames.streamId,
          seq: processedFrames.seq,
          at: sql<number>`extract(epoch from statement_timestamp()) * 1000`.mapWith(Number),
        })
        .from(processedFrames)
        .where(gt(processedFrames.processedAt, cursor));
      this.polls += 1;
      const now = Date.now();
      for (const row of rows) {
        const key = `${row.streamId}|${row.seq}`;
        if (!this.visible.has(key)) this.visible.set(key, row.at || now);
      }
      cursor = new Date((rows[0]?.at || now) - marginMs);
      await Bun.sleep(this.pollMs);
    }
  }

  /**
   * Latencies of the frames captured in [fromMs, toMs), and how many of them were never seen
   * in the database.
   */
  latencies(fromMs: number, toMs: number): Latencies {
    const result: Latencies = { visible: [], published: [], detected: [], missing: 0, dropped: 0 };
    for (const [key, at] of this.captured) {
      if (at < fromMs || at >= toMs) continue;
      const seen = this.visible.get(key);
      if (this.dropped.has(key)) result.dropped += 1;
      else if (seen === undefined) result.missing += 1;
      else result.visible.push(seen - at);
      const published = this.published.get(key);
      if (published !== undefined) result.published.push(published - at);
      const detected = this.detected.get(key);
      if (detected !== undefined) result.detected.push(detected - at);
    }
    for (const list of [result.visible, result.published, result.detected]) list.sort((a, b) => a - b);
    return result;
  }

  /** Median latency to visible per `bucketMs` of capture time: whether a lag grows or drains. */
  medians(fromMs: number, toMs: number, bucketMs: number): number[] {
    const medians: number[] = [];
    for (let start = fromMs; start < toMs; start += bucketMs)
      medians.push(
        Math.round(percentile(this.latencies(start, Math.min(toMs, start + bucketMs)).visible, 50)),
      );
    return medians;
  }

  /** Forgets frames captured before `beforeMs` (long runs keep memory flat). */
  forget(beforeMs: number) {
    for (const [key, at] of this.captured) {
      if (at >= beforeMs) continue;
      for (const map of [this.captured, this.published, this.detected, this.visible]) map.delete(key);
      this.dropped.delete(key);
    }
  }
}

/** A number field of a detections message (JSON), without validating the rest. */
function field(payload: Uint8Array, name: "seq" | "inference_ms" | "dropped"): unknown {
  try {
    return (JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}
const numberField = (payload: Uint8Array, name: "seq" | "inference_ms") => {
  const value = field(payload, name);
  return typeof value === "number" ? value : undefined;
};
const droppedOf = (payload: Uint8Array) => field(payload, "dropped") === true;
const seqOf = (payload: Uint8Array) => numberField(payload, "seq")?.toString();
const inferenceMsOf = (payload: Uint8Array) => numberField(payload, "inference_ms");

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
