import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppOptions } from "../app.ts";
import type { AppEnv } from "../env.ts";
import { HealthSchema } from "../schemas.ts";

export function systemRoutes(app: OpenAPIHono<AppEnv>, options: AppOptions) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["system"],
      summary: "Liveness, and whether the database answers",
      responses: {
        200: { content: { "application/json": { schema: HealthSchema } }, description: "Up" },
        503: {
          content: { "application/json": { schema: HealthSchema } },
          description: "Up, but the database does not answer",
        },
      },
    }),
    async (c) => {
      const { db, release } = options.database(c);
      let database: "ok" | "unreachable" = "ok";
      try {
        await db.execute(sql`select 1`);
      } catch {
        database = "unreachable";
      } finally {
        await release();
      }
      const body = {
        status: database === "ok" ? ("ok" as const) : ("degraded" as const),
        database,
        time: new Date().toISOString(),
      };
      c.header("cache-control", "no-store");
      return database === "ok" ? c.json(body, 200) : c.json(body, 503);
    },
  );
}
