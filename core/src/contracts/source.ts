import { StreamlensError } from "../errors.ts";
import { toStreamId } from "./stream-id.ts";

/** How a source is read. `file` covers videos and still images (told apart by content). */
export type SourceKind = "file" | "http" | "rtsp" | "youtube" | "ytdlp";

export interface SourceLocation {
  kind: SourceKind;
  /** A file path as given, or the URL as given (credentials included: it is what ffmpeg needs). */
  location: string;
  /** The location with credentials removed, for logs, errors, the database and the API. */
  label: string;
  /** The stream id used when none is chosen. */
  defaultId: string;
}

export const SUPPORTED_SOURCES =
  "a video or image file path, http(s):// (video file or HLS playlist), rtsp(s)://, a YouTube watch/live URL, or ytdlp:<url>";

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const YOUTUBE_HOSTS = new Set([
  "youtube.com",
  "www.youtube.com",
  "m.youtube.com",
  "youtu.be",
  "www.youtu.be",
]);
const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

// Query parameters that carry secrets in stream URLs (signed CDN links, camera tokens, S3).
const SECRET_PARAM =
  /^(token|access_token|id_token|refresh_token|auth|authorization|key|api_key|apikey|api-key|sig|signature|password|passwd|pwd|secret|client_secret|session|sessionid|x-amz-.*|x-goog-.*)$/i;

/** Replaces secret-looking query values with `***`, leaving the rest of the URL readable. */
function redactQuery(url: URL): boolean {
  let changed = false;
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      url.searchParams.set(name, "***");
      changed = true;
    }
  }
  return changed;
}

/**
 * Strips credentials from a URL before it reaches a log line, an error, the database or the API:
 * the userinfo and secret-looking query parameters (token, key, sig, X-Amz-*, …). Text that is
 * not a URL has any `//user:pass@` and `name=value` secrets masked all the same.
 */
export function redactUrl(input: string): string {
  const prefix = input.startsWith("ytdlp:") ? "ytdlp:" : "";
  try {
    const url = new URL(input.slice(prefix.length));
    const hadUser = Boolean(url.username || url.password);
    url.username = url.username ? "***" : "";
    url.password = url.password ? "***" : "";
    if (!redactQuery(url) && !hadUser) return input;
    return prefix + url.toString();
  } catch {
    return redactText(input);
  }
}

/** Masks URL credentials and secret query values inside free text (an error message, a log line). */
export function redactText(text: string): string {
  return text
    .replace(/\/\/[^/@\s]+@/g, "//***@")
    .replace(
      /([?&;](?:token|access_token|id_token|refresh_token|auth|authorization|key|api_key|apikey|api-key|sig|signature|password|passwd|pwd|secret|client_secret|session|sessionid|x-amz-[a-z-]+|x-goog-[a-z-]+)=)[^&\s"']*/gi,
      "$1***",
    );
}

function unsupported(input: string, why: string): never {
  throw new StreamlensError("unsupported-source", `unsupported source ${redactUrl(input)}: ${why}`, {
    hint: `use ${SUPPORTED_SOURCES}`,
  });
}

/** A path's last segment (no node:path: this runs in Workers too). */
function fileName(path: string): string {
  return path.split(/[/\\]/).filter(Boolean).at(-1) ?? "";
}

/** A path's last segment without its extension (no node:path: this runs in Workers too). */
function stem(path: string): string {
  const last = fileName(path);
  const dot = last.lastIndexOf(".");
  return dot > 0 ? last.slice(0, dot) : last;
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

function urlDefaultId(url: URL): string {
  const name = stem(url.pathname);
  return toStreamId(name && name !== "index" ? `${url.hostname}-${name}` : url.hostname);
}

/**
 * What kind of source a string names, validated: a bad source fails here, with a message naming
 * it, before anything starts. File paths are taken as given (resolving them is the caller's).
 * A bare 11-character YouTube video id is accepted too (the registry takes them).
 */
export function parseSourceLocation(raw: string): SourceLocation {
  const input = raw.trim();
  if (input === "") unsupported(raw, "empty source");
  if (input.length > 2048) unsupported(input.slice(0, 64), "longer than 2048 characters");
  if (input.startsWith("ytdlp:")) {
    const url = parseUrl(input.slice("ytdlp:".length));
    if (url.protocol !== "http:" && url.protocol !== "https:")
      unsupported(input, "ytdlp: takes an http(s) URL");
    const location = url.toString();
    return { kind: "ytdlp", location, label: `ytdlp:${redactUrl(location)}`, defaultId: urlDefaultId(url) };
  }
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (input.startsWith("-"))
      unsupported(input, "a source may not start with '-' (write ./name for such a file)");
    // `pipe:0`, `concat:a|b`, `data:…`, `javascript:…`: protocols, never file names (ffmpeg would
    // read them as protocols). A file with a colon in its name is given as ./name.
    const bare = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(input)?.[1];
    if (bare) unsupported(input, `the scheme '${bare.toLowerCase()}:' is not supported`);
    // The label is the file name only: the public API must not show the server's paths.
    return {
      kind: "file",
      location: input,
      label: fileName(input) || input,
      defaultId: toStreamId(stem(input)),
    };
  }
  const url = parseUrl(input);
  let kind: SourceKind;
  switch (scheme) {
    case "file":
      return parseSourceLocation(decodeURIComponent(url.pathname));
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
  return {
    kind,
    location: input,
    label: redactUrl(input),
    defaultId: kind === "youtube" ? youtubeStreamName(url) : urlDefaultId(url),
  };
}

/** A bare YouTube video id (as the registry accepts) to its watch URL; anything else unchanged. */
export function expandYouTubeId(input: string): string {
  const trimmed = input.trim();
  return YOUTUBE_VIDEO_ID.test(trimmed) && !trimmed.includes(".")
    ? `https://www.youtube.com/watch?v=${trimmed}`
    : input;
}

const EXPLICIT_ID = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,99})=(.+)$/;

/**
 * Splits `[id=]<source>` (the command line's and the admin API's form) into the id and the
 * source; no id when there is no `name=` prefix. A URL never matches (its scheme has a colon).
 */
export function splitSourceId(raw: string): { id?: string; source: string } {
  const input = raw.trim();
  const explicit = EXPLICIT_ID.exec(input);
  if (!explicit) return { source: input };
  const [, id, source] = explicit as unknown as [string, string, string];
  return { id, source };
}
