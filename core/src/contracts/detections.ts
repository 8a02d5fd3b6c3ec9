import { z } from "zod";
import type { IncomingMessage, OutgoingMessage } from "../bus/types.ts";
import { StreamlensError } from "../errors.ts";
import { formatIssues } from "../zod-issues.ts";
import { streamIdSchema } from "./stream-id.ts";
import { isoTimestampSchema } from "./timestamp.ts";

const unit = z.number().min(0).max(1);

export const detectedObjectSchema = z.object({
  class: z.string().min(1).max(64),
  score: unit,
  /** [x1, y1, x2, y2], normalised to 0..1 of the frame's width and height. */
  box: z.tuple([unit, unit, unit, unit]),
});

/** `model` is `name@version`: counts from different weights never mix. */
export const modelRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*@[A-Za-z0-9][A-Za-z0-9_.-]*$/, "expected name@version");

/** The detections of one frame. An empty `objects` list is a real result and must count. */
export const detectionsSchema = z.object({
  stream_id: streamIdSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  frame_ts: isoTimestampSchema,
  model: modelRefSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  inference_ms: z.number().nonnegative(),
  /** The execution provider the model ran on (after any fallback to CPU). */
  provider: z.enum(["cpu", "webgpu", "cuda", "tensorrt"]).optional(),
  objects: z.array(detectedObjectSchema),
  /**
   * The frame never reached the model: it came from a live source and waited on the bus past
   * the frame age limit. Analytics counts it as dropped in its window (once per stream, model,
   * seq, like any frame), never as a frame watched; `objects` is empty and means nothing.
   */
  dropped: z.boolean().optional(),
});

export type DetectedObject = z.infer<typeof detectedObjectSchema>;
export type Detections = z.infer<typeof detectionsSchema>;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

export function encodeDetections(detections: Detections): OutgoingMessage {
  return { key: detections.stream_id, payload: textEncoder.encode(JSON.stringify(detections)) };
}

/** Validates a detections-topic message; throws `bad-detections` naming what is wrong. */
export function decodeDetections(message: Pick<IncomingMessage, "payload">): Detections {
  let json: unknown;
  try {
    json = JSON.parse(textDecoder.decode(message.payload));
  } catch (cause) {
    throw new StreamlensError("bad-detections", "detections message is not UTF-8 JSON", { cause });
  }
  const parsed = detectionsSchema.safeParse(json);
  if (!parsed.success) {
    throw new StreamlensError(
      "bad-detections",
      `detections message is invalid: ${formatIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}
