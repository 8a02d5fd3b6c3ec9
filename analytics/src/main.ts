// `bun run analytics`: the analytics service, composed here. Detections from Pulsar (PULSAR_URL)
// into the statistics tables. Serves /health and /metrics; SIGTERM writes what it holds, acks,
// and stops.
import { gaugeFrom, SUBSCRIPTIONS, serviceMain, servicePort } from "@streamlens/core";
import { databaseSettings } from "./db/config.ts";
import { openDatabase } from "./db/open-database.ts";
import { analyticsSettings } from "./settings.ts";
import { createAnalyticsStage } from "./stage.ts";

await serviceMain({
  name: "analytics",
  port: servicePort("analytics"),
  about: `Detections from Pulsar (PULSAR_URL) into window statistics in DATABASE_URL (or the embedded
database), snapshots, and the SQL rollups rebuilt on a timer.`,
  settings: { analytics: analyticsSettings, database: databaseSettings },
  argv: Bun.argv.slice(2),
  env: process.env,
  async start({ config, bus, topics, logger, metrics, signal }) {
    gaugeFrom(
      metrics,
      "streamlens_bus_backlog",
      "Detections waiting for analytics (unacked)",
      async () =>
        (await bus.admin.topicStats(topics.detections)).subscriptions[SUBSCRIPTIONS.analytics]?.msgBacklog ??
        0,
    );
    const database = await openDatabase(config.database, { logger, signal });
    const stage = await createAnalyticsStage({
      config: config.analytics,
      db: database.db,
      bus,
      topics,
      logger,
      metrics,
    });
    logger.info({ database: database.where }, "analytics consuming");
    return {
      ...stage,
      async close() {
        await stage.close();
        await database.close();
      },
    };
  },
});
