import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { COMMAND_LINE_SOURCE_POLICY, silentLogger, sourcePolicyFromEnv } from "@streamlens/core";
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import {
  modelRuns,
  objectHours,
  objectStats,
  objectTimeseries,
  overallObjectRankings,
  rollupDirtyHours,
  rollupSeriesSpans,
  rollupState,
  statWindows,
  streamHours,
  streamInfo,
  streamObjectRankings,
  streamSnapshots,
  streamTotals,
  videoRankings,
  videoStreams,
} from "../db/schema.ts";
import { saveSnapshot } from "../db/snapshots.ts";
import { writeFrameCounts } from "../db/write-frame-counts.ts";
import { dbStreamRegistry } from "../registry/open-stream-registry.ts";
import {
  getStream,
  listStreams,
  registerStream,
  reportStreamStatus,
  saveStreamInfo,
  setStreamActive,
} from "../registry/streams.ts";
import { ROLLUPS } from "../rollups/catalog.ts";
import { parseRollup } from "../rollups/rollup.ts";
import { runRollups } from "../rollups/run-rollups.ts";
import { type FrameCounts, windowStart } from "../windows/frame-counts.ts";
import { everyRollupTable, framesAcrossHours } from "./rollup-batches.ts";

export interface OpenedForTest {
  db: Database;
  close(): Promise<void>;
}

const WINDOW = 60;
const MODEL = "m@1";
/** The end of the models' lookback in these tests (a fixed "now"). */
const ANCHOR = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));

function frames(
  streamId: string,
  spec: Array<Record<string, number>>,
  startMs = Date.UTC(2026, 0, 1, 12, 0, 0),
): FrameCounts[] {
  return spec.map((counts, i) => {
    const frameTsMs = startMs + i * 20_000;
    return {
      streamId,
      model: MODEL,
      seq: frameTsMs,
      frameTsMs,
      windowStartMs: windowStart(frameTsMs, WINDOW * 1000),
      counts: new Map(Object.entries(counts)),
    };
  });
}

/** Hand-made statistics: rows as analytics would write them, with zeros where a class was absent. */
interface HandRow {
  stream: string;
  minutesAgo: number;
  frames: number;
  classes: Record<string, { framesWith: number; countSum: number; countMax: number }>;
}

const HAND: HandRow[] = [
  {
    stream: "s1",
    minutesAgo: 12,
    frames: 60,
    classes: {
      person: { framesWith: 40, countSum: 60, countMax: 3 },
      car: { framesWith: 10, countSum: 10, countMax: 1 },
    },
  },
  {
    stream: "s1",
    minutesAgo: 11,
    frames: 60,
    classes: {
      person: { framesWith: 30, countSum: 30, countMax: 1 },
      bird: { framesWith: 5, countSum: 5, countMax: 1 },
    },
  },
  {
    stream: "s1",
    minutesAgo: 3,
    frames: 60,
    classes: {
      car: { framesWith: 60, countSum: 120, countMax: 2 },
      dog: { framesWith: 5, countSum: 5, countMax: 1 },
    },
  },
  {
    stream: "s2",
    minutesAgo: 8,
    frames: 30,
    classes: { person: { framesWith: 30, countSum: 90, countMax: 4 } },
  },
  { stream: "s2", minutesAgo: 2, frames: 30, classes: { dog: { framesWith: 6, countSum: 6, countMax: 1 } } },
  { stream: "s3", minutesAgo: 1, frames: 10, classes: {} },
  // Three days back: in the rankings and the hourly series, older than the 600 5-minute buckets.
  {
    stream: "s1",
    minutesAgo: 3 * 1440,
    frames: 60,
    classes: { person: { framesWith: 20, countSum: 20, countMax: 1 } },
  },
  // Older than the 14-day lookback: must not count anywhere.
  {
    stream: "s1",
    minutesAgo: 20 * 1440,
    frames: 60,
    classes: { person: { framesWith: 60, countSum: 600, countMax: 10 } },
  },
];

const inLookback = HAND.filter((r) => r.minutesAgo < 14 * 1440);
const minuteStart = (minutesAgo: number) =>
  new Date(Math.floor(ANCHOR.getTime() / 60_000) * 60_000 - minutesAgo * 60_000);

