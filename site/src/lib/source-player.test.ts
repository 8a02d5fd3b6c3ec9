import { describe, expect, test } from "bun:test";
import { playerFor } from "./source-player";

describe("playerFor", () => {
  test("YouTube URLs of every shape embed the video", () => {
    for (const url of [
      "https://www.youtube.com/watch?v=ydYDqZQpim8",
      "https://youtu.be/ydYDqZQpim8",
      "https://www.youtube.com/live/ydYDqZQpim8",
    ])
      expect(playerFor("youtube", url)).toMatchObject({ kind: "youtube", videoId: "ydYDqZQpim8" });
    expect(playerFor("youtube", "https://www.youtube.com/@natgeo/live")).toEqual({
      kind: "link",
      url: "https://www.youtube.com/@natgeo/live",
    });
  });

  test("HLS plays through hls.js, video URLs natively, other pages are links", () => {
    expect(playerFor("http", "https://cdn.example/cam/index.m3u8")).toMatchObject({ kind: "hls" });
    expect(playerFor("http", "https://cdn.example/clip.mp4")).toMatchObject({ kind: "video" });
    expect(playerFor("ytdlp", "ytdlp:https://vimeo.com/1")).toMatchObject({ kind: "link" });
  });

  test("RTSP and server files have no player, and say why", () => {
    expect(playerFor("rtsp", "rtsp://cam/1")).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("RTSP"),
    });
    expect(playerFor("file", "clip.mp4")).toMatchObject({ kind: "none" });
    expect(playerFor("file", "javascript:alert(1)")).toMatchObject({ kind: "none" });
  });
});
