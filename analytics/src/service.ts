import {
  busConfigSchema,
  busEnv,
  connectPulsar,
  counterFrom,
  createMetricsRegistry,
  definedOnly,
  envString,
  gaugeFrom,
  type Logger,
  listenHostSchema,
  type PulsarBus,
  parseConfig,
  servicePortFromEnv,
  servicePortSchema,
  startServiceHttp,
  topicNames,
} from "@streamlens/core";
import { z } from "zod";
import { analyticsConfigSchema, analyticsEnv } from "./config.ts";
import { databaseConfigSchema, databaseEnv } from "./db/config.ts";
import { openDatabase } from "./db/open-database.ts";
import { analyticsFlagSettings } from "./flags.ts";
import { scheduleModels } from "./models/schedule.ts";
import { SnapshotSink } from "./snapshot-sink.ts";
import { StatsSink } from "./stats-sink.ts";

export const analyticsServiceConfigSchema = z
  .object({
    analytics: analyticsConfigSchema,
    database: databaseConfigSchema,
    bus: busConfigSchema,
    port: servicePortSchema("analytics"),
    /** Address of /health and /metrics (HOST). */
    host: listenHostSchema,
    subscription: z.string().min(1).default("analytics"),
  })
  .strict();

export type AnalyticsServiceConfig = z.infer<typeof analyticsServiceConfigSchema>;

export function loadAnalyticsServiceConfig(
  flags: { port?: string | undefined } & Parameters<typeof analyticsFlagSettings>[0],
  env: Record<string, string | undefined>,
) {
  return parseConfig(
    analyticsServiceConfigSchema,
    {
      analytics: { ...definedOnly(analyticsEnv(env)), ...analyticsFlagSettings(flags) },
      database: definedOnly(databaseEnv(env)),
      bus: busEnv(env),
      ...definedOnly({
        port: flags.port ?? servicePortFromEnv("analytics", env),
        host: envString(env, "HOST"),
      }),
    },
    "analytics service configuration",
  );
}

/**
 * `bun run analytics`: detections from Pulsar into window statistics (idempotently), snapshots
 * into stream_snapshots, and the SQL models rebuilt on a timer.
 */
export async function runAnalyticsService(
  config: AnalyticsServiceConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const topics = topicNames(config.bus.topics);
  const registry = createMetricsRegistry("analytics");
  let sink: StatsSink | undefined;
  /** Set once connected; /health reads its sessions. */
  let connection: PulsarBus | undefined;
  const stat = (key: keyof StatsSink["stats"]) => () => sink?.stats[key] ?? 0;
  counterFrom(
    registry,
    "streamlens_analytics_detections_received_total",
    "Detections messages taken from the bus",
    stat("received"),
  );
  counterFrom(
    registry,
    "streamlens_analytics_frames_counted_total",
    "Frames added to the statistics",
    stat("counted"),
  );
  counterFrom(
    registry,
    "streamlens_analytics_frames_duplicate_total",
    "Redelivered or replayed frames (no effect)",
    stat("duplicates"),
  );
  counterFrom(
    registry,
    "streamlens_analytics_errors_total",
    "Messages rejected (dead-lettered after the limit)",
    stat("failed"),
  );
  counterFrom(
    registry,
    "streamlens_analytics_flushes_total",
    "Database transactions written",
    stat("flushes"),
  );
  const http = startServiceHttp({
    port: config.port,
    hostname: config.host,
    registry,
    logger,
    // 503 until the sink runs, and while any session to the broker is down.
    health: () => {
      const connected = connection?.connected === true;
      return { ok: sink !== undefined && connected, connected, stats: sink?.stats };
    },
  });
  try {
    const bus = await connectPulsar(config.bus, logger, signal);
    connection = bus;
    gaugeFrom(
      registry,
      "streamlens_bus_backlog",
      "Detections waiting for analytics (unacked)",
      async () =>
        (await bus.admin.topicStats(topics.detections)).subscriptions[config.subscription]?.msgBacklog ?? 0,
    );
    const database = await openDatabase(config.database, { logger, signal });
    const snapshots = new SnapshotSink({
      bus,
      topics,
      db: database.db,
      logger,
      maxRedeliveries: config.analytics.maxRedeliveries,
    });
    const models = scheduleModels(
      database.db,
      config.analytics.modelsIntervalMs,
      { lookbackDays: config.analytics.lookbackDays, anchor: "latest" },
      logger,
    );
    try {
      sink = new StatsSink({
        bus,
        topics,
        db: database.db,
        config: config.analytics,
        logger,
        subscription: config.subscription,
      });
      await sink.start();
      await snapshots.start();
      logger.info({ database: database.where }, "analytics consuming");
      await Promise.all([sink.run(signal), snapshots.run(signal)]);
      await sink.close();
      await snapshots.close();
    } finally {
      await models.stop();
      await database.close();
      await bus.close();
    }
  } finally {
    await http.stop();
  }
}
