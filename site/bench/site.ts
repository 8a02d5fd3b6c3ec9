// `bun run bench:site`: Lighthouse (npm `lighthouse`, Debian's Chromium) on the home and stream
// pages of the built site, served with the real API over a real pipeline run of the fixture
// video and photo. Prints performance, accessibility and best-practices scores (0-100) and the
// page-load metrics behind them, for a phone (Lighthouse's default: a mid-range phone on slow 4G,
// simulated) and a desktop; the last line is one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchOptions, ensureNode22, FIXTURE_MODELS, fixture, REPO_ROOT } from "@streamlens/core/testing";
import { z } from "zod";
import { ensureSiteBuilt } from "../index.ts";

const options = benchOptions({
  /** Lighthouse runs per page and form factor; the median run is reported. */
  runs: z.coerce.number().int().min(1).max(9).default(3),
  port: z.coerce.number().int().min(1).max(65_535).default(8797),
});
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const METRICS = {
  "first-contentful-paint": "FCP ms",
  "largest-contentful-paint": "LCP ms",
  "total-blocking-time": "TBT ms",
  "cumulative-layout-shift": "CLS",
  "speed-index": "SI ms",
} as const;
const PAGES = { home: "/", stream: "/stream/?id=one-by-one-person-detection" };

function run(cmd: string[], env: Record<string, string | undefined> = {}) {
  const result = Bun.spawnSync(cmd, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  if (result.exitCode !== 0)
    throw new Error(
      `${cmd.slice(0, 3).join(" ")} failed (exit ${result.exitCode}):\n${result.stderr.toString().slice(-3000)}`,
    );
  return result.stdout.toString();
}

interface LighthouseResult {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number }>;
}

function lighthouse(node: string, url: string, desktop: boolean): LighthouseResult {
  const cli = join(REPO_ROOT, "site", "node_modules", "lighthouse", "cli", "index.js");
  const out = run(
    [
      node,
      cli,
      url,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      `--only-categories=${CATEGORIES.join(",")}`,
      // Off the network (this machine has none) and allowed to run as root.
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run",
      ...(desktop ? ["--preset=desktop"] : []),
    ],
    { CHROME_PATH: CHROMIUM },
  );
  return JSON.parse(out) as LighthouseResult;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-site-"));
let server: ReturnType<typeof Bun.spawn> | undefined;
try {
  console.log("bench:site: a pipeline run of the fixture video and photo into an embedded database…");
  run(
    [
      "bun",
      "scripts/pipeline.ts",
      fixture("video/one-by-one-person-detection.mp4"),
      fixture("images/bus.jpg"),
      "--data-dir",
      dataDir,
      "--json",
    ],
    { STREAMLENS_DETECTOR_DIR: process.env.STREAMLENS_DETECTOR_DIR ?? FIXTURE_MODELS },
  );
  await ensureSiteBuilt({ env: process.env, log: (line) => console.log(`bench:site: ${line}`) });
  server = Bun.spawn(["bun", "edge/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      STREAMLENS_DATA_DIR: dataDir,
      STREAMLENS_ROLLUP_INTERVAL_MS: "0",
      STREAMLENS_LOG_LEVEL: "warn",
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  const base = `http://127.0.0.1:${options.port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/health`).catch(() => undefined))?.ok) break;
    if (i > 300) throw new Error("the site server did not start");
    await Bun.sleep(100);
  }
  const node = ensureNode22();
  const results: Record<string, Record<string, number>> = {};
  for (const [page, path] of Object.entries(PAGES)) {
    for (const desktop of [false, true]) {
      const runs = Array.from({ length: options.runs }, () => lighthouse(node, `${base}${path}`, desktop));
      const row: Record<string, number> = {};
      for (const category of CATEGORIES)
        row[category] = median(runs.map((r) => Math.round((r.categories[category]?.score ?? 0) * 100)));
      for (const [audit, label] of Object.entries(METRICS)) {
        const value = median(runs.map((r) => r.audits[audit]?.numericValue ?? Number.NaN));
        row[label] = audit === "cumulative-layout-shift" ? Number(value.toFixed(3)) : Math.round(value);
      }
      const name = `${page} (${desktop ? "desktop" : "phone"})`;
      results[name] = row;
      console.log(
        `${name.padEnd(18)} ${CATEGORIES.map((c) => `${c} ${row[c]}`).join("  ")}   ${Object.values(METRICS)
          .map((m) => `${m} ${row[m]}`)
          .join("  ")}`,
      );
    }
  }
  const lowest = Math.min(...Object.values(results).flatMap((r) => CATEGORIES.map((c) => r[c] as number)));
  console.log(
    `bench:site: lowest score ${lowest} (goal: every score >= 90), median of ${options.runs} runs each`,
  );
  console.log(JSON.stringify({ bench: "site", runs: options.runs, lowest, pages: results }));
} finally {
  server?.kill();
  await server?.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
