import { StreamlensError } from "@streamlens/core";
import { type types as hlsTypes, parse as parseHls } from "hls-parser";
import { probeMedia } from "../ffmpeg/probe.ts";
import { protocolArgs } from "../ffmpeg/protocols.ts";
import { assertPublicHost } from "./address-guard.ts";
import { chooseDecode } from "./decode-choice.ts";
import { imageFrame, isStillImage } from "./image.ts";
import { ffmpegSource, infoFromProbe, stillImageSource } from "./opened.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource, SourceInfo } from "./types.ts";

const MAX_PLAYLIST_BYTES = 5 << 20;
const MAX_IMAGE_BYTES = 50 << 20;

/** What an earlier resolver (yt-dlp) already knows about an http(s) URL. */
export interface ResolvedHttp {
  url: string;
  headers?: Record<string, string>;
  live?: boolean;
  info?: SourceInfo;
}

function fetchError(ref: SourceRef, cause: unknown): StreamlensError {
  const code = (cause as { code?: string })?.code;
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  const timedOut = cause instanceof DOMException && cause.name === "TimeoutError";
  return new StreamlensError(
    timedOut ? "timeout" : "unreachable",
    timedOut
      ? `${ref.label}: no answer within the resolve timeout`
      : `${ref.label}: cannot connect (${detail})`,
    { cause, retryable: true },
  );
}

function statusError(ref: SourceRef, status: number): StreamlensError {
  const code = status === 404 ? "not-found" : status === 401 || status === 403 ? "forbidden" : "http-error";
  return new StreamlensError(code, `${ref.label}: the server answered HTTP ${status}`, { retryable: true });
}

const MAX_REDIRECTS = 5;

/**
 * GETs a URL, following redirects by hand so every hop's host is checked against the policy
 * (a public URL redirecting to 169.254.169.254 is the classic SSRF route). ffmpeg is then given
 * the final URL, so it does not need to follow that redirect again.
 */
async function get(ref: SourceRef, start: string, headers: Record<string, string>, ctx: OpenContext) {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.config.resolveTimeoutMs)]);
  let response: Response | undefined;
  let url = start;
  for (let hop = 0; ; hop += 1) {
    const scheme = new URL(url).protocol;
    if (scheme !== "http:" && scheme !== "https:") {
      throw new StreamlensError(
        "unsafe-source",
        `${ref.label}: refused, a redirect to ${scheme} is not followed`,
      );
    }
    await assertPublicHost(url, ctx.policy, ref.label);
    try {
      response = await fetch(url, { headers, signal, redirect: "manual" });
    } catch (cause) {
      throw fetchError(ref, cause);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) break;
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS) {
      throw new StreamlensError("http-error", `${ref.label}: more than ${MAX_REDIRECTS} redirects`, {
        retryable: true,
      });
    }
    url = new URL(location, url).toString();
  }
  // fetch with redirect "manual" leaves response.url at the request: the final hop is `url`.
  Object.defineProperty(response, "url", { value: url });
  if (!response.ok) {
    await response.body?.cancel();
    throw statusError(ref, response.status);
  }
  return response;
}

