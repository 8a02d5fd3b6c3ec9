import objectHours from "../../rollups/object_hours.sql" with { type: "text" };
import objectTimeseries from "../../rollups/object_timeseries.sql" with { type: "text" };
import overallObjectRankings from "../../rollups/overall_object_rankings.sql" with { type: "text" };
import streamHours from "../../rollups/stream_hours.sql" with { type: "text" };
import streamObjectRankings from "../../rollups/stream_object_rankings.sql" with { type: "text" };
import streamTotals from "../../rollups/stream_totals.sql" with { type: "text" };
import videoRankings from "../../rollups/video_rankings.sql" with { type: "text" };
import { orderRollups, parseRollup, type Rollup } from "./rollup.ts";

/** The SQL rollups in analytics/rollups/, bundled as text (the Worker has no file system). */
const FILES: Record<string, string> = {
  "object_hours.sql": objectHours,
  "object_timeseries.sql": objectTimeseries,
  "overall_object_rankings.sql": overallObjectRankings,
  "stream_object_rankings.sql": streamObjectRankings,
  "stream_hours.sql": streamHours,
  "stream_totals.sql": streamTotals,
  "video_rankings.sql": videoRankings,
};

export const ROLLUPS: readonly Rollup[] = orderRollups(
  Object.entries(FILES).map(([file, text]) => parseRollup(file, text)),
);
