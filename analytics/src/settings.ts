import { defineSetting, defineSettings, type SettingsOf } from "@streamlens/core/contracts";
import { z } from "zod";

const int = () => z.coerce.number().int();

/** What analytics can be told, declared once. */
export const analyticsSettings = defineSettings("analytics", {
  windowSeconds: defineSetting({
    env: "STREAMLENS_WINDOW_SECONDS",
    flag: "window",
    arg: "S",
    unit: "s",
    description: "statistics window, by frame time",
    schema: int().min(1).max(86_400).default(60),
  }),
  rollupIntervalMs: defineSetting({
    env: "STREAMLENS_ROLLUP_INTERVAL_MS",
    deprecatedEnv: [{ name: "STREAMLENS_MODELS_INTERVAL_MS" }],
    flag: "rollup-interval",
    arg: "MS",
    unit: "ms",
    description: "how often the SQL rollups (rankings, time series) are rebuilt; 0: never",
    schema: int().min(0).default(300_000),
  }),
  lookbackDays: defineSetting({
    env: "STREAMLENS_LOOKBACK_DAYS",
    flag: "lookback-days",
    arg: "N",
    unit: "days",
    description: "how far back the rollups look, ending at the newest data",
    schema: int().min(1).max(3650).default(14),
  }),
  // Tuned in code and tests, not by operators: no variable, no flag.
  /**
   * Counted frames are written (and acked) at least this often… It is part of every frame's
   * latency to the database (half of it on average): `bench:latency` puts the whole path at a
   * few seconds, and a flush is one small transaction, so four a second cost little.
   */
  flushIntervalMs: defineSetting({
    description: "flush interval",
    schema: int().min(10).max(60_000).default(250),
  }),
  /** …or as soon as this many are waiting. */
  maxPending: defineSetting({ description: "frames held", schema: int().min(1).max(10_000).default(500) }),
  /** Deliveries after the first before an unreadable message is dead-lettered. */
  maxRedeliveries: defineSetting({ description: "redeliveries", schema: int().min(1).max(100).default(3) }),
});

export const analyticsConfigSchema = analyticsSettings.schema;
export type AnalyticsConfig = SettingsOf<typeof analyticsSettings>;
