import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { silentLogger } from "@streamlens/core";
import { captureLogger, FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import * as ort from "onnxruntime-node";
import { Detector, type DetectorOptions, type FrameDetections } from "../detector.ts";
import { BUILTIN_MODELS } from "../models/catalog.ts";
import { preprocess } from "../preprocess.ts";
import { makeBatchDynamic } from "./dynamic-batch.ts";
import { decodeModel } from "./onnx-graph.ts";
import { ALL_REWRITES, prepareModel } from "./prepare-model.ts";

const PHOTOS = ["bus.jpg", "dog.jpg", "person.jpg", "horses.jpg"];
const NONE = { uint8Input: false, dynamicBatch: false, reduceOutput: false };
const photos = await Promise.all(PHOTOS.map((name) => Bun.file(fixture(`images/${name}`)).bytes()));

const base: Omit<DetectorOptions, "graphRewrites"> = {
  modelsDirs: [FIXTURE_MODELS],
  provider: "cpu",
  intraOpThreads: 0,
  maxBatch: 4,
  scoreThreshold: 0.3,
  iouThreshold: 0.45,
  // On the calling thread: these tests are about the graph, and one session loads fastest.
  sessions: 0,
  logger: silentLogger,
};
const loaded: Detector[] = [];
async function load(name: string, options: Partial<DetectorOptions> = {}) {
  const spec = BUILTIN_MODELS.find((m) => m.name === name);
  if (!spec) throw new Error(name);
  const detector = await Detector.load(spec, { ...base, ...options });
  loaded.push(detector);
  return detector;
}
afterAll(async () => {
  for (const detector of loaded) await detector.close();
});

/** Same objects, same classes, scores within float32 rounding, boxes within a hundredth of a pixel. */
function expectSameDetections(actual: FrameDetections[], expected: FrameDetections[]) {
  expect(actual.length).toBe(expected.length);
  for (const [i, frame] of expected.entries()) {
    const got = actual[i]?.objects ?? [];
    expect(got.map((o) => o.classId)).toEqual(frame.objects.map((o) => o.classId));
    for (const [j, object] of frame.objects.entries()) {
      expect(got[j]?.score).toBeCloseTo(object.score, 5);
      for (const [k, value] of object.box.entries()) expect(got[j]?.box[k]).toBeCloseTo(value, 2);
    }
  }
}

describe("the rewritten models give the original's detections on the fixture photos", () => {
  for (const model of BUILTIN_MODELS) {
    test(model.name, async () => {
      const original = await load(model.name, { graphRewrites: NONE, maxBatch: 1 });
      const rewritten = await load(model.name, { graphRewrites: ALL_REWRITES, maxBatch: 1 });
      const expected = await original.detect(photos);
      expect(expected.flatMap((f) => f.objects).length).toBeGreaterThan(10);
      expectSameDetections(await rewritten.detect(photos), expected);
    });
  }
});

describe("YOLOX-Nano as the pool runs it", () => {
  test("takes uint8 pixels, gives 6 channels per candidate, and any batch", async () => {
    const path = join(FIXTURE_MODELS, "yolox_nano.onnx");
    const spec = BUILTIN_MODELS.find((m) => m.name === "yolox-nano");
    if (!spec) throw new Error("yolox-nano");
    const prepared = prepareModel(await Bun.file(path).bytes(), spec, ALL_REWRITES);
    expect(prepared.batchMadeDynamic).toBe(true);
    const session = await ort.InferenceSession.create(prepared.bytes);
    const images = await Promise.all(photos.slice(0, 3).map((p) => preprocess(p, spec, "uint8")));
    const batch = new Uint8Array(images.reduce((n, i) => n + i.data.length, 0));
    for (const [i, image] of images.entries()) batch.set(image.data, i * image.data.length);
    const outputs = await session.run({
      [prepared.inputName]: new ort.Tensor("uint8", batch, [3, 3, spec.input.height, spec.input.width]),
    });
    expect(Object.values(outputs).map((o) => o.dims)).toEqual([[3, 3549, 6]]);
    await session.release();
  });

  test("a batch of four gives what four single runs give", async () => {
    const batched = await load("yolox-nano", { maxBatch: 4 });
    expect(batched.maxBatch).toBe(4);
    const single = await load("yolox-nano", { maxBatch: 1 });
    const one = [];
    for (const photo of photos) one.push(...(await single.detect([photo])));
    expectSameDetections(await batched.detect(photos), one);
  });
});

test("a graph that bakes batch 1 into a reshape is found at load and runs one image at a time", async () => {
  const { logger, records } = captureLogger();
  const detector = await load("fastestdet", { maxBatch: 4, logger });
  expect(detector.maxBatch).toBe(1);
  expect(records().some((r) => String(r.msg).includes("does not run batched"))).toBe(true);
  expect(records().filter((r) => r.level === "warn")).toEqual([]);
});

test("an input that already takes any batch is left as it is", async () => {
  const model = decodeModel(
    await Bun.file(join(FIXTURE_MODELS, "picodet_xs_320_lcnet_postprocessed.onnx")).bytes(),
  );
  expect(makeBatchDynamic(model, "image")).toBe(false);
  expect(() => makeBatchDynamic(model, "no-such-input")).toThrow(/no input named no-such-input/);
});
