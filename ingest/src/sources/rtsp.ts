import { protocolArgs } from "../ffmpeg/protocols.ts";
import { assertPublicHost } from "./address-guard.ts";
import { chooseDecode } from "./decode-choice.ts";
import { ffmpegSource } from "./opened.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource } from "./types.ts";

/**
 * An RTSP camera or server: always live, over TCP (no UDP loss behind NAT), with socket
 * timeouts so a dead camera fails instead of hanging. Not probed first: probing would open a
 * second session, and cameras often allow only a few.
 */
export async function openRtsp(ref: SourceRef, ctx: OpenContext): Promise<OpenedSource> {
  const { config } = ctx;
  await assertPublicHost(ref.location, ctx.policy, ref.label);
  const tools = await ctx.tools();
  return ffmpegSource(ctx, tools.ffmpeg, {
    input: ref.location,
    inputArgs: [
      ...protocolArgs("rtsp"),
      "-rtsp_transport",
      "tcp",
      "-timeout",
      String(Math.round(config.stallTimeoutSeconds * 1_000_000)),
    ],
    label: ref.label,
    live: true,
    decode: chooseDecode(config.decode, undefined, config.fps),
    info: {},
  });
}
