import { analyticsSettings } from "@streamlens/analytics/store";
import { defineSetting, defineSettings } from "@streamlens/core/contracts";
import { z } from "zod";

/** The API's settings, declared once: Worker bindings (wrangler.toml vars) or, under Bun, its environment. */
export const edgeSettings = defineSettings("edge", {
  lookbackDays: defineSetting({
    ...analyticsSettings.settings.lookbackDays,
    deprecatedEnv: [{ name: "LOOKBACK_DAYS" }],
    flag: undefined,
    description: "how far back the cron-run (Worker) or timed (Bun) SQL rollups look",
  }),
  allowedOrigins: defineSetting({
    env: "ALLOWED_ORIGINS",
    shownDefault: "http://localhost:4321",
    description: "comma-separated origins CORS allows (the site's); `*` for any",
    schema: z.string().optional(),
  }),
});

/** What the API under Bun (`bun run serve`, `edge:local`) reads besides the Worker's settings. */
export const edgeServerSettings = defineSettings("edge server", {
  port: defineSetting({
    env: "PORT",
    description:
      "port of `serve`, `edge:local` and `edge:dev` (the API and the dashboard); 0 picks a free one",
    schema: z.coerce.number().int().min(0).max(65_535).default(8787),
  }),
  rollupIntervalMs: defineSetting({
    ...analyticsSettings.settings.rollupIntervalMs,
    flag: undefined,
  }),
  serveSite: defineSetting({
    env: "STREAMLENS_SERVE_SITE",
    description: "`false` serves the API alone, without the dashboard",
    schema: z.stringbool().default(true),
  }),
});
