-- model: object_timeseries
-- depends: stream_hours, object_hours
-- Per stream, model and class, the mean count per frame in buckets of each configured size
-- (streamlens.buckets, seconds: 5 min, 1 h, 6 h by default). A bucket's frames are all frames
-- watched in it, so time without the class weighs as zero. Buckets are aligned to the Unix
-- epoch (6-hour buckets start at 00, 06, 12 and 18 UTC).
-- Each series keeps the 600 buckets up to its stream's newest window, within the lookback (50
-- hours of 5-minute points, 25 days of hourly ones), so the table stays small enough to rebuild
-- every few minutes. Sizes in whole hours add up the hourly rollups; smaller ones read the
-- windows of their span only.
-- Only buckets starting in [streamlens.series_from, streamlens.series_to) are built: the whole
-- lookback on a full rebuild ('-infinity' to 'infinity'), the spans that changed on a refresh.
-- Why the shape: the buckets' frames are spread to their classes with a window sum over one
-- sorted stream of rows rather than joined back, because a join here makes the planner guess
-- (the bucket sizes are a setting it cannot see) and a wrong guess costs minutes.
INSERT INTO object_timeseries (stream_id, model, class, bucket_seconds, bucket_start, frames, frames_with, count_sum, count_max, mean)
WITH sizes AS (
  SELECT DISTINCT unnest(string_to_array(current_setting('streamlens.buckets'), ','))::int AS bucket_seconds
),
spans AS (
  -- The first bucket of each series: 599 buckets before the newest, or the stream's first.
  SELECT h.stream_id, h.model, z.bucket_seconds,
         greatest(
           date_bin(make_interval(secs => z.bucket_seconds), max(h.last_window), timestamptz 'epoch')
             - make_interval(secs => z.bucket_seconds * 599),
           date_bin(make_interval(secs => z.bucket_seconds), min(h.first_window), timestamptz 'epoch')
         ) AS first_bucket
  FROM stream_hours h CROSS JOIN sizes z
  GROUP BY 1, 2, 3
),
fine_from AS (
  SELECT greatest(min(first_bucket), current_setting('streamlens.lookback_start')::timestamptz,
                  current_setting('streamlens.series_from')::timestamptz) AS since
  FROM spans WHERE bucket_seconds % 3600 <> 0
),
watched AS (
  SELECT s.stream_id, s.model, s.bucket_seconds,
         date_bin(make_interval(secs => s.bucket_seconds), h.hour, timestamptz 'epoch') AS bucket_start,
         sum(h.frames) AS frames
  FROM spans s JOIN stream_hours h USING (stream_id, model)
  WHERE s.bucket_seconds % 3600 = 0 AND h.hour >= s.first_bucket
    AND h.hour >= current_setting('streamlens.series_from')::timestamptz
    AND h.hour < current_setting('streamlens.series_to')::timestamptz
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT f.stream_id, f.model, f.bucket_seconds, f.bucket_start, f.frames
  FROM (
    SELECT w.stream_id, w.model, z.bucket_seconds,
           date_bin(make_interval(secs => z.bucket_seconds), w.window_start, timestamptz 'epoch') AS bucket_start,
           sum(w.frames) AS frames
    FROM stat_windows w CROSS JOIN sizes z
    WHERE z.bucket_seconds % 3600 <> 0
      AND w.window_start >= (SELECT since FROM fine_from)
      AND w.window_start < least(current_setting('streamlens.lookback_end')::timestamptz,
                                 current_setting('streamlens.series_to')::timestamptz)
    GROUP BY 1, 2, 3, 4
  ) f
  JOIN spans s USING (stream_id, model, bucket_seconds)
  WHERE f.bucket_start >= s.first_bucket
),
seen AS (
  SELECT s.stream_id, s.model, h.class, s.bucket_seconds,
         date_bin(make_interval(secs => s.bucket_seconds), h.hour, timestamptz 'epoch') AS bucket_start,
         sum(h.frames_with) AS frames_with, sum(h.count_sum) AS count_sum, max(h.count_max) AS count_max
  FROM spans s JOIN object_hours h USING (stream_id, model)
  WHERE s.bucket_seconds % 3600 = 0 AND h.hour >= s.first_bucket
    AND h.hour >= current_setting('streamlens.series_from')::timestamptz
    AND h.hour < current_setting('streamlens.series_to')::timestamptz
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT f.stream_id, f.model, f.class, f.bucket_seconds, f.bucket_start, f.frames_with, f.count_sum, f.count_max
  FROM (
    SELECT o.stream_id, o.model, o.class, z.bucket_seconds,
           date_bin(make_interval(secs => z.bucket_seconds), o.window_start, timestamptz 'epoch') AS bucket_start,
           sum(o.frames_with) AS frames_with, sum(o.count_sum) AS count_sum, max(o.count_max) AS count_max
    FROM object_stats o CROSS JOIN sizes z
    WHERE z.bucket_seconds % 3600 <> 0 AND o.count_sum > 0
      AND o.window_start >= (SELECT since FROM fine_from)
      AND o.window_start < least(current_setting('streamlens.lookback_end')::timestamptz,
                                 current_setting('streamlens.series_to')::timestamptz)
    GROUP BY 1, 2, 3, 4, 5
  ) f
  JOIN spans s USING (stream_id, model, bucket_seconds)
  WHERE f.bucket_start >= s.first_bucket
),
bucket_rows AS (
  -- Bucket frames (class null) and class counts in one stream, so a window sum can pair them.
  SELECT stream_id, model, NULL::text AS class, bucket_seconds, bucket_start, frames,
         NULL::numeric AS frames_with, NULL::numeric AS count_sum, NULL::int AS count_max
  FROM watched
  UNION ALL
  SELECT stream_id, model, class, bucket_seconds, bucket_start, NULL, frames_with, count_sum, count_max
  FROM seen
),
framed AS (
  SELECT *, sum(frames) OVER (PARTITION BY stream_id, model, bucket_seconds, bucket_start) AS bucket_frames
  FROM bucket_rows
)
SELECT stream_id, model, class, bucket_seconds, bucket_start,
       bucket_frames, frames_with, count_sum, count_max, count_sum::float8 / bucket_frames
FROM framed
WHERE class IS NOT NULL;
