import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { formatIssues } from "@streamlens/core";
import { z } from "zod";

/**
 * One environment of the production system, as `environments/<name>.json` declares it: sizes,
 * names, versions. Never secrets or account identities: those are Terraform variables supplied
 * at apply time (`TF_VAR_…`), so the synthesized JSON and this file can be committed.
 */

const count = (what: string, min = 0) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be an integer`)
    .min(min, `${what} must be at least ${min}`);

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "lower-case letters, digits and '-', 2 to 32 characters");

const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1");
const instanceType = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as g6.xlarge");
const imageTag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "a container image tag");

/** The GPU pool: min ≤ desired ≤ max, as the autoscaling group needs them. */
export const poolSizeSchema = z
  .object({
    min: count("min"),
    max: count("max", 1),
    desired: count("desired"),
  })
  .check((ctx) => {
    const { min, max, desired } = ctx.value;
    if (min > max)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        path: ["min"],
        message: `min (${min}) is greater than max (${max})`,
      });
    else if (desired < min || desired > max)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        path: ["desired"],
        message: `desired (${desired}) is outside [min, max] = [${min}, ${max}]`,
      });
  });
export type PoolSize = z.infer<typeof poolSizeSchema>;

const serviceFleet = z.object({
  instances: count("instances"),
  instanceType,
});

export const environmentSchema = z.strictObject({
  name,
  aws: z.strictObject({
    region: awsRegion,
    vpcCidr: z.cidrv4(),
    availabilityZones: z.array(z.string().min(1)).min(2, "at least two availability zones"),
  }),
  /** Where Terraform keeps each stack's state; `local` for a try-out, `s3` for a team. */
  state: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("local") }),
    z.strictObject({
      kind: z.literal("s3"),
      bucket: z.string().min(3),
      region: awsRegion,
      lockTable: z.string().min(3),
    }),
  ]),
  images: z.strictObject({
    /** Registry and repository prefix: `<registry>/streamlens-ingest:<tag>` and so on. */
    registry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "a registry such as ghcr.io/acme"),
    tag: imageTag,
  }),
  edge: z.strictObject({
    workerName: name,
    /** A custom domain for the Worker (a zone in the same Cloudflare account); none: workers.dev. */
    hostname: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/)
      .optional(),
    allowedOrigins: z.array(z.url()).default([]),
    lookbackDays: count("lookbackDays", 1).max(366),
  }),
  bus: z.strictObject({
    tenant: z.string().default("streamlens"),
    namespace: z.string().default("video"),
    kubernetesVersion: z.string().regex(/^1\.\d+$/, "a Kubernetes minor version such as 1.33"),
    nodeInstanceType: instanceType,
    nodes: count("nodes", 1),
    helmChartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "an exact chart version"),
    zookeepers: count("zookeepers", 1),
    bookies: count("bookies", 1),
    brokers: count("brokers", 1),
    proxies: count("proxies", 1),
    bookieJournalGiB: count("bookieJournalGiB", 1),
    bookieLedgersGiB: count("bookieLedgersGiB", 1),
    /** How long acknowledged messages are kept (replay after an incident). */
    retentionMinutes: count("retentionMinutes"),
    retentionMiB: count("retentionMiB"),
  }),
  pool: z.strictObject({
    size: poolSizeSchema,
    instanceType,
    /** The frame-backlog age the target-tracking policy holds, seconds. */
    targetBacklogAgeSeconds: z.number().positive().max(3600),
    model: z.string().min(1),
    provider: z.enum(["cpu", "gpu", "webgpu", "cuda", "tensorrt"]),
    maxBatch: count("maxBatch", 1).max(256),
  }),
  ingest: serviceFleet,
  analytics: serviceFleet,
});

export type Environment = z.infer<typeof environmentSchema>;

/** The folder of the environment files; tests and `pool:scale --dir` point elsewhere. */
export const ENVIRONMENTS_DIR = join(import.meta.dir, "..", "environments");

export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

/** Every issue, naming the field. */
const describeIssues = (error: z.ZodError) => formatIssues(error, "(file)");

/** Reads and validates one environment file; the error names the file and the field. */
export function loadEnvironment(envName: string, dir = ENVIRONMENTS_DIR): Environment {
  if (!/^[a-z][a-z0-9-]*$/.test(envName))
    throw new EnvironmentError(`environment "${envName}": not a valid name`);
  const file = join(dir, `${envName}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const known = listEnvironments(dir).join(", ") || "none";
    throw new EnvironmentError(
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `environment "${envName}": no ${basename(file)} (known: ${known})`
        : `environment "${envName}": ${basename(file)} is not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success)
    throw new EnvironmentError(
      `environment "${envName}" (${basename(file)}): ${describeIssues(parsed.error)}`,
    );
  if (parsed.data.name !== envName)
    throw new EnvironmentError(`environment "${envName}": the file says its name is "${parsed.data.name}"`);
  return parsed.data;
}

export function listEnvironments(dir = ENVIRONMENTS_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length))
      .sort();
  } catch {
    return [];
  }
}
