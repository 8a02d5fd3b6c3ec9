import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The checkout's root folder (core/src/testing is three levels down). */
export const REPO_ROOT = resolve(import.meta.dir, "..", "..", "..");

/** The shared fixtures folder: STREAMLENS_FIXTURES, else ../shared/fixtures beside the checkout. */
export const FIXTURES = resolve(
  process.env.STREAMLENS_FIXTURES ?? join(REPO_ROOT, "..", "shared", "fixtures"),
);

/** The absolute path of a fixture file; a clear error when the fixtures are not there. */
export function fixture(relative: string): string {
  const path = join(FIXTURES, relative);
  if (!existsSync(path))
    throw new Error(`fixture ${relative} not found under ${FIXTURES}; set STREAMLENS_FIXTURES`);
  return path;
}

export const FIXTURE_MODELS = join(FIXTURES, "models");
