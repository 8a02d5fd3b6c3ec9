import { type Logger, StreamlensError, withRetry } from "@streamlens/core";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "../database.ts";
import { MIGRATIONS_FOLDER } from "../migrations.ts";
import * as schema from "../schema.ts";
import type { OpenDatabase } from "./pglite.ts";

/** Error codes after which trying again cannot help: wrong password, no such database or role. */
const PERMANENT = new Set(["28P01", "28000", "3D000", "42501"]);

/**
 * PostgreSQL over TCP (postgres.js) for the services. The first connection is retried with
 * backoff while the server is down, each attempt logged; a refused login or a missing database
 * ends it at once.
 */
export async function openPostgres(
  url: string,
  where: string,
  options: { logger: Logger; migrate: boolean; signal?: AbortSignal; maxConnections?: number },
): Promise<OpenDatabase> {
  const client = postgres(url, {
    max: options.maxConnections ?? 5,
    onnotice: () => {},
    connect_timeout: 10,
  });
  try {
    await withRetry(
      async () => {
        try {
          await client`select 1`;
        } catch (cause) {
          const code = (cause as { code?: string }).code ?? "";
          throw new StreamlensError(
            "database-unavailable",
            `cannot connect to PostgreSQL at ${where}: ${(cause as Error).message}`,
            {
              cause,
              retryable: !PERMANENT.has(code),
              hint: "check DATABASE_URL and that the server runs",
            },
          );
        }
      },
      {
        what: `connecting to PostgreSQL at ${where}`,
        logger: options.logger,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  } catch (error) {
    await client.end({ timeout: 1 });
    throw error;
  }
  const db = drizzle(client, { schema });
  if (options.migrate) await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Database, close: () => client.end({ timeout: 5 }) };
}
