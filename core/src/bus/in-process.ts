import { deadLetterTopic } from "../contracts/topics.ts";
import { StreamlensError } from "../errors.ts";
import { keyHash } from "./key-hash.ts";
import { ReceiveQueue } from "./receive-queue.ts";
import type {
  Bus,
  Consumer,
  ConsumerOptions,
  IncomingMessage,
  OutgoingMessage,
  Producer,
  ReceiveOptions,
  SubscriptionType,
} from "./types.ts";

export interface InProcessBusOptions {
  /**
   * Most messages a subscription may hold unacked before producers wait (backpressure, like a
   * Pulsar backlog quota with `producer_request_hold`). Keeps a fast file reader from
   * buffering a whole video in memory.
   */
  maxBacklog?: number;
}

export interface SubscriptionStats {
  /** Messages not yet acked: waiting, in receive queues, or received and in work. */
  backlog: number;
}

const DEFAULTS = {
  receiverQueueSize: 16,
  negativeAckRedeliveryDelayMs: 1000,
};

interface Entry {
  seq: number;
  message: IncomingMessage;
}

/**
 * The embedded bus: Pulsar's subscription semantics in one process, for single-machine runs
 * and tests. As on a Pulsar topic without retention, a message published while a topic has no
 * subscription is not kept, so consumers subscribe before producers start.
 */
export class InProcessBus implements Bus {
  readonly kind = "in-process" as const;
  private readonly topics = new Map<string, TopicState>();
  private closed = false;
  readonly maxBacklog: number;

  constructor(options: InProcessBusOptions = {}) {
    this.maxBacklog = options.maxBacklog ?? 256;
  }

  async createProducer(topic: string): Promise<Producer> {
    this.assertOpen();
    const state = this.topic(topic);
    let open = true;
    return {
      topic,
      send: async (message) => {
        if (!open) throw new StreamlensError("bus-closed", `producer for ${topic} is closed`);
        return state.publish(message);
      },
      close: async () => {
        open = false;
      },
    };
  }

  async subscribe(topic: string, options: ConsumerOptions): Promise<Consumer> {
    this.assertOpen();
    return this.topic(topic).subscription(options.subscription, options.type).attach(options);
  }

  /** Backlog figures per subscription of a topic, for draining. */
  stats(topic: string): Record<string, SubscriptionStats> {
    const state = this.topics.get(topic);
    const result: Record<string, SubscriptionStats> = {};
    for (const [name, subscription] of state?.subscriptions ?? []) result[name] = subscription.stats();
    return result;
  }

  /** Resolves once every subscription of `topic` has acked everything published to it. */
  async drained(topic: string, options: { signal?: AbortSignal; pollMs?: number } = {}) {
    while (!options.signal?.aborted) {
      const all = Object.values(this.stats(topic));
      if (all.every((s) => s.backlog === 0)) return;
      await Bun.sleep(options.pollMs ?? 20);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const topic of this.topics.values()) topic.close();
  }

  private topic(name: string): TopicState {
    let state = this.topics.get(name);
    if (!state) {
      state = new TopicState(name, this);
      this.topics.set(name, state);
    }
    return state;
  }

  private assertOpen() {
    if (this.closed) throw new StreamlensError("bus-closed", "the in-process bus is closed");
  }

  /** @internal Publishing to a dead-letter topic, which keeps an initial subscription. */
  deadLetter(topic: string, initialSubscription: string, message: OutgoingMessage) {
    const state = this.topic(topic);
    state.subscription(initialSubscription, "Shared");
    return state.publish(message, { hold: false });
  }
}

