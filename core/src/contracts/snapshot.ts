import { z } from "zod";
import type { IncomingMessage, OutgoingMessage } from "../bus/types.ts";
import { StreamlensError } from "../errors.ts";
import { formatIssues } from "../zod-issues.ts";
import { detectedObjectSchema, modelRefSchema } from "./detections.ts";
import { frameHeaderSchema, isJpeg } from "./frame.ts";

/**
 * A stream's annotated frame, sent every few seconds per stream on the snapshots topic: the JPEG
 * as payload, the frame header, the model and its objects (JSON) as properties.
 */
export const snapshotHeaderSchema = frameHeaderSchema.omit({ live: true, pixel_format: true }).extend({
  model: modelRefSchema,
  objects: z.array(detectedObjectSchema),
});

export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

export interface Snapshot extends SnapshotHeader {
  jpeg: Uint8Array;
}

export function encodeSnapshot(snapshot: Snapshot): OutgoingMessage {
  return {
    key: snapshot.stream_id,
    payload: snapshot.jpeg,
    properties: {
      stream_id: snapshot.stream_id,
      seq: String(snapshot.seq),
      frame_ts: snapshot.frame_ts,
      width: String(snapshot.width),
      height: String(snapshot.height),
      model: snapshot.model,
      objects: JSON.stringify(snapshot.objects),
    },
  };
}

export function decodeSnapshot(message: Pick<IncomingMessage, "payload" | "properties">): Snapshot {
  let objects: unknown;
  try {
    objects = JSON.parse(message.properties.objects ?? "");
  } catch (cause) {
    throw new StreamlensError("bad-snapshot", "snapshot message: objects is not JSON", { cause });
  }
  const header = snapshotHeaderSchema.safeParse({ ...message.properties, objects });
  if (!header.success) {
    throw new StreamlensError(
      "bad-snapshot",
      `snapshot message has bad properties: ${formatIssues(header.error)}`,
    );
  }
  if (!isJpeg(message.payload))
    throw new StreamlensError("bad-snapshot", "snapshot payload is not a JPEG image");
  return { ...header.data, jpeg: message.payload };
}
