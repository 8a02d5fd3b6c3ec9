import { snapshotJpegUrl } from "../api/client";

/** The picture of a stream in a list: its latest snapshot's thumbnail, else the source's (http(s) only). */
export function streamImage(stream: {
  id: string;
  snapshot_at: string | null;
  thumbnail_url: string | null;
}): string | undefined {
  if (stream.snapshot_at) return snapshotJpegUrl(stream.id, stream.snapshot_at, "thumb");
  if (stream.thumbnail_url && /^https?:\/\//i.test(stream.thumbnail_url)) return stream.thumbnail_url;
  return undefined;
}
