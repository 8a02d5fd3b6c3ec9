import { defineSetting, defineSettings, hostSetting, logLevelSetting, portSetting } from "@streamlens/core";
import { z } from "zod";

/** The pipeline's own settings; each part's come with the part. */
export const pipelineSettings = defineSettings("pipeline", {
  durationSeconds: defineSetting({
    flag: "duration",
    arg: "S",
    unit: "s",
    description: "stop live sources after this long (files end on their own)",
    schema: z.coerce.number().positive().optional(),
  }),
  json: defineSetting({
    flag: "json",
    description: "print the summary as one JSON object on stdout",
    schema: z.boolean().default(false),
  }),
  serve: defineSetting({
    flag: "serve",
    description:
      "also serve the dashboard and the API during the run, and after it until Ctrl-C (rollups every 30 s)",
    schema: z.boolean().default(false),
  }),
  port: portSetting("PORT", 8787, "port of --serve"),
  host: hostSetting,
  logLevel: logLevelSetting("warn"),
});

/** How often `--serve` rebuilds the SQL rollups unless STREAMLENS_ROLLUP_INTERVAL_MS says. */
export const SERVE_ROLLUP_INTERVAL_MS = 30_000;
