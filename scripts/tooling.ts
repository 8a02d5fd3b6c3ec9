import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Where `bun run setup` puts tools it installs itself (git-ignored); the scripts add it to PATH. */
export const TOOLS_BIN = join(import.meta.dir, "..", ".tools", "bin");

/** PATH with the project's own tools folder first. */
export function pathWithTools(path: string | undefined): string {
  return [TOOLS_BIN, ...(path ?? "").split(delimiter).filter(Boolean)].join(delimiter);
}

export function which(name: string, path = process.env.PATH): string | undefined {
  for (const dir of pathWithTools(path).split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
