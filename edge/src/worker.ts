// The Cloudflare Worker: the API on `fetch`, the SQL models on the cron trigger (`scheduled`).
// The database is Neon through its serverless driver, opened per request as Workers require.
import type { ExecutionContext, ExportedHandler, ScheduledController } from "@cloudflare/workers-types";
import { openNeon, ROLLUPS, runRollups } from "@streamlens/analytics/store";
import { consoleLogSink } from "@streamlens/core/contracts";
import { createApp, lookbackDays } from "./app.ts";
import type { Bindings } from "./env.ts";

function neon(env: Bindings) {
  if (!env.DATABASE_URL) throw new Error("the DATABASE_URL secret is not set");
  return openNeon(env.DATABASE_URL, env.NEON_WS_PROXY ? { wsProxy: env.NEON_WS_PROXY } : {});
}

const app = createApp({
  database: (c) => {
    const { db, close } = neon(c.env);
    return { db, release: close };
  },
});

export default {
  fetch: app.fetch as unknown as ExportedHandler<Bindings>["fetch"],
  async scheduled(_controller: ScheduledController, env: Bindings, ctx: ExecutionContext) {
    const { db, close } = neon(env);
    ctx.waitUntil(
      runRollups(db, ROLLUPS, {
        lookbackDays: lookbackDays(env),
        anchor: "latest",
        logger: consoleLogSink({ svc: "edge-cron" }),
      }).finally(close),
    );
  },
} satisfies ExportedHandler<Bindings>;
