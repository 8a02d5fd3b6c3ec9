import { and, eq, sql } from "drizzle-orm";
import type { FrameCounts } from "../windows/frame-counts.ts";
import { mergeWindow } from "../windows/merge-window.ts";
import type { Database } from "./database.ts";
import { objectStats, processedFrames, statWindows } from "./schema.ts";

export interface WriteResult {
  /** Frames counted now; the rest were already in the ledger (redeliveries, replays). */
  counted: number;
  duplicates: number;
  /** Windows whose figures changed, as `stream|window start ms|model`. */
  windows: string[];
}

const frameKey = (f: FrameCounts) => `${f.streamId}|${f.model}|${f.seq}`;
const windowKey = (f: FrameCounts) => `${f.streamId}|${f.windowStartMs}|${f.model}`;

/**
 * Adds frames to the statistics in one transaction, exactly once per (stream, model, seq),
 * whether watched or dropped (so a redelivered drop is counted once too):
 * the ledger insert tells which frames are new, the window row is locked by its upsert (so
 * concurrent writers of one window queue up), and class rows are merged and written back.
 */
export async function writeFrameCounts(
  db: Database,
  frames: FrameCounts[],
  windowSeconds: number,
): Promise<WriteResult> {
  const unique = [...new Map(frames.map((f) => [frameKey(f), f])).values()];
  if (unique.length === 0) return { counted: 0, duplicates: frames.length, windows: [] };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(processedFrames)
      .values(
        unique.map((f) => ({
          streamId: f.streamId,
          model: f.model,
          seq: f.seq,
          frameTs: new Date(f.frameTsMs),
          objects: [...f.counts.values()].reduce((a, b) => a + b, 0),
        })),
      )
      .onConflictDoNothing()
      .returning({
        streamId: processedFrames.streamId,
        model: processedFrames.model,
        seq: processedFrames.seq,
      });
    const isNew = new Set(inserted.map((r) => `${r.streamId}|${r.model}|${r.seq}`));
    const fresh = unique.filter((f) => isNew.has(frameKey(f)));

    const byWindow = new Map<string, FrameCounts[]>();
    for (const f of fresh) byWindow.set(windowKey(f), [...(byWindow.get(windowKey(f)) ?? []), f]);

    for (const group of byWindow.values()) {
      const { streamId, model, windowStartMs } = group[0] as FrameCounts;
      const windowStart = new Date(windowStartMs);
      const watched = group.filter((f) => !f.dropped);
      const [window] = await tx
        .insert(statWindows)
        .values({
          streamId,
          windowStart,
          windowSeconds,
          model,
          frames: watched.length,
          framesDropped: group.length - watched.length,
        })
        .onConflictDoUpdate({
          target: [statWindows.streamId, statWindows.windowStart, statWindows.model],
          set: {
            frames: sql`${statWindows.frames} + excluded.frames`,
            framesDropped: sql`${statWindows.framesDropped} + excluded.frames_dropped`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ frames: statWindows.frames });
      // Dropped frames were never looked at: the class figures do not change.
      if (watched.length === 0) continue;
      const existing = await tx
        .select()
        .from(objectStats)
        .where(
          and(
            eq(objectStats.streamId, streamId),
            eq(objectStats.windowStart, windowStart),
            eq(objectStats.model, model),
          ),
        )
        .for("update");
      const merged = mergeWindow(existing, watched, window?.frames ?? watched.length);
      if (merged.length === 0) continue;
      await tx
        .insert(objectStats)
        .values(merged.map((row) => ({ ...row, streamId, windowStart, windowSeconds, model })))
        .onConflictDoUpdate({
          target: [objectStats.streamId, objectStats.windowStart, objectStats.model, objectStats.class],
          set: {
            frames: sql`excluded.frames`,
            framesWith: sql`excluded.frames_with`,
            countSum: sql`excluded.count_sum`,
            countMin: sql`excluded.count_min`,
            countMax: sql`excluded.count_max`,
            countSumSq: sql`excluded.count_sum_sq`,
            updatedAt: sql`now()`,
          },
        });
    }
    return { counted: fresh.length, duplicates: frames.length - fresh.length, windows: [...byWindow.keys()] };
  });
}
