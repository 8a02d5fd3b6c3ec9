import { z } from "zod";
import { parseConfig } from "../config.ts";
import type { Env, Setting, SettingsGroup, SettingsOf } from "./setting.ts";

/** Flag values as parseArgs gives them, by flag name. */
export type FlagValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface SettingsSources {
  env: Env;
  flags?: FlagValues;
  /** Defaults of this command that differ from the setting's own (below env and flags). */
  defaults?: Record<string, unknown>;
  /** Where deprecation warnings go; stderr unless told. */
  warn?: (line: string) => void;
}

const warned = new Set<string>();
// console.warn: stderr under Bun, the log under workerd.
const warnOnStderr = (line: string) => console.warn(`streamlens: ${line}`);

function text(env: Env, name: string) {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** The variable's value, or a deprecated name's (converted to the new unit), warned about once. */
function fromEnv(setting: Setting, env: Env, warn: (line: string) => void): string | undefined {
  const current = setting.env ? text(env, setting.env) : undefined;
  if (current !== undefined) return current;
  for (const old of setting.deprecatedEnv ?? []) {
    const value = text(env, old.name);
    if (value === undefined) continue;
    if (!warned.has(old.name)) {
      warned.add(old.name);
      warn(`${old.name} is deprecated and will be removed; set ${setting.env} instead`);
    }
    return old.convert ? old.convert(value) : value;
  }
  return undefined;
}

/** The raw values of a group: a flag wins over its variable, which wins over the defaults. */
export function settingsInput(group: SettingsGroup, sources: SettingsSources): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const warn = sources.warn ?? warnOnStderr;
  for (const [key, setting] of Object.entries(group.settings)) {
    const flag = setting.flag ? sources.flags?.[setting.flag] : undefined;
    const value =
      flag ??
      fromEnv(setting, sources.env, warn) ??
      sources.defaults?.[key] ??
      setting.envDefault?.(sources.env);
    if (value !== undefined) input[key] = value;
  }
  return input;
}

/** Reads and validates a group once; every problem is named (`invalid ingest configuration: fps: …`). */
export function loadSettings<G extends SettingsGroup>(
  group: G,
  sources: SettingsSources,
  what = `${group.name} configuration`,
): SettingsOf<G> {
  return parseConfig(group.schema, settingsInput(group, sources), what) as SettingsOf<G>;
}

/** `10000` (ms, an old variable) → `10` (seconds, its new name); other text is left for the schema. */
export function msToSeconds(raw: string): string {
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) ? String(n / 1000) : raw;
}

export type GroupsConfig<G extends Record<string, SettingsGroup>> = { [K in keyof G]: SettingsOf<G[K]> };

/**
 * Reads several groups as one configuration (`{ ingest, bus, service }`), so every problem in
 * any of them is listed at once, by its path (`ingest.fps: …`).
 */
export function loadSettingsGroups<G extends Record<string, SettingsGroup>>(
  groups: G,
  sources: SettingsSources,
  what: string,
): GroupsConfig<G> {
  const schema = z.object(Object.fromEntries(Object.entries(groups).map(([key, g]) => [key, g.schema])));
  const input = Object.fromEntries(
    Object.entries(groups).map(([key, g]) => [key, settingsInput(g, sources)]),
  );
  return parseConfig(schema, input, what) as GroupsConfig<G>;
}
