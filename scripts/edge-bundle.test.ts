// The Worker as the edge stack deploys it: `bun run edge:bundle` writes one module with the SQL
// models inlined, and that very file runs in workerd with the production wrangler settings.
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { startWranglerDev, type WranglerDev } from "@streamlens/edge/testing";

let worker: WranglerDev | undefined;
afterAll(async () => {
  await worker?.stop();
});

test("edge:bundle writes one self-contained module that serves the API and the site in workerd", async () => {
  const build = Bun.spawn([process.execPath, "scripts/edge-bundle.ts"], {
    cwd: REPO_ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out, err] = await Promise.all([
    build.exited,
    new Response(build.stdout).text(),
    new Response(build.stderr).text(),
  ]);
  expect(err).toBe("");
  expect(code).toBe(0);
  expect(out).toMatch(/edge\/dist\/worker\.js \(\d+ KiB, one module\)/);

  const bundle = join(REPO_ROOT, "edge", "dist", "worker.js");
  const source = readFileSync(bundle, "utf8");
  // One module: nothing imported from beside it, the SQL rollups inside.
  // (booleans, so a failure does not print 1.3 MB of bundle)
  expect(/^\s*import\s[^;]*from\s*["']\.\.?\//m.test(source)).toBe(false);
  const model = readFileSync(join(REPO_ROOT, "analytics", "rollups", "stream_totals.sql"), "utf8");
  expect(source.includes(model)).toBe(true);

  worker = await startWranglerDev({ DATABASE_URL: "postgres://nobody@127.0.0.1:9/none" }, { script: bundle });
  const spec = (await (await fetch(`${worker.url}/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(spec.paths)).toContain("/v1/streams/{id}/timeseries");
  const home = await fetch(`${worker.url}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain("<title>");
}, 180_000);
