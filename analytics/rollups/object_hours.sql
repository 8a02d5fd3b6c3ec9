-- model: object_hours
-- depends:
-- Per stream, model, class and hour of the lookback: frames with the class, the sum of its
-- counts and the most seen in one frame. Only classes that were seen have rows; the frames of
-- the hour (the denominator) are in stream_hours.
INSERT INTO object_hours (stream_id, model, class, hour, frames_with, count_sum, count_max)
SELECT stream_id, model, class, date_bin('1 hour', window_start, timestamptz 'epoch'),
       sum(frames_with), sum(count_sum), max(count_max)
FROM object_stats
WHERE window_start >= current_setting('streamlens.lookback_start')::timestamptz
  AND window_start < current_setting('streamlens.lookback_end')::timestamptz
  AND count_sum > 0
GROUP BY 1, 2, 3, 4;
