import { afterAll, beforeAll, expect, test } from "bun:test";
import { fixture } from "@streamlens/core/testing";
import { type RtspServer, startRtspServer } from "../testing/rtsp-server.ts";
import { ingestOne, until } from "../testing/run-ingest.ts";

let camera: RtspServer;
beforeAll(async () => {
  camera = await startRtspServer(fixture("video/one-by-one-person-detection.mp4"));
}, 30_000);
afterAll(() => camera.stop());

test("an RTSP camera is read live, survives going offline, and resumes", async () => {
  const run = ingestOne(camera.url, { stallTimeoutSeconds: 2, startTimeoutSeconds: 8, maxRestarts: 0 });
  await until(() => run.frames.length >= 3, 30_000, "frames from the camera");
  expect(run.status).toMatchObject({ state: "running", live: true, kind: "rtsp" });
  expect(run.frames[0]).toMatchObject({ stream_id: `127.0.0.1-live`, width: 768, height: 432 });
  expect(Math.abs(Date.parse(run.frames[0]?.frame_ts ?? "") - Date.now())).toBeLessThan(15_000);

  await camera.stop();
  await until(() => run.status.restarts >= 2, 30_000, "restarts while the camera is offline");
  expect(run.status.state).toMatch(/backoff|starting/);
  expect(run.status.lastError?.code).toMatch(/unreachable|stalled|ffmpeg-failed|source-ended/);

  await camera.start();
  const before = run.frames.length;
  await until(() => run.frames.length >= before + 2, 30_000, "frames after the camera is back");
  expect((await run.stop()).state).toBe("stopped");
  const seqs = run.frames.map((f) => f.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
}, 120_000);
