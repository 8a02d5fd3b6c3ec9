import { type Database, schema } from "@streamlens/analytics/store";
import { eq, sql } from "drizzle-orm";

const { streamSnapshots } = schema;

/** The latest snapshot of a stream without its image: the frame's facts and detections. */
export async function latestSnapshot(db: Database, streamId: string) {
  const [row] = await db
    .select({
      seq: streamSnapshots.seq,
      frameTs: streamSnapshots.frameTs,
      model: streamSnapshots.model,
      width: streamSnapshots.width,
      height: streamSnapshots.height,
      objects: streamSnapshots.objects,
    })
    .from(streamSnapshots)
    .where(eq(streamSnapshots.streamId, streamId));
  return row;
}

/** The latest snapshot's JPEG, full size or the thumbnail (the full one where none was made). */
export async function snapshotJpeg(
  db: Database,
  streamId: string,
  size: "full" | "thumb",
): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({
      jpeg:
        size === "thumb"
          ? sql<Uint8Array>`coalesce(${streamSnapshots.thumbnail}, ${streamSnapshots.jpeg})`
          : streamSnapshots.jpeg,
    })
    .from(streamSnapshots)
    .where(eq(streamSnapshots.streamId, streamId));
  return row?.jpeg;
}
