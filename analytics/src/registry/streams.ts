import {
  checkSourcePolicy,
  expandYouTubeId,
  formatIssues,
  parseSourceLocation,
  plainText,
  REGISTERED_SOURCE_POLICY,
  type SourcePolicy,
  StreamlensError,
  samplingFpsSchema,
  splitSourceId,
  streamIdSchema,
} from "@streamlens/core/contracts";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/database.ts";
import { streamInfo, type VideoStream, videoStreams } from "../db/schema.ts";

/** What registering a stream takes (the admin API's body, the pipeline's sources). */
export const registerStreamSchema = z
  .object({
    /**
     * `[id=]` then a URL (http(s), HLS, RTSP, YouTube, ytdlp:http(s)…) or a bare YouTube video id;
     * a path on the ingest host only where the policy allows local files (the command line).
     */
    source: plainText(z.string().trim().min(1).max(2048)),
    id: streamIdSchema.optional(),
    title: plainText(z.string().trim().min(1).max(300)).optional(),
    fps: samplingFpsSchema.optional(),
    active: z.boolean().optional(),
    /**
     * This stream's detection score threshold (more people found in a crowd, fewer false ones
     * on a busy background); null clears it, absent keeps it. Unset = the inference pool's.
     */
    score_threshold: z.number().min(0.01).max(1).nullable().optional(),
  })
  .strict();

export type RegisterStream = z.input<typeof registerStreamSchema>;

/**
 * Adds a stream to the registry, or updates the one with that id (re-registering is how a
 * source or title changes). The source is parsed like ingest's command line (`[id=]<source>`)
 * and checked against `policy`: by default network sources of public hosts only.
 */
export async function registerStream(
  db: Database,
  input: RegisterStream,
  policy: SourcePolicy = REGISTERED_SOURCE_POLICY,
): Promise<VideoStream> {
  const parsed = registerStreamSchema.safeParse(input);
  if (!parsed.success) {
    throw new StreamlensError("invalid-stream", `invalid stream: ${formatIssues(parsed.error, "(body)")}`);
  }
  const { title, fps, active, score_threshold: scoreThreshold } = parsed.data;
  // One parser for `id=source`, the command line's: the prefix is never mistaken for a file name.
  const split = splitSourceId(parsed.data.source);
  const id = parsed.data.id ?? (split.id === undefined ? undefined : parseStreamId(split.id));
  const location = parseSourceLocation(expandYouTubeId(split.source));
  checkSourcePolicy(location, policy);
  const values = {
    id: id ?? location.defaultId,
    kind: location.kind,
    source: location.location,
    label: location.label,
    title: title ?? null,
    fps: fps ?? 1,
    active: active ?? true,
    scoreThreshold: scoreThreshold ?? null,
  };
  const [row] = await db
    .insert(videoStreams)
    .values(values)
    .onConflictDoUpdate({
      target: videoStreams.id,
      set: {
        kind: values.kind,
        source: values.source,
        label: values.label,
        ...(title === undefined ? {} : { title }),
        ...(fps === undefined ? {} : { fps }),
        ...(active === undefined ? {} : { active }),
        ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row as VideoStream;
}

function parseStreamId(id: string): string {
  const parsed = streamIdSchema.safeParse(id);
  if (!parsed.success)
    throw new StreamlensError("invalid-stream", `invalid stream: id '${id}' is not a stream id`);
  return parsed.data;
}

/** Turns a stream on or off; ingest picks the change up within its poll interval. */
export async function setStreamActive(
  db: Database,
  id: string,
  active: boolean,
): Promise<VideoStream | undefined> {
  const [row] = await db
    .update(videoStreams)
    .set({ active, updatedAt: sql`now()` })
    .where(eq(videoStreams.id, id))
    .returning();
  return row;
}

export async function getStream(db: Database, id: string): Promise<VideoStream | undefined> {
  const [row] = await db.select().from(videoStreams).where(eq(videoStreams.id, id));
  return row;
}

export async function listStreams(db: Database, filter: { active?: boolean } = {}): Promise<VideoStream[]> {
  const query = db.select().from(videoStreams);
  const rows =
    filter.active === undefined
      ? await query.orderBy(asc(videoStreams.id))
      : await query.where(eq(videoStreams.active, filter.active)).orderBy(asc(videoStreams.id));
  return rows;
}

export interface StreamReport {
  status: string;
  lastFrameAt?: string | undefined;
  lastError?: { message: string; at: string } | undefined;
}

/** Ingest's account of a stream: state, last frame time, last error. */
export async function reportStreamStatus(db: Database, id: string, report: StreamReport): Promise<void> {
  await db
    .update(videoStreams)
    .set({
      status: report.status,
      ...(report.lastFrameAt ? { lastFrameAt: new Date(report.lastFrameAt) } : {}),
      ...(report.lastError
        ? { lastError: report.lastError.message, lastErrorAt: new Date(report.lastError.at) }
        : {}),
    })
    .where(eq(videoStreams.id, id));
}

export interface ResolvedInfo {
  live?: boolean | undefined;
  title?: string | undefined;
  channel?: string | undefined;
  thumbnailUrl?: string | undefined;
  startedAt?: string | undefined;
  durationS?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  fps?: number | undefined;
  codec?: string | undefined;
  format?: string | undefined;
}

/** What resolving the source found (yt-dlp, ffprobe): replaced on every resolve, never frozen. */
export async function saveStreamInfo(db: Database, id: string, info: ResolvedInfo): Promise<void> {
  const values = {
    title: info.title ?? null,
    channel: info.channel ?? null,
    thumbnailUrl: info.thumbnailUrl ?? null,
    live: info.live ?? null,
    startedAt: info.startedAt ? new Date(info.startedAt) : null,
    durationS: info.durationS ?? null,
    width: info.width ?? null,
    height: info.height ?? null,
    fps: info.fps ?? null,
    codec: info.codec ?? null,
    format: info.format ?? null,
    resolvedAt: new Date(),
  };
  await db
    .insert(streamInfo)
    .values({ streamId: id, ...values })
    .onConflictDoUpdate({ target: streamInfo.streamId, set: values });
}
