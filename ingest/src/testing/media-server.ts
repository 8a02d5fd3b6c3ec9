import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "@streamlens/core/testing";
import sharp from "sharp";
import { requireFfmpeg } from "./require-tools.ts";

export interface MediaServer {
  url(path: string): string;
  /** Paths requested so far, in order (with query strings). */
  readonly requests: string[];
  /** While down, every request gets 503: a CDN or camera outage. */
  setDown(down: boolean): void;
  stop(): void;
}

/** Serves a byte range the way a CDN does, so ffmpeg can seek in an mp4 over HTTP. */
function ranged(request: Request, bytes: Uint8Array, type: string): Response {
  const range = /bytes=(\d*)-(\d*)/.exec(request.headers.get("range") ?? "");
  if (!range) return new Response(bytes, { headers: { "content-type": type, "accept-ranges": "bytes" } });
  const start = range[1] ? Number(range[1]) : 0;
  const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
  return new Response(bytes.subarray(start, end + 1), {
    status: 206,
    headers: {
      "content-type": type,
      "accept-ranges": "bytes",
      "content-range": `bytes ${start}-${end}/${bytes.length}`,
    },
  });
}

/**
 * A real HTTP media server for ingest tests, built from the fixture video at test time:
 * the mp4 itself, an HLS VOD playlist of 2 s segments (cut by ffmpeg without re-encoding), a
 * master playlist with two variants, a live playlist whose window advances with the wall
 * clock, and still images.
 */
export async function startMediaServer(
  overrides: { ffmpeg?: string; video?: string; image?: string } = {},
): Promise<MediaServer> {
  // Every test serves the fixture video and photo with the ffmpeg `bun run setup` provides.
  const options = {
    ffmpeg: overrides.ffmpeg ?? requireFfmpeg(),
    video: overrides.video ?? fixture("video/one-by-one-person-detection.mp4"),
    image: overrides.image ?? fixture("images/bus.jpg"),
  };
  const dir = mkdtempSync(join(tmpdir(), "sl-media-"));
  const cut = Bun.spawnSync([
    options.ffmpeg,
    "-hide_banner",
    "-loglevel",
    "error",
    "-i",
    options.video,
    "-c",
    "copy",
    "-f",
    "hls",
    "-hls_time",
    "2",
    "-hls_list_size",
    "0",
    "-hls_playlist_type",
    "vod",
    "-hls_segment_filename",
    join(dir, "seg%03d.ts"),
    join(dir, "vod.m3u8"),
  ]);
  if (cut.exitCode !== 0) throw new Error(`ffmpeg could not cut HLS segments: ${cut.stderr.toString()}`);
  const vod = readFileSync(join(dir, "vod.m3u8"), "utf8");
  const segments = [...vod.matchAll(/#EXTINF:([\d.]+),\s*\n(seg\d+\.ts)/g)].map((m) => ({
    duration: Number(m[1]),
    name: m[2] as string,
  }));
  const mp4 = await Bun.file(options.video).bytes();
  const jpeg = await Bun.file(options.image).bytes();
  const png = new Uint8Array(await sharp(jpeg).png().toBuffer());
  const started = Date.now();
  const requests: string[] = [];
  let down = false;

  const livePlaylist = () => {
    // Segment n is "published" n·2 s after start; the playlist shows the newest three.
    const newest = Math.min(segments.length - 1, Math.floor((Date.now() - started) / 2000) + 2);
    const first = Math.max(0, newest - 2);
    const lines = [
      "#EXTM3U",
      "#EXT-X-VERSION:3",
      "#EXT-X-TARGETDURATION:3",
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
    ];
    for (const s of segments.slice(first, newest + 1))
      lines.push(`#EXTINF:${s.duration.toFixed(3)},`, s.name);
    return `${lines.join("\n")}\n`;
  };

  const master = [
    "#EXTM3U",
    '#EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080,CODECS="avc1.640028"',
    "vod.m3u8?variant=1080p",
    '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=768x432,CODECS="avc1.4d401e"',
    "vod.m3u8?variant=432p",
    "",
  ].join("\n");
  const m3u8 = { "content-type": "application/vnd.apple.mpegurl" };

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const url = new URL(request.url);
      requests.push(url.pathname + url.search);
      if (down) return new Response("maintenance", { status: 503 });
      switch (url.pathname) {
        case "/clip.mp4":
          return ranged(request, mp4, "video/mp4");
        case "/vod.m3u8":
          return new Response(vod, { headers: m3u8 });
        case "/master.m3u8":
          return new Response(master, { headers: m3u8 });
        case "/live.m3u8":
          return new Response(livePlaylist(), { headers: m3u8 });
        case "/photo.jpg":
          return new Response(jpeg, { headers: { "content-type": "image/jpeg" } });
        case "/photo.png":
          return new Response(png, { headers: { "content-type": "image/png" } });
      }
      const segment = segments.find((s) => `/${s.name}` === url.pathname);
      if (segment)
        return new Response(Bun.file(join(dir, segment.name)), { headers: { "content-type": "video/mp2t" } });
      return new Response("not found", { status: 404 });
    },
  });
  return {
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    requests,
    setDown(value) {
      down = value;
    },
    stop() {
      server.stop(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
