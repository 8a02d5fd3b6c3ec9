import { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "@streamlens/analytics/store";
import {
  consoleLogSink,
  type Env,
  formatIssues,
  type LogSink,
  loadSettings,
  type SourcePolicy,
  sourcePolicyFromEnv,
} from "@streamlens/core/contracts";
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { adminGuard } from "./auth.ts";
import { AuthFailureLimiter } from "./auth-failures.ts";
import { docsPage, docsPolicy } from "./docs-page.ts";
import type { AppEnv, Bindings } from "./env.ts";
import { apiError, onError } from "./errors.ts";
import { requestLimits } from "./request-limits.ts";
import { adminRoutes } from "./routes/admin.ts";
import { rankingRoutes } from "./routes/rankings.ts";
import { statusRoutes } from "./routes/status.ts";
import { streamRoutes } from "./routes/streams.ts";
import { systemRoutes } from "./routes/system.ts";
import { apiSecurityHeaders } from "./security-headers.ts";
import { edgeSettings } from "./settings.ts";

export interface AppOptions {
  /**
   * A database for one request, and how to release it: the Worker opens a Neon pool per request
   * (Workers may not share sockets between requests); the Bun entry hands out its one pool.
   */
  database: (c: Context<AppEnv>) => { db: Database; release: () => Promise<void> | void };
  /**
   * The client's address, which failed admin authentications are counted under. Default: the
   * `CF-Connecting-IP` header Cloudflare sets; the Bun server passes the socket's address.
   */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Where admin actions and refusals are logged. Default: JSON lines on the console. */
  logger?: LogSink;
}

export function lookbackDays(env: Bindings): number {
  // A bad value is a deployment mistake: it fails loudly (naming the variable) rather than
  // quietly falling back to a default nobody chose.
  return loadSettings(edgeSettings, { env: env as unknown as Env }).lookbackDays;
}

/** Which sources the admin API registers (a bad setting fails loudly, naming the variable). */
export function sourcePolicy(env: Bindings): SourcePolicy {
  return sourcePolicyFromEnv(env as unknown as Record<string, string | undefined>);
}

/** CORS for the configured origins (ALLOWED_ORIGINS, comma-separated; `*` for any). */
const corsFromEnv: MiddlewareHandler<AppEnv> = (c, next) => {
  const allowed = (c.env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return cors({
    origin: (origin) => (allowed.includes("*") ? "*" : allowed.includes(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "If-None-Match"],
    exposeHeaders: ["ETag"],
    maxAge: 600,
  })(c, next);
};

/**
 * Reads may be cached briefly by browsers and the edge (the statistics change every minute,
 * rankings every five); everything else is never cached. ETags let clients revalidate cheaply.
 */
const cacheHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has("cache-control")) return;
  const read = c.req.method === "GET" && c.res.status === 200 && c.req.path.startsWith("/v1/");
  c.header("cache-control", read ? "public, max-age=15, s-maxage=30, stale-while-revalidate=60" : "no-store");
};

/** The Hono app of the public and admin API; the same routes run in workerd and under Bun. */
export function createApp(options: AppOptions) {
  const app = new OpenAPIHono<AppEnv>({
    // A parameter or body that fails its schema is a 400 that names it, never a 500.
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const parameter = issue?.path.join(".") || undefined;
      return apiError(c, 400, "invalid-parameter", formatIssues(result.error, "(body)"), parameter);
    },
  });
  app.onError(onError);
  app.notFound((c) => apiError(c, 404, "not-found", `no route ${c.req.method} ${c.req.path}`));
  app.use("*", apiSecurityHeaders);
  app.use("*", requestLimits);
  app.use("*", corsFromEnv);
  app.use("*", cacheHeaders);
  app.use("/v1/*", etag());
  app.use("/v1/*", async (c, next) => {
    const { db, release } = options.database(c);
    c.set("db", db);
    try {
      await next();
    } finally {
      const released = release();
      if (released instanceof Promise) {
        try {
          c.executionCtx.waitUntil(released);
        } catch {
          await released;
        }
      }
    }
  });

  streamRoutes(app);
  rankingRoutes(app);
  statusRoutes(app);
  const logger = options.logger ?? consoleLogSink({ svc: "edge" });
  const guard = adminGuard({
    limiter: new AuthFailureLimiter(),
    clientAddress: options.clientAddress ?? ((c) => c.req.header("cf-connecting-ip")),
    logger,
  });
  adminRoutes(app, { guard, lookbackDays, sourcePolicy, logger });
  systemRoutes(app, options);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "streamlens API",
      version: "1.0.0",
      description:
        "Statistics of what live video streams show: per-stream and overall object rankings, time series, window statistics and annotated snapshots; admin routes to register streams and rebuild the models.",
    },
  });
  app.get("/docs", docsPolicy, docsPage);
  return app;
}

export type App = ReturnType<typeof createApp>;
