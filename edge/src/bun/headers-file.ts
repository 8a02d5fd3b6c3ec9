import { existsSync, readFileSync } from "node:fs";

export interface HeaderRule {
  pattern: RegExp;
  headers: Array<[string, string]>;
}

/**
 * Reads a Cloudflare `_headers` file (the site's, which Workers static assets apply), so the
 * local server sends the same headers from the one declaration. Only what that file uses is read:
 * path patterns with `*`, indented `Name: value` lines, `#` comments. Hand-written: the format is
 * a few lines and no maintained parser for it exists on npm.
 */
export function readHeadersFile(path: string): HeaderRule[] {
  if (!existsSync(path)) return [];
  const rules: HeaderRule[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const source = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replaceAll("*", ".*");
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(":");
    const rule = rules.at(-1);
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers the rules give a path, in file order (a later rule overrides an earlier one). */
export function headersFor(rules: HeaderRule[], pathname: string): Array<[string, string]> {
  return rules.filter((r) => r.pattern.test(pathname)).flatMap((r) => r.headers);
}
