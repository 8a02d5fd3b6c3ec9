-- model: overall_object_rankings
-- depends: stream_totals, stream_object_rankings
-- Classes ranked over all streams by mean count per frame of everything watched: the total of
-- the class's counts over the total frames of all streams (streams without it count as zero).
INSERT INTO overall_object_rankings (model, class, rank, streams, frames, frames_with, count_sum, mean)
WITH frames AS (
  SELECT model, sum(frames) AS frames FROM stream_totals GROUP BY model
),
classes AS (
  SELECT model, class, count(*) AS streams, sum(frames_with) AS frames_with, sum(count_sum) AS count_sum
  FROM stream_object_rankings
  GROUP BY model, class
)
SELECT c.model, c.class,
       row_number() OVER (PARTITION BY c.model ORDER BY c.count_sum::float8 / f.frames DESC, c.class),
       c.streams, f.frames, c.frames_with, c.count_sum, c.count_sum::float8 / f.frames
FROM classes c
JOIN frames f USING (model);
