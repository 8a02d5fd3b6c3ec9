import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { onPath } from "../tools/locate.ts";

/** Tests need a real ffmpeg; `bun run test` installs one first, so absence is a setup error. */
export function requireFfmpeg(): string {
  const found = process.env.FFMPEG_PATH ?? onPath("ffmpeg", process.env.PATH);
  if (!found) throw new Error("ffmpeg is required for these tests; run `bun run setup`");
  return found;
}

/** A real ffprobe (FFPROBE_PATH or PATH): measuring key and reference frames needs one. */
export function requireFfprobe(): string {
  const found = process.env.FFPROBE_PATH ?? onPath("ffprobe", process.env.PATH);
  if (!found) throw new Error("ffprobe is required for these tests; run `bun run setup`");
  return found;
}

/** A real yt-dlp: YTDLP_PATH, PATH, or the copy `bun run setup` put in .tools/. */
export function requireYtDlp(): string {
  const local = join(REPO_ROOT, ".tools", "bin", "yt-dlp");
  const found =
    process.env.YTDLP_PATH ?? onPath("yt-dlp", process.env.PATH) ?? (existsSync(local) ? local : undefined);
  if (!found) throw new Error("yt-dlp is required for these tests; run `bun run setup`");
  return found;
}
