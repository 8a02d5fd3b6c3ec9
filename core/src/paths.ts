import { homedir } from "node:os";
import { join } from "node:path";

/** The per-user cache folder (XDG), used for downloaded models when nothing else is set. */
export function userCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg ? xdg : join(homedir(), ".cache"), "streamlens");
}
