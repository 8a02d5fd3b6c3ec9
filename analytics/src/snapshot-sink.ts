import {
  type Bus,
  type Consumer,
  decodeSnapshot,
  describeError,
  type IncomingMessage,
  type Logger,
  type Topics,
} from "@streamlens/core";
import type { Database } from "./db/database.ts";
import { saveSnapshot } from "./db/snapshots.ts";
import { makeThumbnail } from "./thumbnail.ts";

/**
 * Keeps the latest annotated frame per stream: each snapshot replaces the stored one only when
 * it is newer (redeliveries and out-of-order arrivals never roll it back).
 */
export class SnapshotSink {
  readonly stats = { received: 0, stored: 0, failed: 0 };
  private consumer: Consumer | undefined;
  private readonly log: Logger;

  constructor(
    private readonly options: {
      bus: Bus;
      topics: Topics;
      db: Database;
      logger: Logger;
      maxRedeliveries: number;
      subscription?: string;
    },
  ) {
    this.log = options.logger.child({ part: "snapshots" });
  }

  async start(): Promise<void> {
    this.consumer = await this.options.bus.subscribe(this.options.topics.snapshots, {
      subscription: this.options.subscription ?? "snapshots",
      type: "Key_Shared",
      receiverQueueSize: 8,
      negativeAckRedeliveryDelayMs: 500,
      deadLetter: { maxRedeliveries: this.options.maxRedeliveries },
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!this.consumer) await this.start();
    const consumer = this.consumer as Consumer;
    for (;;) {
      const message = await consumer.receive({ signal });
      if (!message) return;
      await this.store(consumer, message);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.close();
  }

  private async store(consumer: Consumer, message: IncomingMessage) {
    this.stats.received += 1;
    let snapshot: ReturnType<typeof decodeSnapshot>;
    try {
      snapshot = decodeSnapshot(message);
    } catch (error) {
      this.stats.failed += 1;
      this.log.warn({ id: message.id, error: describeError(error) }, "snapshot rejected");
      consumer.nack(message);
      return;
    }
    // A frame sharp cannot read still counts as a snapshot; lists fall back to the full frame.
    const thumbnail = await makeThumbnail(snapshot.jpeg).catch((error) => {
      this.log.warn(
        { stream: snapshot.stream_id, error: describeError(error) },
        "no thumbnail for a snapshot",
      );
      return undefined;
    });
    try {
      await saveSnapshot(this.options.db, snapshot, thumbnail);
      this.stats.stored += 1;
      await consumer.ack(message);
    } catch (error) {
      this.log.error({ error: describeError(error) }, "storing a snapshot failed");
      consumer.nack(message);
    }
  }
}
