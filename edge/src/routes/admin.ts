import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ROLLUPS, registerStream, runRollups, setStreamActive } from "@streamlens/analytics/store";
import type { LogSink, SourcePolicy } from "@streamlens/core/contracts";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { apiError } from "../errors.ts";
import { iso } from "../present.ts";
import { ErrorSchema, ModelRunSchema, RegisterStreamBody, StreamIdParam } from "../schemas.ts";

const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const guarded = {
  400: json(ErrorSchema, "The body or a parameter is invalid"),
  401: json(ErrorSchema, "No bearer token"),
  403: json(ErrorSchema, "A token, but not the admin token"),
  429: json(ErrorSchema, "Too many failed authentications from this client (see Retry-After)"),
};

const RegisteredSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    source: z.string(),
    title: z.string().nullable(),
    active: z.boolean(),
    fps: z.number(),
    score_threshold: z.number().nullable().openapi({
      description:
        "This stream's detection score threshold; null = the inference pool's (the model's default)",
    }),
    status: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("RegisteredStream");

const present = (row: Awaited<ReturnType<typeof registerStream>>) => ({
  id: row.id,
  kind: row.kind,
  source: row.label,
  title: row.title,
  active: row.active,
  fps: row.fps,
  score_threshold: row.scoreThreshold,
  status: row.status,
  created_at: iso(row.createdAt) as string,
  updated_at: iso(row.updatedAt) as string,
});

/** Admin routes, behind the bearer token (`guard`: see auth.ts). */
export function adminRoutes(
  app: OpenAPIHono<AppEnv>,
  options: {
    guard: MiddlewareHandler<AppEnv>;
    lookbackDays: (env: AppEnv["Bindings"]) => number;
    /** Which sources may be registered (the operator's STREAMLENS_ALLOW_* settings). */
    sourcePolicy: (env: AppEnv["Bindings"]) => SourcePolicy;
    logger: LogSink;
  },
) {
  const { guard, lookbackDays, sourcePolicy, logger } = options;
  app.use("/v1/admin/*", guard);
  const security = [{ bearer: [] }];

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/admin/streams",
      tags: ["admin"],
      security,
      summary: "Register a stream (or update the one with that id); ingest starts it within 10 s",
      description:
        "`source` is `[id=]<url>`: http(s) (video or HLS), rtsp(s), YouTube, or ytdlp:<http(s) url>. Local files, " +
        "other schemes and internal addresses (loopback, private, link-local, metadata; any encoding) are refused " +
        "with 400 unless the operator allows internal addresses (STREAMLENS_ALLOW_PRIVATE_SOURCES, STREAMLENS_ALLOW_SOURCE_CIDRS).",
      request: { body: { content: { "application/json": { schema: RegisterStreamBody } }, required: true } },
      responses: { 201: json(RegisteredSchema, "Registered"), ...guarded },
    }),
    async (c) =>
      c.json(present(await registerStream(c.var.db, c.req.valid("json"), sourcePolicy(c.env))), 201),
  );

  for (const [action, active] of [
    ["deactivate", false],
    ["activate", true],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/v1/admin/streams/{id}/${action}`,
        tags: ["admin"],
        security,
        summary: active
          ? "Turn a stream on"
          : "Turn a stream off (ingest stops it within 10 s; its statistics stay)",
        request: { params: StreamIdParam },
        responses: {
          200: json(RegisteredSchema, "The stream"),
          404: json(ErrorSchema, "No such stream"),
          ...guarded,
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const row = await setStreamActive(c.var.db, id, active);
        if (!row) return apiError(c, 404, "not-found", `no stream '${id}'`);
        return c.json(present(row), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/admin/models/run",
      tags: ["admin"],
      security,
      summary: "Rebuild the SQL models now (the cron trigger does it every 5 minutes)",
      responses: { 200: json(ModelRunSchema, "Each model's outcome"), ...guarded },
    }),
    async (c) => {
      const results = await runRollups(c.var.db, ROLLUPS, {
        lookbackDays: lookbackDays(c.env),
        anchor: "latest",
        logger,
      });
      return c.json({ results }, 200);
    },
  );
}
