import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyticsConfigSchema, openPglite, StatsSink, schema } from "@streamlens/analytics";
import {
  type Detections,
  encodeDetections,
  InProcessBus,
  silentLogger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { fixture } from "@streamlens/core/testing";
import { asc, eq, sql } from "drizzle-orm";
import { testEnv } from "../testing/test-env.ts";
import { loadPipelineConfig } from "./config.ts";
import { runPipeline } from "./run-pipeline.ts";
import type { PipelineSummary } from "./summary.ts";

const VIDEO = fixture("video/one-by-one-person-detection.mp4");
const STREAM = "one-by-one-person-detection";
let dataDir: string;
let scratch: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-pipeline-data-"));
  scratch = mkdtempSync(join(tmpdir(), "sl-pipeline-inputs-"));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function configFor(args: string[], env: Record<string, string | undefined> = {}) {
  const config = loadPipelineConfig([...args, "--data-dir", dataDir], testEnv(env));
  if (config.help) throw new Error("unexpected --help");
  // Failing live sources give up fast in tests.
  config.ingest.restartInitialMs = 50;
  config.ingest.maxRestarts = 1;
  return config;
}

/** Seconds (from the first frame) in which `name` was detected, as [start, end] runs. */
function runsOf(detections: Detections[], name: string): Array<[number, number]> {
  const t0 = Math.min(...detections.map((d) => Date.parse(d.frame_ts)));
  const seconds = detections
    .filter((d) => d.objects.some((o) => o.class === name))
    .map((d) => Math.round((Date.parse(d.frame_ts) - t0) / 1000))
    .sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const s of seconds) {
    const last = runs.at(-1);
    if (last && s === last[1] + 1) last[1] = s;
    else runs.push([s, s]);
  }
  return runs;
}

describe("the pipeline on the fixture video at 1 fps", () => {
  const seen: Detections[] = [];
  let summary: PipelineSummary;

  beforeAll(async () => {
    summary = await runPipeline(configFor([VIDEO, "--fps", "1"]), {
      logger: silentLogger,
      onDetections: (d) => seen.push(d),
    });
  }, 120_000);

  test("reads and processes every sampled frame, with the model's name and version", () => {
    expect(summary).toMatchObject({
      frames: 140,
      processed: 140,
      dropped: 0,
      failed: 0,
      model: "yolox-nano@d39bee73",
    });
    expect(summary.streams).toEqual([
      { id: STREAM, source: VIDEO, state: "ended", frames: 140, dropped: 0, restarts: 0 },
    ]);
    expect(seen.length).toBe(140);
    // Frames without the object counted are real results too: the notes list 34 seconds with
    // nobody. (Some frames are not wholly empty: a wall panel can read as a tv.)
    expect(seen.filter((d) => !d.objects.some((o) => o.class === "person")).length).toBeGreaterThan(20);
    expect(seen.some((d) => d.objects.length === 0)).toBe(true);
  });

  test("finds a person in the seconds the fixture's notes list, and none at 0-5 s", () => {
    // The fixture's notes were sampled with `-vf fps=1`, whose frame for second k is at k + 0.4 s;
    // we sample the key frame at k + 0.0 s. So a person entering or leaving within those
    // 0.4 s shows one sample later here: each listed run [a, b] is [a or a+1, b or b+1].
    const listed: Array<[number, number]> = [
      [6, 19],
      [23, 43],
      [51, 69],
      [75, 86],
      [93, 119],
      [124, 135],
    ];
    const found = runsOf(seen, "person");
    expect(found.length).toBe(listed.length);
    found.forEach(([start, end], i) => {
      const [a, b] = listed[i] as [number, number];
      expect([a, a + 1]).toContain(start);
      expect([b, b + 1]).toContain(end);
    });
    expect(found[0]?.[0]).toBeGreaterThan(5);
  });

  test("the statistics in PGlite agree with the summary", async () => {
    const { db, close } = await openPglite(dataDir);
    try {
      const perClass = await db
        .select({
          class: schema.objectStats.class,
          total: sql<number>`sum(${schema.objectStats.countSum})::int`,
          framesWith: sql<number>`sum(${schema.objectStats.framesWith})::int`,
        })
        .from(schema.objectStats)
        .where(eq(schema.objectStats.streamId, STREAM))
        .groupBy(schema.objectStats.class);
      expect(Object.fromEntries(perClass.map((r) => [r.class, r.total]))).toEqual(summary.detections);
      expect(Object.fromEntries(perClass.map((r) => [r.class, r.framesWith]))).toEqual(summary.frames_with);
      const windows = await db
        .select()
        .from(schema.statWindows)
        .where(eq(schema.statWindows.streamId, STREAM))
        .orderBy(asc(schema.statWindows.windowStart));
      expect(windows.length).toBe(summary.windows);
      expect(windows.reduce((n, w) => n + w.frames, 0)).toBe(140);
      // The clip's creation time (16:57:49) is media time 0: 11 + 60 + 60 + 9 frames.
      expect(windows.map((w) => w.frames)).toEqual([11, 60, 60, 9]);
      expect(windows[0]?.windowStart.toISOString()).toBe("2017-09-26T16:57:00.000Z");
    } finally {
      await close();
    }
  });

  test("replaying the same detections leaves the statistics unchanged", async () => {
    const opened = await openPglite(dataDir);
    const snapshot = async () => ({
      stats: (
        await opened.db
          .select()
          .from(schema.objectStats)
          .orderBy(asc(schema.objectStats.windowStart), asc(schema.objectStats.class))
      ).map(({ updatedAt, ...row }) => row),
      windows: (await opened.db.select().from(schema.statWindows)).map(({ updatedAt, ...row }) => row),
    });
    try {
      const before = await snapshot();
      const bus = new InProcessBus();
      const topics = topicNames(topicsConfigSchema.parse({}));
      const sink = new StatsSink({
        bus,
        topics,
        db: opened.db,
        config: analyticsConfigSchema.parse({ flushIntervalMs: 50, maxPending: 37 }),
        logger: silentLogger,
      });
      await sink.start();
      const stop = new AbortController();
      const running = sink.run(stop.signal);
      const producer = await bus.createProducer(topics.detections);
      for (const d of [...seen, ...seen.slice(0, 50)]) await producer.send(encodeDetections(d));
      await bus.drained(topics.detections);
      stop.abort();
      await running;
      expect(sink.stats).toMatchObject({ received: 190, counted: 0, duplicates: 190 });
      expect(await snapshot()).toEqual(before);
      await bus.close();
    } finally {
      await opened.close();
    }
  });
});

