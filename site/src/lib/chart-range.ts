import type { Bucket, Span } from "../api/types";

export type { Span };

/** The ranges the chart offers (every `span` the API takes, which the records below enforce). */
export const SPANS: readonly Span[] = ["1h", "6h", "24h", "3d", "7d", "14d"];

export const SPAN_LABEL: Record<Span, string> = {
  "1h": "hour",
  "6h": "6 hours",
  "24h": "24 hours",
  "3d": "3 days",
  "7d": "7 days",
  "14d": "14 days",
};

const UNIT_SECONDS = { m: 60, h: 3600, d: 86_400 } as const;

/**
 * The length of a bucket or span from its name ("5m", "24h", "14d"): the API names each by its
 * length, so the site needs no table of seconds of its own.
 */
export function durationSeconds(name: Bucket | Span): number {
  const match = /^(\d+)([mhd])$/.exec(name);
  if (!match) throw new Error(`'${name}' is not a duration such as 5m, 1h or 7d`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/** The longest range each bucket opens with (the API's own defaults). */
const MAX_DEFAULT_SPAN: Record<Bucket, Span> = { "5m": "24h", "1h": "7d", "6h": "14d" };

/**
 * The range a chart opens with: long enough for a dozen buckets and for the data the stream has
 * (its frames over its sampling rate), at most the bucket's usual span, so a short recording is
 * not a few dots at the edge of a day.
 */
export function defaultSpan(bucket: Bucket, stream: { frames: number | null; fps: number }): Span {
  const dataSeconds = stream.frames && stream.fps > 0 ? stream.frames / stream.fps : Number.POSITIVE_INFINITY;
  const wanted = Math.min(
    Math.max(12 * durationSeconds(bucket), dataSeconds),
    durationSeconds(MAX_DEFAULT_SPAN[bucket]),
  );
  return SPANS.find((s) => durationSeconds(s) >= wanted) ?? MAX_DEFAULT_SPAN[bucket];
}
