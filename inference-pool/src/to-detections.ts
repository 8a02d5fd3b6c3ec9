import type { Detections, Frame } from "@streamlens/core";
import type { DetectedFrame, Detector } from "./detector.ts";

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const unit = (value: number) => Math.min(1, Math.max(0, round(value, 4)));

/** The detections message analytics reads: boxes normalised to 0..1, an empty list a real result. */
export function toDetections(
  frame: Pick<Frame, "stream_id" | "seq" | "frame_ts">,
  result: DetectedFrame,
  detector: Pick<Detector, "ref" | "provider" | "className">,
): Detections {
  // The frame's size as the detector read it, which the boxes are in.
  const size = result.mapping;
  return {
    stream_id: frame.stream_id,
    seq: frame.seq,
    frame_ts: frame.frame_ts,
    model: detector.ref,
    width: size.width,
    height: size.height,
    inference_ms: round(result.inferenceMs, 2),
    provider: detector.provider,
    objects: result.objects.map((o) => ({
      class: detector.className(o.classId),
      score: unit(o.score),
      box: [
        unit(o.box[0] / size.width),
        unit(o.box[1] / size.height),
        unit(o.box[2] / size.width),
        unit(o.box[3] / size.height),
      ],
    })),
  };
}
