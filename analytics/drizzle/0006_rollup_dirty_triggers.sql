-- Marks the (stream, model, hour) keys that a statement on stat_windows or object_stats changed,
-- so the hourly rollups rebuild only those hours. Statement triggers with transition tables: one
-- insert of distinct keys per statement, whatever the number of rows.
CREATE FUNCTION rollup_mark_new_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_dirty_hours (stream_id, model, hour)
  SELECT DISTINCT stream_id, model, date_bin('1 hour', window_start, timestamptz 'epoch') FROM changed_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION rollup_mark_updated_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_dirty_hours (stream_id, model, hour)
  SELECT stream_id, model, date_bin('1 hour', window_start, timestamptz 'epoch') FROM changed_rows
  UNION
  SELECT stream_id, model, date_bin('1 hour', window_start, timestamptz 'epoch') FROM previous_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- TRUNCATE has no rows to mark: forget the built lookback, so the next run rebuilds in full.
CREATE FUNCTION rollup_forget_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rollup_state;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER stat_windows_mark_inserted AFTER INSERT ON stat_windows REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_new_hours();
--> statement-breakpoint
CREATE TRIGGER stat_windows_mark_updated AFTER UPDATE ON stat_windows REFERENCING NEW TABLE AS changed_rows OLD TABLE AS previous_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_updated_hours();
--> statement-breakpoint
CREATE TRIGGER stat_windows_mark_deleted AFTER DELETE ON stat_windows REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_new_hours();
--> statement-breakpoint
CREATE TRIGGER stat_windows_forget_state AFTER TRUNCATE ON stat_windows FOR EACH STATEMENT EXECUTE FUNCTION rollup_forget_state();
--> statement-breakpoint
CREATE TRIGGER object_stats_mark_inserted AFTER INSERT ON object_stats REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_new_hours();
--> statement-breakpoint
CREATE TRIGGER object_stats_mark_updated AFTER UPDATE ON object_stats REFERENCING NEW TABLE AS changed_rows OLD TABLE AS previous_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_updated_hours();
--> statement-breakpoint
CREATE TRIGGER object_stats_mark_deleted AFTER DELETE ON object_stats REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_new_hours();
--> statement-breakpoint
CREATE TRIGGER object_stats_forget_state AFTER TRUNCATE ON object_stats FOR EACH STATEMENT EXECUTE FUNCTION rollup_forget_state();
