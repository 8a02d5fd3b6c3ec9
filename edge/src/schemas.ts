import { z } from "@hono/zod-openapi";
import { registerStreamSchema } from "@streamlens/analytics/store";
import { plainText, SERIES_BUCKETS, type SeriesBucket, STREAM_ID_PATTERN } from "@streamlens/core/contracts";

// Every parameter is validated; a bad one is a 400 that names it (see app.ts's defaultHook).
// Free text goes through `plainText` (no NUL or other control characters, well-formed Unicode).

/**
 * The times the API accepts: from the Unix epoch (files without a creation time start there) to
 * the end of year 9999, the last that ISO-8601 and PostgreSQL both write with four digits (year
 * 0000 was a 500).
 */
export const EARLIEST_TIME = "1970-01-01T00:00:00Z";
export const LATEST_TIME = "9999-12-31T23:59:59.999Z";

const isoDate = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine((d) => d >= new Date(EARLIEST_TIME) && d <= new Date(LATEST_TIME), {
    message: `must be between ${EARLIEST_TIME} and ${LATEST_TIME}`,
  });

const className = plainText(z.string().trim().min(1).max(64));

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid-parameter" }),
      message: z.string().openapi({ example: "limit: Too big: expected number to be <=200" }),
      parameter: z.string().optional().openapi({ example: "limit" }),
    }),
  })
  .openapi("Error");

export const StreamIdParam = z.object({
  id: z
    .string()
    .regex(STREAM_ID_PATTERN, "a stream id is 1-100 letters, digits, '_', '.', '-'")
    .openapi({ param: { name: "id", in: "path" }, example: "yt-ydYDqZQpim8" }),
});

const model = plainText(z.string().min(1).max(200)).optional().openapi({
  description: "Detector as name@version; default: the one with the newest data",
  example: "yolox-nano@d39bee73",
});

export const StreamListQuery = z.object({
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "Only active (or inactive) streams" }),
  class: className.optional().openapi({
    description: "Only streams where this class was seen (exact name, e.g. 'traffic light')",
    example: "person",
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional().openapi({ description: "next_cursor of the previous page" }),
  model,
});

export const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), model });

export const SPANS = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 86_400_000,
  "3d": 3 * 86_400_000,
  "7d": 7 * 86_400_000,
  "14d": 14 * 86_400_000,
} as const;

export const TimeseriesQuery = z.object({
  bucket: z.enum(Object.keys(SERIES_BUCKETS) as [SeriesBucket, ...SeriesBucket[]]).default("1h"),
  from: isoDate.optional().openapi({
    type: "string",
    format: "date-time",
    description: "Default: `to` minus `span`, or minus 1 day (5m), 7 days (1h) or 14 days (6h)",
  }),
  span: z
    .enum(Object.keys(SPANS) as [keyof typeof SPANS, ...Array<keyof typeof SPANS>])
    .optional()
    .openapi({ description: "How far back from `to` the series reaches (instead of `from`)" }),
  to: isoDate.optional().openapi({
    type: "string",
    format: "date-time",
    description: "Default: the stream's newest data (now for live streams)",
  }),
  top: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .openapi({ description: "How many of the stream's top classes" }),
  model,
});

export const StatsQuery = z.object({
  from: isoDate
    .optional()
    .openapi({ type: "string", format: "date-time", description: "Default: `to` minus 1 hour" }),
  to: isoDate
    .optional()
    .openapi({ type: "string", format: "date-time", description: "Default: the stream's newest data" }),
  class: className.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  model,
});

const nullableDate = z.string().nullable().openapi({ format: "date-time" });

export const StreamSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: "youtube" }),
    source: z.string().openapi({ description: "Where it is read from, credentials removed" }),
    title: z.string().nullable(),
    channel: z.string().nullable(),
    thumbnail_url: z.string().nullable(),
    live: z.boolean().nullable(),
    active: z.boolean(),
    fps: z.number(),
    status: z.string().openapi({ example: "running" }),
    last_frame_at: nullableDate,
    last_error: z.string().nullable(),
    last_error_at: nullableDate,
    created_at: z.string().openapi({ format: "date-time" }),
    rank: z.number().int().nullable(),
    mean_objects: z.number().nullable().openapi({ description: "Objects per frame over the lookback" }),
    frames: z.number().int().nullable(),
    top_objects: z.array(z.string()),
    model: z.string().nullable(),
    snapshot_at: nullableDate.openapi({
      description: "Time of the latest annotated frame (`/v1/streams/{id}/snapshot`); null before the first",
    }),
  })
  .openapi("Stream");

export const StreamListSchema = z
  .object({ streams: z.array(StreamSchema), next_cursor: z.string().nullable() })
  .openapi("StreamList");

export const ObjectRankingSchema = z
  .object({
    class: z.string(),
    rank: z.number().int(),
    mean: z
      .number()
      .openapi({ description: "Objects of the class per frame (frames without it count as zero)" }),
    presence: z.number().openapi({ description: "Share of frames with the class" }),
    count_sum: z.number().int(),
    frames_with: z.number().int(),
    frames: z.number().int(),
  })
  .openapi("ObjectRanking");

export const StreamDetailSchema = StreamSchema.extend({
  started_at: nullableDate,
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  source_fps: z.number().nullable(),
  codec: z.string().nullable(),
  resolved_at: nullableDate,
  objects: z.array(ObjectRankingSchema),
}).openapi("StreamDetail");

