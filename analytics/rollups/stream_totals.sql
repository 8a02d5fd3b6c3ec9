-- model: stream_totals
-- depends: stream_hours, object_hours
-- Frames watched and objects seen per stream and model over the lookback. Frames come from
-- every window watched (objects or not), objects from the per-class counts.
INSERT INTO stream_totals (stream_id, model, frames, count_sum, mean_objects, first_window, last_window)
WITH frames AS (
  SELECT stream_id, model, sum(frames) AS frames, min(first_window) AS first_window, max(last_window) AS last_window
  FROM stream_hours
  GROUP BY stream_id, model
),
objects AS (
  SELECT stream_id, model, sum(count_sum) AS count_sum
  FROM object_hours
  GROUP BY stream_id, model
)
SELECT f.stream_id, f.model, f.frames, coalesce(o.count_sum, 0),
       coalesce(o.count_sum, 0)::float8 / f.frames, f.first_window, f.last_window
FROM frames f
LEFT JOIN objects o USING (stream_id, model);
