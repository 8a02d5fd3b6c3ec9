import { afterAll, describe, expect, test } from "bun:test";
import { silentLogger } from "@streamlens/core";
import { FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import sharp from "sharp";
import { ALL_REWRITES, prepareModel } from "../graph/prepare-model.ts";
import type { FrameOutcome } from "../model-runner.ts";
import { ensureModelFile } from "../models/model-store.ts";
import { resolveModelSpec } from "../models/resolve-spec.ts";
import { LanePool } from "./lane-pool.ts";

const spec = await resolveModelSpec("yolox-nano");
const prepared = prepareModel(
  await Bun.file(await ensureModelFile(spec, { dirs: [FIXTURE_MODELS], logger: silentLogger })).bytes(),
  spec,
  ALL_REWRITES,
);
// Score 0.25, as the detector tests: the cut-off person scores 0.30 here. An arena of 1 MiB:
// bus.jpg (476 KiB) fits in it, its raw pixels (2.6 MB) do not.
const laneData = {
  bytes: prepared.bytes,
  model: {
    spec,
    inputName: prepared.inputName,
    uint8Input: prepared.uint8Input,
    reducedOutput: prepared.reducedOutput,
    iouThreshold: 0.45,
  },
  provider: "cpu" as const,
  intraOpThreads: 1,
};
const pool = new LanePool(1, laneData, { runBatch: 1, arenaBytes: { initial: 1 << 20, max: 1 << 20 } });
const twoLanes = new LanePool(2, laneData, { runBatch: 1 });
afterAll(() => Promise.all([pool.close(), twoLanes.close()]));

const jpeg = await Bun.file(fixture("images/bus.jpg")).bytes();
const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
const raw = { format: "rgb24" as const, data: new Uint8Array(data), width: info.width, height: info.height };

/** An outcome without its timing. */
const found = (outcome: FrameOutcome | undefined) =>
  outcome && "objects" in outcome ? { objects: outcome.objects, mapping: outcome.mapping } : outcome;
const classes = (outcome: FrameOutcome | undefined) =>
  outcome && "objects" in outcome ? outcome.objects.map((o) => spec.classes[o.classId]).sort() : outcome;

describe("LanePool", () => {
  test("frames in the arena and frames too large for it give the same detections", async () => {
    const [inArena, inMessage] = await pool.run({ images: [jpeg, raw], thresholds: [0.25, 0.25] });
    expect(classes(inArena)).toEqual(["bus", "person", "person", "person", "person"]);
    expect(found(inMessage)).toEqual(found(inArena));
    // Both frames answered: the arena holds nothing, and the next frames find room again.
    expect(pool.arena.usedBytes).toBe(0);
    const [again] = await pool.run({ images: [jpeg], thresholds: [0.25] });
    expect(found(again)).toEqual(found(inArena));
  });

  test("two lanes share a batch frame by frame and answer in the frames' order", async () => {
    const bad = new Uint8Array(1000).fill(7);
    const images = [jpeg, bad, raw, jpeg, bad, raw, jpeg];
    const outcomes = await twoLanes.run({ images, thresholds: images.map(() => 0.25) });
    const [bus] = await pool.run({ images: [jpeg], thresholds: [0.25] });
    expect(outcomes.map((o) => ("failed" in o ? o.failed.code : "ok"))).toEqual([
      "ok",
      "bad-image",
      "ok",
      "ok",
      "bad-image",
      "ok",
      "ok",
    ]);
    for (const outcome of outcomes.filter((o) => "objects" in o)) expect(found(outcome)).toEqual(found(bus));
    expect(twoLanes.arena.usedBytes).toBe(0);
  });

  test("a frame that fails frees its block like any other", async () => {
    const [outcome] = await pool.run({ images: [new Uint8Array(1000).fill(7)], thresholds: [0.3] });
    expect(outcome).toEqual({
      failed: { code: "bad-image", message: "the frame is not a JPEG or PNG image" },
    });
    expect(pool.arena.usedBytes).toBe(0);
  });
});
