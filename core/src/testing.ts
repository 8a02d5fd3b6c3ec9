// Test helpers other parts reuse: the bus contract suite, a logger that records, fixtures.
export { busContract } from "./testing/bus.contract.ts";
export { captureLogger } from "./testing/capture-logger.ts";
export { FIXTURE_MODELS, FIXTURES, fixture, REPO_ROOT } from "./testing/fixtures.ts";
