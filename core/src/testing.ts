// Test helpers other parts reuse: the bus contract suite, a logger that records, fixtures, and a
// real Pulsar standalone broker.
export { busContract } from "./testing/bus.contract.ts";
export { captureLogger } from "./testing/capture-logger.ts";
export { FIXTURE_MODELS, FIXTURES, fixture, REPO_ROOT } from "./testing/fixtures.ts";
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
