import type { StreamRow } from "./queries/streams.ts";

/** Database rows to API JSON: snake_case, ISO-8601 times, nulls spelled out. */
export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

export function presentStream(row: StreamRow) {
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    title: row.title,
    channel: row.channel,
    thumbnail_url: row.thumbnailUrl,
    live: row.live,
    active: row.active,
    fps: row.fps,
    status: row.status,
    last_frame_at: iso(row.lastFrameAt),
    last_error: row.lastError,
    last_error_at: iso(row.lastErrorAt),
    created_at: iso(row.createdAt) as string,
    rank: row.rank,
    mean_objects: row.meanObjects,
    frames: row.frames,
    top_objects: row.topObjects ?? [],
    model: row.model,
    snapshot_at: iso(row.snapshotAt),
  };
}

export function presentRanking(row: {
  class: string;
  rank: number;
  mean: number;
  presence: number;
  countSum: number;
  framesWith: number;
  frames: number;
}) {
  return {
    class: row.class,
    rank: row.rank,
    mean: row.mean,
    presence: row.presence,
    count_sum: row.countSum,
    frames_with: row.framesWith,
    frames: row.frames,
  };
}

/** Keyset cursor: the (rank, id) of the last stream of a page, opaque to clients. */
export function encodeCursor(rank: number, id: string): string {
  return btoa(JSON.stringify([rank, id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}

export function decodeCursor(cursor: string): { rank: number; id: string } | undefined {
  try {
    const [rank, id] = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))) as [
      unknown,
      unknown,
    ];
    return typeof rank === "number" && Number.isInteger(rank) && typeof id === "string"
      ? { rank, id }
      : undefined;
  } catch {
    return undefined;
  }
}
