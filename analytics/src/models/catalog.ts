import objectHours from "../../models/object_hours.sql" with { type: "text" };
import objectTimeseries from "../../models/object_timeseries.sql" with { type: "text" };
import overallObjectRankings from "../../models/overall_object_rankings.sql" with { type: "text" };
import streamHours from "../../models/stream_hours.sql" with { type: "text" };
import streamObjectRankings from "../../models/stream_object_rankings.sql" with { type: "text" };
import streamTotals from "../../models/stream_totals.sql" with { type: "text" };
import videoRankings from "../../models/video_rankings.sql" with { type: "text" };
import { orderModels, parseSqlModel, type SqlModel } from "./sql-model.ts";

/** The SQL models in analytics/models/, bundled as text (the Worker has no file system). */
const FILES: Record<string, string> = {
  "object_hours.sql": objectHours,
  "object_timeseries.sql": objectTimeseries,
  "overall_object_rankings.sql": overallObjectRankings,
  "stream_object_rankings.sql": streamObjectRankings,
  "stream_hours.sql": streamHours,
  "stream_totals.sql": streamTotals,
  "video_rankings.sql": videoRankings,
};

export const SQL_MODELS: readonly SqlModel[] = orderModels(
  Object.entries(FILES).map(([file, text]) => parseSqlModel(file, text)),
);
