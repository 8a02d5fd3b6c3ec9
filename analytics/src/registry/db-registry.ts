import type { Database } from "../db/database.ts";
import {
  listStreams,
  type ResolvedInfo,
  reportStreamStatus,
  type StreamReport,
  saveStreamInfo,
} from "./streams.ts";

/** The registry ingest follows and reports to, over the database. */
export function dbStreamRegistry(db: Database) {
  return {
    active: async () =>
      (await listStreams(db, { active: true })).map((s) => ({ id: s.id, source: s.source, fps: s.fps })),
    report: (id: string, report: StreamReport) => reportStreamStatus(db, id, report),
    info: (id: string, info: ResolvedInfo) => saveStreamInfo(db, id, info),
  };
}