/** What the rankings must be, computed here from the hand-made rows, not by the SQL under test. */
function expectedRankings() {
  const framesOf = new Map<string, number>();
  const counts = new Map<string, Map<string, number>>();
  for (const row of inLookback) {
    framesOf.set(row.stream, (framesOf.get(row.stream) ?? 0) + row.frames);
    const perClass = counts.get(row.stream) ?? new Map<string, number>();
    for (const [name, c] of Object.entries(row.classes))
      perClass.set(name, (perClass.get(name) ?? 0) + c.countSum);
    counts.set(row.stream, perClass);
  }
  const byMeanThenName = (a: [string, number], b: [string, number]) =>
    b[1] - a[1] || a[0].localeCompare(b[0]);
  const perStream = Object.fromEntries(
    [...counts].map(([stream, perClass]) => [
      stream,
      [...perClass]
        .map(([name, sum]) => [name, sum / (framesOf.get(stream) as number)] as [string, number])
        .sort(byMeanThenName),
    ]),
  );
  const allFrames = [...framesOf.values()].reduce((a, b) => a + b, 0);
  const overallSums = new Map<string, number>();
  for (const perClass of counts.values())
    for (const [name, sum] of perClass) overallSums.set(name, (overallSums.get(name) ?? 0) + sum);
  const overall = [...overallSums]
    .map(([name, sum]) => [name, sum / allFrames] as [string, number])
    .sort(byMeanThenName);
  const videos = [...framesOf]
    .map(
      ([stream, f]) =>
        [stream, [...(counts.get(stream) ?? new Map()).values()].reduce((a, b) => a + b, 0) / f] as [
          string,
          number,
        ],
    )
    .sort(byMeanThenName);
  return { perStream, overall, videos };
}

async function seedHandMadeStats(db: Database) {
  await db.insert(statWindows).values(
    HAND.map((r) => ({
      streamId: r.stream,
      windowStart: minuteStart(r.minutesAgo),
      windowSeconds: WINDOW,
      model: MODEL,
      frames: r.frames,
    })),
  );
  const rows = HAND.flatMap((r) =>
    Object.entries(r.classes).map(([name, c]) => ({
      streamId: r.stream,
      windowStart: minuteStart(r.minutesAgo),
      windowSeconds: WINDOW,
      model: MODEL,
      class: name,
      frames: r.frames,
      framesWith: c.framesWith,
      countSum: c.countSum,
      countMin: c.framesWith < r.frames ? 0 : 1,
      countMax: c.countMax,
      countSumSq: c.countSum * c.countMax,
    })),
  );
  await db.insert(objectStats).values(rows);
}

async function clearStats(db: Database) {
  for (const table of [
    objectStats,
    statWindows,
    streamTotals,
    streamObjectRankings,
    overallObjectRankings,
    videoRankings,
    objectTimeseries,
    streamHours,
    objectHours,
    modelRuns,
    rollupState,
    rollupDirtyHours,
    rollupSeriesSpans,
  ]) {
    await db.delete(table);
  }
}

/**
 * The behaviour every database streamlens runs on must have (PGlite, PostgreSQL, PostgreSQL
 * through Neon's driver): the same suite, given a fresh migrated database.
 */
