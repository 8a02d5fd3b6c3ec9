import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { StreamlensError } from "@streamlens/core";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Database } from "../database.ts";
import { MIGRATIONS_FOLDER } from "../migrations.ts";
import * as schema from "../schema.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { diagnosePgliteFolder } from "./pglite-diagnosis.ts";

export interface OpenDatabase {
  db: Database;
  close(): Promise<void>;
}

/**
 * The embedded default: PGlite (Postgres in WASM) in `<dataDir>/pglite`, or in memory when no
 * folder is given. Migrations run on open, so a fresh folder is ready to use.
 */
export async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  let client: PGlite;
  let unlock = () => {};
  try {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      unlock = lockDataDir(dataDir);
    }
    client = new PGlite(dataDir ? join(dataDir, "pglite") : undefined);
    await client.waitReady;
  } catch (cause) {
    unlock();
    if (cause instanceof StreamlensError) throw cause;
    const { reason, hint } = dataDir
      ? await diagnosePgliteFolder(dataDir, cause)
      : { reason: String(cause), hint: "report this with the output of `bun --version`" };
    throw new StreamlensError(
      "database-open-failed",
      `cannot open the embedded database in ${dataDir ?? "memory"}: ${reason}`,
      { cause, hint },
    );
  }
  const db = drizzle(client, { schema });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (cause) {
    await client.close();
    unlock();
    throw cause;
  }
  return {
    db,
    close: async () => {
      await client.close();
      unlock();
    },
  };
}
