/**
 * The message bus between the stages. Two adapters implement it with the same semantics:
 * `in-process` (embedded default, unit tests) and `pulsar-ws` (Apache Pulsar's WebSocket API).
 * The semantics are Pulsar's, as far as the stages use them: subscriptions with a type,
 * per-consumer receive queues, ack / negative ack, and dead-letter topics after bounded
 * redeliveries.
 */

export type SubscriptionType = "Exclusive" | "Shared" | "Key_Shared";

export interface OutgoingMessage {
  /** Routing key: Key_Shared keeps each key's messages in order on one consumer. */
  key?: string;
  payload: Uint8Array;
  properties?: Record<string, string>;
  /** Event time in epoch ms, when it differs from publish time. */
  eventTime?: number;
}

export interface IncomingMessage {
  /** Opaque id, unique within the topic. */
  readonly id: string;
  readonly topic: string;
  readonly key: string | undefined;
  readonly payload: Uint8Array;
  readonly properties: Readonly<Record<string, string>>;
  /** When the broker accepted the message, epoch ms; the basis of a frame's age. */
  readonly publishTime: number;
  readonly eventTime: number | undefined;
  /** How many times this message was delivered before (0 on first delivery). */
  readonly redeliveryCount: number;
}

export interface Producer {
  readonly topic: string;
  /** Resolves with the message id once the bus has accepted the message; rejects on failure. */
  send(message: OutgoingMessage): Promise<string>;
  close(): Promise<void>;
}

export interface DeadLetterPolicy {
  /** Deliveries after the first before a message goes to the dead-letter topic. */
  maxRedeliveries: number;
  /** Defaults to Pulsar's `<topic>-<subscription>-DLQ`. */
  topic?: string;
}

export interface ConsumerOptions {
  subscription: string;
  type: SubscriptionType;
  /** Messages the bus may push ahead of `receive()` calls (permits). */
  receiverQueueSize?: number;
  /** Delay before a negatively acknowledged message is redelivered. */
  negativeAckRedeliveryDelayMs?: number;
  deadLetter?: DeadLetterPolicy;
}

export interface ReceiveOptions {
  signal?: AbortSignal;
  /** Give up after this long and resolve `undefined`. */
  timeoutMs?: number;
}

export interface Consumer {
  readonly topic: string;
  readonly subscription: string;
  /** The next message, or `undefined` when the consumer closed, the signal aborted or the wait timed out. */
  receive(options?: ReceiveOptions): Promise<IncomingMessage | undefined>;
  ack(message: IncomingMessage): Promise<void>;
  /** Ask for redelivery (after the negative-ack delay), counting towards the dead-letter limit. */
  nack(message: IncomingMessage): void;
  close(): Promise<void>;
}

export interface Bus {
  readonly kind: "in-process" | "pulsar";
  createProducer(topic: string): Promise<Producer>;
  subscribe(topic: string, options: ConsumerOptions): Promise<Consumer>;
  close(): Promise<void>;
}
