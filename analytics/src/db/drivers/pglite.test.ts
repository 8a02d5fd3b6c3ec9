import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPglite } from "./pglite.ts";

// A real embedded database, then damaged in the ways folders get damaged: each error names
// the actual cause, not a guess.
describe("an embedded database that cannot open says why", () => {
  let root: string;
  let good: string;
  let n = 0;
  const copy = () => {
    const dir = join(root, `case-${n++}`);
    cpSync(good, dir, { recursive: true });
    return dir;
  };
  const failure = async (dir: string) => {
    const error = await openPglite(dir).then(
      (opened) => opened.close().then((): Error & { hint?: string } => new Error("it opened")),
      (e: unknown) => e as Error & { hint?: string },
    );
    return { message: error.message, hint: error.hint };
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "sl-pglite-"));
    good = join(root, "good");
    await (await openPglite(good)).close();
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a damaged control file", async () => {
    const dir = copy();
    writeFileSync(join(dir, "pglite", "global", "pg_control"), "garbage");
    const { message, hint } = await failure(dir);
    expect(message).toContain("global/pg_control");
    expect(hint).toContain("move the folder away");
  }, 60_000);

  test("a folder written by another PostgreSQL version", async () => {
    const dir = copy();
    writeFileSync(join(dir, "pglite", "PG_VERSION"), "99\n");
    const { message } = await failure(dir);
    expect(message).toMatch(/written by PostgreSQL 99; this PGlite runs PostgreSQL \d+/);
  }, 60_000);

  test("a file where the folder should be", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    const { message } = await failure(join(file, "data"));
    expect(message).toContain("is a file, not a folder");
  }, 60_000);

  test("an intact folder still opens", async () => {
    const opened = await openPglite(copy());
    await opened.close();
  }, 60_000);
});
