import { afterAll, describe, expect, test } from "bun:test";
import { silentLogger } from "@streamlens/core";
import { FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { iou } from "./decoders/nms.ts";
import { Detector, type FrameDetections } from "./detector.ts";
import { resolveModelSpec } from "./models/resolve-spec.ts";

type Box = [number, number, number, number];
interface Expected {
  class: string;
  score: number;
  box?: Box;
}

const loaded: Detector[] = [];
async function detector(name: string, scoreThreshold?: number) {
  const d = await Detector.load(await resolveModelSpec(name), {
    modelsDirs: [FIXTURE_MODELS],
    provider: "cpu",
    intraOpThreads: 0,
    maxBatch: 4,
    ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
    iouThreshold: 0.45,
    logger: silentLogger,
  });
  loaded.push(d);
  return d;
}
afterAll(async () => {
  for (const d of loaded) await d.close();
});

async function detect(d: Detector, image: string) {
  const [result] = await d.detect([await Bun.file(fixture(`images/${image}`)).bytes()]);
  return (result as FrameDetections).objects.map((o) => ({
    class: d.className(o.classId),
    score: o.score,
    box: o.box,
  }));
}

/** Each expected object has a detection of its class with a close score and an overlapping box. */
function expectFound(found: Awaited<ReturnType<typeof detect>>, expected: Expected[]) {
  for (const want of expected) {
    const match = found.find(
      (f) =>
        f.class === want.class &&
        Math.abs(f.score - want.score) <= 0.03 &&
        (!want.box || iou(f.box, want.box) >= 0.85),
    );
    expect(match, `${want.class} ${want.score} ${want.box ?? ""} in ${JSON.stringify(found)}`).toBeDefined();
  }
}

const count = (found: Awaited<ReturnType<typeof detect>>, name: string) =>
  found.filter((f) => f.class === name).length;

describe("score thresholds", () => {
  test("unset, a model uses its own default: YOLOX-Nano's 0.3 keeps the cut-off person", async () => {
    const d = await detector("yolox-nano");
    expect(d.scoreThreshold).toBe(0.3);
    expect(count(await detect(d, "bus.jpg"), "person")).toBe(4);
  });

  test("per image thresholds in one batch keep what each allows", async () => {
    const d = await detector("yolox-nano", 0.5);
    const bus = await d.preprocess(await Bun.file(fixture("images/bus.jpg")).bytes());
    const [loose, own, strict] = await d.infer([bus, bus, bus], [0.3, undefined, 0.8]);
    expect(loose?.objects.length).toBe(5);
    expect(own?.objects.length).toBe(4);
    expect(strict?.objects.map((o) => d.className(o.classId)).sort()).toEqual(["bus", "person", "person"]);
  });
});

describe("YOLOX-Nano on the fixture photos (score >= 0.3)", async () => {
  const d = await detector("yolox-nano", 0.3);

  test("bus.jpg: the bus and four people, including the cut-off one", async () => {
    const found = await detect(d, "bus.jpg");
    expectFound(found, [
      { class: "bus", score: 0.92, box: [9, 230, 806, 734] },
      { class: "person", score: 0.85, box: [49, 393, 214, 900] },
      { class: "person", score: 0.82, box: [218, 403, 350, 855] },
      { class: "person", score: 0.68, box: [682, 446, 810, 877] },
      { class: "person", score: 0.32, box: [1, 595, 81, 885] },
    ]);
    expect(count(found, "person")).toBe(4);
    expect(found.length).toBe(5);
  });

  test("dog.jpg: dog, car and bicycle", async () => {
    const found = await detect(d, "dog.jpg");
    expectFound(found, [
      { class: "dog", score: 0.83, box: [133, 207, 325, 542] },
      { class: "car", score: 0.81, box: [467, 78, 692, 172] },
      { class: "bicycle", score: 0.81, box: [46, 132, 572, 431] },
      { class: "cat", score: 0.39 },
    ]);
  });

  test("person.jpg: person, dog and horse", async () => {
    const found = await detect(d, "person.jpg");
    expectFound(found, [
      { class: "person", score: 0.88, box: [188, 97, 277, 372] },
      { class: "dog", score: 0.87, box: [62, 263, 200, 349] },
      { class: "horse", score: 0.85, box: [404, 138, 602, 342] },
    ]);
    expect(found.length).toBe(3);
  });

  test("horses.jpg: four overlapping horses survive NMS, plus the cow", async () => {
    const found = await detect(d, "horses.jpg");
    expectFound(found, [
      { class: "horse", score: 0.8 },
      { class: "horse", score: 0.65 },
      { class: "horse", score: 0.59 },
      { class: "horse", score: 0.33 },
      { class: "cow", score: 0.46 },
    ]);
    expect(count(found, "horse")).toBe(4);
  });
});

describe("PicoDet-XS on the fixture photos (score >= 0.3, people and vehicles)", async () => {
  const d = await detector("picodet-xs", 0.3);

  test("bus.jpg: three people and the bus", async () => {
    const found = await detect(d, "bus.jpg");
    expectFound(found, [
      { class: "person", score: 0.9, box: [50, 395, 227, 910] },
      { class: "person", score: 0.86, box: [221, 403, 347, 852] },
      { class: "person", score: 0.6, box: [681, 325, 810, 867] },
      { class: "bus", score: 0.9, box: [17, 236, 804, 749] },
    ]);
  });

  test("dog.jpg: car, bicycle and truck", async () => {
    expectFound(await detect(d, "dog.jpg"), [
      { class: "car", score: 0.7 },
      { class: "bicycle", score: 0.62 },
      { class: "truck", score: 0.31 },
    ]);
  });

  test("person.jpg: the person", async () => {
    expectFound(await detect(d, "person.jpg"), [{ class: "person", score: 0.85 }]);
  });
});

describe("FastestDet on the fixture photos (score >= 0.5)", async () => {
  const d = await detector("fastestdet", 0.5);

  test("bus.jpg: people and the bus", async () => {
    const found = await detect(d, "bus.jpg");
    expectFound(found, [
      { class: "person", score: 0.88 },
      { class: "person", score: 0.88 },
      { class: "bus", score: 0.83, box: [74, 200, 794, 773] },
      { class: "person", score: 0.65 },
      { class: "person", score: 0.52 },
    ]);
    expect(count(found, "person")).toBe(4);
  });

  test("dog.jpg: car, dog, bicycle and the distant car", async () => {
    const found = await detect(d, "dog.jpg");
    expectFound(found, [
      { class: "car", score: 0.78 },
      { class: "dog", score: 0.77 },
      { class: "bicycle", score: 0.73 },
      { class: "car", score: 0.58 },
    ]);
  });

  test("person.jpg: dog and person", async () => {
    expectFound(await detect(d, "person.jpg"), [
      { class: "dog", score: 0.92 },
      { class: "person", score: 0.9 },
    ]);
  });
});
