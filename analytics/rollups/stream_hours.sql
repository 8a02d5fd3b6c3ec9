-- model: stream_hours
-- depends:
-- Frames watched per stream, model and hour of the lookback, and the first and last window in
-- each hour. A window counts in the hour it starts in. The other models read this rollup (and
-- object_hours) instead of the raw windows: a few thousand rows per stream instead of a row
-- per minute, and sums add up exactly.
INSERT INTO stream_hours (stream_id, model, hour, frames, first_window, last_window)
SELECT stream_id, model, date_bin('1 hour', window_start, timestamptz 'epoch'),
       sum(frames), min(window_start), max(window_start)
FROM stat_windows
WHERE window_start >= current_setting('streamlens.lookback_start')::timestamptz
  AND window_start < current_setting('streamlens.lookback_end')::timestamptz
GROUP BY 1, 2, 3
HAVING sum(frames) > 0;
