import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { ContainerFleet } from "../constructs/container-fleet.ts";
import type { Environment } from "../environment.ts";
import { imageOf, SERVICE_PORTS } from "../images.ts";
import { configureState } from "../state.ts";
import { tagsOf } from "./network-stack.ts";

/** The metric the pool publishes (inference-pool/src/main.ts) and the policy tracks. */
export const BACKLOG_AGE_METRIC = "streamlens_bus_oldest_unacked_seconds";
export const METRIC_NAMESPACE = "Streamlens";

export interface InferencePoolInputs {
  vpcId: string;
  subnetIds: string[];
  pulsarUrl: string;
}

/**
 * The GPU inference pool: GPU VMs running the inference container with the NVIDIA runtime, in an
 * autoscaling group whose size is three variables (their defaults are the environment file's,
 * which `bun run pool:scale` edits) and whose target-tracking policy holds the age of the oldest
 * frame waiting for the pool at the environment's target: a growing backlog adds VMs, an idle
 * pool sheds them down to its minimum.
 */
export class InferencePoolStack extends TerraformStack {
  readonly fleet: ContainerFleet;

  constructor(scope: Construct, id: string, env: Environment, inputs: InferencePoolInputs) {
    super(scope, id);
    configureState(this, env, id);
    new AwsProvider(this, "aws", { region: env.aws.region, defaultTags: [{ tags: tagsOf(env) }] });
    const size = (name: string, value: number, what: string) =>
      new TerraformVariable(this, `pool_${name}_size`, {
        type: "number",
        default: value,
        description: `${what} number of GPU VMs in the inference pool`,
        validation: [
          {
            condition: `\${var.pool_${name}_size >= 0 && floor(var.pool_${name}_size) == var.pool_${name}_size}`,
            errorMessage: `pool_${name}_size must be a whole number, 0 or more.`,
          },
        ],
      });
    const min = size("min", env.pool.size.min, "the smallest");
    const max = size("max", env.pool.size.max, "the largest");
    const desired = size("desired", env.pool.size.desired, "the starting");

    const name = `${env.name}-inference`;
    this.fleet = new ContainerFleet(this, "pool", {
      name,
      region: env.aws.region,
      image: imageOf(env, "inference"),
      instanceType: env.pool.instanceType,
      gpu: true,
      size: { min: min.numberValue, max: max.numberValue, desired: desired.numberValue },
      vpcId: inputs.vpcId,
      subnetIds: inputs.subnetIds,
      port: SERVICE_PORTS.inference,
      environment: {
        PULSAR_URL: inputs.pulsarUrl,
        STREAMLENS_TENANT: env.bus.tenant,
        STREAMLENS_NAMESPACE: env.bus.namespace,
        STREAMLENS_MODEL: env.pool.model,
        STREAMLENS_PROVIDER: env.pool.provider,
        STREAMLENS_MAX_BATCH: String(env.pool.maxBatch),
        STREAMLENS_INFERENCE_PORT: String(SERVICE_PORTS.inference),
        STREAMLENS_LOG_LEVEL: "info",
      },
      metrics: `^(${BACKLOG_AGE_METRIC}|streamlens_bus_backlog)$`,
      metricNamespace: METRIC_NAMESPACE,
    });

    new AutoscalingPolicy(this, "backlog-age", {
      name: `${name}-backlog-age`,
      autoscalingGroupName: this.fleet.group.name,
      policyType: "TargetTrackingScaling",
      estimatedInstanceWarmup: 180,
      targetTrackingConfiguration: {
        targetValue: env.pool.targetBacklogAgeSeconds,
        customizedMetricSpecification: {
          metricName: BACKLOG_AGE_METRIC,
          namespace: METRIC_NAMESPACE,
          statistic: "Average",
          metricDimension: [{ name: "service", value: name }],
        },
      },
    });
    new TerraformOutput(this, "pool_group", { value: this.fleet.group.name });
  }
}
