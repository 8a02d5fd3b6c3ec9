import { type SettingsGroup, shownDefault } from "./setting.ts";

const code = (text: string) => `\`${text}\``;
/** A pipe inside a cell would end it. */
const cell = (text: string) => text.replaceAll("|", "\\|");

/**
 * The README's table of a group's settings: flag, variable (with the names it replaced), unit,
 * default and meaning. Settings with neither flag nor variable are internal and left out.
 */
export function settingsTable(...groups: SettingsGroup[]): string {
  const rows: string[][] = [["flag", "environment", "unit", "default", "meaning"]];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const setting of Object.values(group.settings)) {
      if (!setting.flag && !setting.env) continue;
      const id = `${setting.flag}|${setting.env}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const fallback = shownDefault(setting);
      const replaced = (setting.deprecatedEnv ?? []).map((old) => code(old.name));
      rows.push([
        setting.flag ? code(`--${setting.flag}${setting.arg ? ` ${setting.arg}` : ""}`) : "",
        [setting.env ? code(setting.env) : "", replaced.length ? `(was ${replaced.join(", ")})` : ""]
          .filter(Boolean)
          .join(" "),
        setting.unit ?? "",
        fallback === undefined ? "" : /^[^\s(`][^\s`]*$/.test(fallback) ? code(fallback) : fallback,
        setting.description,
      ]);
    }
  }
  const widths = rows[0]?.map((_, column) =>
    Math.max(3, ...rows.map((row) => cell(row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((text, column) => cell(text).padEnd(widths?.[column] ?? 0)).join(" | ")} |`;
  const [head, ...body] = rows as [string[], ...string[][]];
  const rule = `| ${(widths ?? []).map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(head), rule, ...body.map(line)].join("\n");
}

/** Rewrites every `<!-- settings:NAME -->` … `<!-- /settings:NAME -->` block of a document. */
export function replaceSettingsTables(document: string, tables: Record<string, string>): string {
  return document.replace(
    /(<!-- settings:([\w-]+) -->\n)(?:[\s\S]*?\n)?(<!-- \/settings:\2 -->)/g,
    (whole, open: string, name: string, close: string) => {
      const table = tables[name];
      return table === undefined ? whole : `${open}${table}\n${close}`;
    },
  );
}
