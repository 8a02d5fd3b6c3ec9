import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const SITE_DIR = join(import.meta.dir, "..");
export const SITE_DIST = join(SITE_DIR, "dist");
/** Fingerprint of the sources the current dist/ was built from (outside dist/, never served). */
const STAMP = join(SITE_DIR, ".astro", "streamlens-build.json");
const INPUTS = ["src", "public", "astro.config.ts", "package.json"];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of every source file and of the build-time settings (PUBLIC_*), so any change rebuilds. */
export function siteFingerprint(env: Record<string, string | undefined>): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap((input) => files(join(SITE_DIR, input)))) {
    hash.update(relative(SITE_DIR, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  for (const key of Object.keys(env)
    .filter((k) => k.startsWith("PUBLIC_"))
    .sort()) {
    hash.update(`${key}=${env[key]}\0`);
  }
  return hash.digest("hex");
}

/**
 * Builds the site (Astro, static) unless dist/ already holds a build of exactly these sources.
 * Returns the dist folder. A failed build throws with the build's own output.
 */
export async function ensureSiteBuilt(options: {
  /** The environment the build sees: its PUBLIC_* settings are baked into the site. */
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
  force?: boolean;
}): Promise<string> {
  const { env } = options;
  const fingerprint = siteFingerprint(env);
  const built = existsSync(STAMP)
    ? (JSON.parse(readFileSync(STAMP, "utf8")) as { fingerprint?: string })
    : {};
  if (!options.force && built.fingerprint === fingerprint && existsSync(join(SITE_DIST, "index.html"))) {
    return SITE_DIST;
  }
  options.log?.("building the site (astro build)…");
  const started = performance.now();
  const build = Bun.spawn([process.execPath, "--bun", "astro", "build"], {
    cwd: SITE_DIR,
    env: { ...env, ASTRO_TELEMETRY_DISABLED: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(build.stdout).text(),
    new Response(build.stderr).text(),
    build.exited,
  ]);
  if (code !== 0) throw new Error(`the site build failed (exit ${code}):\n${(out + err).slice(-4000)}`);
  mkdirSync(join(SITE_DIR, ".astro"), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  options.log?.(`site built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return SITE_DIST;
}
