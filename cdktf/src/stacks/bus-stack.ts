import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DataKubernetesServiceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { busInitScript } from "../bus-layout.ts";
import type { Environment } from "../environment.ts";
import { PULSAR_IMAGE, pulsarValues, STORAGE_CLASS } from "../pulsar-values.ts";
import { configureState } from "../state.ts";
import { clusterName, tagsOf } from "./network-stack.ts";

export const PULSAR_CHART = { repository: "https://pulsar.apache.org/charts", chart: "pulsar" } as const;
const RELEASE = "pulsar";

/**
 * The bus: a Pulsar cluster from the Apache Pulsar Helm chart on the network stack's Kubernetes
 * cluster (ZooKeeper, bookies on encrypted gp3 volumes, brokers, proxies), then the tenant,
 * namespace, retention, topics, subscriptions and dead-letter topics the services expect.
 */
export class BusStack extends TerraformStack {
  /** The proxy's web service (admin REST + WebSocket API): the services' PULSAR_URL. */
  readonly pulsarUrl: string;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id);
    configureState(this, env, id);
    new AwsProvider(this, "aws", { region: env.aws.region, defaultTags: [{ tags: tagsOf(env) }] });
    const cluster = new DataAwsEksCluster(this, "cluster", { name: clusterName(env) });
    const auth = new DataAwsEksClusterAuth(this, "cluster-auth", { name: clusterName(env) });
    const kube = {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      token: auth.token,
    };
    new KubernetesProvider(this, "kubernetes", kube);
    new HelmProvider(this, "helm", { kubernetes: kube });

    const storage = new StorageClassV1(this, "gp3", {
      metadata: { name: STORAGE_CLASS },
      storageProvisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      reclaimPolicy: "Retain",
      parameters: { type: "gp3", encrypted: "true" },
    });

    const release = new Release(this, "pulsar", {
      name: RELEASE,
      ...PULSAR_CHART,
      version: env.bus.helmChartVersion,
      namespace: "pulsar",
      createNamespace: true,
      values: [JSON.stringify(pulsarValues(env))],
      timeout: 1800,
      wait: true,
      dependsOn: [storage],
    });

    const proxyWeb = `http://${RELEASE}-proxy.pulsar.svc.cluster.local:80`;
    new JobV1(this, "bus-init", {
      metadata: { name: "streamlens-bus-init", namespace: "pulsar" },
      spec: {
        backoffLimit: 6,
        template: {
          metadata: {},
          spec: {
            restartPolicy: "OnFailure",
            container: [
              {
                name: "pulsar-admin",
                image: PULSAR_IMAGE,
                command: ["sh", "-c", busInitScript(env, proxyWeb)],
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: "15m", update: "15m" },
      dependsOn: [release],
    });

    const proxy = new DataKubernetesServiceV1(this, "proxy", {
      metadata: { name: `${RELEASE}-proxy`, namespace: "pulsar" },
      dependsOn: [release],
    });
    const host = proxy.status.get(0).loadBalancer.get(0).ingress.get(0).hostname;
    this.pulsarUrl = `http://${host}:80`;
    new TerraformOutput(this, "pulsar_url", { value: this.pulsarUrl });
  }
}
