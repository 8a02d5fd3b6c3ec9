import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const tsz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

// ---------------------------------------------------------------------------------------------
// The stream registry and what is known about each stream.

/** Registered streams: what ingest reads, with the state it reports back. */
export const videoStreams = pgTable(
  "video_streams",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    /** The source as ingest needs it (credentials included); `label` is what may be shown. */
    source: text("source").notNull(),
    label: text("label").notNull(),
    title: text("title"),
    active: boolean("active").notNull().default(true),
    fps: real("fps").notNull().default(1),
    /** This stream's detection score threshold; null = the inference pool's. Double: 0.35 stays 0.35. */
    scoreThreshold: doublePrecision("score_threshold"),
    createdAt: tsz("created_at").notNull().defaultNow(),
    updatedAt: tsz("updated_at").notNull().defaultNow(),
    /** idle (never started), starting, running, backoff, ended, failed, stopped. */
    status: text("status").notNull().default("idle"),
    lastFrameAt: tsz("last_frame_at"),
    lastError: text("last_error"),
    lastErrorAt: tsz("last_error_at"),
  },
  (t) => [index("video_streams_active_idx").on(t.active)],
);

/** Facts from resolving a source (yt-dlp metadata, ffprobe), refreshed on every resolve. */
export const streamInfo = pgTable("stream_info", {
  streamId: text("stream_id").primaryKey(),
  title: text("title"),
  channel: text("channel"),
  thumbnailUrl: text("thumbnail_url"),
  live: boolean("live"),
  startedAt: tsz("started_at"),
  durationS: doublePrecision("duration_s"),
  width: integer("width"),
  height: integer("height"),
  fps: doublePrecision("fps"),
  codec: text("codec"),
  format: text("format"),
  resolvedAt: tsz("resolved_at").notNull().defaultNow(),
});

/** The latest annotated frame per stream: the site draws the boxes over the JPEG itself. */
export const streamSnapshots = pgTable("stream_snapshots", {
  streamId: text("stream_id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  frameTs: tsz("frame_ts").notNull(),
  model: text("model").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  jpeg: bytea("jpeg").notNull(),
  /** The frame scaled down for lists (the site's cards); null when it could not be made. */
  thumbnail: bytea("thumbnail"),
  objects: jsonb("objects").notNull(),
  updatedAt: tsz("updated_at").notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Window statistics, written by analytics.

/**
 * Per-class statistics of one stream in one tumbling window of frame time, for one model.
 * Frames without the class count as zero, so mean = count_sum / frames and the variance follows
 * from count_sum_sq; count_min is 0 as soon as one frame of the window lacks the class.
 */
export const objectStats = pgTable(
  "object_stats",
  {
    streamId: text("stream_id").notNull(),
    windowStart: tsz("window_start").notNull(),
    windowSeconds: integer("window_seconds").notNull(),
    model: text("model").notNull(),
    class: text("class").notNull(),
    frames: integer("frames").notNull(),
    framesWith: integer("frames_with").notNull(),
    countSum: integer("count_sum").notNull(),
    countMin: integer("count_min").notNull(),
    countMax: integer("count_max").notNull(),
    countSumSq: bigint("count_sum_sq", { mode: "number" }).notNull(),
    updatedAt: tsz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.windowStart, t.model, t.class] }),
    index("object_stats_window_idx").on(t.windowStart),
    index("object_stats_class_idx").on(t.class, t.windowStart),
  ],
);

/**
 * Frames per (stream, window, model), objects or not: the denominator of every mean, and the
 * record that a window was watched even when nothing was in it.
 */
export const statWindows = pgTable(
  "stat_windows",
  {
    streamId: text("stream_id").notNull(),
    windowStart: tsz("window_start").notNull(),
    windowSeconds: integer("window_seconds").notNull(),
    model: text("model").notNull(),
    frames: integer("frames").notNull(),
    /** Live frames of this window dropped for age before inference: not in `frames`. */
    framesDropped: integer("frames_dropped").notNull().default(0),
    updatedAt: tsz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.windowStart, t.model] }),
    index("stat_windows_window_idx").on(t.windowStart),
  ],
);

/**
 * Every (stream, model, seq) already counted: the idempotency ledger. Delivery is at least
 * once, so a redelivered detection finds its row here and changes nothing.
 */
export const processedFrames = pgTable(
  "processed_frames",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    frameTs: tsz("frame_ts").notNull(),
    objects: integer("objects").notNull(),
    processedAt: tsz("processed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.model, t.seq] }),
    index("processed_frames_ts_idx").on(t.frameTs),
  ],
);

// ---------------------------------------------------------------------------------------------
// Outputs of the SQL models (analytics/rollups/*.sql), rebuilt on a schedule. Means are weighted
// over frames: frames without a class count as zero, and nothing is an average of averages.

/**
 * Hourly rollups of the lookback, built first so the other models add up a few hundred
 * thousand hourly rows instead of tens of millions of window rows. Sums and maxima add up
 * exactly, so nothing built on them is approximate. A window counts in the hour it starts in.
 */
export const streamHours = pgTable(
  "stream_hours",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    hour: tsz("hour").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    firstWindow: tsz("first_window").notNull(),
    lastWindow: tsz("last_window").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.model, t.hour] })],
);

