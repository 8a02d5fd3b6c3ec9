// `bun run setup`: installs what streamlens needs on this machine when it is missing, and does
// nothing when it is there (safe to run again). ffmpeg from the system's packages (Debian/Ubuntu
// apt, or Homebrew); yt-dlp, for YouTube sources, into .tools/ from PyPI.
// Uses Node built-ins only: it runs before dependencies are installed.
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { TOOLS_BIN, which } from "./tooling.ts";

const ROOT = join(import.meta.dir, "..");

function run(cmd: string[], options: { quiet?: boolean } = {}): boolean {
  const result = Bun.spawnSync(cmd, {
    stdout: options.quiet ? "ignore" : "inherit",
    stderr: options.quiet ? "ignore" : "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.exitCode === 0;
}

function asRoot(cmd: string[]): string[] {
  if (process.getuid?.() === 0) return cmd;
  return which("sudo") ? ["sudo", "-n", ...cmd] : cmd;
}

function ensureFfmpeg(): boolean {
  if (process.env.FFMPEG_PATH || (which("ffmpeg") && which("ffprobe"))) {
    console.log("setup: ffmpeg found");
    return true;
  }
  if (which("apt-get")) {
    console.log("setup: installing ffmpeg with apt-get");
    const install = asRoot(["apt-get", "install", "-y", "--no-install-recommends", "ffmpeg"]);
    if (run(install) || (run(asRoot(["apt-get", "update"])) && run(install))) return true;
  } else if (which("brew")) {
    console.log("setup: installing ffmpeg with Homebrew");
    if (run(["brew", "install", "ffmpeg"])) return true;
  }
  console.error("setup: could not install ffmpeg; install it with your package manager, or set FFMPEG_PATH");
  return false;
}

function ensureYtDlp(): boolean {
  const local = join(TOOLS_BIN, "yt-dlp");
  if (process.env.YTDLP_PATH || which("yt-dlp") || existsSync(local)) {
    console.log("setup: yt-dlp found");
    return true;
  }
  const python = which("python3");
  if (!python) {
    console.error("setup: python3 is needed to install yt-dlp (YouTube sources); skipping");
    return false;
  }
  const venv = join(ROOT, ".tools", "yt-dlp");
  console.log("setup: installing yt-dlp into .tools/ (pip)");
  const ok =
    (existsSync(join(venv, "bin", "pip")) || run([python, "-m", "venv", venv])) &&
    run([join(venv, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check", "yt-dlp"]);
  if (!ok) {
    console.error(
      "setup: could not install yt-dlp; YouTube sources need it (pip install yt-dlp, or set YTDLP_PATH)",
    );
    return false;
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  symlinkSync(join(venv, "bin", "yt-dlp"), local);
  return true;
}

const ffmpeg = ensureFfmpeg();
const ytdlp = ensureYtDlp();
process.exit(ffmpeg && ytdlp ? 0 : 1);
