import { z } from "zod";

export type Env = Record<string, string | undefined>;

/** An older name of a variable, still read (with a one-line warning) until it is removed. */
export interface DeprecatedEnv {
  name: string;
  /** Turns the old variable's value into the new one's, when the unit changed (ms → s). */
  convert?: (raw: string) => string;
}

/**
 * One setting, declared once: where it comes from (variable, flag), what it means, its unit and
 * its schema (which holds the default). Flags, environment reading, `--help` and the README's
 * tables are all derived from these declarations.
 */
export interface Setting<S extends z.ZodType = z.ZodType> {
  description: string;
  schema: S;
  /** The environment variable. */
  env?: string;
  deprecatedEnv?: readonly DeprecatedEnv[];
  /** The command-line flag, without its dashes. */
  flag?: string;
  /** What the flag takes, as `--help` shows it (N, S, DIR); a flag without one is a switch. */
  arg?: string;
  unit?: string;
  /** The default in words, where the schema's value would not say it (computed, or absent). */
  shownDefault?: string;
  /** A default that depends on the environment (a folder in the user's cache). */
  envDefault?: (env: Env) => string | undefined;
}

/** Declares one setting (an identity function that keeps its schema's type). */
export function defineSetting<S extends z.ZodType>(setting: Setting<S>): Setting<S> {
  return setting;
}

type Shape<T extends Record<string, Setting>> = { [K in keyof T]: T[K]["schema"] };

/** A part's settings: the declarations and the strict schema of the object they make. */
export interface SettingsGroup<T extends Record<string, Setting> = Record<string, Setting>> {
  /** Names the group in errors (`invalid ingest configuration: …`) and in the README's markers. */
  name: string;
  settings: T;
  schema: z.ZodObject<Shape<T>, z.core.$strict>;
}

export function defineSettings<const T extends Record<string, Setting>>(
  name: string,
  settings: T,
): SettingsGroup<T> {
  const shape = Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.schema])) as Shape<T>;
  return { name, settings, schema: z.object(shape).strict() };
}

export type SettingsOf<G extends SettingsGroup> = z.output<G["schema"]>;

/** The default as people read it: the declared words, else the schema's value with its unit. */
export function shownDefault(setting: Setting): string | undefined {
  if (setting.shownDefault !== undefined) return setting.shownDefault;
  const parsed = setting.schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined || parsed.data === false) return undefined;
  const value = Array.isArray(parsed.data) ? parsed.data.join(", ") : String(parsed.data);
  return value === "" ? undefined : value;
}
