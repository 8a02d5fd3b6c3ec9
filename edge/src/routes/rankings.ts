import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { currentModel } from "../queries/current-model.ts";
import { overallRankings, videoRankingList } from "../queries/rankings.ts";
import { ErrorSchema, LimitQuery, OverallRankingSchema, VideoRankingSchema } from "../schemas.ts";

const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export function rankingRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/rankings/objects",
      tags: ["rankings"],
      summary: "Object classes over all streams, by mean count per frame watched",
      request: { query: LimitQuery },
      responses: {
        200: json(OverallRankingSchema, "Classes, best first"),
        400: json(ErrorSchema, "A parameter is invalid"),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const model = await currentModel(c.var.db, query.model);
      const rows = model ? await overallRankings(c.var.db, model, query.limit) : [];
      return c.json(
        {
          model: model ?? null,
          objects: rows.map((r) => ({
            class: r.class,
            rank: r.rank,
            mean: r.mean,
            streams: r.streams,
            count_sum: r.countSum,
            frames_with: r.framesWith,
            frames: r.frames,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/rankings/streams",
      tags: ["rankings"],
      summary: "Streams ranked by mean objects per frame, with their top classes",
      request: { query: LimitQuery },
      responses: {
        200: json(VideoRankingSchema, "Streams, best first"),
        400: json(ErrorSchema, "A parameter is invalid"),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const model = await currentModel(c.var.db, query.model);
      const rows = model ? await videoRankingList(c.var.db, model, query.limit) : [];
      return c.json(
        {
          model: model ?? null,
          streams: rows.map((r) => ({
            stream_id: r.streamId,
            rank: r.rank,
            mean_objects: r.meanObjects,
            frames: r.frames,
            count_sum: r.countSum,
            top_objects: r.topObjects ?? [],
          })),
        },
        200,
      );
    },
  );
}
