import { withRetry } from "../../backoff.ts";
import { deadLetterTopic } from "../../contracts/topics.ts";
import { describeError, StreamlensError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Bus, Consumer, ConsumerOptions, Producer } from "../types.ts";
import { PulsarAdmin } from "./admin.ts";
import { PulsarConsumer } from "./consumer.ts";
import { PulsarProducer } from "./producer.ts";
import { RECONNECT_BACKOFF } from "./socket.ts";
import { parseTopicName, type TopicName, validateSubscription } from "./topic-name.ts";

/** A producer or consumer whose session state the bus reports. */
interface Client {
  readonly connected: boolean;
  close(): Promise<void>;
}

export interface PulsarBusOptions {
  /** The broker's web service: http(s)://host:8080 (admin REST and the WebSocket API). */
  url: string;
  token?: string | undefined;
  logger: Logger;
  /** Producer sends in flight per producer. */
  maxPendingSends?: number;
  sendTimeoutMs?: number;
  /** Create missing tenants and namespaces (needs a superuser token); on by default. */
  autoCreate?: boolean;
}

/** PULSAR_URL may be given as http(s):// or ws(s)://; both name the web service port. */
export function normalisePulsarUrl(url: string): { http: string; ws: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StreamlensError("invalid-config", `PULSAR_URL '${url}' is not a URL`, {
      hint: "use the broker's web service address, e.g. http://127.0.0.1:8080",
    });
  }
  const secure = parsed.protocol === "https:" || parsed.protocol === "wss:";
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol)) {
    throw new StreamlensError("invalid-config", `PULSAR_URL '${url}' must be http(s):// or ws(s)://`, {
      hint: "streamlens speaks Pulsar's WebSocket API on the web service port (8080), not pulsar:// (6650)",
    });
  }
  const host = `${parsed.host}${parsed.pathname.replace(/\/$/, "")}`;
  return { http: `${secure ? "https" : "http"}://${host}`, ws: `${secure ? "wss" : "ws"}://${host}` };
}

/**
 * The Bus over Apache Pulsar's WebSocket API: the same interface and semantics as the in-process
 * bus, with the broker doing subscriptions, redelivery and dead letters.
 */
export class PulsarBus implements Bus {
  readonly kind = "pulsar" as const;
  readonly admin: PulsarAdmin;
  private readonly ws: string;
  private readonly clients = new Set<Client>();
  private readonly namespaces = new Map<string, Promise<void>>();

  private constructor(private readonly options: PulsarBusOptions) {
    const urls = normalisePulsarUrl(options.url);
    this.ws = urls.ws;
    this.admin = new PulsarAdmin(urls.http, options.token);
  }

  /**
   * Connects, retrying with backoff until the broker answers and accepts the token; every failed
   * attempt is logged with its reason. Only `signal` ends the wait (then this throws).
   */
  static async connect(options: PulsarBusOptions, signal?: AbortSignal): Promise<PulsarBus> {
    const bus = new PulsarBus(options);
    await withRetry(
      async (attempt) => {
        await bus.admin.clusters();
        if (attempt > 0) options.logger.info({ url: bus.admin.webUrl }, "pulsar broker reachable");
      },
      {
        what: "connecting to the pulsar broker",
        logger: options.logger,
        level: "error",
        backoff: { ...RECONNECT_BACKOFF, jitter: 0.2 },
        // A refused token may be fixed on the broker's side while the service waits.
        retryIf: () => true,
        ...(signal ? { signal } : {}),
      },
    );
    return bus;
  }

  /**
   * Whether every producer and consumer of this bus has its session to the broker open now: false
   * from the moment the broker goes away until each session is back. Services answer /health
   * with it.
   */
  get connected(): boolean {
    for (const client of this.clients) if (!client.connected) return false;
    return true;
  }

  /** Creates tenant, namespace and topics if missing (idempotent). */
  async ensureTopics(topics: string[]): Promise<void> {
    for (const topic of topics) await this.admin.ensureTopic(topic);
  }

