-- model: video_rankings
-- depends: stream_totals, stream_object_rankings
-- Streams ranked by mean objects per frame over the lookback (a stream where nothing was seen
-- ranks with 0), with its three top classes. Ties go to the stream id.
INSERT INTO video_rankings (model, stream_id, rank, frames, count_sum, mean_objects, top_classes)
SELECT t.model, t.stream_id,
       row_number() OVER (PARTITION BY t.model ORDER BY t.mean_objects DESC, t.stream_id),
       t.frames, t.count_sum, t.mean_objects,
       coalesce((
         SELECT array_agg(r.class ORDER BY r.rank)
         FROM stream_object_rankings r
         WHERE r.stream_id = t.stream_id AND r.model = t.model AND r.rank <= 3
       ), '{}'::text[])
FROM stream_totals t;
