// `bun run test`: everything the tests need, then every check and test. Idempotent: on a fresh
// machine it installs dependencies and tools first; later runs skip what is there.
// Uses Node built-ins only: it runs before dependencies are installed.
import { join } from "node:path";
import { pathWithTools } from "./tooling.ts";

const ROOT = join(import.meta.dir, "..");
const env = { ...process.env, PATH: pathWithTools(process.env.PATH) };

function step(title: string, cmd: string[], cwd = ROOT) {
  console.log(`\n== ${title}: ${cmd.join(" ")}`);
  const started = performance.now();
  const result = Bun.spawnSync(cmd, { cwd, stdout: "inherit", stderr: "inherit", env });
  console.log(
    `== ${title}: ${result.exitCode === 0 ? "ok" : `failed (exit ${result.exitCode})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (result.exitCode !== 0) process.exit(result.exitCode ?? 1);
}

step("install dependencies", ["bun", "install", "--frozen-lockfile"]);
step("install tools", ["bun", "scripts/setup.ts"]);
step("install test services", ["bun", "scripts/setup-test-services.ts"]);
step("lint and format", ["bunx", "biome", "check", "."]);
step("typecheck", ["bunx", "tsc", "-p", "tsconfig.json"]);
step("typecheck the site", ["bunx", "tsc", "-p", "site/tsconfig.json"]);
step("build the site", ["bun", "scripts/site-build.ts"]);
step("site component tests", ["bun", "test"], join(ROOT, "site"));
step("tests", ["bun", "test", ...process.argv.slice(2)]);
