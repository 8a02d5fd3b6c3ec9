import { deadLetterTopic, topicNames } from "@streamlens/core";
import type { Environment } from "./environment.ts";

/**
 * What the services expect on the bus: the topics, the subscriptions each consumer
 * uses (created up front, so frames published before the first worker starts are kept) and the
 * dead-letter topic of each subscription.
 */
export function busLayout(env: Environment) {
  const topics = topicNames({ tenant: env.bus.tenant, namespace: env.bus.namespace });
  const subscriptions = [
    { topic: topics.frames, subscription: "inference" },
    { topic: topics.detections, subscription: "analytics" },
    { topic: topics.snapshots, subscription: "snapshots" },
  ];
  return {
    tenant: env.bus.tenant,
    namespace: `${env.bus.tenant}/${env.bus.namespace}`,
    topics: [...Object.values(topics), ...subscriptions.map((s) => deadLetterTopic(s.topic, s.subscription))],
    subscriptions: [
      ...subscriptions,
      // The dead-letter topics keep a subscription too, so nothing sent there ages out unread.
      ...subscriptions.map((s) => ({
        topic: deadLetterTopic(s.topic, s.subscription),
        subscription: `${s.subscription}-DLQ`,
      })),
    ],
  };
}

/**
 * The pulsar-admin script the bus stack's Kubernetes Job runs once the cluster is up: idempotent
 * (what exists is kept), failing on any other error so the deploy stops there.
 */
export function busInitScript(env: Environment, adminUrl: string): string {
  const layout = busLayout(env);
  const admin = `bin/pulsar-admin --admin-url ${adminUrl}`;
  return [
    "set -eu",
    // 409 Conflict ("already exists") is success for a re-run; anything else stops the job.
    'keep() { out=$("$@" 2>&1) && return 0; echo "$out" | grep -qi "already exist" && return 0; echo "$out" >&2; return 1; }',
    `until ${admin} clusters list >/dev/null 2>&1; do echo "waiting for the brokers"; sleep 5; done`,
    `CLUSTER=$(${admin} clusters list | head -n 1)`,
    `keep ${admin} tenants create ${layout.tenant} --allowed-clusters "$CLUSTER"`,
    `keep ${admin} namespaces create ${layout.namespace}`,
    `${admin} namespaces set-retention ${layout.namespace} --time ${env.bus.retentionMinutes}m --size ${env.bus.retentionMiB}M`,
    ...layout.topics.map((topic) => `keep ${admin} topics create ${topic}`),
    ...layout.subscriptions.map(
      ({ topic, subscription }) =>
        `keep ${admin} topics create-subscription ${topic} --subscription ${subscription}`,
    ),
    "",
  ].join("\n");
}
