import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { SERIES_BUCKETS } from "@streamlens/core/contracts";
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { apiError } from "../errors.ts";
import { decodeCursor, encodeCursor, iso, presentRanking, presentStream } from "../present.ts";
import { currentModel } from "../queries/current-model.ts";
import { objectRankingsOf } from "../queries/rankings.ts";
import { timeRange, timeseries, windowStats } from "../queries/series.ts";
import { latestSnapshot, snapshotJpeg } from "../queries/snapshots.ts";
import { getStreamRow, listStreams, streamExists } from "../queries/streams.ts";
import {
  ErrorSchema,
  LimitQuery,
  SnapshotImageQuery,
  SnapshotSchema,
  SPANS,
  StatsQuery,
  StreamDetailSchema,
  StreamIdParam,
  StreamListQuery,
  StreamListSchema,
  StreamObjectsSchema,
  TimeseriesQuery,
  TimeseriesSchema,
  WindowStatsSchema,
} from "../schemas.ts";

const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errors = { 400: json(ErrorSchema, "A parameter is invalid"), 404: json(ErrorSchema, "No such stream") };

/** How far back a time series reaches by default, per bucket size. */
const DEFAULT_SPAN_MS = { "5m": SPANS["24h"], "1h": SPANS["7d"], "6h": SPANS["14d"] } as const;

