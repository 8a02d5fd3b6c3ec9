import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { SETTINGS_TABLES, withSettingsTables } from "./settings-tables.ts";

const README = join(REPO_ROOT, "README.md");

/** A table's cells without the padding Biome may change. */
const cells = (text: string) =>
  text
    .split("\n")
    .map((line) =>
      line.startsWith("|") ? line.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/^-+$/, "-")) : line,
    );

describe("the README's settings tables", () => {
  const readme = readFileSync(README, "utf8");

  test("each has its markers", () => {
    for (const name of Object.keys(SETTINGS_TABLES)) {
      expect(readme).toContain(`<!-- settings:${name} -->`);
      expect(readme).toContain(`<!-- /settings:${name} -->`);
    }
  });

  test("are what the settings declare (run `bun run docs:settings` when this fails)", () => {
    expect(cells(readme)).toEqual(cells(withSettingsTables(readme)));
  });

  test("a setting changed in code makes the README stale", () => {
    const stale = readme.replace("`STREAMLENS_FPS`", "`STREAMLENS_SAMPLE_RATE`");
    expect(stale).not.toBe(readme);
    expect(cells(withSettingsTables(stale))).not.toEqual(cells(stale));
  });
});