class TopicState {
  readonly subscriptions = new Map<string, SubscriptionState>();
  private nextSeq = 0;
  private readonly holders: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly bus: InProcessBus,
  ) {}

  subscription(name: string, type: SubscriptionType): SubscriptionState {
    let sub = this.subscriptions.get(name);
    if (!sub) {
      sub = new SubscriptionState(this, name, type);
      this.subscriptions.set(name, sub);
    } else if (sub.type !== type && sub.consumerCount() > 0) {
      throw new StreamlensError(
        "subscription-type-mismatch",
        `subscription ${name} on ${this.name} is ${sub.type}, not ${type}`,
      );
    } else {
      sub.type = type;
    }
    return sub;
  }

  async publish(message: OutgoingMessage, options: { hold?: boolean } = {}): Promise<string> {
    if (options.hold !== false) {
      while (this.isFull()) await new Promise<void>((resolve) => this.holders.push(resolve));
    }
    const seq = this.nextSeq++;
    const incoming: IncomingMessage = {
      id: `${this.name}#${seq}`,
      topic: this.name,
      key: message.key,
      payload: message.payload,
      properties: { ...message.properties },
      publishTime: Date.now(),
      eventTime: message.eventTime,
      redeliveryCount: 0,
    };
    for (const sub of this.subscriptions.values()) sub.enqueue({ seq, message: incoming });
    return incoming.id;
  }

  /** Called when a backlog shrinks, so held producers can go on. */
  released() {
    while (this.holders.length > 0 && !this.isFull()) this.holders.shift()?.();
  }

  close() {
    for (const sub of this.subscriptions.values()) sub.close();
    for (const resolve of this.holders.splice(0)) resolve();
  }

  private isFull(): boolean {
    for (const sub of this.subscriptions.values()) {
      if (!sub.isDeadLetterStore && sub.backlog() >= this.bus.maxBacklog) return true;
    }
    return false;
  }
}

class SubscriptionState {
  private readonly pending: Entry[] = [];
  /** Delivered to a consumer (queued there or received), not yet acked. */
  private readonly unacked = new Map<string, { entry: Entry; consumer: InProcessConsumer }>();
  private readonly consumers: InProcessConsumer[] = [];
  private roundRobin = 0;
  /** A subscription only ever fed by dead-lettering keeps messages for inspection. */
  isDeadLetterStore = false;

  constructor(
    readonly topic: TopicState,
    readonly name: string,
    public type: SubscriptionType,
  ) {
    this.isDeadLetterStore = topic.name.endsWith("-DLQ");
  }

  attach(options: ConsumerOptions): Consumer {
    if (this.type === "Exclusive" && this.consumers.length > 0) {
      throw new StreamlensError(
        "consumer-busy",
        `exclusive subscription ${this.name} on ${this.topic.name} already has a consumer`,
      );
    }
    const consumer = new InProcessConsumer(this, { ...DEFAULTS, ...options });
    this.consumers.push(consumer);
    this.dispatch();
    return consumer;
  }

  consumerCount() {
    return this.consumers.length;
  }

  backlog() {
    return this.pending.length + this.unacked.size;
  }

  stats(): SubscriptionStats {
    return { backlog: this.backlog() };
  }

  enqueue(entry: Entry) {
    this.pending.push(entry);
    this.dispatch();
  }

  /** Puts a message back for another delivery, keeping publish order among waiting messages. */
  requeue(entry: Entry) {
    const at = this.pending.findIndex((e) => e.seq > entry.seq);
    if (at === -1) this.pending.push(entry);
    else this.pending.splice(at, 0, entry);
    this.dispatch();
  }

  ack(message: IncomingMessage) {
    if (this.unacked.delete(message.id)) this.topic.released();
  }

  /** Redelivers a negatively acknowledged message, or dead-letters it once the policy's limit is reached. */
  redeliver(message: IncomingMessage, consumer: InProcessConsumer) {
    const held = this.unacked.get(message.id);
    // Stale timers (an earlier delivery of the same message) must not touch the current one.
    if (!held || held.consumer !== consumer) return;
    if (held.entry.message.redeliveryCount !== message.redeliveryCount) return;
    this.unacked.delete(message.id);
    const policy = consumer.options.deadLetter;
    if (policy && held.entry.message.redeliveryCount >= policy.maxRedeliveries) {
      const target = policy.topic ?? deadLetterTopic(this.topic.name, this.name);
      void this.topic.bus.deadLetter(target, `${this.name}-DLQ`, {
        key: message.key,
        payload: message.payload,
        properties: {
          ...message.properties,
          REAL_TOPIC: this.topic.name,
          ORIGIN_MESSAGE_ID: message.id,
        },
      });
      this.topic.released();
      this.dispatch();
      return;
    }
    const next = { ...held.entry.message, redeliveryCount: held.entry.message.redeliveryCount + 1 };
    this.requeue({ seq: held.entry.seq, message: next });
  }

