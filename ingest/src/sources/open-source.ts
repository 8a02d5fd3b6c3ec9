import { COMMAND_LINE_SOURCE_POLICY } from "@streamlens/core";
import { openFile } from "./file.ts";
import { openHttp } from "./http.ts";
import { openRtsp } from "./rtsp.ts";
import type { SourceRef } from "./source-ref.ts";
import type { OpenContext, OpenedSource } from "./types.ts";
import { openWithYtDlp } from "./ytdlp.ts";

/** The single factory from a parsed source to an opened one; each kind lives in its own file. */
export function openSource(ref: SourceRef, base: Omit<OpenContext, "policy">): Promise<OpenedSource> {
  const ctx: OpenContext = { ...base, policy: ref.policy ?? COMMAND_LINE_SOURCE_POLICY };
  switch (ref.kind) {
    case "file":
      return openFile(ref, ctx);
    case "http":
      return openHttp(ref, ctx);
    case "rtsp":
      return openRtsp(ref, ctx);
    case "youtube":
    case "ytdlp":
      return openWithYtDlp(ref, ctx);
  }
}
