// `bun run cdktf:synth [--env E]…`: the Terraform JSON of every stack (or of the named
// environments) in cdktf/cdktf.out/stacks/, then the list of what was written.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildApp, EnvironmentError, listEnvironments } from "@streamlens/cdktf";
import { describeError, exitCodeOf, parseCommandLine } from "@streamlens/core";

const OUTDIR = join(import.meta.dir, "..", "cdktf", "cdktf.out");
try {
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    { env: { type: "string", multiple: true }, help: { type: "boolean" } },
    { command: "bun run cdktf:synth" },
  );
  if (values.help) {
    console.log(`usage: bun run cdktf:synth [--env NAME]…  (environments: ${listEnvironments().join(", ")})`);
    process.exit(0);
  }
  const started = performance.now();
  buildApp({ outdir: OUTDIR, environments: values.env }).synth();
  const names = values.env ?? listEnvironments();
  const stacks = readdirSync(join(OUTDIR, "stacks"))
    .filter((stack) => names.some((env) => stack.startsWith(`${env}-`)))
    .sort();
  console.log(
    `cdktf:synth: ${stacks.length} stacks in ${Math.round(performance.now() - started)} ms → cdktf/cdktf.out/stacks/`,
  );
  for (const stack of stacks) console.log(`  ${stack}/cdk.tf.json`);
} catch (error) {
  console.error(`cdktf:synth: ${describeError(error)}`);
  process.exit(error instanceof EnvironmentError ? 2 : exitCodeOf(error));
}
