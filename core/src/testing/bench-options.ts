import { parseArgs } from "node:util";
import { z } from "zod";
import { parseConfig } from "../config.ts";

/**
 * A benchmark's command line, `--name value` for each field of `shape`, validated like any other
 * configuration: defaults come from the schema, and a bad value or an unknown option stops the
 * run naming it, instead of a NaN that would quietly measure nothing.
 */
export function parseBenchOptions<S extends z.ZodRawShape>(
  shape: S,
  argv: string[],
): z.output<z.ZodObject<S>> {
  const options = Object.fromEntries(Object.keys(shape).map((name) => [name, { type: "string" as const }]));
  const { values } = parseArgs({ args: argv, options, strict: true });
  return parseConfig(z.object(shape).strict(), values, "benchmark options (--name value)");
}

/** {@link parseBenchOptions} on this process's arguments; a mistake prints one line and exits 2. */
export function benchOptions<S extends z.ZodRawShape>(shape: S): z.output<z.ZodObject<S>> {
  try {
    return parseBenchOptions(shape, Bun.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

/** A positive whole-number option with its default. */
export const countOption = (fallback: number) => z.coerce.number().int().positive().default(fallback);
