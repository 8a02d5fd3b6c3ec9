import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { StreamlensError } from "@streamlens/core";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One process at a time per embedded database: PGlite has no locking of its own, and two
 * writers would corrupt the folder. A lock file holding the owner's PID; a lock whose process
 * is gone is taken over. (A PID check is exact on one machine, where PGlite lives, without the
 * timers that time-based lock libraries need.)
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new StreamlensError(
          "database-busy",
          `the embedded database in ${dir} is in use by process ${owner}`,
          {
            hint: "stop that process, or give this one its own STREAMLENS_DATA_DIR (--data-dir)",
          },
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new StreamlensError("database-busy", `cannot lock the embedded database in ${dir}`);
}
