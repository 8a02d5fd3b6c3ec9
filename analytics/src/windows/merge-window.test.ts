import { describe, expect, test } from "bun:test";
import type { FrameCounts } from "./frame-counts.ts";
import { type ClassStats, mergeWindow } from "./merge-window.ts";

const frame = (seq: number, counts: Record<string, number>): FrameCounts => ({
  streamId: "s",
  model: "m@1",
  seq,
  frameTsMs: seq * 1000,
  windowStartMs: 0,
  counts: new Map(Object.entries(counts)),
});

/** The statistics computed directly from per-frame counts, zeros included. */
function direct(frames: FrameCounts[], name: string) {
  const counts = frames.map((f) => f.counts.get(name) ?? 0);
  return {
    frames: counts.length,
    framesWith: counts.filter((c) => c > 0).length,
    countSum: counts.reduce((a, b) => a + b, 0),
    countMin: Math.min(...counts),
    countMax: Math.max(...counts),
    countSumSq: counts.reduce((a, b) => a + b * b, 0),
  };
}

const byClass = (rows: ClassStats[]) =>
  Object.fromEntries(rows.map(({ class: name, ...rest }) => [name, rest]));

describe("mergeWindow", () => {
  const frames = [
    frame(1, {}),
    frame(2, { person: 2 }),
    frame(3, { person: 1, car: 3 }),
    frame(4, { person: 2 }),
    frame(5, { car: 1 }),
  ];

  test("one batch gives the same figures as counting every frame with zeros", () => {
    const rows = byClass(mergeWindow([], frames, 5));
    expect(rows.person).toEqual(direct(frames, "person"));
    expect(rows.car).toEqual(direct(frames, "car"));
    expect(rows.person?.countMin).toBe(0);
  });

  test("any split into batches gives the same result as one batch", () => {
    for (let cut = 1; cut < frames.length; cut += 1) {
      const first = mergeWindow([], frames.slice(0, cut), cut);
      const second = mergeWindow(first, frames.slice(cut), frames.length);
      expect(byClass(second)).toEqual(byClass(mergeWindow([], frames, frames.length)));
    }
  });

  test("a class seen in every frame keeps its true minimum, until a frame lacks it", () => {
    const all = [frame(1, { person: 3 }), frame(2, { person: 2 }), frame(3, { person: 4 })];
    const rows = mergeWindow([], all, 3);
    expect(byClass(rows).person).toMatchObject({ countMin: 2, countMax: 4, framesWith: 3 });
    const later = mergeWindow(rows, [frame(4, {})], 4);
    expect(byClass(later).person).toMatchObject({ countMin: 0, frames: 4, framesWith: 3, countSum: 9 });
  });

  test("frames without objects still raise the window's frame count of every class", () => {
    const rows = mergeWindow([], [frame(1, { dog: 1 })], 1);
    const later = mergeWindow(rows, [frame(2, {}), frame(3, {})], 3);
    expect(byClass(later).dog).toEqual({
      frames: 3,
      framesWith: 1,
      countSum: 1,
      countMin: 0,
      countMax: 1,
      countSumSq: 1,
    });
  });
});
