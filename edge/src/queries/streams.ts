import { type Database, schema } from "@streamlens/analytics/store";
import { and, asc, eq, exists, sql } from "drizzle-orm";

const { videoStreams, streamInfo, videoRankings, streamObjectRankings, streamSnapshots } = schema;

export interface StreamFilter {
  active?: boolean | undefined;
  className?: string | undefined;
  limit: number;
  after?: { rank: number; id: string } | undefined;
  model: string | undefined;
}

/** Sort key for paging: ranked streams first by rank, unranked after them, then by id. */
export const UNRANKED = 2_147_483_647;

function streamColumns(model: string | undefined) {
  return {
    id: videoStreams.id,
    kind: videoStreams.kind,
    source: videoStreams.label,
    title: sql<string | null>`coalesce(${videoStreams.title}, ${streamInfo.title})`,
    channel: streamInfo.channel,
    thumbnailUrl: streamInfo.thumbnailUrl,
    live: streamInfo.live,
    active: videoStreams.active,
    fps: videoStreams.fps,
    status: videoStreams.status,
    lastFrameAt: videoStreams.lastFrameAt,
    lastError: videoStreams.lastError,
    lastErrorAt: videoStreams.lastErrorAt,
    createdAt: videoStreams.createdAt,
    rank: videoRankings.rank,
    meanObjects: videoRankings.meanObjects,
    frames: videoRankings.frames,
    topObjects: videoRankings.topClasses,
    model: sql<string | null>`${model ?? null}::text`,
    snapshotAt: streamSnapshots.frameTs,
    sortRank: sql<number>`coalesce(${videoRankings.rank}, ${UNRANKED})`.as("sort_rank"),
  };
}

export type StreamRow = Awaited<ReturnType<typeof listStreams>>[number];

/** Streams with their ranking, status and top objects; keyset-paged by (rank, id). */
export async function listStreams(db: Database, filter: StreamFilter) {
  const conditions = [];
  if (filter.active !== undefined) conditions.push(eq(videoStreams.active, filter.active));
  if (filter.className && filter.model) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(streamObjectRankings)
          .where(
            and(
              eq(streamObjectRankings.streamId, videoStreams.id),
              eq(streamObjectRankings.class, filter.className),
              eq(streamObjectRankings.model, filter.model),
            ),
          ),
      ),
    );
  } else if (filter.className) {
    conditions.push(sql`false`);
  }
  if (filter.after) {
    conditions.push(
      sql`(coalesce(${videoRankings.rank}, ${UNRANKED}), ${videoStreams.id}) > (${filter.after.rank}, ${filter.after.id})`,
    );
  }
  return db
    .select(streamColumns(filter.model))
    .from(videoStreams)
    .leftJoin(streamInfo, eq(streamInfo.streamId, videoStreams.id))
    .leftJoin(
      videoRankings,
      and(eq(videoRankings.streamId, videoStreams.id), eq(videoRankings.model, filter.model ?? "")),
    )
    .leftJoin(streamSnapshots, eq(streamSnapshots.streamId, videoStreams.id))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`sort_rank`, asc(videoStreams.id))
    .limit(filter.limit);
}

export async function getStreamRow(db: Database, id: string, model: string | undefined) {
  const [row] = await db
    .select({
      ...streamColumns(model),
      startedAt: streamInfo.startedAt,
      width: streamInfo.width,
      height: streamInfo.height,
      sourceFps: streamInfo.fps,
      codec: streamInfo.codec,
      resolvedAt: streamInfo.resolvedAt,
    })
    .from(videoStreams)
    .leftJoin(streamInfo, eq(streamInfo.streamId, videoStreams.id))
    .leftJoin(
      videoRankings,
      and(eq(videoRankings.streamId, videoStreams.id), eq(videoRankings.model, model ?? "")),
    )
    .leftJoin(streamSnapshots, eq(streamSnapshots.streamId, videoStreams.id))
    .where(eq(videoStreams.id, id));
  return row;
}

export async function streamExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: videoStreams.id }).from(videoStreams).where(eq(videoStreams.id, id));
  return row !== undefined;
}
