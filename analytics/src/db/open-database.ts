import type { Logger } from "@streamlens/core";
import type { DatabaseConfig } from "./config.ts";
import type { Database } from "./database.ts";
import { parseDatabaseUrl } from "./database-url.ts";
import { assertMigrated, MIGRATIONS_FOLDER } from "./migrations.ts";

export interface OpenedDatabase {
  db: Database;
  close(): Promise<void>;
  kind: "pglite" | "postgres" | "neon";
  /** Where it is, credentials removed: for logs and errors. */
  where: string;
}

/**
 * The one factory: PGlite when DATABASE_URL is unset (migrated on open: it is this process's
 * own), else PostgreSQL through postgres.js or Neon's serverless driver. Shared databases are
 * migrated only when asked (`bun run db:migrate`); otherwise they must already be current.
 * Drivers are imported on demand, so a process loads only the one it uses.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: { logger: Logger; migrate?: boolean; signal?: AbortSignal },
): Promise<OpenedDatabase> {
  if (!config.url) {
    const { openPglite } = await import("./drivers/pglite.ts");
    const opened = await openPglite(config.dataDir);
    return { ...opened, kind: "pglite", where: `${config.dataDir}/pglite` };
  }
  const { url, where } = parseDatabaseUrl(config.url);
  const neon = config.driver === "neon" || (config.driver === "auto" && url.hostname.endsWith(".neon.tech"));
  if (neon) {
    const { openNeon, migrateNeon } = await import("./drivers/neon.ts");
    const proxy = config.neonWsProxy ? { wsProxy: config.neonWsProxy } : {};
    if (options.migrate) await migrateNeon(config.url, MIGRATIONS_FOLDER, proxy);
    const opened = openNeon(config.url, {
      ...proxy,
      onIdleError: (error) =>
        options.logger.warn({ error: error.message }, "a database connection was closed by the server"),
    });
    if (!options.migrate) await assertMigrated(opened.db, where);
    return { ...opened, kind: "neon", where };
  }
  const { openPostgres } = await import("./drivers/postgres.ts");
  const opened = await openPostgres(config.url, where, {
    logger: options.logger,
    migrate: options.migrate ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    if (!options.migrate) await assertMigrated(opened.db, where);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return { ...opened, kind: "postgres", where };
}