export function streamRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams",
      tags: ["streams"],
      summary: "Streams with their ranking, status and top objects",
      request: { query: StreamListQuery },
      responses: { 200: json(StreamListSchema, "A page of streams, best ranked first"), 400: errors[400] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after)
        return apiError(c, 400, "invalid-parameter", "cursor: not a cursor this API gave out", "cursor");
      const model = await currentModel(c.var.db, query.model);
      const rows = await listStreams(c.var.db, {
        active: query.active,
        className: query.class,
        limit: query.limit + 1,
        after,
        model,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return c.json(
        {
          streams: page.map(presentStream),
          next_cursor: rows.length > query.limit && last ? encodeCursor(last.sortRank, last.id) : null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}",
      tags: ["streams"],
      summary: "One stream: source facts, status, last frame, last error, top objects",
      request: { params: StreamIdParam, query: LimitQuery.pick({ model: true }) },
      responses: { 200: json(StreamDetailSchema, "The stream"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const model = await currentModel(c.var.db, c.req.valid("query").model);
      const row = await getStreamRow(c.var.db, id, model);
      if (!row) return streamNotFound(c, id);
      const objects = model ? await objectRankingsOf(c.var.db, id, model, 10) : [];
      return c.json(
        {
          ...presentStream(row),
          started_at: iso(row.startedAt),
          width: row.width,
          height: row.height,
          source_fps: row.sourceFps,
          codec: row.codec,
          resolved_at: iso(row.resolvedAt),
          objects: objects.map(presentRanking),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}/objects",
      tags: ["rankings"],
      summary: "Object ranking of one stream (mean count per frame over the lookback)",
      request: { params: StreamIdParam, query: LimitQuery },
      responses: { 200: json(StreamObjectsSchema, "Classes, best first"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      if (!(await streamExists(c.var.db, id))) return streamNotFound(c, id);
      const model = await currentModel(c.var.db, query.model);
      const objects = model ? await objectRankingsOf(c.var.db, id, model, query.limit) : [];
      return c.json({ stream_id: id, model: model ?? null, objects: objects.map(presentRanking) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}/timeseries",
      tags: ["streams"],
      summary: "Object time series of the stream's top classes (5 min, 1 h or 6 h buckets)",
      request: { params: StreamIdParam, query: TimeseriesQuery },
      responses: { 200: json(TimeseriesSchema, "One series per class"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      if (!(await streamExists(c.var.db, id))) return streamNotFound(c, id);
      const model = await currentModel(c.var.db, query.model);
      const bucketSeconds = SERIES_BUCKETS[query.bucket];
      if (query.from && query.span)
        return apiError(c, 400, "invalid-parameter", "span: give either from or span, not both", "span");
      const spanMs = query.span ? SPANS[query.span] : DEFAULT_SPAN_MS[query.bucket];
      const { from, to } = await timeRange(c.var.db, { ...query, streamId: id, model }, spanMs);
      if (from >= to) return apiError(c, 400, "invalid-parameter", "from: must be before to", "from");
      const { classes, points } = model
        ? await timeseries(c.var.db, { streamId: id, model, bucketSeconds, from, to, top: query.top })
        : { classes: [], points: [] };
      return c.json(
        {
          stream_id: id,
          model: model ?? null,
          bucket_seconds: bucketSeconds,
          from: from.toISOString(),
          to: to.toISOString(),
          series: classes.map((cl) => ({
            class: cl.class,
            rank: cl.rank,
            points: points
              .filter((p) => p.class === cl.class)
              .map((p) => ({
                t: iso(p.bucketStart) as string,
                mean: p.mean,
                frames: p.frames,
                count_sum: p.countSum,
                count_max: p.countMax,
              })),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}/stats",
      tags: ["streams"],
      summary: "Raw window statistics (newest first), with mean and standard deviation",
      request: { params: StreamIdParam, query: StatsQuery },
      responses: { 200: json(WindowStatsSchema, "Per window and class"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      if (!(await streamExists(c.var.db, id))) return streamNotFound(c, id);
      const model = await currentModel(c.var.db, query.model);
      const { from, to } = await timeRange(c.var.db, { ...query, streamId: id, model }, 3_600_000);
      if (from >= to) return apiError(c, 400, "invalid-parameter", "from: must be before to", "from");
      const rows = model
        ? await windowStats(c.var.db, {
            streamId: id,
            model,
            from,
            to,
            className: query.class,
            limit: query.limit,
          })
        : [];
      return c.json(
        {
          stream_id: id,
          model: model ?? null,
          windows: rows.map((r) => ({
            window_start: iso(r.windowStart) as string,
            window_seconds: r.windowSeconds,
            class: r.class,
            frames: r.frames,
            frames_with: r.framesWith,
            count_sum: r.countSum,
            count_min: r.countMin,
            count_max: r.countMax,
            mean: Number(r.mean),
            stddev: Number(r.stddev),
            frames_dropped: Number(r.framesDropped),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}/snapshot",
      tags: ["streams"],
      summary: "The latest annotated frame: its detections, and a link to the JPEG",
      request: { params: StreamIdParam },
      responses: { 200: json(SnapshotSchema, "The snapshot"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await latestSnapshot(c.var.db, id);
      if (!row) return apiError(c, 404, "not-found", `no snapshot of stream '${id}' yet`);
      return c.json(
        {
          stream_id: id,
          seq: row.seq,
          frame_ts: iso(row.frameTs) as string,
          model: row.model,
          width: row.width,
          height: row.height,
          objects: row.objects as Array<{ class: string; score: number; box: number[] }>,
          image_url: `/v1/streams/${encodeURIComponent(id)}/snapshot.jpg`,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/streams/{id}/snapshot.jpg",
      tags: ["streams"],
      summary: "The latest frame as JPEG (full size, or the thumbnail lists use)",
      request: { params: StreamIdParam, query: SnapshotImageQuery },
      responses: {
        200: {
          content: { "image/jpeg": { schema: { type: "string", format: "binary" } } },
          description: "JPEG",
        },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { size } = c.req.valid("query");
      const jpeg = await snapshotJpeg(c.var.db, id, size);
      if (!jpeg) return apiError(c, 404, "not-found", `no snapshot of stream '${id}' yet`);
      return c.body(new Uint8Array(jpeg), 200, { "content-type": "image/jpeg" });
    },
  );
}

/** The answer to a stream id that is not registered. */
function streamNotFound(c: Context<AppEnv>, id: string) {
  return apiError(c, 404, "not-found", `no stream '${id}'`);
}
