import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { commandUsage, flagOptions } from "./command-line.ts";
import { replaceSettingsTables, settingsTable } from "./markdown-table.ts";
import { loadSettings, msToSeconds } from "./read-settings.ts";
import { defineSetting, defineSettings } from "./setting.ts";

const group = defineSettings("demo", {
  stallSeconds: defineSetting({
    env: "DEMO_STALL_SECONDS",
    deprecatedEnv: [{ name: "DEMO_STALL_MS", convert: msToSeconds }],
    flag: "stall",
    arg: "S",
    unit: "s",
    description: "stall timeout",
    schema: z.coerce.number().positive().default(10),
  }),
  verbose: defineSetting({ flag: "verbose", description: "say more", schema: z.boolean().default(false) }),
  token: defineSetting({ env: "DEMO_TOKEN", description: "a secret", schema: z.string().optional() }),
});

describe("settings declared once", () => {
  test("a flag wins over its variable, which wins over the command's default, then the schema's", () => {
    const load = (env: Record<string, string>, flags = {}, defaults = {}) =>
      loadSettings(group, { env, flags, defaults, warn: () => {} }).stallSeconds;
    expect(load({})).toBe(10);
    expect(load({}, {}, { stallSeconds: 20 })).toBe(20);
    expect(load({ DEMO_STALL_SECONDS: "5" }, {}, { stallSeconds: 20 })).toBe(5);
    expect(load({ DEMO_STALL_SECONDS: "5" }, { stall: "2" })).toBe(2);
  });

  test("an old variable still works, converted to the new unit, with one warning naming the new one", () => {
    const warnings: string[] = [];
    const read = () =>
      loadSettings(group, { env: { DEMO_STALL_MS: "1500" }, warn: (line) => warnings.push(line) });
    expect(read().stallSeconds).toBe(1.5);
    expect(read().stallSeconds).toBe(1.5);
    expect(warnings).toEqual([
      "DEMO_STALL_MS is deprecated and will be removed; set DEMO_STALL_SECONDS instead",
    ]);
    // The new name wins when both are set.
    expect(
      loadSettings(group, { env: { DEMO_STALL_MS: "1500", DEMO_STALL_SECONDS: "3" } }).stallSeconds,
    ).toBe(3);
  });

  test("a bad value is named by its setting", () => {
    expect(() => loadSettings(group, { env: { DEMO_STALL_SECONDS: "soon" } })).toThrow(
      /invalid demo configuration: stallSeconds: .*number/,
    );
  });

  test("flags, --help and the README's table come from the same declarations", () => {
    expect(flagOptions(group)).toEqual({
      help: { type: "boolean", short: "h" },
      stall: { type: "string" },
      verbose: { type: "boolean" },
    });
    const usage = commandUsage({ synopsis: "demo", about: "A demo.", groups: [group] });
    expect(usage).toContain("--stall S");
    expect(usage).toContain("stall timeout (default 10 s; DEMO_STALL_SECONDS)");
    expect(usage).toMatch(/Environment:\n {2}DEMO_TOKEN +a secret/);
    const table = settingsTable(group);
    expect(table.split("\n")[2]).toMatch(
      /^\| `--stall S` +\| `DEMO_STALL_SECONDS` \(was `DEMO_STALL_MS`\) \| s +\| `10` +\| stall timeout +\|$/,
    );
    const doc = "a\n<!-- settings:demo -->\nold\n<!-- /settings:demo -->\nb";
    expect(replaceSettingsTables(doc, { demo: table })).toBe(
      `a\n<!-- settings:demo -->\n${table}\n<!-- /settings:demo -->\nb`,
    );
  });
});