export const StreamObjectsSchema = z
  .object({ stream_id: z.string(), model: z.string().nullable(), objects: z.array(ObjectRankingSchema) })
  .openapi("StreamObjects");

export const OverallRankingSchema = z
  .object({
    model: z.string().nullable(),
    objects: z.array(
      z.object({
        class: z.string(),
        rank: z.number().int(),
        mean: z.number(),
        streams: z.number().int(),
        count_sum: z.number().int(),
        frames_with: z.number().int(),
        frames: z.number().int(),
      }),
    ),
  })
  .openapi("OverallObjectRanking");

export const VideoRankingSchema = z
  .object({
    model: z.string().nullable(),
    streams: z.array(
      z.object({
        stream_id: z.string(),
        rank: z.number().int(),
        mean_objects: z.number(),
        frames: z.number().int(),
        count_sum: z.number().int(),
        top_objects: z.array(z.string()),
      }),
    ),
  })
  .openapi("VideoRanking");

export const TimeseriesSchema = z
  .object({
    stream_id: z.string(),
    model: z.string().nullable(),
    bucket_seconds: z.number().int(),
    from: z.string().openapi({ format: "date-time" }),
    to: z.string().openapi({ format: "date-time" }),
    series: z.array(
      z.object({
        class: z.string(),
        rank: z.number().int(),
        points: z.array(
          z.object({
            t: z.string().openapi({ format: "date-time" }),
            mean: z.number(),
            frames: z.number().int(),
            count_sum: z.number().int(),
            count_max: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .openapi("Timeseries");

export const WindowStatsSchema = z
  .object({
    stream_id: z.string(),
    model: z.string().nullable(),
    windows: z.array(
      z.object({
        window_start: z.string().openapi({ format: "date-time" }),
        window_seconds: z.number().int(),
        class: z.string(),
        frames: z.number().int(),
        frames_with: z.number().int(),
        count_sum: z.number().int(),
        count_min: z.number().int(),
        count_max: z.number().int(),
        mean: z.number(),
        stddev: z.number(),
        frames_dropped: z.number().int().openapi({
          description:
            "Live frames of this window skipped before inference because they waited on the bus longer than the frame age limit; not in `frames`",
        }),
      }),
    ),
  })
  .openapi("WindowStats");

export const SnapshotImageQuery = z.object({
  size: z
    .enum(["full", "thumb"])
    .default("full")
    .openapi({ description: "`thumb`: at most 640 px wide, for lists (the full frame when none was made)" }),
});

export const SnapshotSchema = z
  .object({
    stream_id: z.string(),
    seq: z.number().int(),
    frame_ts: z.string().openapi({ format: "date-time" }),
    model: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    objects: z.array(z.object({ class: z.string(), score: z.number(), box: z.array(z.number()).length(4) })),
    image_url: z.string().openapi({ description: "The JPEG; boxes are normalised to it, for drawing" }),
  })
  .openapi("Snapshot");

export const HealthSchema = z
  .object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]), time: z.string() })
  .openapi("Health");

// The registry's own schema, rebuilt here so it carries OpenAPI metadata (zod 4 adds .openapi()
// only to schemas made after @hono/zod-openapi loaded).
export const RegisterStreamBody = z
  .object(registerStreamSchema.shape)
  .strict()
  .openapi("RegisterStream", {
    example: {
      source: "https://www.youtube.com/watch?v=ydYDqZQpim8",
      title: "Namib desert waterhole",
      fps: 1,
    },
  });

export const ModelRunSchema = z
  .object({
    results: z.array(
      z.object({
        model: z.string(),
        status: z.enum(["ok", "failed", "skipped"]),
        rows: z.number().int().nullable(),
        error: z.string().nullable(),
        ms: z.number(),
      }),
    ),
  })
  .openapi("ModelRun");

const SqlModelRunSchema = z
  .object({
    name: z.string().openapi({ example: "video_rankings" }),
    status: z.string().openapi({ description: "ok, failed, or skipped (a model it depends on failed)" }),
    started_at: z.string().openapi({ format: "date-time" }),
    finished_at: z.string().openapi({ format: "date-time" }),
    ms: z.number(),
    rows: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .openapi("SqlModelRun");

export const PipelineStatusSchema = z
  .object({
    time: z.string().openapi({ format: "date-time" }),
    detector: z.string().nullable().openapi({
      description: "The detector (name@version) with the newest data",
      example: "yolox-nano@d39bee73",
    }),
    streams: z.object({
      total: z.number().int(),
      active: z.number().int(),
      running: z.number().int(),
      failed: z.number().int(),
      by_status: z.record(z.string(), z.number().int()),
      last_frame_at: nullableDate,
    }),
    stream_states: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable(),
        kind: z.string(),
        active: z.boolean(),
        status: z
          .string()
          .openapi({ description: "idle, starting, running, backoff, ended, failed, stopped" }),
        last_frame_at: nullableDate,
        last_error: z.string().nullable(),
        last_error_at: nullableDate,
      }),
    ),
    sql_models: z.array(SqlModelRunSchema).openapi({ description: "The latest run of each SQL model" }),
    sql_model_failures: z
      .array(SqlModelRunSchema)
      .openapi({ description: "Recent failed runs, newest first" }),
  })
  .openapi("PipelineStatus");
