// Names for the API's shapes, all taken from the generated schema (never written by hand).
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
export type Stream = Schemas["Stream"];
export type StreamDetail = Schemas["StreamDetail"];
export type ObjectRanking = Schemas["ObjectRanking"];
export type OverallRanking = Schemas["OverallObjectRanking"]["objects"][number];
export type VideoRanking = Schemas["VideoRanking"]["streams"][number];
export type Timeseries = Schemas["Timeseries"];
export type Series = Timeseries["series"][number];
export type Snapshot = Schemas["Snapshot"];
export type Detection = Snapshot["objects"][number];
export type PipelineStatus = Schemas["PipelineStatus"];
export type StreamState = PipelineStatus["stream_states"][number];
export type SqlModelRun = Schemas["SqlModelRun"];
export type Health = Schemas["Health"];
export type ApiErrorBody = Schemas["Error"];
type TimeseriesQuery = NonNullable<paths["/v1/streams/{id}/timeseries"]["get"]["parameters"]["query"]>;
export type Bucket = NonNullable<TimeseriesQuery["bucket"]>;
export type Span = NonNullable<TimeseriesQuery["span"]>;
