// `bun run rollups` (alias `bun run models`): rebuilds the SQL rollups (analytics/rollups/*.sql)
// once, in dependency order, on DATABASE_URL or the embedded database, and prints each one's outcome. The lookback ends
// at the newest data (never past now), as every scheduled run does; --anchor now ends it now.
// Only the hours and buckets that changed since the last run are rebuilt; --full rebuilds all.
import {
  analyticsSettings,
  databaseSettings,
  openDatabase,
  ROLLUPS,
  runRollups,
} from "@streamlens/analytics";
import {
  createLogger,
  defineSettings,
  describeError,
  flagOptions,
  loadSettings,
  parseCommandLine,
  parseConfig,
} from "@streamlens/core";
import { z } from "zod";

try {
  // Only the lookback of analytics' settings matters here.
  const lookback = defineSettings("rollups", { lookbackDays: analyticsSettings.settings.lookbackDays });
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    {
      ...flagOptions(lookback, databaseSettings),
      anchor: { type: "string", default: "latest" },
      json: { type: "boolean" },
      full: { type: "boolean" },
    },
    { command: "bun run rollups" },
  );
  const sources = { env: process.env, flags: values };
  const analytics = loadSettings(lookback, sources);
  const anchor = parseConfig(z.enum(["now", "latest"]), values.anchor, "--anchor");
  const config = loadSettings(databaseSettings, sources);
  const logger = createLogger({ level: "warn", name: "rollups" });
  const database = await openDatabase(config, { logger });
  const results = await runRollups(database.db, ROLLUPS, {
    lookbackDays: analytics.lookbackDays,
    anchor,
    full: values.full === true,
    logger,
  });
  await database.close();
  if (values.json) console.log(JSON.stringify(results));
  else
    for (const r of results)
      console.log(
        `${r.status.padEnd(7)} ${r.model.padEnd(24)} ${r.rows ?? "-"} rows  ${r.ms} ms${r.error ? `  ${r.error}` : ""}`,
      );
  process.exit(results.some((r) => r.status !== "ok") ? 1 : 0);
} catch (error) {
  console.error(`rollups: ${describeError(error)}`);
  process.exit(2);
}
