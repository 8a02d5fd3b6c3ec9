-- model: stream_totals
-- depends:
-- Frames watched and objects seen per stream and model over the lookback. Frames come from
-- stat_windows (every window watched, objects or not), objects from object_stats.
INSERT INTO stream_totals (stream_id, model, frames, count_sum, mean_objects, first_window, last_window)
WITH frames AS (
  SELECT stream_id, model, sum(frames) AS frames, min(window_start) AS first_window, max(window_start) AS last_window
  FROM stat_windows
  WHERE window_start >= current_setting('streamlens.lookback_start')::timestamptz
    AND window_start < current_setting('streamlens.lookback_end')::timestamptz
  GROUP BY stream_id, model
),
objects AS (
  SELECT stream_id, model, sum(count_sum) AS count_sum
  FROM object_stats
  WHERE window_start >= current_setting('streamlens.lookback_start')::timestamptz
    AND window_start < current_setting('streamlens.lookback_end')::timestamptz
  GROUP BY stream_id, model
)
SELECT f.stream_id, f.model, f.frames, coalesce(o.count_sum, 0),
       coalesce(o.count_sum, 0)::float8 / f.frames, f.first_window, f.last_window
FROM frames f
LEFT JOIN objects o USING (stream_id, model)
WHERE f.frames > 0;
