// `bun run docs:settings`: rewrites the settings tables of README.md from the settings the parts
// declare (between `<!-- settings:NAME -->` markers); `scripts/docs/settings-tables.test.ts`
// fails when they are stale.
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { withSettingsTables } from "./docs/settings-tables.ts";

const file = join(REPO_ROOT, "README.md");
const before = await Bun.file(file).text();
const after = withSettingsTables(before);
await Bun.write(file, after);
// Biome formats Markdown tables; format the same way, so `bun run check` stays clean.
Bun.spawnSync(["bunx", "biome", "format", "--write", file], {
  cwd: REPO_ROOT,
  stdout: "ignore",
  stderr: "inherit",
});
console.log(
  after === before ? "docs:settings: README.md is up to date" : "docs:settings: README.md rewritten",
);
