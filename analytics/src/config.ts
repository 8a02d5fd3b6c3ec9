import { envString } from "@streamlens/core";
import { z } from "zod";

export const analyticsConfigSchema = z
  .object({
    /** Tumbling window length, by frame time. */
    windowSeconds: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Counted frames are written (and acked) at least this often. */
    flushIntervalMs: z.coerce.number().int().min(10).max(60_000).default(1000),
    /** ...or as soon as this many are waiting. */
    maxPending: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Deliveries after the first before an unreadable message is dead-lettered. */
    maxRedeliveries: z.coerce.number().int().min(1).max(100).default(3),
    /** How often the SQL models are rebuilt; 0 turns the timer off. */
    modelsIntervalMs: z.coerce.number().int().min(0).default(300_000),
    /** How far back the models look, in days. */
    lookbackDays: z.coerce.number().int().min(1).max(3650).default(14),
  })
  .strict();

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function analyticsEnv(env: Record<string, string | undefined>) {
  return {
    windowSeconds: envString(env, "STREAMLENS_WINDOW_SECONDS"),
    modelsIntervalMs: envString(env, "STREAMLENS_MODELS_INTERVAL_MS"),
    lookbackDays: envString(env, "STREAMLENS_LOOKBACK_DAYS"),
  };
}
