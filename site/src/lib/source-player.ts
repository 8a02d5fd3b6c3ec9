// What the browser can play of a stream's source: a YouTube embed, an HLS or video URL in a
// <video>, or nothing (files on the server, RTSP), in which case the page links or explains.

export type Player =
  | { kind: "youtube"; videoId: string; watchUrl: string }
  | { kind: "hls"; url: string }
  | { kind: "video"; url: string }
  | { kind: "link"; url: string }
  | { kind: "none"; reason: string };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

function youtubeVideoId(url: URL): string | undefined {
  const host = url.hostname.replace(/^(www|m)\./, "");
  let id: string | null | undefined;
  if (host === "youtu.be") id = url.pathname.split("/")[1];
  else if (host === "youtube.com" || host === "youtube-nocookie.com") {
    const [, first, second] = url.pathname.split("/");
    id =
      first === "watch"
        ? url.searchParams.get("v")
        : ["live", "embed", "shorts"].includes(first ?? "")
          ? second
          : undefined;
  }
  return id && YOUTUBE_ID.test(id) ? id : undefined;
}

/** How to show a stream's source, from its kind and its (credential-free) source string. */
export function playerFor(kind: string, source: string): Player {
  let url: URL | undefined;
  try {
    url = new URL(source.replace(/^ytdlp:/, ""));
  } catch {
    url = undefined;
  }
  const web = url && (url.protocol === "https:" || url.protocol === "http:") ? url : undefined;
  if (kind === "youtube" && web) {
    const videoId = youtubeVideoId(web);
    if (videoId) return { kind: "youtube", videoId, watchUrl: `https://www.youtube.com/watch?v=${videoId}` };
    return { kind: "link", url: web.href };
  }
  if (kind === "http" && web) {
    if (/\.m3u8$/i.test(web.pathname)) return { kind: "hls", url: web.href };
    if (/\.(mp4|webm|m4v|mov|ogv)$/i.test(web.pathname)) return { kind: "video", url: web.href };
    return { kind: "link", url: web.href };
  }
  if (web) return { kind: "link", url: web.href };
  if (kind === "rtsp") return { kind: "none", reason: "RTSP cameras cannot be played in a browser" };
  return { kind: "none", reason: "this source is read on the server and is not published" };
}
