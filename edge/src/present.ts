import { streamIdSchema } from "@streamlens/core/contracts";
import { z } from "zod";
import { type StreamRow, UNRANKED } from "./queries/streams.ts";

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

/**
 * What a cursor may hold: a rank the database can compare (1e308 or 2^53+1 were 500s) and a
 * stream id (a NUL in it was a 500). Anything else was not given out by this API.
 */
const cursorSchema = z.tuple([z.number().int().min(1).max(UNRANKED), streamIdSchema]);

export function decodeCursor(cursor: string): { rank: number; id: string } | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))));
    return parsed.success ? { rank: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
