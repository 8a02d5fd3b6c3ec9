import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { ROLLUPS } from "../rollups/catalog.ts";
import { type FrameCounts, windowStart } from "../windows/frame-counts.ts";

/**
 * Frames of `streams` over `hours` hours from `startMs`: three a window in the first two minutes
 * of each hour, with counts that differ by stream, hour and `salt` (so each batch changes sums).
 */
export function framesAcrossHours(
  streams: string[],
  startMs: number,
  hours: number,
  salt: number,
): FrameCounts[] {
  const frames: FrameCounts[] = [];
  for (const [s, streamId] of streams.entries()) {
    for (let h = 0; h < hours; h += 1) {
      for (let i = 0; i < 6; i += 1) {
        const frameTsMs = startMs + h * 3_600_000 + i * 20_000 + salt;
        const counts = new Map<string, number>();
        if ((s + h + i) % 2 === 0) counts.set("person", 1 + ((h + salt) % 3));
        if ((s + i + salt) % 3 === 0) counts.set(`class-${(h + s) % 4}`, 1 + i);
        frames.push({
          streamId,
          model: "m@1",
          seq: frameTsMs,
          frameTsMs,
          windowStartMs: windowStart(frameTsMs, 60_000),
          counts,
        });
      }
    }
  }
  return frames;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every rollup's rows as text, in a stable order: what a full and an incremental run compare. */
export async function everyRollupTable(db: Database): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const { name } of ROLLUPS) {
    const result = await db.execute(
      sql`select t::text as row from ${sql.identifier(name)} t order by t::text`,
    );
    tables[name] = rowsOf<{ row: string }>(result).map((r) => r.row);
  }
  return tables;
}
