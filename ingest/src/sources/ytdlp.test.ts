import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MediaServer, startMediaServer } from "../testing/media-server.ts";
import { requireYtDlp } from "../testing/require-tools.ts";
import { ingestOne } from "../testing/run-ingest.ts";
import { infoFromYtDlp } from "./ytdlp.ts";

let server: MediaServer;
beforeAll(async () => {
  server = await startMediaServer();
}, 30_000);
afterAll(() => server.stop());

describe("sources resolved with yt-dlp", () => {
  test("ytdlp:<url> resolves through the real yt-dlp and samples what it points at", async () => {
    const ytdlp = requireYtDlp();
    const run = ingestOne(
      `ytdlp:${server.url("/clip.mp4")}`,
      { fps: 0.5 },
      { env: { ...process.env, YTDLP_PATH: ytdlp } },
    );
    const status = await run.done;
    expect(status).toMatchObject({ state: "ended", live: false, framesRead: 70 });
    // yt-dlp's generic extractor names the video after the file.
    expect(status.info?.title).toBe("clip");
  }, 60_000);

  test("a yt-dlp failure is retried, then reported with yt-dlp's own error line", async () => {
    const ytdlp = requireYtDlp();
    const run = ingestOne(
      `ytdlp:${server.url("/missing.mp4")}`,
      { maxRestarts: 1 },
      { env: { ...process.env, YTDLP_PATH: ytdlp } },
    );
    const status = await run.done;
    expect(status).toMatchObject({ state: "failed", restarts: 1 });
    expect(status.lastError?.code).toBe("resolve-failed");
    expect(status.lastError?.message).toMatch(/yt-dlp could not resolve it: ERROR: .*404/);
  }, 60_000);

  test("without yt-dlp, a YouTube source fails at once, naming the tool and how to get it", async () => {
    const run = ingestOne(
      "https://www.youtube.com/watch?v=ydYDqZQpim8",
      {},
      { env: { PATH: mkdtempSync(join(tmpdir(), "sl-empty-path-")) } },
    );
    const status = await run.done;
    expect(status).toMatchObject({ state: "failed", restarts: 0, lastError: { code: "ytdlp-missing" } });
    expect(status.lastError?.message).toMatch(
      /yt-dlp not found \(tried YTDLP_PATH, yt-dlp on PATH\).*pip install yt-dlp/,
    );
  });

  test("YTDLP_PATH pointing at something that is not executable is named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-ytdlp-"));
    writeFileSync(join(dir, "yt-dlp"), "not a program");
    const run = ingestOne(
      "https://youtu.be/ydYDqZQpim8",
      {},
      { env: { YTDLP_PATH: join(dir, "yt-dlp"), PATH: "" } },
    );
    const status = await run.done;
    expect(status.lastError?.message).toMatch(
      /YTDLP_PATH is set to .*yt-dlp, which is not an executable file/,
    );
  });
});

test("yt-dlp's metadata becomes the stream's facts", () => {
  expect(
    infoFromYtDlp({
      title: "Live @ Santa Claus Village",
      channel: "Santa Claus Village",
      thumbnail: "https://i.ytimg.com/vi/Cp4RRAEgpeU/maxresdefault_live.jpg",
      release_timestamp: 1_700_000_000,
      width: 1280,
      height: 720,
      fps: 30,
      is_live: true,
    }),
  ).toEqual({
    title: "Live @ Santa Claus Village",
    channel: "Santa Claus Village",
    thumbnailUrl: "https://i.ytimg.com/vi/Cp4RRAEgpeU/maxresdefault_live.jpg",
    startedAt: "2023-11-14T22:13:20.000Z",
    width: 1280,
    height: 720,
    fps: 30,
  });
});
