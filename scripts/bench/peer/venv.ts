import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";

const VENV = join(REPO_ROOT, ".cache", "bench-peer", "venv");
const REQUIREMENTS = join(import.meta.dir, "requirements.txt");
/** Written after a successful install: a changed requirements.txt reinstalls. */
const STAMP = join(VENV, "requirements.installed.txt");

function run(command: string[]): void {
  const result = Bun.spawnSync(command, { stdout: "inherit", stderr: "inherit" });
  if (result.exitCode !== 0)
    throw new Error(`bench:peer: \`${command.join(" ")}\` exited ${result.exitCode}`);
}

/**
 * The peer's own virtual environment, with the pinned packages from PyPI; created on first use and
 * kept under .cache, so later runs start at once. Returns its python.
 */
export async function ensurePeerPython(): Promise<string> {
  const python = join(VENV, "bin", "python");
  const wanted = await Bun.file(REQUIREMENTS).text();
  if (existsSync(python) && existsSync(STAMP) && (await Bun.file(STAMP).text()) === wanted) return python;
  const system = Bun.which("python3");
  if (!system) throw new Error("bench:peer needs python3 (3.9 or newer) on PATH to build its venv");
  mkdirSync(VENV, { recursive: true });
  console.error(`bench:peer: installing the peer's packages into ${VENV}`);
  run([system, "-m", "venv", VENV]);
  run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS]);
  await Bun.write(STAMP, wanted);
  return python;
}
