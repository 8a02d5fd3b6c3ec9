// The cdktf app: `cdktf synth` (cdktf-cli) or `bun run cdktf:synth` runs this file. It writes
// plain Terraform JSON for every stack of every environment in environments/ (or of those named
// in STREAMLENS_ENVS, comma-separated) to cdktf.out/stacks/<env>-<stack>/cdk.tf.json.
import { buildApp } from "./src/index.ts";

const outdir = process.env.CDKTF_OUTDIR ?? new URL("./cdktf.out", import.meta.url).pathname;
const environments = process.env.STREAMLENS_ENVS?.split(",").filter(Boolean);
buildApp({ outdir, environments }).synth();
