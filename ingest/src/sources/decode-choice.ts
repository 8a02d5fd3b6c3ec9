import type { MediaProbe } from "../ffmpeg/probe.ts";
import type { DecodeMode } from "../ffmpeg/sampler.ts";

/** How a source will be decoded, and why it may deliver fewer frames than asked. */
export interface DecodePlan {
  decode: DecodeMode;
  /** Set when the asked rate cannot be delivered (or cannot be known to be): one line for people. */
  notice?: string;
}

// Timestamps come rounded to the container's time base; a gap this much over the sample
// interval still leaves one frame in every interval.
const SLACK_S = 1e-3;

const GAP_OF: Record<Exclude<DecodeMode, "all">, (probe: MediaProbe | undefined) => number | undefined> = {
  keyframes: (probe) => probe?.maxKeyframeGapS,
  noref: (probe) => probe?.maxReferenceGapS,
};

const WHAT_IS_DECODED: Record<Exclude<DecodeMode, "all">, string> = {
  keyframes: "key frames",
  noref: "reference frames (noref skips the others)",
};

/** Whether a skipping mode still leaves one decoded frame in every sample interval. */
function delivers(mode: Exclude<DecodeMode, "all">, probe: MediaProbe | undefined, fps: number): boolean {
  const gap = GAP_OF[mode](probe);
  return gap !== undefined && gap > 0 && gap <= 1 / fps + SLACK_S;
}

function shortfall(mode: Exclude<DecodeMode, "all">, probe: MediaProbe | undefined, fps: number): string {
  const gap = GAP_OF[mode](probe);
  const what = WHAT_IS_DECODED[mode];
  if (gap === undefined || gap <= 0) {
    return `decode=${mode} decodes only ${what}, and how often they come is unknown: fewer than the asked ${fps} fps may arrive (decode=all or auto delivers the rate)`;
  }
  return `decode=${mode} decodes only ${what}, which come up to ${gap.toFixed(2)} s apart: at most about ${(1 / gap).toFixed(2)} fps of the asked ${fps} fps will arrive (decode=all or auto delivers the rate)`;
}

/**
 * Picks how much ffmpeg may skip. `auto` skips only what still leaves a frame in every sample
 * interval, as measured by ffprobe: key frames alone, else reference frames alone, else
 * nothing. Without a measurement it decodes everything, the one mode sure to deliver the rate.
 * An explicit skipping mode is honoured, with a notice when it cannot deliver the rate.
 */
export function chooseDecode(
  requested: "auto" | DecodeMode,
  probe: MediaProbe | undefined,
  fps: number,
): DecodePlan {
  const plan: DecodePlan =
    requested === "auto"
      ? {
          decode: delivers("keyframes", probe, fps)
            ? "keyframes"
            : delivers("noref", probe, fps)
              ? "noref"
              : "all",
        }
      : requested === "all" || delivers(requested, probe, fps)
        ? { decode: requested }
        : { decode: requested, notice: shortfall(requested, probe, fps) };
  // A source cannot give more frames than it has, whatever is decoded.
  if (!plan.notice && probe?.fps !== undefined && fps > probe.fps + SLACK_S) {
    plan.notice = `the source has ${+probe.fps.toFixed(3)} fps: every frame is kept, fewer than the asked ${fps} fps`;
  }
  return plan;
}
