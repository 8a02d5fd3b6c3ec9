import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const tsz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Per-class statistics of one stream in one tumbling window of frame time, for one model.
 * Frames without the class count as zero, so mean = count_sum / frames and the variance follows
 * from count_sum_sq; count_min is 0 as soon as one frame of the window lacks the class.
 */
export const objectStats = pgTable(
  "object_stats",
  {
    streamId: text("stream_id").notNull(),
    windowStart: tsz("window_start").notNull(),
    windowSeconds: integer("window_seconds").notNull(),
    model: text("model").notNull(),
    class: text("class").notNull(),
    frames: integer("frames").notNull(),
    framesWith: integer("frames_with").notNull(),
    countSum: integer("count_sum").notNull(),
    countMin: integer("count_min").notNull(),
    countMax: integer("count_max").notNull(),
    countSumSq: bigint("count_sum_sq", { mode: "number" }).notNull(),
    updatedAt: tsz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.windowStart, t.model, t.class] }),
    index("object_stats_window_idx").on(t.windowStart),
    index("object_stats_class_idx").on(t.class, t.windowStart),
  ],
);

/**
 * Frames per (stream, window, model), objects or not: the denominator of every mean, and the
 * record that a window was watched even when nothing was in it.
 */
export const statWindows = pgTable(
  "stat_windows",
  {
    streamId: text("stream_id").notNull(),
    windowStart: tsz("window_start").notNull(),
    windowSeconds: integer("window_seconds").notNull(),
    model: text("model").notNull(),
    frames: integer("frames").notNull(),
    updatedAt: tsz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.windowStart, t.model] }),
    index("stat_windows_window_idx").on(t.windowStart),
  ],
);

/**
 * Every (stream, model, seq) already counted: the idempotency ledger. Delivery is at least
 * once, so a redelivered detection finds its row here and changes nothing.
 */
export const processedFrames = pgTable(
  "processed_frames",
  {
    streamId: text("stream_id").notNull(),
    model: text("model").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    frameTs: tsz("frame_ts").notNull(),
    objects: integer("objects").notNull(),
    processedAt: tsz("processed_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.streamId, t.model, t.seq] }),
    index("processed_frames_ts_idx").on(t.frameTs),
  ],
);

export type ObjectStatRow = typeof objectStats.$inferSelect;
export type ObjectStatInsert = typeof objectStats.$inferInsert;