  async createProducer(topic: string): Promise<Producer> {
    const name = parseTopicName(topic);
    await this.ensureNamespaceOf(name);
    const producer = new PulsarProducer(topic, {
      url: `${this.ws}/ws/v2/producer/${name.path}?sendTimeoutMillis=${this.options.sendTimeoutMs ?? 30_000}`,
      token: this.options.token,
      logger: this.options.logger,
      maxPending: this.options.maxPendingSends ?? 500,
      sendTimeoutMs: this.options.sendTimeoutMs ?? 30_000,
      diagnose: () => this.diagnose(name),
    });
    this.track(producer);
    return producer;
  }

  /** Subscribes and resolves once the subscription exists on the broker. */
  async subscribe(topic: string, options: ConsumerOptions): Promise<Consumer> {
    const name = parseTopicName(topic);
    const subscription = validateSubscription(options.subscription);
    await this.ensureNamespaceOf(name);
    const params = new URLSearchParams({
      subscriptionType: options.type,
      receiverQueueSize: String(Math.min(1000, Math.max(1, options.receiverQueueSize ?? 16))),
      negativeAckRedeliveryDelay: String(options.negativeAckRedeliveryDelayMs ?? 1000),
      consumerName: `${subscription}-${process.pid}-${crypto.randomUUID().slice(0, 8)}`,
    });
    if (options.deadLetter) {
      const dlq = options.deadLetter.topic ?? deadLetterTopic(topic, subscription);
      parseTopicName(dlq);
      // As in the in-process bus, the dead-letter topic keeps a subscription, so nothing sent
      // there is lost before someone looks.
      await withRetry(() => this.admin.ensureSubscription(dlq, `${subscription}-DLQ`), {
        what: `creating the dead-letter subscription on ${dlq}`,
        logger: this.options.logger,
      });
      params.set("maxRedeliverCount", String(options.deadLetter.maxRedeliveries));
      params.set("deadLetterTopic", dlq);
    }
    const consumer = new PulsarConsumer(topic, subscription, {
      url: `${this.ws}/ws/v2/consumer/${name.path}/${encodeURIComponent(subscription)}?${params}`,
      token: this.options.token,
      logger: this.options.logger,
      diagnose: () => this.diagnose(name),
    });
    this.track(consumer);
    await consumer.ready();
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients].map((c) => c.close()));
  }

  /** Tenant and namespace of a topic, created once per bus when missing (if allowed). */
  private ensureNamespaceOf(name: TopicName): Promise<void> {
    if (this.options.autoCreate === false) return Promise.resolve();
    const key = `${name.tenant}/${name.namespace}`;
    let pending = this.namespaces.get(key);
    if (!pending) {
      pending = this.admin.ensureNamespace(name.tenant, name.namespace).catch((error) => {
        this.namespaces.delete(key);
        this.options.logger.warn(
          { namespace: key, error: describeError(error) },
          "cannot create the Pulsar namespace",
        );
      });
      this.namespaces.set(key, pending);
    }
    return pending;
  }

  /** Why a WebSocket could not open, from what the REST API says about the broker and namespace. */
  private async diagnose(name: TopicName): Promise<string> {
    try {
      await this.admin.clusters();
      const namespace = await this.admin.request(
        "GET",
        `/admin/v2/namespaces/${name.tenant}/${name.namespace}`,
        undefined,
        [404],
      );
      if (namespace.status === 404) {
        return `the namespace ${name.tenant}/${name.namespace} does not exist on the broker (create it, or use a token that may)`;
      }
      return "the broker is up but refused the WebSocket session (see the broker log)";
    } catch (error) {
      return describeError(error);
    }
  }

  private track(client: Client) {
    this.clients.add(client);
    const close = client.close.bind(client);
    client.close = async () => {
      this.clients.delete(client);
      await close();
    };
  }
}