describe("bad inputs", () => {
  test("each fails with a clear error while the other sources run to the end", async () => {
    const missing = join(scratch, "missing.mp4");
    const notVideo = join(scratch, "notes.mp4");
    writeFileSync(notVideo, "minutes of the meeting\n".repeat(100));
    const truncated = join(scratch, "cut.mp4");
    writeFileSync(truncated, (await Bun.file(VIDEO).bytes()).subarray(0, 1_000_000));
    const closed = Bun.serve({ port: 0, fetch: () => new Response("") });
    const unreachable = `http://127.0.0.1:${closed.port}/live.mp4`;
    closed.stop(true);
    const summary = await runPipeline(
      configFor(
        [
          `good=${VIDEO}`,
          missing,
          notVideo,
          truncated,
          unreachable,
          "ftp://example.com/a.mp4",
          "https://www.youtube.com/watch?v=ydYDqZQpim8",
          fixture("images/bus.jpg"),
        ],
        { YTDLP_PATH: undefined, PATH: "/usr/bin:/bin" },
      ),
      { logger: silentLogger },
    );
    const byId = Object.fromEntries(summary.streams.map((s) => [s.id, s]));
    expect(byId.good).toMatchObject({ state: "ended", frames: 140 });
    expect(byId.bus).toMatchObject({ state: "ended", frames: 1 });
    expect(byId.missing).toMatchObject({ state: "failed", frames: 0, error: { code: "not-found" } });
    expect(byId.missing?.error?.message).toStartWith(`${missing}: no such file`);
    expect(byId.notes).toMatchObject({ state: "failed", error: { code: "invalid-media" } });
    expect(byId.notes?.error?.message).toMatch(/notes\.mp4: ffmpeg cannot read it as video/);
    // A truncated file keeps the frames before the cut, and says it was cut.
    expect(byId.cut).toMatchObject({ state: "failed", error: { code: "truncated" } });
    expect(byId.cut?.frames).toBeGreaterThan(10);
    expect(byId.cut?.frames).toBeLessThan(140);
    const url = byId[`127.0.0.1-live`];
    expect(url).toMatchObject({ state: "failed", restarts: 1, error: { code: "unreachable" } });
    expect(url?.error?.message).toMatch(/cannot connect/);
    const ftp = summary.streams.find((s) => s.source === "ftp://example.com/a.mp4");
    expect(ftp).toMatchObject({ state: "failed", error: { code: "unsupported-source" } });
    expect(ftp?.error?.message).toMatch(/the scheme 'ftp:' is not supported/);
    expect(byId["yt-ydYDqZQpim8"]).toMatchObject({ state: "failed", error: { code: "ytdlp-missing" } });
    expect(byId["yt-ydYDqZQpim8"]?.error?.message).toMatch(/yt-dlp not found/);
    // Everything read was processed: the good video, the photo and the truncated part.
    expect(summary.processed).toBe(summary.frames);
    expect(summary.frames).toBe(140 + 1 + (byId.cut?.frames ?? 0));
  }, 60_000);

  test("without ffmpeg, videos fail naming what was tried, and a still image still works", async () => {
    const summary = await runPipeline(
      configFor([VIDEO, fixture("images/person.jpg")], { FFMPEG_PATH: join(scratch, "no-ffmpeg-here") }),
      { logger: silentLogger },
    );
    const [video, image] = summary.streams;
    expect(video).toMatchObject({ state: "failed", error: { code: "ffmpeg-missing" } });
    expect(video?.error?.message).toMatch(
      /FFMPEG_PATH is set to .*no-ffmpeg-here, which is not an executable file/,
    );
    expect(image).toMatchObject({ state: "ended", frames: 1 });
    expect(summary.detections.person).toBe(1);
  }, 60_000);
});
