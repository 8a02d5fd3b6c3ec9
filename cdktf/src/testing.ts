import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { addEnvironment } from "./app.ts";
import { ENVIRONMENTS_DIR, loadEnvironment } from "./environment.ts";

/** One environment's stacks synthesized by cdktf's Testing helpers: each stack as parsed JSON and as text. */
export function synthEnvironment(name: string, dir = ENVIRONMENTS_DIR) {
  const app = Testing.app();
  const stacks = addEnvironment(app, loadEnvironment(name, dir));
  const text = Object.fromEntries(
    Object.entries(stacks).map(([kind, stack]) => [kind, Testing.synth(stack)]),
  ) as Record<keyof typeof stacks, string>;
  const json = Object.fromEntries(Object.entries(text).map(([kind, t]) => [kind, JSON.parse(t)])) as Record<
    keyof typeof stacks,
    // biome-ignore lint/suspicious/noExplicitAny: Terraform JSON is walked by key in tests.
    any
  >;
  return { text, json };
}

/** A writable copy of the environment files, for commands that edit them. */
export function copyEnvironments(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "streamlens-envs-")), "environments");
  cpSync(ENVIRONMENTS_DIR, dir, { recursive: true });
  return dir;
}
