import { App } from "cdktf";
import { type Environment, listEnvironments, loadEnvironment } from "./environment.ts";
import { OUTDIR } from "./paths.ts";
import { BusStack } from "./stacks/bus-stack.ts";
import { DatabaseStack } from "./stacks/database-stack.ts";
import { EdgeStack } from "./stacks/edge-stack.ts";
import { InferencePoolStack } from "./stacks/inference-pool-stack.ts";
import { NetworkStack } from "./stacks/network-stack.ts";
import { ServicesStack } from "./stacks/services-stack.ts";

/** The stacks of one environment, in the order they are applied. */
export const STACKS = ["network", "bus", "database", "services", "inference-pool", "edge"] as const;
export type StackKind = (typeof STACKS)[number];
export const stackId = (envName: string, kind: StackKind) => `${envName}-${kind}`;

/** Every stack of one environment in an app; cross-stack values travel as Terraform outputs. */
export function addEnvironment(app: App, env: Environment) {
  const network = new NetworkStack(app, stackId(env.name, "network"), env);
  const bus = new BusStack(app, stackId(env.name, "bus"), env);
  bus.addDependency(network);
  const database = new DatabaseStack(app, stackId(env.name, "database"), env);
  const fleetInputs = { vpcId: network.vpcId, subnetIds: network.privateSubnetIds, pulsarUrl: bus.pulsarUrl };
  const services = new ServicesStack(app, stackId(env.name, "services"), env, fleetInputs);
  services.addDependency(database);
  const pool = new InferencePoolStack(app, stackId(env.name, "inference-pool"), env, fleetInputs);
  const edge = new EdgeStack(app, stackId(env.name, "edge"), env);
  edge.addDependency(database);
  return { network, bus, database, services, pool, edge };
}

export interface BuildOptions {
  /** cdktf/cdktf.out unless told: the stacks' relative paths assume it. */
  outdir?: string;
  /** Environments to include; all files in `environmentsDir` when absent. */
  environments?: string[];
  environmentsDir?: string;
}

export function buildApp(options: BuildOptions): App {
  const app = new App({ outdir: options.outdir ?? OUTDIR, skipValidation: false });
  const names = options.environments ?? listEnvironments(options.environmentsDir);
  for (const name of names) addEnvironment(app, loadEnvironment(name, options.environmentsDir));
  return app;
}
