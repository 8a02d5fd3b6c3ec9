import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { MIGRATIONS_FOLDER } from "../db/migrations.ts";

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** A migration as drizzle records it once applied: the file's sha256 and its journal time. */
export interface AppliedMigration {
  hash: string;
  createdAt: string;
}

/** Every migration of the journal, as a database that applied each exactly once records them. */
export function journalMigrations(): AppliedMigration[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: Array<{ tag: string; when: number }>;
  };
  return journal.entries.map((entry) => ({
    hash: createHash("sha256")
      .update(readFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), "utf8"))
      .digest("hex"),
    createdAt: String(entry.when),
  }));
}

/** What migrating left in a database: the migrations it recorded, and its tables' columns and indexes. */
export async function migrationState(db: Database) {
  const applied = rowsOf<AppliedMigration>(
    await db.execute(
      sql`select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by id`,
    ),
  );
  const columns = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = 'public'
      order by table_name, ordinal_position`),
  );
  const indexes = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`,
    ),
  );
  return { applied, columns, indexes };
}
