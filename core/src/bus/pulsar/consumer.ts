import type { Logger } from "../../logger.ts";
import { ReceiveQueue } from "../receive-queue.ts";
import type { Consumer, IncomingMessage, ReceiveOptions } from "../types.ts";
import { RECONNECT_BACKOFF, ReconnectingSocket } from "./socket.ts";

interface Delivered {
  messageId?: string;
  payload?: string;
  properties?: Record<string, string>;
  publishTime?: string;
  eventTime?: string;
  redeliveryCount?: number;
  key?: string;
}

export interface PulsarConsumerOptions {
  url: string;
  token: string | undefined;
  logger: Logger;
  diagnose: () => Promise<string>;
}

/**
 * A consumer over the broker's WebSocket API. The broker pushes at most `receiverQueueSize`
 * unacked messages (the session's permits); acks and nacks go back on the same session. When a
 * session drops, messages not yet handed out are forgotten (the broker redelivers them), and
 * acks that could not be sent go out on the next session.
 */
export class PulsarConsumer implements Consumer {
  private readonly inbox = new ReceiveQueue();
  private readonly unsentAcks: string[] = [];
  private readonly socket: ReconnectingSocket;
  private closed = false;

  constructor(
    readonly topic: string,
    readonly subscription: string,
    options: PulsarConsumerOptions,
  ) {
    this.socket = new ReconnectingSocket({
      url: options.url,
      token: options.token,
      name: `consumer ${topic} [${subscription}]`,
      logger: options.logger,
      pingIntervalMs: 30_000,
      backoff: RECONNECT_BACKOFF,
      diagnose: options.diagnose,
      onOpen: () => {
        for (const id of this.unsentAcks.splice(0)) this.socket.send(JSON.stringify({ messageId: id }));
      },
      onMessage: (text) => this.onMessage(text),
      onDown: () => {
        this.inbox.drain();
      },
    });
  }

  /** Whether the session to the broker is open now (health checks read it). */
  get connected(): boolean {
    return this.socket.isOpen;
  }

  /** Resolves once the subscription is live on the broker (messages are kept from then on). */
  ready(): Promise<void> {
    return this.socket.whenOpen();
  }

  async receive(options: ReceiveOptions = {}): Promise<IncomingMessage | undefined> {
    if (this.closed || options.signal?.aborted) return undefined;
    return this.inbox.poll() ?? this.inbox.wait(options);
  }

  async ack(message: IncomingMessage): Promise<void> {
    if (!this.socket.send(JSON.stringify({ messageId: message.id }))) this.unsentAcks.push(message.id);
  }

  nack(message: IncomingMessage): void {
    // Without a session there is nothing to nack: the broker redelivers on the next one anyway.
    this.socket.send(JSON.stringify({ type: "negativeAcknowledge", messageId: message.id }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox.release();
    this.socket.close();
  }

  private onMessage(text: string) {
    let data: Delivered;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    if (!data.messageId || data.payload === undefined) return;
    const message: IncomingMessage = {
      id: data.messageId,
      topic: this.topic,
      key: data.key,
      payload: new Uint8Array(Buffer.from(data.payload, "base64")),
      properties: data.properties ?? {},
      publishTime: data.publishTime ? Date.parse(data.publishTime) : Date.now(),
      eventTime: data.eventTime ? Date.parse(data.eventTime) : undefined,
      redeliveryCount: data.redeliveryCount ?? 0,
    };
    this.inbox.offer(message);
  }
}
