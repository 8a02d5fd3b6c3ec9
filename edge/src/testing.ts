// Test helpers other parts reuse: the API contract suite and the Worker under wrangler dev.
export { type ApiUnderTest, apiContract } from "./testing/api.contract.ts";
export { type Regression, regressionRequests } from "./testing/regressions.ts";
export { startWranglerDev, type WranglerDev, wranglerCommand } from "./testing/wrangler-dev.ts";
