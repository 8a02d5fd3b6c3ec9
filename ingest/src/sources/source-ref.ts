import { existsSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { StreamlensError, streamIdSchema, toStreamId } from "@streamlens/core";
import { redactUrl } from "./redact.ts";

/** How a source is read. `file` covers videos and still images (told apart by content). */
export type SourceKind = "file" | "http" | "rtsp" | "youtube" | "ytdlp";

export interface SourceRef {
  id: string;
  kind: SourceKind;
  /** Absolute path, or the URL as given (credentials included: it is what ffmpeg needs). */
  location: string;
  /** The location with credentials removed, for logs, errors and the database. */
  label: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const EXPLICIT_ID = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,99})=(.+)$/;
const YOUTUBE_HOSTS = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "youtu.be",
  "www.youtu.be",
]);
const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

export const SUPPORTED_SOURCES =
  "a video or image file path, http(s):// (video file or HLS playlist), rtsp(s)://, a YouTube watch/live URL, or ytdlp:<url>";

function unsupported(input: string, why: string): never {
  throw new StreamlensError("unsupported-source", `unsupported source ${redactUrl(input)}: ${why}`, {
    hint: `use ${SUPPORTED_SOURCES}`,
  });
}

/** The id part of a YouTube URL: a video id, or a channel handle for `/@handle/live`. */
function youtubeStreamName(url: URL): string {
  const path = url.pathname.split("/").filter(Boolean);
  let candidate: string | undefined;
  if (url.hostname.endsWith("youtu.be")) candidate = path[0];
  else if (path[0] === "watch") candidate = url.searchParams.get("v") ?? undefined;
  else if (["live", "shorts", "embed", "v"].includes(path[0] ?? "")) candidate = path[1];
  else if ((path[0]?.startsWith("@") || path[0] === "channel") && path.at(-1) === "live") {
    return toStreamId(`yt-${path[0] === "channel" ? path[1] : path[0]?.slice(1)}`);
  }
  if (!candidate || !YOUTUBE_VIDEO_ID.test(candidate)) {
    unsupported(
      url.toString(),
      "not a YouTube video URL (expected watch?v=<11-char id>, youtu.be/<id>, /live/<id> or /@channel/live)",
    );
  }
  return `yt-${candidate}`;
}

function parseUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    return unsupported(input, "not a valid URL");
  }
}

function defaultId(kind: SourceKind, location: string): string {
  if (kind === "file") return toStreamId(basename(location, extname(location)));
  const url = new URL(location);
  if (kind === "youtube") return youtubeStreamName(url);
  const last = url.pathname.split("/").filter(Boolean).at(-1);
  const stem = last ? basename(last, extname(last)) : "";
  return toStreamId(stem && stem !== "index" ? `${url.hostname}-${stem}` : url.hostname);
}

/**
 * Parses one command-line or registry source: `[id=]<path|url>`. Validation happens here, so a
 * bad source fails before anything starts, with a message naming it.
 */
export function parseSourceRef(raw: string, cwd = process.cwd()): SourceRef {
  const input = raw.trim();
  if (input === "") unsupported(raw, "empty source");
  const explicit = EXPLICIT_ID.exec(input);
  // `name=...` is an id only when the whole input is not itself an existing file.
  if (explicit && !existsSync(resolve(cwd, input))) {
    const [, id, rest] = explicit as unknown as [string, string, string];
    const ref = parseSourceRef(rest, cwd);
    return { ...ref, id: streamIdSchema.parse(id) };
  }
  if (input.startsWith("ytdlp:")) {
    const url = parseUrl(input.slice("ytdlp:".length));
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      unsupported(input, "ytdlp: takes an http(s) URL");
    }
    const location = url.toString();
    return {
      kind: "ytdlp",
      location,
      label: `ytdlp:${redactUrl(location)}`,
      id: defaultId("http", location),
    };
  }
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const location = resolve(cwd, input);
    return { kind: "file", location, label: input, id: defaultId("file", location) };
  }
  const url = parseUrl(input);
  let kind: SourceKind;
  switch (scheme) {
    case "file":
      return parseSourceRef(decodeURIComponent(url.pathname), cwd);
    case "http":
    case "https":
      kind = YOUTUBE_HOSTS.has(url.hostname.toLowerCase()) ? "youtube" : "http";
      break;
    case "rtsp":
    case "rtsps":
      kind = "rtsp";
      break;
    default:
      return unsupported(input, `the scheme '${scheme}:' is not supported`);
  }
  if (!url.hostname) unsupported(input, "the URL has no host");
  return { kind, location: input, label: redactUrl(input), id: defaultId(kind, input) };
}

/**
 * Parses several sources, making ids unique (`name`, `name-2`, ...). A source that does not
 * parse is reported with its error and does not stop the others.
 */
export function parseSources(
  inputs: string[],
  cwd = process.cwd(),
): { refs: SourceRef[]; rejected: Array<{ input: string; error: unknown }> } {
  const seen = new Map<string, number>();
  const refs: SourceRef[] = [];
  const rejected: Array<{ input: string; error: unknown }> = [];
  for (const input of inputs) {
    try {
      const ref = parseSourceRef(input, cwd);
      const count = (seen.get(ref.id) ?? 0) + 1;
      seen.set(ref.id, count);
      refs.push(count === 1 ? ref : { ...ref, id: `${ref.id.slice(0, 95)}-${count}` });
    } catch (error) {
      rejected.push({ input, error });
    }
  }
  return { refs, rejected };
}
