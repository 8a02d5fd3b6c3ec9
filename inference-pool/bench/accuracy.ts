// `bun run bench:accuracy`: precision and recall of every built-in model on the four fixture
// photos, against the objects their SOURCES.md lists (fixture-objects.ts), at score thresholds
// 0.1 to 0.6. A detection finds an object when its class is one the object accepts and their
// boxes overlap with IoU ≥ 0.5; each object is found at most once, best score first. Prints a
// table per model and, last, one JSON line. The numbers do not depend on the machine.

import { silentLogger } from "@streamlens/core";
import { FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { BUILTIN_MODELS, Detector, type ModelSpec } from "@streamlens/inference-pool";
import { FIXTURE_PHOTOS, type FixtureObject } from "./fixture-objects.ts";

const THRESHOLDS = Array.from({ length: 11 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
const MIN_IOU = 0.5;
const modelsDirs = process.env.STREAMLENS_DETECTOR_DIR?.split(":") ?? [FIXTURE_MODELS];

type Box = readonly [number, number, number, number];
interface Found {
  className: string;
  score: number;
  box: Box;
}

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const area = (box: Box) => (box[2] - box[0]) * (box[3] - box[1]);
  return inter / (area(a) + area(b) - inter);
}

/** True positives among `found` (already above the threshold) on one photo. */
function matches(found: Found[], objects: readonly FixtureObject[]): number {
  const taken = new Set<number>();
  let hits = 0;
  for (const detection of [...found].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = MIN_IOU;
    for (const [i, object] of objects.entries()) {
      if (taken.has(i) || !object.classes.includes(detection.className)) continue;
      const overlap = iou(detection.box, object.box);
      if (overlap >= bestIou) {
        best = i;
        bestIou = overlap;
      }
    }
    if (best >= 0) {
      taken.add(best);
      hits += 1;
    }
  }
  return hits;
}

interface Row {
  threshold: number;
  detections: number;
  truePositives: number;
  objects: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Runs the model once at the lowest threshold and filters: non-maximum suppression only ever
 * lets a box be removed by a higher-scoring one, so the boxes above a threshold are the same
 * as a run at that threshold.
 */
async function measure(spec: ModelSpec): Promise<Row[]> {
  const detector = await Detector.load(spec, {
    modelsDirs,
    provider: "cpu",
    intraOpThreads: 0,
    maxBatch: 1,
    scoreThreshold: THRESHOLDS[0],
    iouThreshold: 0.45,
    logger: silentLogger,
  });
  const perPhoto: Found[][] = [];
  for (const photo of FIXTURE_PHOTOS) {
    const [result] = await detector.detect([await Bun.file(fixture(photo.file)).bytes()]);
    perPhoto.push(
      (result?.objects ?? []).map((d) => ({
        className: detector.className(d.classId),
        score: d.score,
        box: d.box,
      })),
    );
  }
  await detector.close();
  const objects = FIXTURE_PHOTOS.reduce((sum, photo) => sum + photo.objects.length, 0);
  return THRESHOLDS.map((threshold) => {
    let detections = 0;
    let truePositives = 0;
    for (const [i, photo] of FIXTURE_PHOTOS.entries()) {
      const kept = (perPhoto[i] ?? []).filter((d) => d.score >= threshold);
      detections += kept.length;
      truePositives += matches(kept, photo.objects);
    }
    const precision = detections === 0 ? 1 : truePositives / detections;
    const recall = truePositives / objects;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { threshold, detections, truePositives, objects, precision, recall, f1 };
  });
}

const fixed = (n: number) => n.toFixed(2);
const results: Record<string, { default: number; rows: Row[] }> = {};
for (const spec of BUILTIN_MODELS) {
  const rows = await measure(spec);
  results[spec.name] = { default: spec.scoreThreshold, rows };
  console.log(`\n${spec.name} (default threshold ${spec.scoreThreshold})`);
  console.log("threshold  detections  found/objects  precision  recall  F1");
  for (const r of rows) {
    const mark = r.threshold === spec.scoreThreshold ? "  <- default" : "";
    console.log(
      `${fixed(r.threshold).padStart(9)}  ${String(r.detections).padStart(10)}  ${`${r.truePositives}/${r.objects}`.padStart(13)}  ${fixed(r.precision).padStart(9)}  ${fixed(r.recall).padStart(6)}  ${fixed(r.f1)}${mark}`,
    );
  }
}
/** Each model at its default threshold, two decimals: what the README's table shows. */
const atDefault = Object.fromEntries(
  Object.entries(results).map(([name, { default: threshold, rows }]) => {
    const row = rows.find((r) => r.threshold === threshold);
    return [
      name,
      {
        threshold,
        found: row ? `${row.truePositives}/${row.objects}` : "?",
        precision: row ? +fixed(row.precision) : null,
        recall: row ? +fixed(row.recall) : null,
        f1: row ? +fixed(row.f1) : null,
      },
    ];
  }),
);
console.log(JSON.stringify({ bench: "accuracy", minIou: MIN_IOU, at_default: atDefault, models: results }));
