import type { MediaProbe } from "../ffmpeg/probe.ts";
import type { DecodeMode } from "../ffmpeg/sampler.ts";

/**
 * Picks how much ffmpeg may skip. Key frames alone suffice when they come at least once per
 * sample interval (measured by ffprobe); otherwise only unreferenced frames are skipped.
 */
export function chooseDecode(
  requested: "auto" | DecodeMode,
  probe: MediaProbe | undefined,
  fps: number,
): DecodeMode {
  if (requested !== "auto") return requested;
  const gap = probe?.maxKeyframeGapS;
  if (gap !== undefined && gap > 0 && gap <= 1 / fps + 1e-3) return "keyframes";
  return "noref";
}
