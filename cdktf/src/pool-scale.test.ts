import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { OUTDIR, REPO_ROOT } from "./paths.ts";
import { scalePool } from "./pool-scale.ts";
import { copyEnvironments, synthEnvironment } from "./testing.ts";

/** Every leaf of a JSON document as path → value, to diff two syntheses. */
function leaves(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) leaves(child, `${path}/${key}`, out);
  else out.set(path, value);
  return out;
}
function diff(before: unknown, after: unknown): string[] {
  const a = leaves(before);
  const b = leaves(after);
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k)} → ${b.get(k)}`);
}

test("pool:scale changes the pool's size and nothing else in the synthesized stacks", () => {
  const dir = copyEnvironments();
  const before = synthEnvironment("production", dir).json;
  const fileBefore = JSON.parse(readFileSync(join(dir, "production.json"), "utf8"));
  const result = scalePool({ env: "production", desired: "5", max: "10", dir });
  expect(result.before).toEqual({ min: 1, max: 8, desired: 2 });
  expect(result.after).toEqual({ min: 1, max: 10, desired: 5 });
  const after = synthEnvironment("production", dir).json;

  const changes = Object.fromEntries(
    Object.keys(before).map((kind) => [
      kind,
      diff(before[kind as keyof typeof before], after[kind as keyof typeof after]),
    ]),
  );
  expect(changes).toEqual({
    network: [],
    bus: [],
    database: [],
    services: [],
    pool: ["/variable/pool_desired_size/default: 2 → 5", "/variable/pool_max_size/default: 8 → 10"],
    edge: [],
  });
  expect(diff(fileBefore, JSON.parse(readFileSync(join(dir, "production.json"), "utf8")))).toEqual([
    "/pool/size/max: 8 → 10",
    "/pool/size/desired: 2 → 5",
  ]);
});

describe("bun run pool:scale", () => {
  const bunDir = dirname(process.execPath);
  async function poolScale(args: string[], path = bunDir) {
    const child = Bun.spawn([process.execPath, "scripts/pool-scale.ts", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: path },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stdout, stderr] = await Promise.all([
      child.exited,
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
    ]);
    return { code, stdout, stderr };
  }

  test.each([
    [["-1"], 'size "-1" is not a whole number'],
    [["2.5"], 'size "2.5" is not a whole number'],
    [["many"], 'size "many" is not a whole number'],
    [["3", "--min", "-2"], '--min "-2" is not a whole number'],
    [["3", "--min", "5", "--max", "4"], "--min 5 is greater than --max 4"],
    [["9"], "size 9 is outside [min, max] = [1, 8] (change them with --min/--max)"],
    [["0", "--min", "1"], "size 0 is outside [min, max] = [1, 8]"],
    [[], "expected one size, got 0"],
    [["2", "--env", "nosuch"], 'environment "nosuch": no nosuch.json (known: production, staging)'],
  ])(
    "%p is refused with exit 2, naming the value, before anything is written or synthesized",
    async (args, message) => {
      const dir = copyEnvironments();
      const file = join(dir, "production.json");
      const original = readFileSync(file, "utf8");
      const run = await poolScale([...args, "--dir", dir]);
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(2);
      expect(run.stdout).not.toContain("synthesized");
      expect(readFileSync(file, "utf8")).toBe(original);
    },
  );

  test("without terraform or tofu it writes the change, synthesizes, and prints exactly what to run", async () => {
    const dir = copyEnvironments();
    const run = await poolScale(["2", "--env", "staging", "--min", "1", "--dir", dir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("staging: 1 (min 0, max 2) → 2 (min 1, max 2)");
    const stack = join(OUTDIR, "stacks", "staging-inference-pool", "cdk.tf.json");
    expect(JSON.parse(readFileSync(stack, "utf8")).variable.pool_desired_size.default).toBe(2);
    expect(run.stdout).toContain("neither terraform nor tofu is on PATH");
    expect(run.stdout).toContain(
      "terraform -chdir=cdktf/cdktf.out/stacks/staging-inference-pool init -input=false",
    );
    expect(run.stdout).toContain(
      "terraform -chdir=cdktf/cdktf.out/stacks/staging-inference-pool apply -input=false pool.tfplan",
    );
  }, 30_000);

  // Terraform and OpenTofu cannot be installed here (no release downloads, no provider registry),
  // so a recording stand-in shows the order, folder and stop-on-failure of what pool:scale runs;
  // the Terraform JSON it would apply is what the other tests check.
  function recordingTerraform(failOn?: string) {
    const dir = mkdtempSync(join(tmpdir(), "streamlens-tf-"));
    const log = join(dir, "calls.log");
    const script = join(dir, "tofu");
    writeFileSync(
      script,
      `#!/bin/sh\necho "$*" >> ${log}\n${failOn ? `case "$*" in *" ${failOn} "*) echo "Error: ${failOn} failed" >&2; exit 1;; esac\n` : ""}exit 0\n`,
    );
    chmodSync(script, 0o755);
    return {
      path: `${dir}:${bunDir}:/usr/bin:/bin`,
      calls: () => readFileSync(log, "utf8").trim().split("\n"),
    };
  }

  test("with tofu on PATH it runs init, plan and apply in the pool's stack, and stops at a failing step", async () => {
    const stackDir = join(OUTDIR, "stacks", "staging-inference-pool");
    const ok = recordingTerraform();
    const run = await poolScale(["1", "--env", "staging", "--dir", copyEnvironments()], ok.path);
    expect(run.code).toBe(0);
    expect(ok.calls()).toEqual([
      `-chdir=${stackDir} init -input=false`,
      `-chdir=${stackDir} plan -input=false -out=pool.tfplan`,
      `-chdir=${stackDir} apply -input=false pool.tfplan`,
    ]);

    const failing = recordingTerraform("plan");
    const refused = await poolScale(["1", "--env", "staging", "--dir", copyEnvironments()], failing.path);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("plan failed (exit 1)");
    expect(failing.calls()).toHaveLength(2);
  }, 30_000);
});
