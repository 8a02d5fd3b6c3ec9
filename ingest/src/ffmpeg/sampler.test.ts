import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "@streamlens/core/testing";
import sharp from "sharp";
import { requireFfmpeg } from "../testing/require-tools.ts";
import { buildSampleArgs, type SampledFrame, sampleFrames } from "./sampler.ts";

const video = fixture("video/one-by-one-person-detection.mp4");
const ffmpeg = requireFfmpeg();

async function collect(iterable: AsyncIterable<SampledFrame>) {
  const frames: SampledFrame[] = [];
  for await (const frame of iterable) frames.push(frame);
  return frames;
}

describe("sampleFrames on the fixture video", () => {
  test("1 fps from key frames only gives one JPEG per second with media timestamps", async () => {
    const frames = await collect(
      sampleFrames({ ffmpeg, input: video, label: "fixture", fps: 1, decode: "keyframes" }),
    );
    // 139.4 s of video: one frame for each whole second 0..139.
    expect(frames.length).toBe(140);
    expect(frames.slice(0, 4).map((f) => f.ptsMs)).toEqual([0, 1000, 2000, 3000]);
    expect(frames.at(-1)?.ptsMs).toBe(139_000);
    const meta = await sharp(frames[10]?.image as Uint8Array).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 768, height: 432 });
    expect(frames[10]).toMatchObject({ width: 768, height: 432 });
  });

  test("full decode picks the same instants as key-frame decode", async () => {
    const all = await collect(
      sampleFrames({ ffmpeg, input: video, label: "fixture", fps: 1, decode: "all" }),
    );
    expect(all.map((f) => f.ptsMs)).toEqual(Array.from({ length: 140 }, (_, i) => i * 1000));
  });

  test("2 fps with full decode and a max width", async () => {
    const frames = await collect(
      sampleFrames({ ffmpeg, input: video, label: "fixture", fps: 2, decode: "all", maxWidth: 320 }),
    );
    expect(frames.length).toBe(279);
    expect(frames[1]?.ptsMs).toBe(500);
    expect(frames[1]).toMatchObject({ width: 320, height: 180 });
  });

  test("rgb24 frames are the decoded pixels, cut to exactly width x height x 3 bytes each", async () => {
    const frames = await collect(
      sampleFrames({ ffmpeg, input: video, label: "fixture", fps: 1, decode: "all", format: "rgb24" }),
    );
    expect(frames.length).toBe(140);
    for (const frame of frames) {
      expect(frame).toMatchObject({ format: "rgb24", width: 768, height: 432 });
      expect(frame.image.length).toBe(768 * 432 * 3);
    }
    // The frame at 10 s, decoded on its own: the stream was cut at the right byte every time.
    const alone = Bun.spawnSync([
      ffmpeg,
      ...["-v", "error", "-i", video, "-vf", "select=eq(n\\,100),format=rgb24", "-frames:v", "1"],
      ...["-f", "rawvideo", "pipe:1"],
    ]);
    expect(frames[10]?.ptsMs).toBe(10_000);
    expect(Buffer.from(frames[10]?.image as Uint8Array).equals(alone.stdout)).toBe(true);
    // With a max width, the size in each frame's header is the size of its bytes.
    const small = await collect(
      sampleFrames({
        ffmpeg,
        input: video,
        label: "fixture",
        fps: 0.1,
        decode: "all",
        maxWidth: 320,
        format: "rgb24",
      }),
    );
    expect(small.length).toBe(14);
    expect(small[0]).toMatchObject({ width: 320, height: 180 });
    expect(small.every((f) => f.image.length === 320 * 180 * 3)).toBe(true);
  }, 60_000);

  test("a truncated file yields the frames before the cut, then fails as truncated", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-trunc-"));
    const cut = join(dir, "cut.mp4");
    const bytes = await Bun.file(video).bytes();
    writeFileSync(cut, bytes.subarray(0, 2_000_000));
    const seen: number[] = [];
    let failure: unknown;
    try {
      for await (const frame of sampleFrames({
        ffmpeg,
        input: cut,
        label: "cut.mp4",
        fps: 1,
        decode: "keyframes",
      })) {
        seen.push(frame.ptsMs);
      }
    } catch (error) {
      failure = error;
    }
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.length).toBeLessThan(140);
    expect(failure).toMatchObject({ code: "truncated", retryable: false });
    expect(String((failure as Error).message)).toMatch(/cut\.mp4: the file ends early/);
  });

  test("a file that is not video fails as invalid-media", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-bad-"));
    const notVideo = join(dir, "notes.mp4");
    writeFileSync(notVideo, "these are meeting notes, not a video\n".repeat(50));
    const run = collect(sampleFrames({ ffmpeg, input: notVideo, label: "notes.mp4", fps: 1, decode: "all" }));
    await expect(run).rejects.toMatchObject({ code: "invalid-media", retryable: false });
  });

  test("a stalled input ends as stalled after the watchdog time", async () => {
    // A FIFO nobody writes to: ffmpeg opens it and waits for data for ever.
    const dir = mkdtempSync(join(tmpdir(), "sl-stall-"));
    const fifo = join(dir, "live.ts");
    Bun.spawnSync(["mkfifo", fifo]);
    const writer = Bun.spawn(["sh", "-c", `exec 3>${fifo}; sleep 30`]);
    const started = Date.now();
    const run = collect(
      sampleFrames({ ffmpeg, input: fifo, label: "fifo", fps: 1, decode: "all", stallTimeoutMs: 700 }),
    );
    await expect(run).rejects.toMatchObject({ code: "stalled", retryable: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    writer.kill();
  });

  test("aborting stops ffmpeg and ends the generator quietly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-abort-"));
    const copy = join(dir, "v.mp4");
    copyFileSync(video, copy);
    const controller = new AbortController();
    const frames: SampledFrame[] = [];
    for await (const frame of sampleFrames({
      ffmpeg,
      input: copy,
      label: "v",
      fps: 10,
      decode: "all",
      signal: controller.signal,
    })) {
      frames.push(frame);
      if (frames.length === 5) controller.abort();
    }
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.length).toBeLessThan(1394);
  });
});

test("the command line skips decode work only as asked", () => {
  const base = { ffmpeg: "ffmpeg", input: "in.mp4", label: "in", fps: 1 };
  expect(buildSampleArgs({ ...base, decode: "keyframes" }).join(" ")).toContain(
    "-threads 1 -skip_frame nokey -i in.mp4",
  );
  expect(buildSampleArgs({ ...base, decode: "noref" })).toContain("noref");
  expect(buildSampleArgs({ ...base, decode: "all" })).not.toContain("-skip_frame");
  expect(buildSampleArgs({ ...base, decode: "all", maxWidth: 640 }).join(" ")).toContain(
    "scale='min(iw,640)':-2",
  );
});
