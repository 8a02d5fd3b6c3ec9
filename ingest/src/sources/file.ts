import { open, stat } from "node:fs/promises";
import { StreamlensError } from "@streamlens/core";
import { type MediaProbe, probeMedia } from "../ffmpeg/probe.ts";
import { sampleFrames } from "../ffmpeg/sampler.ts";
import { chooseDecode } from "./decode-choice.ts";
import { imageFrame, isStillImage } from "./image.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource, SourceInfo } from "./types.ts";

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(16);
    await handle.read(head, 0, 16, 0);
    return head;
  } finally {
    await handle.close();
  }
}

export function infoFromProbe(probe: MediaProbe | undefined): SourceInfo {
  const info: SourceInfo = {};
  if (!probe) return info;
  if (probe.format) info.format = probe.format;
  if (probe.codec) info.codec = probe.codec;
  if (probe.width) info.width = probe.width;
  if (probe.height) info.height = probe.height;
  if (probe.fps) info.fps = probe.fps;
  if (probe.durationS) info.durationS = probe.durationS;
  if (probe.creationTimeMs !== undefined) info.startedAt = new Date(probe.creationTimeMs).toISOString();
  return info;
}

/** Media time 0 of a file: configured, else its creation time, else the epoch (reproducible). */
export function fileBaseMs(configured: string | undefined, probe: MediaProbe | undefined): number {
  if (configured) return Date.parse(configured);
  return probe?.creationTimeMs ?? 0;
}

/** A local video file (read to its end, once) or a still image (one frame). */
export async function openFile(ref: SourceRef, ctx: OpenContext): Promise<OpenedSource> {
  const stats = await stat(ref.location).catch((cause: NodeJS.ErrnoException) => {
    const missing = cause.code === "ENOENT";
    throw new StreamlensError(
      missing ? "not-found" : "unreadable",
      missing ? `${ref.label}: no such file` : `${ref.label}: cannot read the file (${cause.code})`,
      { cause, hint: missing ? "check the path; relative paths start at the current folder" : undefined },
    );
  });
  if (!stats.isFile()) {
    throw new StreamlensError("not-a-file", `${ref.label}: not a regular file`);
  }
  const { config } = ctx;
  if (isStillImage(await readHead(ref.location))) {
    const bytes = await Bun.file(ref.location).bytes();
    const frame = await imageFrame(bytes, ref.label, config.maxWidth);
    return {
      live: false,
      info: { format: "image", width: frame.width, height: frame.height },
      timing: {
        kind: "media",
        baseMs: config.fileStartTime ? Date.parse(config.fileStartTime) : stats.mtimeMs,
        startPtsMs: 0,
      },
      frames: async function* () {
        yield frame;
      },
    };
  }
  const tools = await ctx.tools();
  const probe = tools.ffprobe
    ? await probeMedia({ ffprobe: tools.ffprobe, input: ref.location, timeoutMs: config.resolveTimeoutMs })
    : undefined;
  const decode = chooseDecode(config.decode, probe, config.fps);
  ctx.logger.debug({ stream: ref.id, decode, probe }, "file probed");
  return {
    live: false,
    info: infoFromProbe(probe),
    timing: {
      kind: "media",
      baseMs: fileBaseMs(config.fileStartTime, probe),
      startPtsMs: (probe?.startTimeS ?? 0) * 1000,
    },
    frames: (signal) =>
      sampleFrames({
        ffmpeg: tools.ffmpeg,
        input: ref.location,
        label: ref.label,
        fps: config.fps,
        maxWidth: config.maxWidth || undefined,
        decode,
        jpegQscale: config.jpegQscale,
        threads: config.ffmpegThreads,
        signal,
        logger: ctx.logger,
      }),
  };
}
