import { StreamlensError } from "../../errors.ts";
import { parseTopicName } from "./topic-name.ts";

export interface SubscriptionBacklog {
  /** Unacked messages: waiting plus delivered-but-unacked. */
  msgBacklog: number;
  unackedMessages: number;
  consumers: number;
  /** Age of the oldest unacked message in ms, when the broker reports it. */
  oldestUnackedAgeMs: number | undefined;
}

export interface TopicStats {
  msgInCounter: number;
  subscriptions: Record<string, SubscriptionBacklog>;
}

/**
 * The broker's admin REST API, for what streamlens needs: idempotent creation of tenant,
 * namespace, topics and subscriptions, and topic stats (backlog, age of the oldest unacked
 * message) for metrics and autoscaling.
 */
export class PulsarAdmin {
  constructor(
    readonly webUrl: string,
    private readonly token: string | undefined,
  ) {}

  /** One request; broker answers become StreamlensErrors that say what went wrong. */
  async request(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.webUrl}${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      const detail = (cause as { code?: string }).code ?? (cause as Error).message;
      throw new StreamlensError(
        "pulsar-unreachable",
        `cannot reach the Pulsar broker at ${this.webUrl} (${detail})`,
        {
          cause,
          retryable: true,
          hint: "check PULSAR_URL and that the broker runs (bun run pulsar:up starts a local one)",
        },
      );
    }
    if (response.ok || okStatuses.includes(response.status)) return response;
    const text = (await response.text()).slice(0, 300);
    if (response.status === 401) {
      throw new StreamlensError(
        "pulsar-unauthorized",
        `the Pulsar broker at ${this.webUrl} refused the token (HTTP 401)`,
        {
          retryable: true,
          hint: "check PULSAR_TOKEN",
        },
      );
    }
    if (response.status === 403) {
      throw new StreamlensError(
        "pulsar-forbidden",
        `the Pulsar broker refused ${method} ${path} for this token (HTTP 403)`,
        {
          retryable: true,
        },
      );
    }
    throw new StreamlensError(
      "pulsar-admin-failed",
      `${method} ${path} failed: HTTP ${response.status} ${text}`,
      {
        retryable: response.status >= 500,
      },
    );
  }

  /** Cheap authenticated call: proves the broker is reachable and accepts the token. */
  async clusters(): Promise<string[]> {
    return (await (await this.request("GET", "/admin/v2/clusters")).json()) as string[];
  }

  async ensureTenant(tenant: string): Promise<void> {
    const clusters = await this.clusters();
    await this.request(
      "PUT",
      `/admin/v2/tenants/${tenant}`,
      { adminRoles: [], allowedClusters: clusters },
      [409],
    );
  }

  async ensureNamespace(tenant: string, namespace: string): Promise<void> {
    await this.ensureTenant(tenant);
    await this.request("PUT", `/admin/v2/namespaces/${tenant}/${namespace}`, undefined, [409]);
  }

  /** A non-partitioned persistent topic (409 = already there). */
  async ensureTopic(topic: string): Promise<void> {
    const { path, tenant, namespace } = parseTopicName(topic);
    await this.ensureNamespace(tenant, namespace);
    await this.request("PUT", `/admin/v2/${path}`, undefined, [409]);
  }

  /** A durable subscription, so messages are kept from now on even with no consumer connected. */
  async ensureSubscription(topic: string, subscription: string): Promise<void> {
    await this.ensureTopic(topic);
    const { path } = parseTopicName(topic);
    // 412 "subscription busy" is another client creating the same subscription at this moment.
    await this.request(
      "PUT",
      `/admin/v2/${path}/subscription/${encodeURIComponent(subscription)}`,
      undefined,
      [409, 412],
    );
  }

  async topicStats(topic: string): Promise<TopicStats> {
    const { path } = parseTopicName(topic);
    const response = await this.request(
      "GET",
      `/admin/v2/${path}/stats?getPreciseBacklog=true&getEarliestTimeInBacklog=true`,
    );
    const json = (await response.json()) as {
      msgInCounter?: number;
      subscriptions?: Record<
        string,
        {
          msgBacklog?: number;
          unackedMessages?: number;
          consumers?: unknown[];
          earliestMsgPublishTimeInBacklog?: number;
        }
      >;
    };
    const subscriptions: Record<string, SubscriptionBacklog> = {};
    for (const [name, sub] of Object.entries(json.subscriptions ?? {})) {
      const earliest = sub.earliestMsgPublishTimeInBacklog;
      subscriptions[name] = {
        msgBacklog: sub.msgBacklog ?? 0,
        unackedMessages: sub.unackedMessages ?? 0,
        consumers: sub.consumers?.length ?? 0,
        oldestUnackedAgeMs: earliest && earliest > 0 ? Math.max(0, Date.now() - earliest) : undefined,
      };
    }
    return { msgInCounter: json.msgInCounter ?? 0, subscriptions };
  }
}