export function databaseContract(name: string, open: () => Promise<OpenedForTest>) {
  describe(`database contract: ${name}`, () => {
    let opened: OpenedForTest;
    let db: Database;
    beforeAll(async () => {
      opened = await open();
      db = opened.db;
    }, 120_000);
    afterAll(async () => {
      await opened.close();
    });

    async function statsOf(streamId: string) {
      const rows = await db
        .select()
        .from(objectStats)
        .orderBy(asc(objectStats.windowStart), asc(objectStats.class));
      const windows = await db.select().from(statWindows).orderBy(asc(statWindows.windowStart));
      return {
        stats: rows.filter((r) => r.streamId === streamId).map(({ updatedAt, streamId: _, ...rest }) => rest),
        windows: windows
          .filter((w) => w.streamId === streamId)
          .map(({ updatedAt, streamId: _, ...rest }) => rest),
      };
    }

    describe("window statistics", () => {
      // 6 frames, 20 s apart: two 60 s windows of three frames each.
      const spec: Array<Record<string, number>> = [
        {},
        { person: 2 },
        { person: 1, car: 1 },
        { person: 1 },
        { person: 3 },
        { person: 2 },
      ];

      test("per-window, per-class rows where empty frames count as zero", async () => {
        const result = await writeFrameCounts(db, frames("a", spec), WINDOW);
        expect(result).toMatchObject({ counted: 6, duplicates: 0 });
        const { stats, windows } = await statsOf("a");
        expect(windows.map((w) => w.frames)).toEqual([3, 3]);
        expect(stats).toHaveLength(3);
        expect(stats[0]).toMatchObject({
          class: "car",
          frames: 3,
          framesWith: 1,
          countSum: 1,
          countMin: 0,
          countMax: 1,
          countSumSq: 1,
        });
        expect(stats[1]).toMatchObject({
          class: "person",
          frames: 3,
          framesWith: 2,
          countSum: 3,
          countMin: 0,
          countMax: 2,
          countSumSq: 5,
        });
        expect(stats[2]).toMatchObject({
          class: "person",
          frames: 3,
          framesWith: 3,
          countSum: 6,
          countMin: 1,
          countMax: 3,
          countSumSq: 14,
        });
      }, 30_000);

      test("replaying the same frames changes nothing", async () => {
        const before = await statsOf("a");
        expect(await writeFrameCounts(db, frames("a", spec), WINDOW)).toMatchObject({
          counted: 0,
          duplicates: 6,
          windows: [],
        });
        expect(await statsOf("a")).toEqual(before);
      }, 30_000);

      test("frames one by one, out of order and repeated, end as one batch would", async () => {
        const all = frames("b", spec);
        for (const f of [all[3], all[0], all[5], all[3], all[1], all[2], all[0], all[4]]) {
          await writeFrameCounts(db, [f as FrameCounts], WINDOW);
        }
        expect((await statsOf("b")).stats).toEqual((await statsOf("a")).stats);
      }, 30_000);

      test("a duplicate inside one batch is counted once", async () => {
        const [f] = frames("c", [{ dog: 1 }]);
        expect(await writeFrameCounts(db, [f as FrameCounts, f as FrameCounts], WINDOW)).toMatchObject({
          counted: 1,
          duplicates: 1,
        });
      }, 30_000);

      test("dropped frames count in frames_dropped once, and never in frames or class figures", async () => {
        // Frames 0-2 in window 1 (frame 1 dropped), 3-5 in window 2 (all dropped).
        const all = frames("d", spec).map((f, i) => ({ ...f, dropped: i === 1 || i >= 3 }));
        expect(await writeFrameCounts(db, all, WINDOW)).toMatchObject({ counted: 6, duplicates: 0 });
        // Redelivered, one by one: nothing changes.
        for (const f of all) await writeFrameCounts(db, [f], WINDOW);
        const { stats, windows } = await statsOf("d");
        expect(windows.map((w) => [w.frames, w.framesDropped])).toEqual([
          [2, 1],
          [0, 3],
        ]);
        // Window 1 as if only frames 0 and 2 were seen; window 2 has no class rows.
        expect(stats.map((s) => [s.class, s.frames, s.framesWith, s.countSum])).toEqual([
          ["car", 2, 1, 1],
          ["person", 2, 1, 1],
        ]);
        // A frame already counted as watched stays watched when a dropped copy comes later.
        const [watched] = frames("a", spec);
        await writeFrameCounts(db, [{ ...(watched as FrameCounts), dropped: true }], WINDOW);
        expect((await statsOf("a")).windows.map((w) => w.framesDropped)).toEqual([0, 0]);
      }, 30_000);
    });

    describe("SQL models on hand-made statistics", () => {
      beforeAll(async () => {
        await clearStats(db);
        await seedHandMadeStats(db);
      }, 60_000);

      test("rebuild every model in dependency order", async () => {
        const results = await runRollups(db, ROLLUPS, {
          lookbackDays: 14,
          anchor: ANCHOR,
          logger: silentLogger,
        });
        expect(results.map((r) => r.model)).toEqual([
          "object_hours",
          "stream_hours",
          "object_timeseries",
          "stream_totals",
          "stream_object_rankings",
          "overall_object_rankings",
          "video_rankings",
        ]);
        expect(results.every((r) => r.status === "ok")).toBe(true);
        const runs = await db.select().from(modelRuns);
        expect(runs.filter((r) => r.status === "ok")).toHaveLength(7);
      }, 60_000);

      test("rankings are weighted means over frames with deterministic tie-breaks", async () => {
        const expected = expectedRankings();
        for (const [stream, ranking] of Object.entries(expected.perStream)) {
          const rows = await db
            .select()
            .from(streamObjectRankings)
            .where(eq(streamObjectRankings.streamId, stream))
            .orderBy(asc(streamObjectRankings.rank));
          expect(rows.map((r) => r.class)).toEqual(ranking.map(([c]) => c));
          for (const [i, r] of rows.entries()) {
            expect(r.mean).toBeCloseTo((ranking[i] as [string, number])[1], 9);
          }
        }
        // In s1, bird and dog tie (5 objects each): the class name decides.
        const s1 = expected.perStream.s1?.map(([c]) => c) ?? [];
        expect(s1.indexOf("bird")).toBeLessThan(s1.indexOf("dog"));

        const overall = await db
          .select()
          .from(overallObjectRankings)
          .orderBy(asc(overallObjectRankings.rank));
        expect(overall.map((r) => [r.class, r.mean])).toEqual(
          expected.overall.map(([c, m]) => [c, expect.closeTo(m, 9)]),
        );
        expect(overall.find((r) => r.class === "person")?.streams).toBe(2);

        const videos = await db.select().from(videoRankings).orderBy(asc(videoRankings.rank));
        expect(videos.map((r) => r.streamId)).toEqual(expected.videos.map(([s]) => s));
        expect(videos.map((r) => r.meanObjects)).toEqual(
          expected.videos.map(([, m]) => expect.closeTo(m, 9)),
        );
        expect(videos.find((r) => r.streamId === "s2")?.topClasses).toEqual(["person", "dog"]);
        expect(videos.find((r) => r.streamId === "s3")).toMatchObject({
          countSum: 0,
          meanObjects: 0,
          topClasses: [],
        });
      }, 60_000);

      test("time series per bucket size: frames of the whole bucket are the denominator", async () => {
        const rows = await db.select().from(objectTimeseries).where(eq(objectTimeseries.streamId, "s1"));
        const bucketed = (seconds: number, minutesAgo: number) =>
          Math.floor(minuteStart(minutesAgo).getTime() / (seconds * 1000)) * seconds * 1000;
        for (const seconds of [300, 3600, 21_600]) {
          // Each series keeps the 600 buckets up to the stream's newest window.
          const s1 = inLookback.filter((r) => r.stream === "s1");
          const newest = Math.min(...s1.map((w) => w.minutesAgo));
          const firstBucket = bucketed(seconds, newest) - 599 * seconds * 1000;
          const windows = s1.filter((w) => bucketed(seconds, w.minutesAgo) >= firstBucket);
          expect(windows.length).toBe(seconds === 300 ? s1.length - 1 : s1.length);
          const buckets = new Map<number, { frames: number; person: number }>();
          for (const w of windows) {
            const key = bucketed(seconds, w.minutesAgo);
            const entry = buckets.get(key) ?? { frames: 0, person: 0 };
            entry.frames += w.frames;
            entry.person += w.classes.person?.countSum ?? 0;
            buckets.set(key, entry);
          }
          const person = rows.filter((r) => r.bucketSeconds === seconds && r.class === "person");
          const expectedPerson = [...buckets].filter(([, b]) => b.person > 0);
          expect(person).toHaveLength(expectedPerson.length);
          for (const [start, b] of expectedPerson) {
            const row = person.find((r) => r.bucketStart.getTime() === start);
            expect(row).toMatchObject({ frames: b.frames, countSum: b.person });
            expect(row?.mean).toBeCloseTo(b.person / b.frames, 9);
          }
        }
      }, 60_000);

      test("a failing model keeps its previous results, records the error, and skips its dependents", async () => {
        const before = await db.select().from(streamTotals).orderBy(asc(streamTotals.streamId));
        const broken = parseRollup(
          "stream_totals.sql",
          "-- model: stream_totals\n-- depends:\nINSERT INTO stream_totals (stream_id) SELECT no_such_column FROM stat_windows",
        );
        const dependents = ROLLUPS.filter((m) => m.name !== "stream_totals");
        const results = await runRollups(
          db,
          [broken, ...dependents.filter((m) => m.depends.includes("stream_totals"))],
          {
            lookbackDays: 14,
            anchor: ANCHOR,
            logger: silentLogger,
          },
        );
        expect(results[0]).toMatchObject({ model: "stream_totals", status: "failed" });
        expect(results[0]?.error).toMatch(/no_such_column/);
        expect(results.slice(1).every((r) => r.status === "skipped")).toBe(true);
        expect(await db.select().from(streamTotals).orderBy(asc(streamTotals.streamId))).toEqual(before);
        const failed = await db.select().from(modelRuns).where(eq(modelRuns.status, "failed"));
        expect(failed[0]?.error).toMatch(/no_such_column/);
      }, 60_000);

      test("the newest data anchors the lookback, so a recording's rankings stay however old it is", async () => {
        const options = { lookbackDays: 14, logger: silentLogger };
        await runRollups(db, ROLLUPS, { ...options, anchor: ANCHOR });
        const fixed = await db.select().from(videoRankings).orderBy(asc(videoRankings.rank));
        expect(fixed.length).toBeGreaterThan(0);
        // Ending now, the lookback misses data months old: the rankings empty.
        await runRollups(db, ROLLUPS, { ...options, anchor: "now" });
        expect(await db.select().from(videoRankings)).toEqual([]);
        await runRollups(db, ROLLUPS, { ...options, anchor: "latest" });
        expect(await db.select().from(videoRankings).orderBy(asc(videoRankings.rank))).toEqual(fixed);
      }, 60_000);

      test("data dated in the future does not move the lookback past now", async () => {
        const future = Date.now() + 365 * 86_400_000;
        await writeFrameCounts(db, frames("from-the-future", [{ dog: 1 }], future), WINDOW);
        try {
          await runRollups(db, ROLLUPS, { lookbackDays: 14, anchor: "latest", logger: silentLogger });
          const totals = await db.select().from(streamTotals);
          expect(totals.map((t) => t.streamId)).not.toContain("from-the-future");
        } finally {
          await db.delete(statWindows).where(eq(statWindows.streamId, "from-the-future"));
          await db.delete(objectStats).where(eq(objectStats.streamId, "from-the-future"));
        }
      }, 60_000);
    });

    describe("incremental rollups", () => {
      const HOUR = 3_600_000;
      const base = Date.UTC(2026, 2, 1);
      const run = (full: boolean) =>
        runRollups(db, ROLLUPS, { lookbackDays: 1, anchor: "latest", full, logger: silentLogger });

      test("refreshes after batches of writes, late data and deletions equal a full rebuild", async () => {
        await clearStats(db);
        // Batch 1: 30 hours of three streams, more than the one-day lookback.
        await writeFrameCounts(db, framesAcrossHours(["a", "b", "c"], base, 30, 1), WINDOW);
        const first = await run(false);
        expect(first.every((r) => r.status === "ok")).toBe(true);
        const steps: Array<[string, () => Promise<unknown>]> = [
          // New frames in the newest hour and the next: the lookback's ends move forward.
          [
            "newest hours",
            () => writeFrameCounts(db, framesAcrossHours(["a", "c"], base + 29 * HOUR, 2, 2), WINDOW),
          ],
          // Late data for an old hour of one stream, and a stream seen only then.
          [
            "late data",
            () =>
              writeFrameCounts(db, framesAcrossHours(["b", "d"], base + 12 * HOUR + 1_200_000, 1, 3), WINDOW),
          ],
          // A jump of five hours: the start of the lookback crosses hours that have data.
          ["a jump", () => writeFrameCounts(db, framesAcrossHours(["a"], base + 36 * HOUR, 1, 4), WINDOW)],
          [
            "deleted windows",
            async () => {
              await db.delete(objectStats).where(eq(objectStats.streamId, "c"));
              await db.delete(statWindows).where(eq(statWindows.streamId, "c"));
            },
          ],
        ];
        for (const [label, write] of steps) {
          await write();
          const results = await run(false);
          expect(results.every((r) => r.status === "ok")).toBe(true);
          const incremental = await everyRollupTable(db);
          await run(true);
          const full = await everyRollupTable(db);
          expect({ label, tables: incremental }).toEqual({ label, tables: full });
          expect(full.stream_hours?.length).toBeGreaterThan(0);
        }
        // Every mark was consumed, and the state follows the last run.
        expect(await db.select().from(rollupDirtyHours)).toEqual([]);
        const states = await db.select().from(rollupState);
        expect(states.map((s) => s.name).sort()).toEqual(["hours", "series"]);
      }, 120_000);

      test("truncated statistics forget the state, so the next run rebuilds in full", async () => {
        await writeFrameCounts(db, framesAcrossHours(["a"], base + 37 * HOUR, 1, 5), WINDOW);
        await run(false);
        await db.execute(sql`truncate object_stats, stat_windows`);
        expect(await db.select().from(rollupState)).toEqual([]);
        await run(false);
        expect(await db.select().from(streamHours)).toEqual([]);
        expect(await db.select().from(objectHours)).toEqual([]);
      }, 60_000);
    });

    describe("stream registry", () => {
      test("registers every kind of source, validates it, and updates on re-registration", async () => {
        const yt = await registerStream(db, { source: "ydYDqZQpim8", title: "Namib desert" });
        expect(yt).toMatchObject({
          id: "yt-ydYDqZQpim8",
          kind: "youtube",
          active: true,
          fps: 1,
          status: "idle",
        });
        expect(yt.source).toBe("https://www.youtube.com/watch?v=ydYDqZQpim8");
        await expect(registerStream(db, { source: "rtsp://admin:pw@10.0.0.5/stream1" })).rejects.toThrow(
          /internal address \(private\)/,
        );
        await expect(registerStream(db, { source: "/etc/passwd" })).rejects.toThrow(/local files/);
        // The operator's allow-list opens a camera network; the command line its own files.
        const cameras = sourcePolicyFromEnv({ STREAMLENS_ALLOW_SOURCE_CIDRS: "10.0.0.0/24" });
        const cam = await registerStream(
          db,
          { source: "rtsp://admin:pw@10.0.0.5/stream1", id: "gate", fps: 2 },
          cameras,
        );
        // The database's label never holds a secret; the source (what ffmpeg needs) does.
        const signed = await registerStream(db, {
          source: "cdn=https://cdn.example.com/live.m3u8?X-Amz-Signature=s3cr3t&token=t0k&q=1",
        });
        expect(signed).toMatchObject({
          id: "cdn",
          label: "https://cdn.example.com/live.m3u8?X-Amz-Signature=***&token=***&q=1",
        });
        const file = await registerStream(db, { source: "/srv/videos/hall.mp4" }, COMMAND_LINE_SOURCE_POLICY);
        expect(file).toMatchObject({
          id: "hall",
          kind: "file",
          label: "hall.mp4",
          source: "/srv/videos/hall.mp4",
        });
        expect(cam).toMatchObject({ kind: "rtsp", label: "rtsp://***:***@10.0.0.5/stream1", fps: 2 });
        await registerStream(db, { source: "https://cdn.example.com/live/index.m3u8", id: "gate" });
        expect(await getStream(db, "gate")).toMatchObject({ kind: "http", fps: 2 });
        await expect(registerStream(db, { source: "ftp://example.com/x" })).rejects.toThrow(
          /scheme 'ftp:' is not supported/,
        );
        await expect(registerStream(db, { source: "https://youtu.be/short" })).rejects.toThrow(
          /not a YouTube video URL/,
        );
        await expect(registerStream(db, { source: "a.mp4", fps: 0 })).rejects.toThrow(/invalid stream: fps/);
      }, 30_000);

      test("a stream's own score threshold is stored, kept, cleared and handed to ingest", async () => {
        const source = "https://cdn.example.com/lobby/index.m3u8";
        const ingestSees = async () =>
          (await dbStreamRegistry(db).active()).find((s) => s.id === "lobby")?.scoreThreshold;
        expect(await registerStream(db, { source, id: "lobby", score_threshold: 0.35 })).toMatchObject({
          scoreThreshold: 0.35,
        });
        expect(await ingestSees()).toBe(0.35);
        expect(await registerStream(db, { source, id: "lobby", fps: 2 })).toMatchObject({
          scoreThreshold: 0.35,
        });
        expect(await registerStream(db, { source, id: "lobby", score_threshold: null })).toMatchObject({
          scoreThreshold: null,
        });
        expect(await ingestSees()).toBeUndefined();
        for (const bad of [0, 1.01]) {
          await expect(registerStream(db, { source, id: "lobby", score_threshold: bad })).rejects.toThrow(
            /invalid stream: score_threshold/,
          );
        }
        await setStreamActive(db, "lobby", false);
      }, 30_000);

      test("activation, status reports and source facts", async () => {
        await setStreamActive(db, "gate", false);
        expect((await listStreams(db, { active: true })).map((s) => s.id)).not.toContain("gate");
        await reportStreamStatus(db, "yt-ydYDqZQpim8", {
          status: "backoff",
          lastFrameAt: "2026-11-25T10:00:00.000Z",
          lastError: { message: "yt-dlp could not resolve it", at: "2026-11-25T10:00:05.000Z" },
        });
        expect(await getStream(db, "yt-ydYDqZQpim8")).toMatchObject({
          status: "backoff",
          lastError: "yt-dlp could not resolve it",
          lastFrameAt: new Date("2026-11-25T10:00:00.000Z"),
        });
        await saveStreamInfo(db, "yt-ydYDqZQpim8", {
          title: "Namibia live",
          channel: "NamibiaCam",
          live: true,
          width: 1280,
        });
        await saveStreamInfo(db, "yt-ydYDqZQpim8", {
          title: "Namibia: waterhole",
          channel: "NamibiaCam",
          live: true,
          width: 1920,
        });
        const [info] = await db.select().from(streamInfo).where(eq(streamInfo.streamId, "yt-ydYDqZQpim8"));
        expect(info).toMatchObject({ title: "Namibia: waterhole", width: 1920, live: true });
      }, 30_000);

      test("injection strings in names and sources are stored verbatim and harmless; bad ids are refused", async () => {
        const title = "Robert'); DROP TABLE video_streams;--";
        const source = "http://cam.example/feed.m3u8?name=');DELETE FROM object_stats;--";
        const row = await registerStream(db, { source, id: "bobby", title });
        expect(row.title).toBe(title);
        expect((await getStream(db, "bobby"))?.source).toBe(source);
        await expect(
          registerStream(db, { source: "a.mp4", id: "x'; DROP TABLE video_streams;--" }),
        ).rejects.toThrow(/invalid stream: id/);
        expect((await db.select().from(videoStreams)).length).toBeGreaterThanOrEqual(3);
      }, 30_000);
    });

    test("a snapshot replaces the stored one only when newer", async () => {
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
      const base = { stream_id: "snap", width: 640, height: 360, model: MODEL, jpeg };
      const objects = [
        { class: "person", score: 0.9, box: [0.1, 0.2, 0.3, 0.4] as [number, number, number, number] },
      ];
      await saveSnapshot(db, { ...base, seq: 2, frame_ts: "2026-01-01T00:00:02.000Z", objects });
      await saveSnapshot(db, { ...base, seq: 1, frame_ts: "2026-01-01T00:00:01.000Z", objects: [] });
      const [row] = await db.select().from(streamSnapshots).where(eq(streamSnapshots.streamId, "snap"));
      expect(row).toMatchObject({ seq: 2, objects });
      expect(new Uint8Array(row?.jpeg as Uint8Array)).toEqual(jpeg);
    }, 30_000);
  });
}
