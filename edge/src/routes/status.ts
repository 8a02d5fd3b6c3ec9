import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { iso } from "../present.ts";
import { currentModel } from "../queries/current-model.ts";
import { failedSqlModelRuns, latestSqlModelRuns, streamStates } from "../queries/status.ts";
import { PipelineStatusSchema } from "../schemas.ts";

/** How many streams the status lists, and how many failed SQL model runs it keeps. */
const MAX_STREAMS = 500;
const MAX_FAILURES = 10;

const presentRun = (run: Awaited<ReturnType<typeof latestSqlModelRuns>>[number]) => ({
  name: run.model,
  status: run.status,
  started_at: iso(run.startedAt) as string,
  finished_at: iso(run.finishedAt) as string,
  ms: new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime(),
  rows: run.rows,
  error: run.error,
});

/** What the pipeline is doing, as far as the database knows: streams and SQL model runs. */
export function statusRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/status",
      tags: ["system"],
      summary: "Pipeline status: each stream's state and last frame, the SQL model runs and their errors",
      responses: {
        200: {
          content: { "application/json": { schema: PipelineStatusSchema } },
          description: "The pipeline as the database sees it",
        },
      },
    }),
    async (c) => {
      const [streams, runs, failures, detector] = await Promise.all([
        streamStates(c.var.db, MAX_STREAMS),
        latestSqlModelRuns(c.var.db),
        failedSqlModelRuns(c.var.db, MAX_FAILURES),
        currentModel(c.var.db, undefined),
      ]);
      const byStatus: Record<string, number> = {};
      for (const s of streams) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
      const frameTimes = streams.flatMap((s) => (s.lastFrameAt ? [new Date(s.lastFrameAt).getTime()] : []));
      return c.json(
        {
          time: new Date().toISOString(),
          detector: detector ?? null,
          streams: {
            total: streams.length,
            active: streams.filter((s) => s.active).length,
            running: byStatus.running ?? 0,
            failed: byStatus.failed ?? 0,
            by_status: byStatus,
            last_frame_at: frameTimes.length ? new Date(Math.max(...frameTimes)).toISOString() : null,
          },
          stream_states: streams.map((s) => ({
            id: s.id,
            title: s.title,
            kind: s.kind,
            active: s.active,
            status: s.status,
            last_frame_at: iso(s.lastFrameAt),
            last_error: s.lastError,
            last_error_at: iso(s.lastErrorAt),
          })),
          sql_models: runs
            .sort((a, b) => new Date(b.startedAt).getTime() - new Date(a.startedAt).getTime())
            .map(presentRun),
          sql_model_failures: failures.map(presentRun),
        },
        200,
      );
    },
  );
}
