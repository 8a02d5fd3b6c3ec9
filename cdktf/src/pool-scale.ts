import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StreamlensError } from "@streamlens/core";
import { ENVIRONMENTS_DIR, loadEnvironment, type PoolSize } from "./environment.ts";

export interface ScaleRequest {
  env: string;
  /** The wanted size, as typed (validated here). */
  desired: string;
  min?: string;
  max?: string;
  dir?: string;
}

/** A size as typed on the command line: a whole number, 0 or more, or an error naming it. */
function wholeNumber(what: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()))
    throw new StreamlensError("invalid-args", `${what} "${raw}" is not a whole number of VMs (0 or more)`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value > 10_000)
    throw new StreamlensError("invalid-args", `${what} "${raw}" is too large (at most 10000)`);
  return value;
}

/**
 * Validates a new pool size against the environment (min and max default to the file's) and
 * writes it to `environments/<env>.json`, the one place the pool's size is declared. Nothing is
 * written when any value is wrong. Returns the size before and after.
 */
export function scalePool(request: ScaleRequest): { before: PoolSize; after: PoolSize; file: string } {
  const dir = request.dir ?? ENVIRONMENTS_DIR;
  const desired = wholeNumber("size", request.desired);
  const min = request.min === undefined ? undefined : wholeNumber("--min", request.min);
  const max = request.max === undefined ? undefined : wholeNumber("--max", request.max);
  const env = loadEnvironment(request.env, dir);
  const before = env.pool.size;
  const after = { min: min ?? before.min, max: max ?? before.max, desired };
  if (after.min > after.max)
    throw new StreamlensError("invalid-args", `--min ${after.min} is greater than --max ${after.max}`);
  if (desired < after.min || desired > after.max)
    throw new StreamlensError(
      "invalid-args",
      `size ${desired} is outside [min, max] = [${after.min}, ${after.max}]${
        min === undefined && max === undefined ? " (change them with --min/--max)" : ""
      }`,
    );
  const file = join(dir, `${request.env}.json`);
  // Only the pool's size changes; the rest of the file is kept as written.
  const raw = JSON.parse(readFileSync(file, "utf8")) as { pool: { size: PoolSize } };
  raw.pool.size = after;
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
  loadEnvironment(request.env, dir);
  return { before, after, file };
}
