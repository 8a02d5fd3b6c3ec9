// `bun run site:dev`: Astro's dev server (hot reload) for the site, against the API at
// STREAMLENS_API (default http://127.0.0.1:8787, e.g. `bun run serve` or `bun run edge:dev`).
// That API must allow the dev server's origin (ALLOWED_ORIGINS, http://localhost:4321 by default).
import { join } from "node:path";

const api = process.env.STREAMLENS_API ?? "http://127.0.0.1:8787";
try {
  const url = new URL(api);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
} catch {
  console.error(`site:dev: STREAMLENS_API must be an http(s) URL, not "${api}"`);
  process.exit(2);
}
console.log(`site:dev: the site reads the API at ${api}`);
const child = Bun.spawn([process.execPath, "--bun", "astro", "dev", ...Bun.argv.slice(2)], {
  cwd: join(import.meta.dir, "..", "site"),
  env: { ...process.env, PUBLIC_API_BASE: api, ASTRO_TELEMETRY_DISABLED: "1" },
  stdio: ["inherit", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
process.exit(await child.exited);
