import { describeError, type LogSink } from "@streamlens/core/contracts";
import type { Database } from "../db/database.ts";
import { SQL_MODELS } from "./catalog.ts";
import { type ModelRunOptions, runModels } from "./run-models.ts";

/**
 * Rebuilds the models every `intervalMs` (the timer of the local pipeline and the analytics
 * service; the Worker's cron trigger does the same in production). Runs never overlap.
 */
export function scheduleModels(
  db: Database,
  intervalMs: number,
  options: Omit<ModelRunOptions, "logger">,
  logger: LogSink,
): { stop(): Promise<void>; runNow(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= runModels(db, SQL_MODELS, { ...options, logger })
      .then(() => undefined)
      .catch((error) => logger.error({ error: describeError(error) }, "SQL model run failed"))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = intervalMs > 0 ? setInterval(run, intervalMs) : undefined;
  return {
    runNow: run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
