// `bun run pool:scale <N> [--min A] [--max B] [--env E]`: sets the GPU inference pool's size in
// cdktf/environments/<E>.json (default production), synthesizes the environment's stacks, then
// plans and applies the pool's stack with terraform or tofu when one is on PATH. Without one, it
// prints exactly what to run. Every value is checked before anything is written.
import { basename, join } from "node:path";
import { buildApp, EnvironmentError, scalePool, stackId } from "@streamlens/cdktf";
import { describeError, exitCodeOf, parseCommandLine, StreamlensError } from "@streamlens/core";

const ROOT = join(import.meta.dir, "..");
const OUTDIR = join(ROOT, "cdktf", "cdktf.out");
const USAGE =
  "usage: bun run pool:scale <N> [--min A] [--max B] [--env production] [--dir environments] [--plan-only]";

async function run(terraform: string, stackDir: string, step: string[]): Promise<void> {
  const command = [terraform, `-chdir=${stackDir}`, ...step];
  console.log(`$ ${basename(terraform)} ${command.slice(1).join(" ")}`);
  const child = Bun.spawn(command, { cwd: ROOT, stdio: ["inherit", "inherit", "inherit"] });
  const code = await child.exited;
  if (code !== 0)
    throw new Error(`${basename(terraform)} ${step[0]} failed (exit ${code}); nothing after it ran`);
}

try {
  const { values, positionals } = parseCommandLine(
    Bun.argv.slice(2),
    {
      min: { type: "string" },
      max: { type: "string" },
      env: { type: "string", default: "production" },
      dir: { type: "string" },
      "plan-only": { type: "boolean" },
      help: { type: "boolean" },
    },
    { command: "bun run pool:scale", positionals: true },
  );
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1)
    throw new StreamlensError("invalid-args", `expected one size, got ${positionals.length}`, {
      hint: USAGE,
    });
  const { before, after, file } = scalePool({
    env: values.env,
    desired: positionals[0] as string,
    min: values.min,
    max: values.max,
    dir: values.dir,
  });
  const show = (s: typeof before) => `${s.desired} (min ${s.min}, max ${s.max})`;
  console.log(
    `pool:scale: ${values.env}: ${show(before)} → ${show(after)}; written to ${file.replace(`${ROOT}/`, "")}`,
  );

  const app = buildApp({ outdir: OUTDIR, environments: [values.env], environmentsDir: values.dir });
  app.synth();
  const stack = stackId(values.env, "inference-pool");
  const stackDir = join(OUTDIR, "stacks", stack);
  console.log(`pool:scale: synthesized ${stackDir.replace(`${ROOT}/`, "")}/cdk.tf.json`);

  const terraform = Bun.which("terraform") ?? Bun.which("tofu");
  const steps = [
    ["init", "-input=false"],
    ["plan", "-input=false", "-out=pool.tfplan"],
    ...(values["plan-only"] ? [] : [["apply", "-input=false", "pool.tfplan"]]),
  ];
  if (!terraform) {
    console.log("pool:scale: neither terraform nor tofu is on PATH; to apply the change run:");
    for (const step of steps)
      console.log(`  terraform -chdir=${stackDir.replace(`${ROOT}/`, "")} ${step.join(" ")}`);
    process.exit(0);
  }
  for (const step of steps) await run(terraform, stackDir, step);
} catch (error) {
  console.error(`pool:scale: ${describeError(error)}`);
  process.exit(error instanceof EnvironmentError ? 2 : exitCodeOf(error));
}
