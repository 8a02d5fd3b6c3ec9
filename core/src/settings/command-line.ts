import type { ParseArgsOptionsConfig } from "node:util";
import { type Setting, type SettingsGroup, shownDefault } from "./setting.ts";

/** The parseArgs options of every flag the groups declare (`--help` included). */
export function flagOptions(...groups: SettingsGroup[]): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } };
  for (const group of groups) {
    for (const setting of Object.values(group.settings)) {
      if (setting.flag) options[setting.flag] = { type: setting.arg ? "string" : "boolean" };
    }
  }
  return options;
}

/** `default 10 s; STREAMLENS_STALL_TIMEOUT_SECONDS`: what a line of `--help` adds after the meaning. */
function notes(setting: Setting, withEnv: boolean): string {
  const fallback = shownDefault(setting);
  const unit = setting.unit && fallback && /^[\d.]+$/.test(fallback) ? ` ${setting.unit}` : "";
  const shownFallback = fallback?.startsWith("(")
    ? fallback.slice(1, -1)
    : fallback && `default ${fallback}${unit}`;
  const parts = [shownFallback, withEnv ? setting.env : undefined];
  const shown = parts.filter(Boolean);
  return shown.length ? ` (${shown.join("; ")})` : "";
}

const FLAG_COLUMN = 26;
const ENV_COLUMN = 34;

/**
 * A command's `--help`, its options derived from the settings it reads: every flag with its
 * meaning, default and variable, then the variables that have no flag.
 */
export function commandUsage(options: {
  synopsis: string;
  about: string;
  groups: SettingsGroup[];
  /** Flags of the command itself that are not settings (`--json`), as help lines. */
  extra?: string[];
}): string {
  // The command's own lines come padded for some column; re-pad them to this one.
  const flags: string[] = (options.extra ?? []).map((line) => {
    const match = /^(\s*\S+(?: [A-Z]\S*)?)\s{2,}(.*)$/.exec(line);
    return match ? `${(match[1] as string).padEnd(FLAG_COLUMN)} ${match[2]}` : line;
  });
  const variables: string[] = [];
  const seen = new Set<string>();
  for (const group of options.groups) {
    for (const setting of Object.values(group.settings)) {
      const id = setting.flag ?? setting.env;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      if (setting.flag) {
        const name = `  --${setting.flag}${setting.arg ? ` ${setting.arg}` : ""}`;
        flags.push(`${name.padEnd(FLAG_COLUMN)} ${setting.description}${notes(setting, true)}`);
      } else if (setting.env) {
        variables.push(`  ${setting.env.padEnd(ENV_COLUMN)} ${setting.description}${notes(setting, false)}`);
      }
    }
  }
  flags.push(`${"  -h, --help".padEnd(FLAG_COLUMN)} this text`);
  return [
    `Usage: ${options.synopsis}`,
    "",
    options.about,
    "",
    "Options:",
    ...flags,
    ...(variables.length ? ["", "Environment:", ...variables] : []),
  ].join("\n");
}
