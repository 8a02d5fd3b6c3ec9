import { z } from "zod";

/** ISO-8601 UTC with milliseconds, the one timestamp format on the wire. */
export const isoTimestampSchema = z.iso.datetime({ offset: false, precision: 3 });

export function toIsoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
