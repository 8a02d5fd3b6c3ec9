import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StreamlensError } from "@streamlens/core";
import { sql } from "drizzle-orm";
import type { Database } from "./database.ts";

/** Migrations drizzle-kit generated from schema.ts (`bun run db:generate`). */
export const MIGRATIONS_FOLDER = join(import.meta.dir, "..", "..", "drizzle");

/** How many migrations the code expects: the entries of drizzle-kit's journal. */
export function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/**
 * Services do not change a shared database's schema on their own (several would race): they
 * check it is current and say what to run when it is not.
 */
export async function assertMigrated(db: Database, where: string): Promise<void> {
  let applied = 0;
  try {
    const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ n: number }> }).rows) as Array<{
      n: number;
    }>;
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  const expected = expectedMigrations();
  if (applied < expected) {
    throw new StreamlensError(
      "database-not-migrated",
      `the database at ${where} has ${applied} of ${expected} migrations applied`,
      { hint: "run `bun run db:migrate` (with the same DATABASE_URL) first" },
    );
  }
}
