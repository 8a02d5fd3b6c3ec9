-- model: object_timeseries
-- depends:
-- Per stream, model and class, the mean count per frame in buckets of each configured size
-- (streamlens.buckets, seconds: 5 min, 1 h, 6 h by default; each a multiple of the smallest).
-- A bucket's frames are all frames watched in it, so time without the class weighs as zero.
-- Each series keeps the 600 buckets up to its stream's newest data, within the lookback (50
-- hours of 5-minute points, 25 days of hourly ones), so the table stays small enough to rebuild
-- every few minutes.
-- The windows are rolled up once into the smallest buckets; larger ones add those up (sums and
-- maxima add up exactly).
INSERT INTO object_timeseries (stream_id, model, class, bucket_seconds, bucket_start, frames, frames_with, count_sum, count_max, mean)
WITH sizes AS (
  SELECT unnest(string_to_array(current_setting('streamlens.buckets'), ','))::int AS bucket_seconds
),
params AS (
  SELECT min(bucket_seconds) AS fine,
         current_setting('streamlens.lookback_start')::timestamptz AS lookback_start,
         current_setting('streamlens.lookback_end')::timestamptz AS lookback_end
  FROM sizes
),
fine_watched AS (
  SELECT w.stream_id, w.model,
         to_timestamp(floor(extract(epoch FROM w.window_start) / p.fine) * p.fine) AS bucket_start,
         sum(w.frames) AS frames
  FROM stat_windows w, params p
  WHERE w.window_start >= p.lookback_start AND w.window_start < p.lookback_end
  GROUP BY 1, 2, 3
),
newest AS (
  SELECT stream_id, model, max(bucket_start) AS last_bucket FROM fine_watched GROUP BY 1, 2
),
fine_seen AS (
  SELECT s.stream_id, s.model, s.class,
         to_timestamp(floor(extract(epoch FROM s.window_start) / p.fine) * p.fine) AS bucket_start,
         sum(s.frames_with) AS frames_with, sum(s.count_sum) AS count_sum, max(s.count_max) AS count_max
  FROM object_stats s, params p
  WHERE s.window_start >= p.lookback_start AND s.window_start < p.lookback_end AND s.count_sum > 0
  GROUP BY 1, 2, 3, 4
),
watched AS (
  SELECT f.stream_id, f.model, z.bucket_seconds,
         to_timestamp(floor(extract(epoch FROM f.bucket_start) / z.bucket_seconds) * z.bucket_seconds) AS bucket_start,
         sum(f.frames) AS frames
  FROM fine_watched f JOIN newest n USING (stream_id, model) CROSS JOIN sizes z
  WHERE f.bucket_start > n.last_bucket - make_interval(secs => z.bucket_seconds * 600)
  GROUP BY 1, 2, 3, 4
),
seen AS (
  SELECT f.stream_id, f.model, f.class, z.bucket_seconds,
         to_timestamp(floor(extract(epoch FROM f.bucket_start) / z.bucket_seconds) * z.bucket_seconds) AS bucket_start,
         sum(f.frames_with) AS frames_with, sum(f.count_sum) AS count_sum, max(f.count_max) AS count_max
  FROM fine_seen f JOIN newest n USING (stream_id, model) CROSS JOIN sizes z
  WHERE f.bucket_start > n.last_bucket - make_interval(secs => z.bucket_seconds * 600)
  GROUP BY 1, 2, 3, 4, 5
)
SELECT s.stream_id, s.model, s.class, s.bucket_seconds, s.bucket_start,
       w.frames, s.frames_with, s.count_sum, s.count_max, s.count_sum::float8 / w.frames
FROM seen s
JOIN watched w USING (stream_id, model, bucket_seconds, bucket_start);
