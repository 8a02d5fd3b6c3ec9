// `bun run models`: rebuilds the SQL models (analytics/models/*.sql) once, in dependency order,
// on DATABASE_URL or the embedded database, and prints each model's outcome. The lookback ends
// at the newest data (never past now), as every scheduled run does; --anchor now ends it now.
import {
  analyticsConfigSchema,
  analyticsEnv,
  databaseConfigSchema,
  databaseEnv,
  openDatabase,
  runModels,
  SQL_MODELS,
} from "@streamlens/analytics";
import { createLogger, definedOnly, describeError, parseCommandLine, parseConfig } from "@streamlens/core";
import { z } from "zod";

try {
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    {
      "data-dir": { type: "string" },
      anchor: { type: "string", default: "latest" },
      json: { type: "boolean" },
    },
    { command: "bun run models" },
  );
  const analytics = parseConfig(
    analyticsConfigSchema,
    definedOnly(analyticsEnv(process.env)),
    "analytics configuration",
  );
  const anchor = parseConfig(z.enum(["now", "latest"]), values.anchor, "--anchor");
  const config = parseConfig(
    databaseConfigSchema,
    { ...definedOnly(databaseEnv(process.env)), ...definedOnly({ dataDir: values["data-dir"] }) },
    "database configuration",
  );
  const logger = createLogger({ level: "warn", name: "models" });
  const database = await openDatabase(config, { logger });
  const results = await runModels(database.db, SQL_MODELS, {
    lookbackDays: analytics.lookbackDays,
    anchor,
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
  console.error(`models: ${describeError(error)}`);
  process.exit(2);
}
