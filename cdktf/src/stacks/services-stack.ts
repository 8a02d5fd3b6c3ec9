import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { ContainerFleet } from "../constructs/container-fleet.ts";
import type { Environment } from "../environment.ts";
import { imageOf, SERVICE_PORTS } from "../images.ts";
import { configureState } from "../state.ts";
import { METRIC_NAMESPACE } from "./inference-pool-stack.ts";
import { tagsOf } from "./network-stack.ts";

export interface ServicesInputs {
  vpcId: string;
  subnetIds: string[];
  pulsarUrl: string;
}

/**
 * Ingest and analytics as VMs running their containers: ingest reads the sources and the stream
 * registry, analytics writes the statistics. Both need the database; its connection string is a
 * sensitive variable stored in Secrets Manager and read by the instances at boot.
 */
export class ServicesStack extends TerraformStack {
  constructor(scope: Construct, id: string, env: Environment, inputs: ServicesInputs) {
    super(scope, id);
    configureState(this, env, id);
    new AwsProvider(this, "aws", { region: env.aws.region, defaultTags: [{ tags: tagsOf(env) }] });
    const databaseUrl = new TerraformVariable(this, "database_url", {
      type: "string",
      sensitive: true,
      description: "postgres:// connection string of the Neon database",
    });
    const secret = new SecretsmanagerSecret(this, "database-url", {
      name: `streamlens/${env.name}/database-url`,
      description: "DATABASE_URL of the ingest and analytics services",
    });
    new SecretsmanagerSecretVersion(this, "database-url-value", {
      secretId: secret.id,
      secretString: databaseUrl.stringValue,
    });

    const common = {
      region: env.aws.region,
      gpu: false,
      vpcId: inputs.vpcId,
      subnetIds: inputs.subnetIds,
      secretArns: { DATABASE_URL: secret.arn },
      metricNamespace: METRIC_NAMESPACE,
      metrics: "^streamlens_",
    };
    const bus = {
      PULSAR_URL: inputs.pulsarUrl,
      STREAMLENS_TENANT: env.bus.tenant,
      STREAMLENS_NAMESPACE: env.bus.namespace,
      STREAMLENS_LOG_LEVEL: "info",
    };
    const fixed = (n: number) => ({ min: n, max: n, desired: n });
    new ContainerFleet(this, "ingest", {
      ...common,
      name: `${env.name}-ingest`,
      image: imageOf(env, "ingest"),
      instanceType: env.ingest.instanceType,
      size: fixed(env.ingest.instances),
      port: SERVICE_PORTS.ingest,
      environment: { ...bus, STREAMLENS_INGEST_PORT: String(SERVICE_PORTS.ingest) },
    });
    new ContainerFleet(this, "analytics", {
      ...common,
      name: `${env.name}-analytics`,
      image: imageOf(env, "analytics"),
      instanceType: env.analytics.instanceType,
      size: fixed(env.analytics.instances),
      port: SERVICE_PORTS.analytics,
      environment: {
        ...bus,
        STREAMLENS_ANALYTICS_PORT: String(SERVICE_PORTS.analytics),
        // The edge Worker's cron trigger rebuilds the SQL rollups; one rebuilder is enough.
        STREAMLENS_ROLLUP_INTERVAL_MS: "0",
      },
    });
  }
}
