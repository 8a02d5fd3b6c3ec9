import { StreamlensError } from "@streamlens/core";
import { z } from "zod";
import { assertPublicHost } from "./address-guard.ts";
import { openHttp } from "./http.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource, SourceInfo } from "./types.ts";

const ytdlpJson = z.object({
  url: z.string().url().optional(),
  http_headers: z.record(z.string(), z.string()).optional(),
  is_live: z.boolean().nullish(),
  title: z.string().nullish(),
  channel: z.string().nullish(),
  uploader: z.string().nullish(),
  thumbnail: z.string().nullish(),
  release_timestamp: z.number().nullish(),
  timestamp: z.number().nullish(),
  duration: z.number().nullish(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  fps: z.number().nullish(),
});

/** The metadata yt-dlp gives, as the facts `stream_info` keeps. */
export function infoFromYtDlp(json: z.infer<typeof ytdlpJson>): SourceInfo {
  const info: SourceInfo = {};
  if (json.title) info.title = json.title;
  const channel = json.channel ?? json.uploader;
  if (channel) info.channel = channel;
  if (json.thumbnail) info.thumbnailUrl = json.thumbnail;
  const started = json.release_timestamp ?? json.timestamp;
  if (started) info.startedAt = new Date(started * 1000).toISOString();
  if (json.duration) info.durationS = json.duration;
  if (json.width) info.width = json.width;
  if (json.height) info.height = json.height;
  if (json.fps) info.fps = json.fps;
  return info;
}

/**
 * Resolves a YouTube (or any yt-dlp supported) page to a media URL with yt-dlp, then reads it
 * like any http source. Called on every (re)start: such URLs expire after hours.
 */
export async function openWithYtDlp(ref: SourceRef, ctx: OpenContext): Promise<OpenedSource> {
  await assertPublicHost(ref.location, ctx.policy, ref.label);
  const bin = ctx.ytdlp();
  // `--` ends yt-dlp's options: the URL can never be read as one (it is parsed as http(s) anyway).
  // yt-dlp fetches pages itself; the media URL it returns is checked again by openHttp.
  const proc = Bun.spawn(
    [bin, "-J", "--no-playlist", "--no-warnings", "-f", ctx.config.ytdlpFormat, "--", ref.location],
    {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      timeout: ctx.config.resolveTimeoutMs,
      signal: ctx.signal,
    },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) {
    const reason =
      stderr.split("\n").findLast((l) => l.includes("ERROR")) ??
      stderr.trim().split("\n").at(-1) ??
      `exit code ${code}`;
    throw new StreamlensError(
      "resolve-failed",
      `${ref.label}: yt-dlp could not resolve it: ${reason.trim()}`,
      {
        retryable: true,
      },
    );
  }
  let parsed: z.infer<typeof ytdlpJson>;
  try {
    parsed = ytdlpJson.parse(JSON.parse(stdout));
  } catch (cause) {
    throw new StreamlensError("resolve-failed", `${ref.label}: yt-dlp printed unexpected JSON`, {
      cause,
      retryable: true,
    });
  }
  if (!parsed.url) {
    throw new StreamlensError(
      "resolve-failed",
      `${ref.label}: yt-dlp found no single media URL for format ${ctx.config.ytdlpFormat}`,
      {
        hint: "choose a format with video and audio in one file (--ytdlp-format or STREAMLENS_YTDLP_FORMAT)",
      },
    );
  }
  return openHttp(ref, ctx, {
    url: parsed.url,
    headers: parsed.http_headers ?? {},
    live: parsed.is_live === true,
    info: infoFromYtDlp(parsed),
  });
}
