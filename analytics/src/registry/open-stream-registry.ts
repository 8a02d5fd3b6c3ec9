import { COMMAND_LINE_SOURCE_POLICY, type Logger } from "@streamlens/core";
import type { DatabaseConfig } from "../db/config.ts";
import type { Database } from "../db/database.ts";
import { openDatabase } from "../db/open-database.ts";
import {
  listStreams,
  type ResolvedInfo,
  registerStream,
  reportStreamStatus,
  type StreamReport,
  saveStreamInfo,
} from "./streams.ts";

/** The registry ingest follows and reports to, over the database (ingest's StreamRegistry). */
export function dbStreamRegistry(db: Database) {
  return {
    // Sources of a command line: an explicit local user, who may name files and local URLs.
    register: async (stream: { id: string; source: string }) => {
      await registerStream(db, { ...stream, active: true }, COMMAND_LINE_SOURCE_POLICY);
    },
    active: async () =>
      (await listStreams(db, { active: true })).map((s) => ({
        id: s.id,
        source: s.source,
        fps: s.fps,
        scoreThreshold: s.scoreThreshold ?? undefined,
      })),
    report: (id: string, report: StreamReport) => reportStreamStatus(db, id, report),
    info: (id: string, info: ResolvedInfo) => saveStreamInfo(db, id, info),
  };
}

/** Opens the database and the stream registry over it; closing it closes the database. */
export async function openStreamRegistry(
  config: DatabaseConfig,
  options: { logger: Logger; signal?: AbortSignal },
) {
  const database = await openDatabase(config, options);
  return { ...dbStreamRegistry(database.db), where: database.where, close: () => database.close() };
}
