import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/** PostgreSQL's control file is exactly one 8 kB page; anything else is a damaged cluster. */
const PG_CONTROL_SIZE = 8192;

const errnoCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Why an embedded database folder did not open, in words a user can act on. PGlite itself only
 * says "Aborted()" or "failed to initialize" whatever went wrong (WASM, no logs), so the folder
 * is examined here: permissions and space first, then the files PostgreSQL checks at start.
 */
export async function diagnosePgliteFolder(
  dataDir: string,
  cause: unknown,
): Promise<{ reason: string; hint: string }> {
  const folder = join(dataDir, "pglite");
  const fresh = { hint: "move the folder away to start a new database, or restore a backup" };
  const code = errnoCode(cause);
  if (code === "ENOTDIR" || code === "EEXIST")
    return {
      reason: `${dataDir} (or a folder above it) is a file, not a folder`,
      hint: "point STREAMLENS_DATA_DIR at a folder",
    };
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return {
      reason: `${dataDir} is not writable (${code})`,
      hint: "check the folder's owner and permissions",
    };
  if (code === "ENOSPC")
    return { reason: `no space left on the disk of ${dataDir}`, hint: "free some space" };
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    accessSync(dataDir, constants.W_OK);
    writeFileSync(probe, Buffer.alloc(64 * 1024));
  } catch (error) {
    return errnoCode(error) === "ENOSPC"
      ? { reason: `no space left on the disk of ${dataDir}`, hint: "free some space" }
      : {
          reason: `${dataDir} is not writable (${errnoCode(error) ?? String(error)})`,
          hint: "check the folder's owner and permissions",
        };
  } finally {
    rmSync(probe, { force: true });
  }
  if (!existsSync(folder) || readdirSync(folder).length === 0)
    return {
      reason: `PGlite could not start in an empty folder (${String(cause)})`,
      hint: "report this with the output of `bun --version`",
    };
  const versionFile = join(folder, "PG_VERSION");
  if (!existsSync(versionFile))
    return { reason: `${folder} is not a PGlite database (it has no PG_VERSION)`, ...fresh };
  const found = readFileSync(versionFile, "utf8").trim();
  const expected = await pgliteMajorVersion();
  if (expected !== undefined && found !== expected)
    return {
      reason: `${folder} was written by PostgreSQL ${found}; this PGlite runs PostgreSQL ${expected}`,
      hint: "open it with the streamlens version that wrote it and dump it (pg_dump), or move it away to start fresh",
    };
  const control = join(folder, "global", "pg_control");
  if (!existsSync(control) || statSync(control).size !== PG_CONTROL_SIZE)
    return {
      reason: `${folder} is damaged: global/pg_control is missing or not ${PG_CONTROL_SIZE} bytes`,
      ...fresh,
    };
  return {
    reason: `${folder} is damaged or was changed by another program (PGlite: ${String(cause)})`,
    ...fresh,
  };
}

/** The PostgreSQL major version this PGlite build writes, from a throwaway in-memory instance. */
async function pgliteMajorVersion(): Promise<string | undefined> {
  try {
    const probe = new PGlite();
    const { rows } = await probe.query<{ v: string }>("select current_setting('server_version_num') as v");
    await probe.close();
    const num = Number(rows[0]?.v);
    return Number.isFinite(num) ? String(Math.floor(num / 10_000)) : undefined;
  } catch {
    return undefined;
  }
}
