import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformHclModule, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Environment } from "../environment.ts";
import { configureState } from "../state.ts";

/** Pinned Terraform modules: the well-kept community modules rather than hand-written VPC/EKS wiring. */
export const MODULES = {
  vpc: { source: "terraform-aws-modules/vpc/aws", version: "6.0.1" },
  eks: { source: "terraform-aws-modules/eks/aws", version: "21.0.0" },
} as const;

export const clusterName = (env: Environment) => `streamlens-${env.name}`;

/**
 * The network every VM and pod lives in (private subnets, one NAT per zone in production), and
 * the managed Kubernetes cluster the Pulsar cluster runs on.
 */
export class NetworkStack extends TerraformStack {
  readonly vpcId: string;
  readonly privateSubnetIds: string[];

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id);
    configureState(this, env, id);
    new AwsProvider(this, "aws", { region: env.aws.region, defaultTags: [{ tags: tagsOf(env) }] });
    const zones = env.aws.availabilityZones;
    const vpc = new TerraformHclModule(this, "vpc", {
      ...MODULES.vpc,
      variables: {
        name: `streamlens-${env.name}`,
        cidr: env.aws.vpcCidr,
        azs: zones,
        // /20 private subnets for nodes, pods and VMs; /24 public ones for the NAT gateways.
        private_subnets: zones.map((_, i) => Fn.cidrsubnet(env.aws.vpcCidr, 4, i)),
        public_subnets: zones.map((_, i) => Fn.cidrsubnet(env.aws.vpcCidr, 8, 240 + i)),
        enable_nat_gateway: true,
        single_nat_gateway: env.name !== "production",
        enable_dns_hostnames: true,
        private_subnet_tags: { "kubernetes.io/role/internal-elb": "1" },
      },
    });
    this.vpcId = vpc.getString("vpc_id");
    this.privateSubnetIds = vpc.getList("private_subnets");

    new TerraformHclModule(this, "eks", {
      ...MODULES.eks,
      variables: {
        name: clusterName(env),
        kubernetes_version: env.bus.kubernetesVersion,
        vpc_id: this.vpcId,
        subnet_ids: this.privateSubnetIds,
        endpoint_public_access: true,
        enable_cluster_creator_admin_permissions: true,
        addons: {
          coredns: {},
          "kube-proxy": {},
          "vpc-cni": { before_compute: true },
          "eks-pod-identity-agent": { before_compute: true },
          // Bookies and ZooKeeper keep their data on EBS volumes through the CSI driver.
          "aws-ebs-csi-driver": {},
        },
        eks_managed_node_groups: {
          pulsar: {
            instance_types: [env.bus.nodeInstanceType],
            min_size: env.bus.nodes,
            max_size: env.bus.nodes,
            desired_size: env.bus.nodes,
            iam_role_additional_policies: {
              ebs: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            },
          },
        },
      },
    });
  }
}

export function tagsOf(env: Environment): Record<string, string> {
  return { project: "streamlens", environment: env.name, "managed-by": "cdktf" };
}
