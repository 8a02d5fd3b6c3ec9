-- The hourly rollups group the windows by stream, model, class and hour. Without statistics on
-- the columns together, the planner multiplies their separate distinct counts and expects over
-- ten times the real number of groups, so it sorts tens of millions of rows instead of hashing a
-- few hundred thousand groups (measured on 43 M windows: 85 s against 33 s).
CREATE STATISTICS IF NOT EXISTS object_stats_hour_groups (ndistinct)
  ON stream_id, model, class, (date_bin('1 hour', window_start, timestamptz 'epoch')) FROM object_stats;
--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS stat_windows_hour_groups (ndistinct)
  ON stream_id, model, (date_bin('1 hour', window_start, timestamptz 'epoch')) FROM stat_windows;
