import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, REPO_ROOT } from "@streamlens/core/testing";
import { testEnv } from "./testing/test-env.ts";

const dir = mkdtempSync(join(tmpdir(), "sl-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], stdin?: string) {
  const proc = Bun.spawnSync(["bun", `scripts/${script}.ts`, ...args], {
    cwd: REPO_ROOT,
    env: testEnv(),
    stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

test("each part runs alone: sample | detect | aggregate", () => {
  const sampled = run("sample", [
    fixture("video/one-by-one-person-detection.mp4"),
    "--fps",
    "0.1",
    "--out",
    join(dir, "frames"),
  ]);
  expect(sampled.code).toBe(0);
  const frames = sampled.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(frames.length).toBe(14);
  expect(frames[1]).toMatchObject({
    stream_id: "one-by-one-person-detection",
    frame_ts: "2017-09-26T16:57:59.000Z",
    width: 768,
  });

  const detected = run("detect", [], sampled.stdout);
  expect(detected.code).toBe(0);
  const detections = detected.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(detections.map((d) => d.seq)).toEqual(frames.map((f) => f.seq));
  // 10 s apart: 0 s has nobody (at the model's default threshold a wall panel may read as a
  // tv), 10 s and 30 s have the person walking in.
  expect(detections[0].objects.map((o: { class: string }) => o.class)).not.toContain("person");
  expect(detections[1].objects.map((o: { class: string }) => o.class)).toContain("person");

  const dataDir = join(dir, "db");
  const aggregated = run("aggregate", ["--data-dir", dataDir], `${detected.stdout}not json\n`);
  expect(aggregated.code).toBe(1);
  expect(aggregated.stderr).toMatch(/line 15: detections message is not UTF-8 JSON/);
  // 14 frames from 16:57:49 to 16:59:59: three 60 s windows.
  expect(JSON.parse(aggregated.stdout)).toMatchObject({
    lines: 15,
    rejected: 1,
    counted: 14,
    duplicates: 0,
    windows: 3,
  });
  const again = run("aggregate", ["--data-dir", dataDir], detected.stdout);
  expect(JSON.parse(again.stdout)).toMatchObject({ lines: 14, counted: 0, duplicates: 14 });
}, 90_000);

test("detect on image files names them as streams", () => {
  const detected = run("detect", [fixture("images/person.jpg"), "--score", "0.8"]);
  expect(detected.code).toBe(0);
  const [d] = detected.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(d).toMatchObject({ stream_id: "person", width: 640, height: 424, model: "yolox-nano@d39bee73" });
  expect(d.objects.map((o: { class: string }) => o.class).sort()).toEqual(["dog", "horse", "person"]);
}, 30_000);
