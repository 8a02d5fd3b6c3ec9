import { FIXTURE_MODELS } from "@streamlens/core/testing";

/** Environment for pipeline runs in tests: models from the fixtures, nothing downloaded. */
export const testEnv = (extra: Record<string, string | undefined> = {}) => ({
  ...process.env,
  STREAMLENS_DETECTOR_DIR: FIXTURE_MODELS,
  ...extra,
});
