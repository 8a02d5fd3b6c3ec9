import { z } from "zod";
import type { IncomingMessage, OutgoingMessage } from "../bus/types.ts";
import { StreamlensError } from "../errors.ts";
import { formatIssues } from "../zod-issues.ts";
import { streamIdSchema } from "./stream-id.ts";
import { isoTimestampSchema } from "./timestamp.ts";

const positiveInt = z.coerce.number().int().positive();

/**
 * The properties of a message on the frames topic. `seq` is unique per stream across ingest
 * restarts (it is derived from capture time), so consumers dedupe on (stream_id, seq).
 */
export const frameHeaderSchema = z.object({
  stream_id: streamIdSchema,
  seq: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  frame_ts: isoTimestampSchema,
  width: positiveInt,
  height: positiveInt,
  /**
   * Whether the frame comes from a live source (camera, live HLS, YouTube live). Only live
   * frames may be dropped for age: a recording's frames are all wanted, however late. Absent
   * (frames from before the property existed) reads as recorded, so nothing is lost.
   */
  live: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * The stream's own detection score threshold, set in the registry. Absent = the inference
   * pool's (its setting, or the model's default).
   */
  score_threshold: z.coerce.number().min(0.01).max(1).optional(),
});

export type FrameHeader = z.infer<typeof frameHeaderSchema>;

/** One sampled frame: its header and the JPEG bytes. */
export interface Frame extends FrameHeader {
  jpeg: Uint8Array;
}

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

export function isJpeg(bytes: Uint8Array): boolean {
  return JPEG_MAGIC.every((byte, index) => bytes[index] === byte);
}

export function encodeFrame(frame: Frame): OutgoingMessage {
  return {
    key: frame.stream_id,
    payload: frame.jpeg,
    properties: {
      stream_id: frame.stream_id,
      seq: String(frame.seq),
      frame_ts: frame.frame_ts,
      width: String(frame.width),
      height: String(frame.height),
      live: String(frame.live),
      ...(frame.score_threshold === undefined ? {} : { score_threshold: String(frame.score_threshold) }),
    },
  };
}

/** Validates a frames-topic message; throws `bad-frame` naming what is wrong. */
export function decodeFrame(message: Pick<IncomingMessage, "payload" | "properties">): Frame {
  const header = frameHeaderSchema.safeParse(message.properties);
  if (!header.success) {
    throw new StreamlensError("bad-frame", `frame message has bad properties: ${formatIssues(header.error)}`);
  }
  if (!isJpeg(message.payload)) {
    throw new StreamlensError("bad-frame", "frame payload is not a JPEG image");
  }
  return { ...header.data, jpeg: message.payload };
}