  detach(consumer: InProcessConsumer, leftover: IncomingMessage[]) {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    // Messages a closed consumer held go back to the others, as Pulsar does on disconnect.
    const received = new Set(leftover.map((m) => m.id));
    for (const [id, held] of this.unacked) {
      if (held.consumer !== consumer) continue;
      this.unacked.delete(id);
      const wasReceived = !received.has(id);
      const message = wasReceived
        ? { ...held.entry.message, redeliveryCount: held.entry.message.redeliveryCount + 1 }
        : held.entry.message;
      this.requeue({ seq: held.entry.seq, message });
    }
    this.dispatch();
  }

  close() {
    for (const consumer of [...this.consumers]) consumer.closeLocally();
    this.consumers.length = 0;
  }

  /** Hands waiting messages to consumers with free permits, honouring the subscription type. */
  dispatch() {
    if (this.consumers.length === 0) return;
    const blockedKeys = new Set<string>();
    for (let i = 0; i < this.pending.length; ) {
      const entry = this.pending[i] as Entry;
      const target = this.pick(entry);
      const key = entry.message.key ?? "";
      if (!target?.hasPermit() || (this.type === "Key_Shared" && blockedKeys.has(key))) {
        // A key whose next message cannot go out holds its later messages back (per-key order).
        if (this.type === "Key_Shared") {
          blockedKeys.add(key);
          i += 1;
          continue;
        }
        if (this.type === "Shared" && this.consumers.some((c) => c.hasPermit())) {
          i += 1;
          continue;
        }
        break;
      }
      this.pending.splice(i, 1);
      this.unacked.set(entry.message.id, { entry, consumer: target });
      target.push(entry.message);
    }
  }

  private pick(entry: Entry): InProcessConsumer | undefined {
    switch (this.type) {
      case "Exclusive":
        return this.consumers[0];
      case "Shared": {
        for (let tries = 0; tries < this.consumers.length; tries += 1) {
          const candidate = this.consumers[this.roundRobin++ % this.consumers.length];
          if (candidate?.hasPermit()) return candidate;
        }
        return undefined;
      }
      case "Key_Shared":
        return this.consumers[keyHash(entry.message.key ?? "") % this.consumers.length];
    }
  }
}

class InProcessConsumer implements Consumer {
  private readonly inbox = new ReceiveQueue();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly subscriptionState: SubscriptionState,
    readonly options: Required<Omit<ConsumerOptions, "deadLetter">> & Pick<ConsumerOptions, "deadLetter">,
  ) {}

  get topic() {
    return this.subscriptionState.topic.name;
  }

  get subscription() {
    return this.subscriptionState.name;
  }

  hasPermit() {
    return !this.closed && this.inbox.length < this.options.receiverQueueSize;
  }

  push(message: IncomingMessage) {
    this.inbox.offer(message);
  }

  async receive(options: ReceiveOptions = {}): Promise<IncomingMessage | undefined> {
    if (this.closed || options.signal?.aborted) return undefined;
    const next = this.inbox.poll();
    if (next) {
      this.subscriptionState.dispatch();
      return next;
    }
    // Registered as waiting first, so the dispatch below can hand a message straight to it.
    const waiting = this.inbox.wait(options);
    this.subscriptionState.dispatch();
    return waiting;
  }

  async ack(message: IncomingMessage): Promise<void> {
    this.subscriptionState.ack(message);
    this.subscriptionState.dispatch();
  }

  nack(message: IncomingMessage): void {
    this.later(this.options.negativeAckRedeliveryDelayMs, () =>
      this.subscriptionState.redeliver(message, this),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closeLocally();
    this.subscriptionState.detach(this, this.inbox.drain());
  }

  closeLocally() {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.inbox.release();
  }

  private later(ms: number, task: () => void) {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    this.timers.add(timer);
  }
}
