import { open, stat } from "node:fs/promises";
import { StreamlensError } from "@streamlens/core";
import { probeMedia } from "../ffmpeg/probe.ts";
import { protocolArgs } from "../ffmpeg/protocols.ts";
import { chooseDecode } from "./decode-choice.ts";
import { imageFrame, isStillImage } from "./image.ts";
import { ffmpegSource, infoFromProbe, stillImageSource } from "./opened.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource } from "./types.ts";

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
    const frame = await imageFrame(await Bun.file(ref.location).bytes(), ref.label, config.maxWidth);
    return stillImageSource(
      frame,
      {},
      config.fileStartTime ? Date.parse(config.fileStartTime) : stats.mtimeMs,
    );
  }
  const tools = await ctx.tools();
  // `file:` and the whitelist: the path is only ever a local file to ffmpeg, never a protocol.
  const ffmpegInput = `file:${ref.location}`;
  const probe = tools.ffprobe
    ? await probeMedia({
        ffprobe: tools.ffprobe,
        input: ffmpegInput,
        inputArgs: protocolArgs("file"),
        timeoutMs: config.resolveTimeoutMs,
      })
    : undefined;
  const decode = chooseDecode(config.decode, probe, config.fps);
  ctx.logger.debug({ stream: ref.id, decode: decode.decode, probe }, "file probed");
  return ffmpegSource(ctx, tools.ffmpeg, {
    input: ffmpegInput,
    inputArgs: protocolArgs("file"),
    label: ref.label,
    live: false,
    decode,
    probe,
    info: infoFromProbe(probe),
  });
}
