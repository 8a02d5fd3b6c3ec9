import { StreamlensError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { OutgoingMessage, Producer } from "../types.ts";
import { RECONNECT_BACKOFF, ReconnectingSocket } from "./socket.ts";

interface Pending {
  text: string;
  resolve: (id: string) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface PulsarProducerOptions {
  url: string;
  token: string | undefined;
  logger: Logger;
  /** Sends in flight at most; more wait (backpressure), like a client's pending queue. */
  maxPending: number;
  sendTimeoutMs: number;
  diagnose: () => Promise<string>;
}

/**
 * A producer over the broker's WebSocket API. Sends are pipelined and matched to their acks by
 * `context`; an error from the broker rejects that send. Sends not acked when a session drops
 * are sent again on the next one, in order (at least once: consumers are idempotent).
 */
export class PulsarProducer implements Producer {
  private readonly pending = new Map<string, Pending>();
  private readonly room: Array<() => void> = [];
  private nextContext = 0;
  private readonly socket: ReconnectingSocket;
  private closed = false;

  constructor(
    readonly topic: string,
    private readonly options: PulsarProducerOptions,
  ) {
    this.socket = new ReconnectingSocket({
      url: options.url,
      token: options.token,
      name: `producer ${topic}`,
      logger: options.logger,
      pingIntervalMs: 30_000,
      backoff: RECONNECT_BACKOFF,
      diagnose: options.diagnose,
      onOpen: () => {
        for (const entry of this.pending.values()) this.socket.send(entry.text);
      },
      onMessage: (text) => this.onAck(text),
      onDown: () => {},
    });
  }

  /** Whether the session to the broker is open now (health checks read it). */
  get connected(): boolean {
    return this.socket.isOpen;
  }

  async send(message: OutgoingMessage): Promise<string> {
    if (this.closed) throw new StreamlensError("bus-closed", `producer for ${this.topic} is closed`);
    while (this.pending.size >= this.options.maxPending)
      await new Promise<void>((resolve) => this.room.push(resolve));
    const context = String(++this.nextContext);
    const text = JSON.stringify({
      payload: Buffer.from(
        message.payload.buffer,
        message.payload.byteOffset,
        message.payload.byteLength,
      ).toString("base64"),
      ...(message.key === undefined ? {} : { key: message.key }),
      ...(message.properties ? { properties: message.properties } : {}),
      ...(message.eventTime === undefined ? {} : { eventTime: new Date(message.eventTime).toISOString() }),
      context,
    });
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(context);
        reject(
          new StreamlensError(
            "send-timeout",
            `no ack from the broker for a message to ${this.topic} in ${this.options.sendTimeoutMs} ms`,
            {
              retryable: true,
            },
          ),
        );
      }, this.options.sendTimeoutMs);
      this.pending.set(context, { text, resolve, reject, timer });
      this.socket.send(text);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // In-flight sends get a moment to be acked before the session goes.
    const deadline = Date.now() + 5000;
    while (this.pending.size > 0 && Date.now() < deadline) await Bun.sleep(20);
    for (const [context, entry] of this.pending) {
      this.settle(context);
      entry.reject(
        new StreamlensError("bus-closed", `producer for ${this.topic} closed before the broker acked`),
      );
    }
    this.socket.close();
  }

  private onAck(text: string) {
    let ack: { result?: string; messageId?: string; context?: string; errorMsg?: string };
    try {
      ack = JSON.parse(text);
    } catch {
      this.options.logger.warn(
        { topic: this.topic, text: text.slice(0, 200) },
        "unreadable answer from the broker",
      );
      return;
    }
    const entry = ack.context === undefined ? undefined : this.pending.get(ack.context);
    if (!entry || ack.context === undefined) return;
    this.settle(ack.context);
    if (ack.result === "ok" && ack.messageId) entry.resolve(ack.messageId);
    else {
      entry.reject(
        new StreamlensError(
          "send-failed",
          `the broker refused a message to ${this.topic}: ${ack.result} ${ack.errorMsg ?? ""}`.trim(),
          {
            retryable: true,
          },
        ),
      );
    }
  }

  private settle(context: string) {
    const entry = this.pending.get(context);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(context);
    this.room.shift()?.();
  }
}
