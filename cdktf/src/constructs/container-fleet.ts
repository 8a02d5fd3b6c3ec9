import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { cloudwatchAgentConfig, prometheusScrapeConfig } from "./cloudwatch-agent.ts";

export interface ContainerFleetProps {
  /** `<env>-<service>`: names the group, its role, its metrics. */
  name: string;
  region: string;
  image: string;
  instanceType: string;
  /** Amazon's ECS-optimized GPU AMI (NVIDIA driver, Docker, the NVIDIA container runtime) or the standard one. */
  gpu: boolean;
  size: { min: number | string; max: number | string; desired: number | string };
  subnetIds: string[];
  vpcId: string;
  /** The service's /health and /metrics port inside the container (host networking). */
  port: number;
  /** Plain settings for the container. Never secrets: they go in `secretArns`. */
  environment: Record<string, string>;
  /** Environment variable → Secrets Manager ARN, read at boot with the instance role. */
  secretArns?: Record<string, string>;
  /** Metric names (regular expression) the CloudWatch agent ships from /metrics. */
  metrics: string;
  metricNamespace: string;
}

const AMI = {
  gpu: "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id",
  cpu: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
};

/**
 * One service as VMs: an autoscaling group of a launch template that runs the service's container
 * with Docker, with a CloudWatch agent shipping the service's Prometheus /metrics to CloudWatch
 * (the cloud's own agent, so scaling policies can use them). Instances take no inbound traffic;
 * they reach the broker and the database outward, and are managed through SSM.
 */
export class ContainerFleet extends Construct {
  readonly group: AutoscalingGroup;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ContainerFleetProps) {
    super(scope, id);
    const ami = new DataAwsSsmParameter(this, "ami", { name: props.gpu ? AMI.gpu : AMI.cpu });

    this.role = new IamRole(this, "role", {
      name: `${props.name}-instance`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    for (const [key, arn] of Object.entries({
      ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      cloudwatch: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    })) {
      new IamRolePolicyAttachment(this, `policy-${key}`, { role: this.role.name, policyArn: arn });
    }
    const secretArns = Object.values(props.secretArns ?? {});
    if (secretArns.length > 0) {
      new IamRolePolicy(this, "read-secrets", {
        role: this.role.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns }],
        }),
      });
    }
    const profile = new IamInstanceProfile(this, "profile", {
      name: `${props.name}-instance`,
      role: this.role.name,
    });

    const agentConfig = new SsmParameter(this, "agent-config", {
      name: `AmazonCloudWatch-${props.name}`,
      type: "String",
      value: JSON.stringify(cloudwatchAgentConfig(props.metricNamespace, props.name, props.metrics)),
    });

    const securityGroup = new SecurityGroup(this, "sg", {
      name: `${props.name}-instances`,
      description: `${props.name}: no inbound traffic; outbound to the broker, the database and the sources`,
      vpcId: props.vpcId,
      egress: [
        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
      ],
    });

    const template = new LaunchTemplate(this, "template", {
      namePrefix: `${props.name}-`,
      imageId: ami.value,
      instanceType: props.instanceType,
      iamInstanceProfile: { arn: profile.arn },
      vpcSecurityGroupIds: [securityGroup.id],
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: props.gpu ? 100 : 40, volumeType: "gp3", encrypted: "true" },
        },
      ],
      userData: Fn.base64encode(userData(props, agentConfig.name)),
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: props.name, "streamlens:service": props.name } },
      ],
    });

    this.group = new AutoscalingGroup(this, "group", {
      name: props.name,
      minSize: props.size.min as number,
      maxSize: props.size.max as number,
      desiredCapacity: props.size.desired as number,
      vpcZoneIdentifier: props.subnetIds,
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      healthCheckType: "EC2",
      healthCheckGracePeriod: 300,
      // A new image or setting rolls through the group, keeping most of it serving.
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 50 } },
      defaultInstanceWarmup: 180,
      enabledMetrics: ["GroupDesiredCapacity", "GroupInServiceInstances"],
      tag: [{ key: "Name", value: props.name, propagateAtLaunch: true }],
    });
  }
}

/**
 * The boot script: settings and secrets into a root-only env file (secrets fetched from Secrets
 * Manager with the instance role, so no secret is in the user data), the CloudWatch agent, then
 * the container. Written without double quotes: Terraform embeds it in a function call.
 */
function userData(props: ContainerFleetProps, agentParameter: string): string {
  const quote = (key: string, value: string) => {
    if (/['\n"]/.test(value))
      throw new Error(`${props.name}: the value of ${key} may not hold quotes or newlines`);
    return `'${value}'`;
  };
  const env = { ...props.environment, HOST: "0.0.0.0" };
  const envFile = "/etc/streamlens.env";
  const lines = [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y amazon-cloudwatch-agent",
    `install -m 600 /dev/null ${envFile}`,
    ...Object.entries(env).map(
      ([key, value]) => `printf '%s=%s\\n' ${key} ${quote(key, value)} >> ${envFile}`,
    ),
    ...Object.entries(props.secretArns ?? {}).flatMap(([key, arn]) => [
      `printf '%s=' ${key} >> ${envFile}`,
      `aws secretsmanager get-secret-value --secret-id ${arn} --region ${props.region} --query SecretString --output text >> ${envFile}`,
    ]),
    "mkdir -p /opt/aws/amazon-cloudwatch-agent/etc",
    `cat > /opt/aws/amazon-cloudwatch-agent/etc/prometheus.yaml <<'YAML'\n${prometheusScrapeConfig(props.name, props.port)}YAML`,
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:${agentParameter}`,
    "systemctl enable --now docker",
    [
      "docker run -d --restart=always --name streamlens --network host",
      props.gpu ? "--gpus all --runtime nvidia" : "",
      `--env-file ${envFile}`,
      // The image's own HEALTHCHECK watches /health; the logs (JSON lines) go to CloudWatch Logs.
      `--log-driver awslogs --log-opt awslogs-region=${props.region} --log-opt awslogs-group=/streamlens/${props.name} --log-opt awslogs-create-group=true`,
      quote("image", props.image),
    ]
      .filter(Boolean)
      .join(" "),
    "",
  ];
  return lines.join("\n");
}
