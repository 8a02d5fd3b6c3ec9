import type { Snapshot } from "@streamlens/core/contracts";
import { sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { streamSnapshots } from "./schema.ts";

/**
 * Stores a stream's snapshot (and its thumbnail, when one was made) unless a newer one is already
 * there (redeliveries never roll back).
 */
export async function saveSnapshot(db: Database, snapshot: Snapshot, thumbnail?: Uint8Array): Promise<void> {
  const values = {
    seq: snapshot.seq,
    frameTs: new Date(snapshot.frame_ts),
    model: snapshot.model,
    width: snapshot.width,
    height: snapshot.height,
    jpeg: snapshot.jpeg,
    thumbnail: thumbnail ?? null,
    objects: snapshot.objects,
    updatedAt: new Date(),
  };
  await db
    .insert(streamSnapshots)
    .values({ streamId: snapshot.stream_id, ...values })
    .onConflictDoUpdate({
      target: streamSnapshots.streamId,
      set: values,
      setWhere: sql`${streamSnapshots.frameTs} < excluded.frame_ts`,
    });
}