/** Per-class counts of each stream hour in the lookback (classes that were seen). */
export const objectHours = pgTable(
  "object_hours",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    class: text("class").notNull(),
    hour: tsz("hour").notNull(),
    framesWith: bigint("frames_with", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    countMax: integer("count_max").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.model, t.class, t.hour] }),
    // A refresh deletes and rebuilds a few hours of every series: by hour, not a scan of all.
    index("object_hours_hour_idx").on(t.hour),
  ],
);

/** Frames and objects per stream and model over the lookback. */
export const streamTotals = pgTable(
  "stream_totals",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    meanObjects: doublePrecision("mean_objects").notNull(),
    firstWindow: tsz("first_window").notNull(),
    lastWindow: tsz("last_window").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.model] })],
);

/** Classes ranked within each stream by mean count per frame. */
export const streamObjectRankings = pgTable(
  "stream_object_rankings",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    class: text("class").notNull(),
    rank: integer("rank").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    framesWith: bigint("frames_with", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    mean: doublePrecision("mean").notNull(),
    /** Share of frames in which the class was seen. */
    presence: doublePrecision("presence").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.model, t.class] }),
    index("stream_object_rankings_class_idx").on(t.class),
  ],
);

/** Classes ranked over all streams, by mean count per frame of all frames watched. */
export const overallObjectRankings = pgTable(
  "overall_object_rankings",
  {
    model: text("model").notNull(),
    class: text("class").notNull(),
    rank: integer("rank").notNull(),
    streams: integer("streams").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    framesWith: bigint("frames_with", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    mean: doublePrecision("mean").notNull(),
  },
  (t) => [primaryKey({ columns: [t.model, t.class] })],
);

/** Streams ranked by mean objects per frame, with their top classes. */
export const videoRankings = pgTable(
  "video_rankings",
  {
    model: text("model").notNull(),
    streamId: text("stream_id").notNull(),
    rank: integer("rank").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    meanObjects: doublePrecision("mean_objects").notNull(),
    topClasses: text("top_classes").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.model, t.streamId] })],
);

/** Per stream, class and bucket size (5 min, 1 h, 6 h): the time series the charts draw. */
export const objectTimeseries = pgTable(
  "object_timeseries",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    class: text("class").notNull(),
    bucketSeconds: integer("bucket_seconds").notNull(),
    bucketStart: tsz("bucket_start").notNull(),
    frames: bigint("frames", { mode: "number" }).notNull(),
    framesWith: bigint("frames_with", { mode: "number" }).notNull(),
    countSum: bigint("count_sum", { mode: "number" }).notNull(),
    countMax: integer("count_max").notNull(),
    mean: doublePrecision("mean").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.model, t.class, t.bucketSeconds, t.bucketStart] }),
    index("object_timeseries_bucket_idx").on(t.streamId, t.bucketSeconds, t.bucketStart),
  ],
);

/**
 * (stream, model, hour) keys whose windows changed since the hourly rollups last consumed them,
 * written by triggers on stat_windows and object_stats in the writer's own transaction, so a
 * change and its mark commit together. Not unique: each run consumes exactly the rows it read,
 * so a mark committed during a run stays for the next one.
 */
export const rollupDirtyHours = pgTable("rollup_dirty_hours", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  streamId: text("stream_id").notNull(),
  model: text("model").notNull(),
  hour: tsz("hour").notNull(),
});

/**
 * The lookback the hourly rollups were last built for. Without a row (first run, or the
 * statistics were truncated) the next run rebuilds them in full.
 */
export const rollupState = pgTable("rollup_state", {
  name: text("name").primaryKey(),
  lookbackStart: tsz("lookback_start").notNull(),
  lookbackEnd: tsz("lookback_end").notNull(),
  /** The hourly rollups' SQL the rows were built with: a changed model rebuilds in full. */
  definition: text("definition").notNull(),
  builtAt: tsz("built_at").notNull().defaultNow(),
});

/**
 * The first bucket of each time series when object_timeseries was last built: a refresh deletes
 * the buckets a series left behind and builds again those it came back to.
 */
export const rollupSeriesSpans = pgTable(
  "rollup_series_spans",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    bucketSeconds: integer("bucket_seconds").notNull(),
    firstBucket: tsz("first_bucket").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.model, t.bucketSeconds] })],
);

/** Every model run: when, how many rows, and the error when it failed. */
export const modelRuns = pgTable(
  "model_runs",
  {
    id: serial("id").primaryKey(),
    model: text("model").notNull(),
    startedAt: tsz("started_at").notNull(),
    finishedAt: tsz("finished_at").notNull(),
    /** ok, failed, or skipped (a model it depends on failed). */
    status: text("status").notNull(),
    rows: integer("rows"),
    error: text("error"),
  },
  (t) => [index("model_runs_model_idx").on(t.model, t.startedAt)],
);

export type ObjectStatRow = typeof objectStats.$inferSelect;
export type ObjectStatInsert = typeof objectStats.$inferInsert;
export type VideoStream = typeof videoStreams.$inferSelect;
export type StreamInfoRow = typeof streamInfo.$inferSelect;
export type StreamSnapshotRow = typeof streamSnapshots.$inferSelect;
