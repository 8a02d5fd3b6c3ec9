// Test helpers other parts reuse: the bus contract suite, a logger that records, fixtures, and a
// real Pulsar standalone broker.
export { benchOptions, countOption, parseBenchOptions } from "./testing/bench-options.ts";
export { busContract } from "./testing/bus.contract.ts";
export { captureLogger } from "./testing/capture-logger.ts";
export { FIXTURE_MODELS, FIXTURES, fixture, REPO_ROOT } from "./testing/fixtures.ts";
export { type NeonWsProxy, startNeonWsProxy } from "./testing/neon-ws-proxy.ts";
export { ensureNode22 } from "./testing/node22.ts";
export { type PostgresServer, sharedPostgres, startPostgres } from "./testing/postgres-server.ts";
export {
  ensureJava,
  ensurePulsarJars,
  PULSAR_HOME,
  type StandaloneBroker,
  type StandaloneOptions,
  signPulsarToken,
  startStandalone,
} from "./testing/pulsar-standalone.ts";
export { privateTestBroker, sharedTestBroker } from "./testing/test-broker.ts";
