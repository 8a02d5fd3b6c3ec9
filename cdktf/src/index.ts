export { addEnvironment, buildApp, STACKS, type StackKind, stackId } from "./app.ts";
export {
  ENVIRONMENTS_DIR,
  type Environment,
  EnvironmentError,
  environmentSchema,
  listEnvironments,
  loadEnvironment,
  type PoolSize,
  poolSizeSchema,
} from "./environment.ts";
export { IMAGE_NAMES, SERVICE_PORTS } from "./images.ts";
export { scalePool } from "./pool-scale.ts";
