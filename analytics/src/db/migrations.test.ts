import { expect, test } from "bun:test";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { sql } from "drizzle-orm";
import { journalMigrations, migrationState } from "../testing/migration-state.ts";
import { openPglite } from "./drivers/pglite.ts";
import { MIGRATIONS_FOLDER } from "./migrations.ts";

const ANALYTICS = join(import.meta.dir, "..", "..");

test("the committed migrations match the drizzle schema (nothing left to generate)", () => {
  const out = mkdtempSync(join(tmpdir(), "sl-drift-"));
  cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
  const before = readdirSync(out).length;
  const run = Bun.spawnSync(
    // drizzle-kit takes --out relative to the working folder.
    [
      "bunx",
      "drizzle-kit",
      "generate",
      "--dialect",
      "postgresql",
      "--schema",
      "./src/db/schema.ts",
      "--out",
      relative(ANALYTICS, out),
    ],
    { cwd: ANALYTICS, stdout: "pipe", stderr: "pipe" },
  );
  expect(run.exitCode).toBe(0);
  expect(`${run.stdout}${run.stderr}`).toContain("No schema changes");
  expect(readdirSync(out).length).toBe(before);
}, 60_000);

test("migrations apply to an empty database and re-apply as a no-op", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sl-migrate-"));
  const first = await openPglite(dir);
  const migrated = await migrationState(first.db);
  expect(migrated.applied).toEqual(journalMigrations());
  expect(migrated.columns.length).toBeGreaterThan(0);
  await first.db.execute(
    sql`insert into stat_windows (stream_id, window_start, window_seconds, model, frames) values ('s', now(), 60, 'm@1', 3)`,
  );
  await first.close();
  const again = await openPglite(dir);
  expect(await migrationState(again.db)).toEqual(migrated);
  const rows = await again.db.execute(sql`select frames from stat_windows`);
  expect((rows as unknown as { rows: Array<{ frames: number }> }).rows).toEqual([{ frames: 3 }]);
  await again.close();
}, 60_000);

test("a second opener of the same embedded database is refused, naming the owner", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sl-lock-"));
  const first = await openPglite(dir);
  await expect(openPglite(dir)).rejects.toThrow(
    `the embedded database in ${dir} is in use by process ${process.pid}`,
  );
  await first.close();
  // Released on close; a lock left by a process that is gone is taken over.
  const again = await openPglite(dir);
  await again.close();
  await Bun.write(join(dir, "pglite.lock"), "999999999");
  const afterCrash = await openPglite(dir);
  await afterCrash.close();
}, 60_000);
