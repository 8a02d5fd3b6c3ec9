import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { busLayout } from "./bus-layout.ts";
import { loadEnvironment } from "./environment.ts";
import { REPO_ROOT } from "./paths.ts";
import { MIGRATIONS_DIR } from "./stacks/database-stack.ts";
import { BACKLOG_AGE_METRIC } from "./stacks/inference-pool-stack.ts";
import { synthEnvironment } from "./testing.ts";
import { readWranglerConfig } from "./wrangler-config.ts";

const production = loadEnvironment("production");
/** A Terraform expression as cdktf writes it into the JSON. */
const ref = (expression: string) => `\${${expression}}`;
const { text, json } = synthEnvironment("production");
// biome-ignore lint/suspicious/noExplicitAny: Terraform JSON.
const only = (resources: Record<string, any> | undefined) => {
  const values = Object.values(resources ?? {});
  expect(values).toHaveLength(1);
  return values[0];
};

describe("each stack holds what it must", () => {
  test("edge: the Worker with the site as assets, its secrets, the cron trigger, the custom domain", () => {
    const wrangler = readWranglerConfig();
    expect(
      Testing.toHaveResourceWithProperties(text.edge, "cloudflare_workers_script", {
        script_name: production.edge.workerName,
        main_module: "worker.js",
        compatibility_date: wrangler.compatibility_date,
        compatibility_flags: wrangler.compatibility_flags,
      }),
    ).toBe(true);
    const worker = only(json.edge.resource.cloudflare_workers_script);
    // The same routing as wrangler dev: API paths to the Worker first, files otherwise.
    expect(worker.assets.config.run_worker_first).toEqual(wrangler.assets.run_worker_first);
    expect(worker.assets.directory).toBe("../../../../site/dist");
    expect(worker.content_file).toBe("../../../../edge/dist/worker.js");
    expect(worker.content_sha256).toBe(ref('filesha256("../../../../edge/dist/worker.js")'));
    const bindings = Object.fromEntries(worker.bindings.map((b: { name: string }) => [b.name, b]));
    expect(bindings.DATABASE_URL).toEqual({
      name: "DATABASE_URL",
      type: "secret_text",
      text: ref("var.database_url"),
    });
    expect(bindings.ADMIN_TOKEN).toEqual({
      name: "ADMIN_TOKEN",
      type: "secret_text",
      text: ref("var.admin_token"),
    });
    expect(bindings.ALLOWED_ORIGINS.text).toBe(production.edge.allowedOrigins.join(","));
    // The name edge/src/settings.ts reads (LOOKBACK_DAYS is only a deprecated fallback there).
    expect(bindings.STREAMLENS_LOOKBACK_DAYS.text).toBe(String(production.edge.lookbackDays));
    expect(bindings.ASSETS.type).toBe("assets");
    const cron = only(json.edge.resource.cloudflare_workers_cron_trigger);
    expect(cron.schedules).toEqual(wrangler.triggers.crons.map((c) => ({ cron: c })));
    expect(only(json.edge.resource.cloudflare_workers_custom_domain).hostname).toBe(production.edge.hostname);
  });

  test("database: the deploy runs the migrations, again whenever one changes", () => {
    const migrate = only(json.database.resource.null_resource);
    const step = migrate.provisioner[0]["local-exec"];
    expect(step.command).toBe("bun run db:migrate");
    expect(step.environment).toEqual({ DATABASE_URL: ref("var.database_url") });
    expect(step.working_dir).toBe("../../../..");
    // The trigger is a digest of the migration files: it must move when they do.
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(migrate.triggers.migrations).toMatch(/^[0-9a-f]{64}$/);
  });

  test("network: a VPC across the zones and the Kubernetes cluster, from pinned modules", () => {
    const modules = json.network.module;
    expect(modules.vpc.source).toBe("terraform-aws-modules/vpc/aws");
    expect(modules.vpc.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(modules.vpc.azs).toEqual(production.aws.availabilityZones);
    expect(modules.eks.source).toBe("terraform-aws-modules/eks/aws");
    expect(modules.eks.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(modules.eks.name).toBe("streamlens-production");
    expect(modules.eks.eks_managed_node_groups.pulsar.desired_size).toBe(production.bus.nodes);
    expect(Object.keys(modules.eks.addons)).toContain("aws-ebs-csi-driver");
  });

  test("bus: the Pulsar chart sized by the environment, on persistent disks, with every topic the services expect", () => {
    const release = only(json.bus.resource.helm_release);
    expect(release.chart).toBe("pulsar");
    expect(release.repository).toBe("https://pulsar.apache.org/charts");
    expect(release.version).toBe(production.bus.helmChartVersion);
    const values = JSON.parse(release.values[0]);
    expect(values.zookeeper.replicaCount).toBe(production.bus.zookeepers);
    expect(values.bookkeeper.replicaCount).toBe(production.bus.bookies);
    expect(values.broker.replicaCount).toBe(production.bus.brokers);
    expect(values.proxy.replicaCount).toBe(production.bus.proxies);
    expect(values.bookkeeper.volumes.ledgers).toEqual({
      size: `${production.bus.bookieLedgersGiB}Gi`,
      storageClassName: "gp3",
    });
    expect(values.broker.configData.webSocketServiceEnabled).toBe("true");
    expect(values.proxy.service.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]).toBe(
      "internal",
    );
    expect(only(json.bus.resource.kubernetes_storage_class_v1).parameters).toEqual({
      type: "gp3",
      encrypted: "true",
    });

    const job = only(json.bus.resource.kubernetes_job_v1);
    const script: string = job.spec.template.spec.container[0].command[2];
    const layout = busLayout(production);
    expect(layout.topics).toContain("persistent://streamlens/video/frames-inference-DLQ");
    for (const topic of layout.topics) expect(script).toContain(`topics create ${topic}\n`);
    for (const { topic, subscription } of layout.subscriptions)
      expect(script).toContain(`create-subscription ${topic} --subscription ${subscription}\n`);
    expect(script).toContain(
      `set-retention streamlens/video --time ${production.bus.retentionMinutes}m --size ${production.bus.retentionMiB}M`,
    );
    expect(json.bus.output.pulsar_url.value).toMatch(/^http:\/\/\$\{.*hostname\}:80$/);
  });

  test("services: ingest and analytics VMs with the database URL from Secrets Manager", () => {
    const groups = Object.values(json.services.resource.aws_autoscaling_group) as Array<{
      name: string;
      min_size: number;
    }>;
    expect(groups.map((g) => g.name).sort()).toEqual(["production-analytics", "production-ingest"]);
    expect(groups.find((g) => g.name === "production-ingest")?.min_size).toBe(production.ingest.instances);
    const secretValue = only(json.services.resource.aws_secretsmanager_secret_version);
    expect(secretValue.secret_string).toBe(ref("var.database_url"));
  });
});

describe("the inference pool", () => {
  const pool = json.pool;
  test("its size variables reach the autoscaling group, with the environment's sizes as defaults", () => {
    const group = only(pool.resource.aws_autoscaling_group);
    expect(group.min_size).toBe(ref("var.pool_min_size"));
    expect(group.max_size).toBe(ref("var.pool_max_size"));
    expect(group.desired_capacity).toBe(ref("var.pool_desired_size"));
    expect(pool.variable.pool_min_size.default).toBe(production.pool.size.min);
    expect(pool.variable.pool_max_size.default).toBe(production.pool.size.max);
    expect(pool.variable.pool_desired_size.default).toBe(production.pool.size.desired);
  });

  test("GPU VMs run the inference container with the NVIDIA runtime, and ship its metrics with the CloudWatch agent", () => {
    const template = only(pool.resource.aws_launch_template);
    expect(template.instance_type).toBe(production.pool.instanceType);
    expect(only(pool.data.aws_ssm_parameter).name).toContain("/gpu/");
    const boot: string = template.user_data;
    expect(boot).toContain("--gpus all --runtime nvidia");
    expect(boot).toContain(`'${production.images.registry}/streamlens-inference:${production.images.tag}'`);
    expect(boot).toContain("amazon-cloudwatch-agent-ctl -a fetch-config");
    expect(boot).toContain("targets: [127.0.0.1:9102]");
    const agent = JSON.parse(only(pool.resource.aws_ssm_parameter).value);
    const declaration = agent.logs.metrics_collected.prometheus.emf_processor.metric_declaration[0];
    expect(new RegExp(declaration.metric_selectors[0]).test(BACKLOG_AGE_METRIC)).toBe(true);
  });

  test("the scaling policy tracks the frame-backlog age the pool publishes", () => {
    const policy = only(pool.resource.aws_autoscaling_policy);
    expect(policy.policy_type).toBe("TargetTrackingScaling");
    const spec = policy.target_tracking_configuration.customized_metric_specification;
    expect(spec.metric_name).toBe(BACKLOG_AGE_METRIC);
    expect(spec.metric_dimension).toEqual([{ name: "service", value: "production-inference" }]);
    expect(policy.target_tracking_configuration.target_value).toBe(production.pool.targetBacklogAgeSeconds);
    // The name must be the one the pool registers on /metrics, or the policy tracks nothing.
    const service = readFileSync(join(REPO_ROOT, "inference-pool", "src", "main.ts"), "utf8");
    expect(service).toContain(`"${BACKLOG_AGE_METRIC}"`);
  });
});

test("no secret value appears in any synthesized stack, whatever the environment holds", () => {
  const secrets = {
    DATABASE_URL: "postgres://owner:s3cret-db-password@ep-1.neon.tech/streamlens",
    ADMIN_TOKEN: "admin-token-0123456789abcdef",
    CLOUDFLARE_API_TOKEN: "cf-api-token-abcdef0123456789",
    PULSAR_TOKEN: "eyJhbGciOiJIUzI1NiJ9.pulsar-token",
    TF_VAR_database_url: "postgres://owner:s3cret-db-password@ep-1.neon.tech/streamlens",
    TF_VAR_admin_token: "admin-token-0123456789abcdef",
  };
  const saved = { ...process.env };
  Object.assign(process.env, secrets);
  try {
    const stacks = synthEnvironment("production").text;
    for (const [kind, body] of Object.entries(stacks)) {
      for (const value of Object.values(secrets))
        expect({ kind, leaked: body.includes(value) }).toEqual({ kind, leaked: false });
      const variables = JSON.parse(body).variable ?? {};
      for (const [name, variable] of Object.entries(variables as Record<string, { sensitive?: boolean }>))
        if (/token|password|database_url|secret/.test(name))
          expect({ kind, name, sensitive: variable.sensitive }).toEqual({ kind, name, sensitive: true });
    }
  } finally {
    process.env = saved;
  }
});
