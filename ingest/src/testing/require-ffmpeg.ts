import { onPath } from "../tools/locate.ts";

/** Tests need a real ffmpeg; `bun run test` installs one first, so absence is a setup error. */
export function requireFfmpeg(): string {
  const found = process.env.FFMPEG_PATH ?? onPath("ffmpeg", process.env.PATH);
  if (!found) throw new Error("ffmpeg is required for these tests; run `bun run setup`");
  return found;
}
