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
    /** Embedded database folder (PGlite lives in <dataDir>/pglite). */
    dataDir: z.string().min(1).default(".data"),
    /** Deliveries after the first before an unreadable detections message is dead-lettered. */
    maxRedeliveries: z.coerce.number().int().min(0).max(100).default(3),
  })
  .strict();

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function analyticsEnv(env: Record<string, string | undefined>) {
  return {
    windowSeconds: envString(env, "STREAMLENS_WINDOW_SECONDS"),
    dataDir: envString(env, "STREAMLENS_DATA_DIR"),
  };
}
