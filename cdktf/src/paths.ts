import { join, relative } from "node:path";

export const REPO_ROOT = join(import.meta.dir, "..", "..");
export const EDGE_DIR = join(REPO_ROOT, "edge");
/** The single-module Worker script `bun run edge:bundle` writes and the edge stack uploads. */
export const EDGE_BUNDLE = join(EDGE_DIR, "dist", "worker.js");
/** Where `bun run cdktf:synth` (and `cdktf synth`) write the stacks. */
export const OUTDIR = join(REPO_ROOT, "cdktf", "cdktf.out");

/**
 * Terraform runs each stack in `cdktf/cdktf.out/stacks/<stack>`; files the stack reads at plan
 * time (the Worker bundle, the site, the migrations) are given relative to that folder, so the
 * synthesized JSON holds no path of the machine it was made on.
 */
export function pathFromStack(stackName: string, file: string): string {
  return relative(join(OUTDIR, "stacks", stackName), file);
}
