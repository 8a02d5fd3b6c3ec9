-- model: stream_object_rankings
-- depends: stream_totals, object_hours
-- Classes ranked within each stream by their mean count per frame: the sum of the class's
-- counts over all frames the stream was watched (frames without it count as zero), never an
-- average of window averages. Ties go to the class name, so the order is always the same.
INSERT INTO stream_object_rankings (stream_id, model, class, rank, frames, frames_with, count_sum, mean, presence)
WITH counts AS (
  SELECT stream_id, model, class, sum(frames_with) AS frames_with, sum(count_sum) AS count_sum
  FROM object_hours
  GROUP BY stream_id, model, class
)
SELECT c.stream_id, c.model, c.class,
       row_number() OVER (PARTITION BY c.stream_id, c.model ORDER BY c.count_sum::float8 / t.frames DESC, c.class),
       t.frames, c.frames_with, c.count_sum,
       c.count_sum::float8 / t.frames,
       c.frames_with::float8 / t.frames
FROM counts c
JOIN stream_totals t USING (stream_id, model)
WHERE c.count_sum > 0;
