import type { Environment } from "./environment.ts";

/** The Apache Pulsar image the chart runs; the version the tests run (scripts/pulsar/pom.xml). */
export const PULSAR_IMAGE = "apachepulsar/pulsar:4.0.8";
export const STORAGE_CLASS = "gp3";

/**
 * Values for the Apache Pulsar Helm chart: ZooKeeper as the metadata store, bookies with journal
 * and ledger disks, brokers and proxies, each count from the environment. The services speak the
 * WebSocket API, so brokers and proxies enable it; the proxy is the one address clients use, an
 * internal network load balancer (never public).
 */
export function pulsarValues(env: Environment) {
  const ensemble = Math.min(env.bus.bookies, 3);
  const persistent = (size: number) => ({ size: `${size}Gi`, storageClassName: STORAGE_CLASS });
  const [repository, tag] = PULSAR_IMAGE.split(":");
  const image = { repository, tag };
  const podMonitor = { enabled: false };
  return {
    namespace: "pulsar",
    namespaceCreate: true,
    initialize: true,
    persistence: true,
    volumes: { persistence: true },
    components: {
      zookeeper: true,
      bookkeeper: true,
      autorecovery: true,
      broker: true,
      proxy: true,
      toolset: true,
      pulsar_manager: false,
    },
    // Metrics go to the cloud's own monitoring; the chart's bundled stacks (and the PodMonitor
    // resources that need their CRDs) are left out.
    "victoria-metrics-k8s-stack": { enabled: false },
    "kube-prometheus-stack": { enabled: false },
    images: {
      zookeeper: image,
      bookie: image,
      autorecovery: image,
      broker: image,
      proxy: image,
      toolset: image,
    },
    zookeeper: { replicaCount: env.bus.zookeepers, podMonitor, volumes: { data: persistent(20) } },
    autorecovery: { podMonitor },
    bookkeeper: {
      replicaCount: env.bus.bookies,
      podMonitor,
      volumes: {
        journal: persistent(env.bus.bookieJournalGiB),
        ledgers: persistent(env.bus.bookieLedgersGiB),
      },
    },
    broker: {
      replicaCount: env.bus.brokers,
      podMonitor,
      configData: {
        webSocketServiceEnabled: "true",
        managedLedgerDefaultEnsembleSize: String(ensemble),
        managedLedgerDefaultWriteQuorum: String(ensemble),
        managedLedgerDefaultAckQuorum: String(Math.min(2, ensemble)),
        defaultRetentionTimeInMinutes: String(env.bus.retentionMinutes),
        defaultRetentionSizeInMB: String(env.bus.retentionMiB),
        // Frames are up to a few hundred kB each.
        maxMessageSize: String(5 * 1024 * 1024),
      },
    },
    proxy: {
      replicaCount: env.bus.proxies,
      podMonitor,
      configData: { webSocketServiceEnabled: "true" },
      service: {
        type: "LoadBalancer",
        annotations: {
          "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
          "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        },
      },
    },
  };
}
