// `bun run db:migrate`: applies the drizzle migrations (analytics/drizzle) to DATABASE_URL
// (PostgreSQL or Neon; DATABASE_DRIVER=neon for Neon's serverless driver), or to the embedded
// PGlite in STREAMLENS_DATA_DIR. Idempotent: applied migrations are skipped.
import { databaseSettings, expectedMigrations, openDatabase } from "@streamlens/analytics";
import {
  createLogger,
  describeError,
  exitCodeOf,
  flagOptions,
  loadSettings,
  parseCommandLine,
} from "@streamlens/core";

try {
  const { values } = parseCommandLine(Bun.argv.slice(2), flagOptions(databaseSettings), {
    command: "bun run db:migrate",
  });
  const config = loadSettings(databaseSettings, { env: process.env, flags: values });
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