/** Reads a body up to `limit` bytes; more than that is an error, not a silent cut. */
async function readLimited(
  ref: SourceRef,
  response: Response,
  first: Uint8Array,
  reader: { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> },
  limit: number,
) {
  const parts = [first];
  let size = first.length;
  for (;;) {
    const { value, done } = await reader.read();
    if (done || !value) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new StreamlensError("too-large", `${ref.label}: ${response.url} is larger than ${limit} bytes`);
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Picks the HLS variant to sample: the widest that fits maxWidth, else the smallest. */
function pickVariant(master: hlsTypes.MasterPlaylist, maxWidth: number) {
  const variants = master.variants.filter((v) => !v.isIFrameOnly);
  const byBandwidth = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
  const fitting = byBandwidth.filter((v) => !maxWidth || (v.resolution?.width ?? 0) <= maxWidth);
  return fitting.at(-1) ?? byBandwidth[0];
}

/**
 * An http(s) URL: an HLS playlist (live when it has no EXT-X-ENDLIST), a still image, or a
 * video file ffmpeg reads over HTTP. The URL is fetched once to tell which, so an unreachable
 * server fails here with a clear error before ffmpeg starts.
 */
export async function openHttp(
  ref: SourceRef,
  ctx: OpenContext,
  resolved?: ResolvedHttp,
): Promise<OpenedSource> {
  const { config } = ctx;
  const headers = resolved?.headers ?? {};
  let url = resolved?.url ?? ref.location;
  const response = await get(ref, url, headers, ctx);
  url = response.url || url;
  const contentType = response.headers.get("content-type") ?? "";
  if (!response.body)
    throw new StreamlensError("http-error", `${ref.label}: the server sent no body`, { retryable: true });
  const reader = response.body.getReader();
  const first = (await reader.read()).value ?? new Uint8Array();
  const head = new TextDecoder().decode(first.subarray(0, 16)).trimStart();

  let live = resolved?.live ?? /video\/(mp2t|x-flv)/i.test(contentType);
  let hls = false;
  if (head.startsWith("#EXTM3U") || /mpegurl/i.test(contentType)) {
    hls = true;
    const text = new TextDecoder().decode(
      await readLimited(ref, response, first, reader, MAX_PLAYLIST_BYTES),
    );
    let playlist: hlsTypes.Playlist;
    try {
      playlist = parseHls(text);
    } catch (cause) {
      throw new StreamlensError("invalid-playlist", `${ref.label}: not a valid HLS playlist`, { cause });
    }
    if (playlist.isMasterPlaylist) {
      const variant = pickVariant(playlist as hlsTypes.MasterPlaylist, config.maxWidth);
      if (!variant)
        throw new StreamlensError("invalid-playlist", `${ref.label}: the HLS playlist lists no variants`);
      url = new URL(variant.uri, url).toString();
      const media = await get(ref, url, headers, ctx);
      playlist = parseHls(await media.text());
    }
    live = resolved?.live ?? !(playlist as hlsTypes.MediaPlaylist).endlist;
  } else if (isStillImage(first) || /^image\/(jpeg|png)/i.test(contentType)) {
    const bytes = await readLimited(ref, response, first, reader, MAX_IMAGE_BYTES);
    const frame = await imageFrame(bytes, ref.label, config.maxWidth);
    return stillImageSource(
      frame,
      resolved?.info ?? {},
      config.fileStartTime ? Date.parse(config.fileStartTime) : Date.now(),
    );
  } else {
    await reader.cancel();
  }

  const tools = await ctx.tools();
  // Options for both ffprobe and ffmpeg: http(s) protocols only (HLS segments included), and
  // the headers yt-dlp asked for.
  const headerArgs = [
    ...protocolArgs("http"),
    ...(Object.keys(headers).length
      ? [
          "-headers",
          Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join(""),
        ]
      : []),
  ];
  const inputArgs = [
    ...headerArgs,
    "-rw_timeout",
    String(Math.round(config.stallTimeoutSeconds * 1_000_000)),
    // A live playlist starts at its newest segment: the freshest frames, not a backlog.
    ...(hls && live ? ["-live_start_index", "-1"] : []),
    ...(!hls && !live
      ? ["-reconnect", "1", "-reconnect_on_network_error", "1", "-reconnect_delay_max", "10"]
      : []),
  ];
  // A live stream is probed only over what is already published (a few segments), never
  // waiting for new media: enough to see whether key frames come once per sample interval.
  const probe = tools.ffprobe
    ? await probeMedia({
        ffprobe: tools.ffprobe,
        input: url,
        inputArgs: headerArgs,
        readSeconds: live ? Math.min(12, Math.max(3, 3 / config.fps)) : 12,
        timeoutMs: config.resolveTimeoutMs,
      })
    : undefined;
  const decode = chooseDecode(config.decode, probe, config.fps);
  ctx.logger.debug({ stream: ref.id, hls, live, decode: decode.decode }, "http source resolved");
  return ffmpegSource(ctx, tools.ffmpeg, {
    input: url,
    inputArgs,
    label: ref.label,
    live,
    decode,
    probe,
    info: { ...infoFromProbe(probe), ...resolved?.info },
  });
}
