import { describeError, type LogSink } from "@streamlens/core/contracts";
import type { Database } from "../db/database.ts";
import { ROLLUPS } from "./catalog.ts";
import { type RollupRunOptions, runRollups } from "./run-rollups.ts";

/**
 * Rebuilds the rollups every `intervalMs` (the timer of the local pipeline and the analytics
 * service; the Worker's cron trigger does the same in production). Runs never overlap.
 */
export function scheduleRollups(
  db: Database,
  intervalMs: number,
  options: Omit<RollupRunOptions, "logger">,
  logger: LogSink,
): { stop(): Promise<void>; runNow(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= runRollups(db, ROLLUPS, { ...options, logger })
      .then(() => undefined)
      .catch((error) => logger.error({ error: describeError(error) }, "SQL rollup run failed"))
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
