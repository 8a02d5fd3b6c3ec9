import { z } from "zod";
import type { IncomingMessage, OutgoingMessage } from "../bus/types.ts";
import { StreamlensError } from "../errors.ts";
import { formatIssues } from "../zod-issues.ts";
import { streamIdSchema } from "./stream-id.ts";
import { isoTimestampSchema } from "./timestamp.ts";

const positiveInt = z.coerce.number().int().positive();

/**
 * How a frame's pixels travel: `jpeg` (the default; small enough for any bus) or `rgb24`, the
 * decoded pixels row by row, 3 bytes each. rgb24 spares a JPEG encode and decode per frame where
 * frames never leave the process (the embedded pipeline); over a network it is ~20× the bytes.
 */
export const PIXEL_FORMATS = ["jpeg", "rgb24"] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

/** Largest frame accepted: 4096 × 4096 pixels (48 MiB raw), far above any sampled width. */
export const MAX_FRAME_PIXELS = 4096 * 4096;

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
  /** Absent (frames from before the property existed) reads as JPEG. */
  pixel_format: z.enum(PIXEL_FORMATS).default("jpeg"),
});

export type FrameHeader = z.infer<typeof frameHeaderSchema>;

/** One sampled frame: its header and its pixels, encoded as `pixel_format` says. */
export interface Frame extends FrameHeader {
  image: Uint8Array;
}

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

export function isJpeg(bytes: Uint8Array): boolean {
  return JPEG_MAGIC.every((byte, index) => bytes[index] === byte);
}

export function encodeFrame(frame: Frame): OutgoingMessage {
  return {
    key: frame.stream_id,
    payload: frame.image,
    properties: {
      stream_id: frame.stream_id,
      seq: String(frame.seq),
      frame_ts: frame.frame_ts,
      width: String(frame.width),
      height: String(frame.height),
      live: String(frame.live),
      pixel_format: frame.pixel_format,
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
  const { width, height, pixel_format } = header.data;
  if (pixel_format === "jpeg" && !isJpeg(message.payload)) {
    throw new StreamlensError("bad-frame", "frame payload is not a JPEG image");
  }
  if (pixel_format === "rgb24") {
    if (width * height > MAX_FRAME_PIXELS)
      throw new StreamlensError(
        "bad-frame",
        `rgb24 frame of ${width}x${height} is larger than 4096x4096 pixels`,
      );
    const expected = width * height * 3;
    if (message.payload.length !== expected)
      throw new StreamlensError(
        "bad-frame",
        `rgb24 frame payload is ${message.payload.length} bytes, expected ${width}x${height}x3 = ${expected}`,
      );
  }
  return { ...header.data, image: message.payload };
}
