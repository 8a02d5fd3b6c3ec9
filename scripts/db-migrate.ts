// `bun run db:migrate`: applies the drizzle migrations (analytics/drizzle) to DATABASE_URL
// (PostgreSQL or Neon; DATABASE_DRIVER=neon for Neon's serverless driver), or to the embedded
// PGlite in STREAMLENS_DATA_DIR. Idempotent: applied migrations are skipped.
import { databaseConfigSchema, databaseEnv, expectedMigrations, openDatabase } from "@streamlens/analytics";
import {
  createLogger,
  definedOnly,
  describeError,
  exitCodeOf,
  parseCommandLine,
  parseConfig,
} from "@streamlens/core";

try {
  const { values } = parseCommandLine(
    Bun.argv.slice(2),
    { "data-dir": { type: "string" } },
    { command: "bun run db:migrate" },
  );
  const config = parseConfig(
    databaseConfigSchema,
    { ...definedOnly(databaseEnv(process.env)), ...definedOnly({ dataDir: values["data-dir"] }) },
    "database configuration",
  );
  const database = await openDatabase(config, {
    logger: createLogger({ level: "info", name: "db:migrate" }),
    migrate: true,
  });
  await database.close();
  console.log(`db:migrate: ${database.where} (${database.kind}) has all ${expectedMigrations()} migrations`);
} catch (error) {
  console.error(`db:migrate: ${describeError(error)}`);
  process.exit(exitCodeOf(error));
}
