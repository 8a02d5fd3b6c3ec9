// Each service's command line as an operator meets it: its part's flags, --help, and bad options
// stopping it at once with exit status 2 and a line naming what was wrong.
import { describe, expect, test } from "bun:test";
import { fixture, REPO_ROOT } from "@streamlens/core/testing";
import { testEnv } from "./testing/test-env.ts";

const SERVICES = {
  ingest: "ingest/src/main.ts",
  inference: "inference-pool/src/main.ts",
  analytics: "analytics/src/main.ts",
} as const;

function run(service: keyof typeof SERVICES, args: string[], env: Record<string, string> = {}) {
  const result = Bun.spawnSync(["bun", SERVICES[service], ...args], {
    cwd: REPO_ROOT,
    // No broker: a run that gets past its options stops at PULSAR_URL, which proves they passed.
    env: testEnv({ PULSAR_URL: "", ...env }),
    stdout: "pipe",
    stderr: "pipe",
    timeout: 30_000,
  });
  return {
    code: result.exitCode,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  };
}

describe("service command lines", () => {
  test("ingest takes the sampling flags the pipeline takes", () => {
    const ok = run("ingest", [
      fixture("video/one-by-one-person-detection.mp4"),
      "--fps",
      "2",
      "--max-width",
      "640",
    ]);
    expect(ok.stderr).toContain("PULSAR_URL is not set");
    const bad = run("ingest", ["clip.mp4", "--fps", "-1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /ingest: invalid ingest service configuration: ingest\.fps: must be at least 0.001/,
    );
  }, 60_000);

  test("inference refuses an unknown model before it connects to anything", () => {
    const bad = run("inference", ["--model", "nosuch"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown model 'nosuch' (use one of yolox-nano");
    expect(run("inference", ["--model", "picodet-xs", "--score", "0.3"]).stderr).toContain(
      "PULSAR_URL is not set",
    );
  }, 60_000);

  test("analytics: a repeated flag and a stray argument are refused", () => {
    const twice = run("analytics", ["--window", "60", "--window", "30"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--window is given more than once");
    const stray = run("analytics", ["extra"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("unexpected argument 'extra'");
  }, 60_000);

  test("--help prints each service's usage and exits 0", () => {
    for (const service of Object.keys(SERVICES) as Array<keyof typeof SERVICES>) {
      const help = run(service, ["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: bun run ${service}`);
      expect(help.stdout).toContain("--port N");
    }
  }, 60_000);
});
