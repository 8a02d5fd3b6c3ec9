import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { asc } from "drizzle-orm";
import { type FrameCounts, windowStart } from "../windows/frame-counts.ts";
import { type OpenDatabase, openPglite } from "./pglite.ts";
import { objectStats, statWindows } from "./schema.ts";
import { writeFrameCounts } from "./write-frame-counts.ts";

let open: OpenDatabase;
beforeAll(async () => {
  open = await openPglite(undefined);
});
afterAll(async () => {
  await open.close();
});

const WINDOW = 60;
function frames(streamId: string, spec: Array<Record<string, number>>): FrameCounts[] {
  return spec.map((counts, i) => {
    const frameTsMs = Date.UTC(2026, 0, 1, 12, 0, 0) + i * 20_000;
    return {
      streamId,
      model: "m@1",
      seq: frameTsMs,
      frameTsMs,
      windowStartMs: windowStart(frameTsMs, WINDOW * 1000),
      counts: new Map(Object.entries(counts)),
    };
  });
}

async function snapshot(streamId: string) {
  const rows = await open.db
    .select()
    .from(objectStats)
    .orderBy(asc(objectStats.windowStart), asc(objectStats.class));
  const windows = await open.db.select().from(statWindows).orderBy(asc(statWindows.windowStart));
  return {
    stats: rows.filter((r) => r.streamId === streamId).map(({ updatedAt, ...rest }) => rest),
    windows: windows.filter((w) => w.streamId === streamId).map(({ updatedAt, ...rest }) => rest),
  };
}

describe("writeFrameCounts on PGlite", () => {
  // 6 frames, 20 s apart: two 60 s windows of three frames each.
  const spec: Array<Record<string, number>> = [
    {},
    { person: 2 },
    { person: 1, car: 1 },
    { person: 1 },
    { person: 3 },
    { person: 2 },
  ];

  test("writes per-window, per-class rows where empty frames count as zero", async () => {
    const result = await writeFrameCounts(open.db, frames("a", spec), WINDOW);
    expect(result).toMatchObject({ counted: 6, duplicates: 0 });
    const { stats, windows } = await snapshot("a");
    expect(windows.map((w) => w.frames)).toEqual([3, 3]);
    const [carW1, personW1, personW2] = stats;
    expect(carW1).toMatchObject({
      class: "car",
      frames: 3,
      framesWith: 1,
      countSum: 1,
      countMin: 0,
      countMax: 1,
      countSumSq: 1,
    });
    expect(personW1).toMatchObject({
      class: "person",
      frames: 3,
      framesWith: 2,
      countSum: 3,
      countMin: 0,
      countMax: 2,
      countSumSq: 5,
    });
    expect(personW2).toMatchObject({
      class: "person",
      frames: 3,
      framesWith: 3,
      countSum: 6,
      countMin: 1,
      countMax: 3,
      countSumSq: 14,
    });
    expect(stats.length).toBe(3);
  });

  test("replaying the same frames changes nothing", async () => {
    const before = await snapshot("a");
    const result = await writeFrameCounts(open.db, frames("a", spec), WINDOW);
    expect(result).toMatchObject({ counted: 0, duplicates: 6, windows: [] });
    expect(await snapshot("a")).toEqual(before);
  });

  test("frames arriving one by one, out of order and repeated, end as one batch would", async () => {
    const all = frames("b", spec);
    for (const f of [all[3], all[0], all[5], all[3], all[1], all[2], all[0], all[4]]) {
      await writeFrameCounts(open.db, [f as FrameCounts], WINDOW);
    }
    const reference = await snapshot("a");
    const mine = await snapshot("b");
    expect(mine.stats.map(({ streamId, ...rest }) => rest)).toEqual(
      reference.stats.map(({ streamId, ...rest }) => rest),
    );
    expect(mine.windows.map((w) => w.frames)).toEqual([3, 3]);
  });

  test("a duplicate inside one batch is counted once", async () => {
    const [f] = frames("c", [{ dog: 1 }]);
    const result = await writeFrameCounts(open.db, [f as FrameCounts, f as FrameCounts], WINDOW);
    expect(result).toMatchObject({ counted: 1, duplicates: 1 });
    expect((await snapshot("c")).stats[0]).toMatchObject({ frames: 1, countSum: 1 });
  });
});
