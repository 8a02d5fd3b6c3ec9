// `bun run bench:peer`: our pipeline against a plain Python loop (OpenCV, numpy, onnxruntime;
// scripts/bench/peer/yolox_peer.py) on every frame of the fixture video, same model, same score
// and IoU thresholds. The two alternate round by round, so machine noise hits both alike; the
// last line is JSON: both frames/s, their ratio, and both detections per class.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchOptions, countOption, FIXTURE_MODELS, fixture, REPO_ROOT } from "@streamlens/core/testing";
import { COCO_CLASSES } from "@streamlens/inference-pool";
import { z } from "zod";
import { ensurePeerPython } from "./peer/venv.ts";

const options = benchOptions({
  rounds: countOption(2),
  score: z.coerce.number().min(0.01).max(1).default(0.5),
  iou: z.coerce.number().min(0.01).max(1).default(0.45),
});
/** The frame rate of the fixture video: sampling at it with --decode all reads every frame. */
const VIDEO_FPS = 10;
const GOAL_RATIO = 1.5;
const GOAL_COUNT_DIFF = 0.02;

const video = fixture("video/one-by-one-person-detection.mp4");
const modelsDir = process.env.STREAMLENS_DETECTOR_DIR ?? FIXTURE_MODELS;
const model = join(modelsDir.split(":")[0] ?? FIXTURE_MODELS, "yolox_nano.onnx");

const runResult = z.object({
  frames: z.number().int(),
  fps: z.number(),
  detections: z.record(z.string(), z.number().int()),
});
type RunResult = z.infer<typeof runResult>;

/** The last line of a command's output, as JSON, validated. */
async function lastJsonLine(command: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  const child = Bun.spawn(command, { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0)
    throw new Error(`bench:peer: \`${command.join(" ")}\` exited ${code}: ${stderr.slice(-2000)}`);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return runResult.parse(JSON.parse(last));
}

const python = await ensurePeerPython();
const work = mkdtempSync(join(tmpdir(), "bench-peer-"));
// Our class names, so both sides count under the same labels.
const names = join(work, "classes.txt");
await Bun.write(names, `${COCO_CLASSES.join("\n")}\n`);

function peer(): Promise<RunResult> {
  return lastJsonLine(
    [
      python,
      join(import.meta.dir, "peer", "yolox_peer.py"),
      video,
      "--model",
      model,
      "--names",
      names,
      "--score",
      String(options.score),
      "--iou",
      String(options.iou),
    ],
    process.env,
  );
}

async function ours(round: number): Promise<RunResult> {
  const dataDir = join(work, `data-${round}`);
  try {
    return await lastJsonLine(
      [
        process.execPath,
        join(REPO_ROOT, "scripts", "pipeline.ts"),
        video,
        "--fps",
        String(VIDEO_FPS),
        "--decode",
        "all",
        "--score",
        String(options.score),
        "--iou",
        String(options.iou),
        "--json",
        "--data-dir",
        dataDir,
      ],
      { ...process.env, STREAMLENS_DETECTOR_DIR: modelsDir },
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const peerRuns: RunResult[] = [];
const ourRuns: RunResult[] = [];
try {
  for (let round = 0; round < options.rounds; round += 1) {
    // Alternate which goes first, so neither always runs on a machine warmed by the other.
    const order = round % 2 === 0 ? ["peer", "ours"] : ["ours", "peer"];
    for (const side of order) {
      const result = side === "peer" ? await peer() : await ours(round);
      (side === "peer" ? peerRuns : ourRuns).push(result);
      console.log(
        `  round ${round + 1}  ${side.padEnd(4)}  ${result.frames} frames  ${result.fps.toFixed(1)} fps`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const peerFps = median(peerRuns.map((r) => r.fps));
const ourFps = median(ourRuns.map((r) => r.fps));
const peerCounts = peerRuns[0]?.detections ?? {};
const ourCounts = ourRuns[0]?.detections ?? {};
/** Relative difference per class, against the larger count (0 when both are 0). */
const countDiff = Object.fromEntries(
  [...new Set([...Object.keys(peerCounts), ...Object.keys(ourCounts)])].sort().map((label) => {
    const a = peerCounts[label] ?? 0;
    const b = ourCounts[label] ?? 0;
    return [label, Math.max(a, b) === 0 ? 0 : +(Math.abs(a - b) / Math.max(a, b)).toFixed(3)];
  }),
);
const ratio = ourFps / peerFps;
console.log(
  `bench:peer  ${ourRuns[0]?.frames} frames, ${options.rounds} rounds alternated: ours ${ourFps.toFixed(1)} fps, peer ${peerFps.toFixed(1)} fps, ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO})`,
);
console.log(`  ours detections ${JSON.stringify(ourCounts)}`);
console.log(`  peer detections ${JSON.stringify(peerCounts)}`);
console.log(
  JSON.stringify({
    frames: ourRuns[0]?.frames,
    peer_frames: peerRuns[0]?.frames,
    ours_fps: +ourFps.toFixed(1),
    peer_fps: +peerFps.toFixed(1),
    ratio: +ratio.toFixed(3),
    ratio_goal_met: ratio >= GOAL_RATIO,
    ours_rounds: ourRuns.map((r) => r.fps),
    peer_rounds: peerRuns.map((r) => r.fps),
    ours_detections: ourCounts,
    peer_detections: peerCounts,
    count_diff: countDiff,
    counts_goal_met: Object.values(countDiff).every((d) => d <= GOAL_COUNT_DIFF),
  }),
);
