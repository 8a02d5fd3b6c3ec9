import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

/**
 * Live HLS streams for the live benchmarks: one ffmpeg per stream reads the video at its own
 * pace (`-re`), looping it forever, and cuts it without re-encoding into 1 s segments (the
 * fixture has a key frame every second) in a sliding playlist that a Bun server serves. So each
 * stream behaves like a camera behind a CDN: new media every second, old segments deleted.
 */
export interface LiveHls {
  /** The playlist URL of each stream, in order. */
  urls: string[];
  /** ffmpeg processes that have exited (a live source must not end). */
  ended(): number;
  stop(): Promise<void>;
}

const SEGMENT_SECONDS = 1;
const PLAYLIST_SEGMENTS = 6;

function feed(ffmpeg: string, video: string, dir: string): Subprocess<"ignore", "ignore", "pipe"> {
  return Bun.spawn(
    [
      ffmpeg,
      "-hide_banner",
      "-loglevel",
      "error",
      "-re",
      "-stream_loop",
      "-1",
      "-i",
      video,
      "-an",
      "-c",
      "copy",
      "-f",
      "hls",
      "-hls_time",
      String(SEGMENT_SECONDS),
      "-hls_list_size",
      String(PLAYLIST_SEGMENTS),
      "-hls_flags",
      "delete_segments+omit_endlist+temp_file",
      "-hls_segment_filename",
      join(dir, "seg%06d.ts"),
      join(dir, "live.m3u8"),
    ],
    { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
  );
}

/** Starts `count` live streams of `video` and waits until each playlist lists two segments. */
export async function startLiveHls(options: {
  ffmpeg: string;
  video: string;
  count: number;
}): Promise<LiveHls> {
  const root = mkdtempSync(join(tmpdir(), "sl-live-hls-"));
  const names = Array.from({ length: options.count }, (_, i) => `cam${i + 1}`);
  const feeds = names.map((name) => {
    const dir = join(root, name);
    mkdirSync(dir);
    return feed(options.ffmpeg, options.video, dir);
  });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const [, name, file] = new URL(request.url).pathname.split("/");
      // Only names this server made: no path leaves the folder.
      if (!name || !file || !names.includes(name) || !/^(live\.m3u8|seg\d{6}\.ts)$/.test(file))
        return new Response("not found", { status: 404 });
      const path = join(root, name, file);
      if (!existsSync(path)) return new Response("not found", { status: 404 });
      const type = file.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t";
      return new Response(Bun.file(path), { headers: { "content-type": type, "cache-control": "no-cache" } });
    },
  });
  const stop = async () => {
    for (const f of feeds) f.kill("SIGTERM");
    await Promise.all(feeds.map((f) => f.exited));
    server.stop(true);
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (const name of names) {
    const playlist = join(root, name, "live.m3u8");
    const segments = () => (existsSync(playlist) ? readFileSync(playlist, "utf8").match(/\.ts/g)?.length : 0);
    while ((segments() ?? 0) < 2) {
      const dead = feeds.find((f) => f.exitCode !== null);
      if (dead || Date.now() > deadline) {
        const stderr = dead ? await new Response(dead.stderr).text() : "timed out";
        await stop();
        throw new Error(`the live HLS feed for ${name} did not start: ${stderr.slice(-1000)}`);
      }
      await Bun.sleep(200);
    }
  }
  return {
    urls: names.map((name) => `http://127.0.0.1:${server.port}/${name}/live.m3u8`),
    ended: () => feeds.filter((f) => f.exitCode !== null).length,
    stop,
  };
}
