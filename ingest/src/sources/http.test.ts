import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { type MediaServer, startMediaServer } from "../testing/media-server.ts";
import { ingestOne, until } from "../testing/run-ingest.ts";

let server: MediaServer;
beforeAll(async () => {
  server = await startMediaServer();
}, 30_000);
afterAll(() => server.stop());

describe("http(s) sources", () => {
  test("an mp4 over HTTP is read once to its end, with media timestamps", async () => {
    const run = ingestOne(server.url("/clip.mp4"));
    const status = await run.done;
    expect(status).toMatchObject({ state: "ended", live: false, framesRead: 140, restarts: 0 });
    expect(run.frames[1]?.frame_ts).toBe("2017-09-26T16:57:50.000Z");
    expect(status.info).toMatchObject({ codec: "h264", width: 768, height: 432 });
  }, 30_000);

  test("an HLS VOD playlist (with EXT-X-ENDLIST) ends at its end", async () => {
    const run = ingestOne(server.url("/vod.m3u8"));
    const status = await run.done;
    expect(status).toMatchObject({ state: "ended", live: false });
    // Segment cuts may shift the last sample; every second of the clip is there.
    expect(status.framesRead).toBeGreaterThanOrEqual(139);
    expect(status.framesRead).toBeLessThanOrEqual(140);
  }, 30_000);

  test("a master playlist: the variant that fits the max width is read", async () => {
    const run = ingestOne(server.url("/master.m3u8"), { maxWidth: 1280, fps: 0.5 });
    await run.done;
    expect(run.status.state).toBe("ended");
    expect(server.requests).toContain("/vod.m3u8?variant=432p");
    expect(server.requests).not.toContain("/vod.m3u8?variant=1080p");
  }, 30_000);

  test("a live playlist is live: wall-clock stamps, restarts through an outage, stops on request", async () => {
    const run = ingestOne(server.url("/live.m3u8"), { stallTimeoutSeconds: 3, maxRestarts: 0 });
    await until(() => run.frames.length >= 3, 20_000, "live frames");
    expect(run.status.live).toBe(true);
    const first = run.frames[0];
    expect(Math.abs(Date.parse(first?.frame_ts ?? "") - Date.now())).toBeLessThan(15_000);
    // Frames of one stream only ever move forward, so (stream_id, seq) never repeats.
    const seqs = run.frames.map((f) => f.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);

    server.setDown(true);
    await until(() => run.status.restarts >= 1, 30_000, "a restart after the outage");
    expect(run.status.lastError?.code).toMatch(/stalled|http-error|ffmpeg-failed|source-ended/);
    const before = run.frames.length;
    server.setDown(false);
    await until(() => run.frames.length > before + 1, 30_000, "frames after recovery");
    const status = await run.stop();
    expect(status.state).toBe("stopped");
    expect(run.states).toContain("backoff");
    expect(run.states.at(-1)).toBe("stopped");
    const after = run.frames.map((f) => f.seq);
    expect(new Set(after).size).toBe(after.length);
  }, 90_000);

  test("a still image over HTTP is one frame, PNG converted to JPEG", async () => {
    const jpeg = ingestOne(server.url("/photo.jpg"));
    expect(await jpeg.done).toMatchObject({ state: "ended", framesRead: 1 });
    expect(jpeg.frames[0]).toMatchObject({ width: 810, height: 1080 });
    const png = ingestOne(server.url("/photo.png"), { maxWidth: 405 });
    expect(await png.done).toMatchObject({ state: "ended", framesRead: 1 });
    const meta = await sharp(png.frames[0]?.image as Uint8Array).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 405, height: 540 });
  }, 30_000);

  test("a 404 is retried with backoff, then given up with the status named", async () => {
    const run = ingestOne(server.url("/gone.m3u8"), { maxRestarts: 2 });
    const status = await run.done;
    expect(status).toMatchObject({ state: "failed", restarts: 2, framesRead: 0 });
    expect(status.lastError).toMatchObject({ code: "not-found" });
    expect(status.lastError?.message).toMatch(/gone\.m3u8: the server answered HTTP 404/);
  }, 30_000);
});
