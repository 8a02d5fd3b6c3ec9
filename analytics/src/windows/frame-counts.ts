import type { Detections } from "@streamlens/core";

/** One frame's detections reduced to what statistics need: objects per class. */
export interface FrameCounts {
  streamId: string;
  model: string;
  seq: number;
  frameTsMs: number;
  windowStartMs: number;
  counts: Map<string, number>;
  /** A live frame dropped for age before inference: counted in its window's frames_dropped only. */
  dropped?: boolean;
}

/** Tumbling windows aligned to the epoch, by frame (capture) time. */
export function windowStart(frameTsMs: number, windowMs: number): number {
  return Math.floor(frameTsMs / windowMs) * windowMs;
}

export function toFrameCounts(detections: Detections, windowMs: number): FrameCounts {
  const counts = new Map<string, number>();
  for (const object of detections.objects) counts.set(object.class, (counts.get(object.class) ?? 0) + 1);
  const frameTsMs = Date.parse(detections.frame_ts);
  return {
    streamId: detections.stream_id,
    model: detections.model,
    seq: detections.seq,
    frameTsMs,
    windowStartMs: windowStart(frameTsMs, windowMs),
    counts,
    dropped: detections.dropped === true,
  };
}
