import { type Database, schema } from "@streamlens/analytics/store";
import { desc } from "drizzle-orm";

/**
 * The detector model the read API reports by default: the one with the newest data. Statistics
 * of different weights never mix; `?model=` picks another.
 */
export async function currentModel(db: Database, requested: string | undefined): Promise<string | undefined> {
  if (requested) return requested;
  const [row] = await db
    .select({ model: schema.streamTotals.model })
    .from(schema.streamTotals)
    .orderBy(desc(schema.streamTotals.lastWindow))
    .limit(1);
  return row?.model;
}
