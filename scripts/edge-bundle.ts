// `bun run edge:bundle`: the Worker as the one module the edge stack uploads (edge/dist/worker.js).
// wrangler bundles it exactly as `wrangler deploy` would, but keeps the SQL models as separate
// text modules, which the Terraform provider cannot upload; Bun's bundler then inlines them
// (its `text` loader), so no module loading is written by hand.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { wranglerCommand } from "@streamlens/edge/testing";
import { ensureSiteBuilt } from "@streamlens/site";

const ROOT = join(import.meta.dir, "..");
const OUT = join(ROOT, "edge", "dist");
// wrangler's output, beside the result (its paths end up in the bundle's comments).
const staging = join(OUT, "wrangler");
rmSync(staging, { recursive: true, force: true });
try {
  // The stack uploads the site as the Worker's static assets; wrangler also checks they exist.
  await ensureSiteBuilt({ env: process.env, log: (line) => console.log(`edge:bundle: ${line}`) });
  const wrangler = Bun.spawn(
    [...wranglerCommand(), "deploy", "--dry-run", "--outdir", staging, "--config", "wrangler.toml"],
    {
      cwd: join(ROOT, "edge"),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [code, out, err] = await Promise.all([
    wrangler.exited,
    new Response(wrangler.stdout).text(),
    new Response(wrangler.stderr).text(),
  ]);
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${out}${err}`);
  const result = await Bun.build({
    entrypoints: [join(staging, "worker.js")],
    outdir: OUT,
    naming: "worker.js",
    target: "browser",
    format: "esm",
    loader: { ".sql": "text" },
    // Provided by workerd (nodejs_compat) and the Workers runtime.
    external: ["node:*", "cloudflare:*"],
    sourcemap: "linked",
  });
  if (!result.success) throw new AggregateError(result.logs, "bundling the Worker failed");
  const size = (await Bun.file(join(OUT, "worker.js")).arrayBuffer()).byteLength;
  console.log(`edge:bundle: edge/dist/worker.js (${(size / 1024).toFixed(0)} KiB, one module)`);
} catch (error) {
  console.error(`edge:bundle: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
