// `bun run ingest [source...]`: the ingest service, composed here. Samples frames from its
// sources (or the streams registered in DATABASE_URL) and publishes them to Pulsar (PULSAR_URL).
// Serves /health and /metrics; SIGTERM stops it cleanly.
import { databaseSettings, openStreamRegistry } from "@streamlens/analytics";
import {
  gaugeFrom,
  StreamlensError,
  SUBSCRIPTIONS,
  serviceMain,
  servicePort,
  sourcePolicyFromEnv,
  withRetry,
} from "@streamlens/core";
import { BacklogPacer } from "./backlog-pacer.ts";
import { ingestServiceSettings, ingestSettings } from "./settings.ts";
import { createIngestStage } from "./stage.ts";

await serviceMain({
  name: "ingest",
  port: servicePort("ingest"),
  about: `Samples frames from each source and publishes them to Pulsar (PULSAR_URL). With no sources
(and no STREAMLENS_SOURCES), follows the streams registered in DATABASE_URL.`,
  positionals: "[source...]",
  settings: { ingest: ingestSettings, ingestService: ingestServiceSettings, database: databaseSettings },
  argv: Bun.argv.slice(2),
  env: process.env,
  check(config, sources) {
    sourcePolicyFromEnv(process.env); // a bad STREAMLENS_ALLOW_* stops the service here, naming it
    if (sources.length === 0 && config.ingestService.sources.length === 0 && !config.database.url) {
      throw new StreamlensError(
        "invalid-config",
        "no sources given and no DATABASE_URL to follow the stream registry",
        {
          hint: "give sources as arguments (or STREAMLENS_SOURCES), or set DATABASE_URL to run the streams registered there",
        },
      );
    }
  },
  async start({ config, positionals, bus, topics, logger, metrics, signal }) {
    const backlog = async () =>
      (await bus.admin.topicStats(topics.frames)).subscriptions[SUBSCRIPTIONS.inference]?.msgBacklog ?? 0;
    gaugeFrom(metrics, "streamlens_bus_backlog", "Unacked frames waiting for the inference pool", backlog);
    // Created up front, so no frame is lost before the pool subscribes.
    await withRetry(() => bus.admin.ensureSubscription(topics.frames, SUBSCRIPTIONS.inference), {
      what: "creating the pool subscription",
      logger,
      signal,
    });
    const pacer = new BacklogPacer(backlog, config.ingestService.maxBacklog);
    const { database } = config;
    return createIngestStage({
      config: config.ingest,
      sources: positionals.length > 0 ? positionals : config.ingestService.sources,
      bus,
      topics,
      logger,
      metrics,
      pathVar: process.env.PATH,
      // With a database, streams are registered there and ingest reports their state and facts.
      openStreamRegistry: database.url
        ? (signal) => openStreamRegistry(database, { logger, signal })
        : undefined,
      registryPollMs: config.ingestService.registryPollMs,
      policy: sourcePolicyFromEnv(process.env),
      waitForRoom: (signal) => pacer.waitForRoom(signal),
    });
  },
});
