import { accessSync, constants, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { StreamlensError } from "@streamlens/core";

export interface ToolPaths {
  ffmpeg: string;
  /** ffprobe is optional: without it, files get no creation time and decode every frame. */
  ffprobe: string | undefined;
}

function executable(path: string | undefined): path is string {
  if (!path) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH. */
export function onPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? "").split(":")) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

async function ffmpegStaticBinary(): Promise<string | undefined> {
  try {
    // ffmpeg-static exports the path its install script downloads to; the file may be absent
    // (offline installs skip that script), so existence is checked, not assumed.
    const module = (await import("ffmpeg-static")) as { default?: unknown };
    const path = module.default;
    return typeof path === "string" && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export interface LocateOptions {
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  pathVar?: string | undefined;
}

/**
 * ffmpeg comes from FFMPEG_PATH, else ffmpeg-static's binary, else PATH; ffprobe from
 * FFPROBE_PATH, else beside that ffmpeg, else PATH. A missing ffmpeg is an error that lists
 * everything tried and how to get one.
 */
export async function locateTools(options: LocateOptions): Promise<ToolPaths> {
  const tried: string[] = [];
  let ffmpeg: string | undefined;
  if (options.ffmpegPath !== undefined) {
    tried.push(`FFMPEG_PATH=${options.ffmpegPath}`);
    if (!executable(options.ffmpegPath)) {
      throw new StreamlensError(
        "ffmpeg-missing",
        `FFMPEG_PATH is set to ${options.ffmpegPath}, which is not an executable file`,
        { hint: "point FFMPEG_PATH at an ffmpeg binary, or unset it to search elsewhere" },
      );
    }
    ffmpeg = options.ffmpegPath;
  }
  if (!ffmpeg) {
    tried.push("the ffmpeg-static package");
    ffmpeg = await ffmpegStaticBinary();
  }
  if (!ffmpeg) {
    tried.push("ffmpeg on PATH");
    ffmpeg = onPath("ffmpeg", options.pathVar);
  }
  if (!ffmpeg) {
    throw new StreamlensError("ffmpeg-missing", `ffmpeg not found (tried ${tried.join(", ")})`, {
      hint: "install one (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg), or set FFMPEG_PATH; `bun run setup` does it for you",
    });
  }
  const beside = join(dirname(ffmpeg), "ffprobe");
  const ffprobe = executable(options.ffprobePath)
    ? options.ffprobePath
    : executable(beside)
      ? beside
      : onPath("ffprobe", options.pathVar);
  return { ffmpeg, ffprobe };
}

/** yt-dlp from YTDLP_PATH, else PATH; only YouTube (and `ytdlp:`) sources need it. */
export function locateYtDlp(options: { ytdlpPath?: string | undefined; pathVar?: string | undefined }) {
  if (options.ytdlpPath !== undefined) {
    if (executable(options.ytdlpPath)) return options.ytdlpPath;
    throw new StreamlensError(
      "ytdlp-missing",
      `YTDLP_PATH is set to ${options.ytdlpPath}, which is not an executable file`,
      { hint: "point YTDLP_PATH at a yt-dlp binary, or unset it to search PATH" },
    );
  }
  const found = onPath("yt-dlp", options.pathVar);
  if (found) return found;
  throw new StreamlensError(
    "ytdlp-missing",
    "yt-dlp not found (tried YTDLP_PATH, yt-dlp on PATH); it resolves YouTube URLs to streams",
    { hint: "install it (pip install yt-dlp, or `bun run setup`), or set YTDLP_PATH" },
  );
}
