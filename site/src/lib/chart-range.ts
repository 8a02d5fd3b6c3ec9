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

const SPAN_SECONDS: Record<Span, number> = {
  "1h": 3600,
  "6h": 21_600,
  "24h": 86_400,
  "3d": 259_200,
  "7d": 604_800,
  "14d": 1_209_600,
};
const BUCKET_SECONDS: Record<Bucket, number> = { "5m": 300, "1h": 3600, "6h": 21_600 };
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
    Math.max(12 * BUCKET_SECONDS[bucket], dataSeconds),
    SPAN_SECONDS[MAX_DEFAULT_SPAN[bucket]],
  );
  return SPANS.find((s) => SPAN_SECONDS[s] >= wanted) ?? MAX_DEFAULT_SPAN[bucket];
}
