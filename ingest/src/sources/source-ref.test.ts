import { describe, expect, test } from "bun:test";
import { parseSourceRef, parseSources } from "./source-ref.ts";

describe("parseSourceRef", () => {
  test("a path is a file source named after the file", () => {
    const ref = parseSourceRef("videos/Front Door (1).mp4", "/srv");
    expect(ref).toMatchObject({
      kind: "file",
      location: "/srv/videos/Front Door (1).mp4",
      id: "Front-Door-1",
    });
  });

  test("YouTube URLs of every common shape give yt-<video id>", () => {
    for (const url of [
      "https://www.youtube.com/watch?v=ydYDqZQpim8",
      "https://youtu.be/ydYDqZQpim8",
      "https://youtube.com/live/ydYDqZQpim8?feature=share",
      "https://m.youtube.com/watch?v=ydYDqZQpim8&t=10",
    ]) {
      expect(parseSourceRef(url)).toMatchObject({ kind: "youtube", id: "yt-ydYDqZQpim8" });
    }
    expect(parseSourceRef("https://www.youtube.com/@explore/live").id).toBe("yt-explore");
  });

  test("a YouTube URL without a valid video id is refused", () => {
    expect(() => parseSourceRef("https://www.youtube.com/watch?v=short")).toThrow(/not a YouTube video URL/);
    expect(() => parseSourceRef("https://www.youtube.com/feed/trending")).toThrow(/not a YouTube video URL/);
  });

  test("http, rtsp and ytdlp: sources", () => {
    expect(parseSourceRef("https://cdn.example.com/live/cam7/index.m3u8")).toMatchObject({
      kind: "http",
      id: "cdn.example.com",
    });
    expect(parseSourceRef("http://example.com/clips/street.mp4").id).toBe("example.com-street");
    const rtsp = parseSourceRef("rtsp://admin:secret@10.0.0.5:554/stream1");
    expect(rtsp).toMatchObject({ kind: "rtsp", id: "10.0.0.5-stream1" });
    expect(rtsp.label).toBe("rtsp://***:***@10.0.0.5:554/stream1");
    expect(rtsp.location).toContain("secret");
    expect(parseSourceRef("ytdlp:https://www.twitch.tv/somechannel").kind).toBe("ytdlp");
  });

  test("unsupported schemes and malformed URLs name the problem", () => {
    expect(() => parseSourceRef("ftp://example.com/a.mp4")).toThrow(/scheme 'ftp:' is not supported/);
    expect(() => parseSourceRef("srt://example.com:9000")).toThrow(/unsupported source srt:/);
    expect(() => parseSourceRef("http://")).toThrow(/not a valid URL/);
    expect(() => parseSourceRef("ytdlp:rtsp://x/y")).toThrow(/ytdlp: takes an http/);
    expect(() => parseSourceRef("   ")).toThrow(/empty source/);
  });

  test("an explicit id prefix names the stream", () => {
    expect(parseSourceRef("lobby=rtsp://cam/1")).toMatchObject({ id: "lobby", kind: "rtsp" });
    expect(parseSourceRef("cam_2=./a.mp4", "/x")).toMatchObject({ id: "cam_2", location: "/x/a.mp4" });
  });

  test("credentials never reach the label, even in URLs the parser cannot read", () => {
    expect(parseSourceRef("https://u:p@example.com/a.m3u8").label).toBe("https://***:***@example.com/a.m3u8");
  });

  test("ids are made unique across several sources, and a bad one does not stop the rest", () => {
    const { refs, rejected } = parseSources(["a/clip.mp4", "gopher://x", "b/clip.mp4", "c/clip.mov"], "/");
    expect(refs.map((r) => r.id)).toEqual(["clip", "clip-2", "clip-3"]);
    expect(rejected).toEqual([
      { input: "gopher://x", error: expect.objectContaining({ code: "unsupported-source" }) },
    ]);
  });

  test("a rejected source is reported without its credentials", () => {
    const { rejected } = parseSources(["cam=gopher://admin:hunter2@cam/s?token=abc123"], "/");
    expect(rejected).toHaveLength(1);
    expect(JSON.stringify(rejected[0]?.input)).not.toMatch(/hunter2|abc123/);
    expect(String(rejected[0]?.error)).not.toMatch(/hunter2|abc123/);
  });
});
