import type { z } from "zod";
import { StreamlensError } from "./errors.ts";
import { formatIssues } from "./zod-issues.ts";

/**
 * Parses configuration once, at start-up, and fails with every problem listed by its path
 * (`--fps: expected a number > 0`), so a typo never surfaces later as odd behaviour.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new StreamlensError("invalid-config", `invalid ${what}: ${formatIssues(result.error)}`, {
    hint: "see the configuration reference in README.md",
  });
}

/** Reads an environment variable as a trimmed string, treating empty as absent. */
export function envString(env: Record<string, string | undefined>, name: string) {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** Drops undefined values, so settings that were not given leave env values and defaults alone. */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
