import {
  databaseConfigSchema,
  databaseEnv,
  dbStreamRegistry,
  openDatabase,
  registerStream,
} from "@streamlens/analytics";
import {
  busConfigSchema,
  busEnv,
  COMMAND_LINE_SOURCE_POLICY,
  connectPulsar,
  counterFrom,
  createMetricsRegistry,
  definedOnly,
  describeError,
  encodeFrame,
  envString,
  gaugeFrom,
  type Logger,
  listenHostSchema,
  type PulsarBus,
  parseConfig,
  REGISTERED_SOURCE_POLICY,
  type SourcePolicy,
  StreamlensError,
  servicePortFromEnv,
  servicePortSchema,
  sourcePolicyFromEnv,
  startServiceHttp,
  topicNames,
  withRetry,
} from "@streamlens/core";
import { z } from "zod";
import { BacklogPacer } from "./backlog-pacer.ts";
import { ingestConfigSchema, ingestEnv } from "./config.ts";
import { ingestFlagSettings } from "./flags.ts";
import { Ingest } from "./ingest.ts";
import { followRegistry, RegistryReporter } from "./registry.ts";
import { parseSources } from "./sources/source-ref.ts";
import type { StreamStatus } from "./stream-runner.ts";

export const ingestServiceConfigSchema = z
  .object({
    ingest: ingestConfigSchema,
    bus: busConfigSchema,
    /** Port of /health and /metrics; 0 picks a free one. */
    port: servicePortSchema("ingest"),
    /** Address of /health and /metrics (HOST). */
    host: listenHostSchema,
    /** Sources to run; with none, the service follows the stream registry in the database. */
    sources: z.array(z.string().min(1)).default([]),
    database: databaseConfigSchema,
    /** How often the registry is read (a change takes effect within two of these). */
    registryPollMs: z.coerce.number().int().min(100).default(5000),
    /** File sources wait while the pool's backlog holds this many frames. */
    maxBacklog: z.coerce.number().int().min(1).default(200),
    /** The inference pool's subscription: created up front, so no frame is lost before it subscribes. */
    poolSubscription: z.string().min(1).default("inference"),
  })
  .strict();

export type IngestServiceConfig = z.infer<typeof ingestServiceConfigSchema> & {
  /** What registry streams may reach (STREAMLENS_ALLOW_PRIVATE_SOURCES, STREAMLENS_ALLOW_SOURCE_CIDRS). */
  sourcePolicy?: SourcePolicy;
};

export function loadIngestServiceConfig(
  sources: string[],
  flags: { port?: string | undefined } & Parameters<typeof ingestFlagSettings>[0],
  env: Record<string, string | undefined>,
) {
  const fromEnv = (envString(env, "STREAMLENS_SOURCES") ?? "").split(/[\s,]+/).filter(Boolean);
  const config = parseConfig(
    ingestServiceConfigSchema,
    {
      ingest: { ...definedOnly(ingestEnv(env)), ...ingestFlagSettings(flags) },
      bus: busEnv(env),
      ...definedOnly({
        port: flags.port ?? servicePortFromEnv("ingest", env),
        host: envString(env, "HOST"),
        maxBacklog: envString(env, "STREAMLENS_MAX_BACKLOG"),
      }),
      sources: sources.length > 0 ? sources : fromEnv,
      database: definedOnly(databaseEnv(env)),
      ...definedOnly({ registryPollMs: envString(env, "STREAMLENS_REGISTRY_POLL_MS") }),
    },
    "ingest service configuration",
  );
  if (config.sources.length === 0 && !config.database.url) {
    throw new StreamlensError(
      "invalid-config",
      "no sources given and no DATABASE_URL to follow the stream registry",
      {
        hint: "give sources as arguments (or STREAMLENS_SOURCES), or set DATABASE_URL to run the streams registered there",
      },
    );
  }
  return { ...config, sourcePolicy: sourcePolicyFromEnv(env) };
}

/**
 * `bun run ingest`: samples its sources and publishes frames to Pulsar until every source has
 * ended (files) or SIGTERM; then waits for the broker to ack what was sent.
 */
export async function runIngestService(
  config: IngestServiceConfig,
  logger: Logger,
  signal: AbortSignal,
  pathVar: string | undefined,
): Promise<void> {
  const topics = topicNames(config.bus.topics);
  const registry = createMetricsRegistry("ingest");
  /** Set once connected; /health reads its sessions. */
  let connection: PulsarBus | undefined;
  let sent = 0;
  let sendErrors = 0;
  let ingest: Ingest | undefined;
  const streams = () => ingest?.statuses() ?? [];
  const perStream = (read: (s: ReturnType<typeof streams>[number]) => number) =>
    streams().map((s) => ({ labels: { stream: s.id }, value: read(s) }));
  counterFrom(
    registry,
    "streamlens_ingest_frames_read_total",
    "Frames sampled from sources",
    () => perStream((s) => s.framesRead),
    ["stream"],
  );
  counterFrom(
    registry,
    "streamlens_ingest_frames_dropped_total",
    "Live frames dropped while the bus was busy",
    () => perStream((s) => s.framesDropped),
    ["stream"],
  );
  counterFrom(
    registry,
    "streamlens_ingest_restarts_total",
    "Source restarts after failures",
    () => perStream((s) => s.restarts),
    ["stream"],
  );
  gaugeFrom(
    registry,
    "streamlens_ingest_stream_up",
    "1 while a stream delivers frames",
    () => perStream((s) => (s.state === "running" ? 1 : 0)),
    ["stream"],
  );
  counterFrom(registry, "streamlens_ingest_frames_sent_total", "Frames the broker acked", () => sent);
  counterFrom(
    registry,
    "streamlens_ingest_send_errors_total",
    "Frames the broker did not take",
    () => sendErrors,
  );
  const http = startServiceHttp({
    port: config.port,
    hostname: config.host,
    registry,
    logger,
    // 503 while any session to the broker is down: frames cannot flow then.
    health: () => {
      const connected = connection?.connected === true;
      return { ok: connected, connected, streams: streams().map(({ info, ...s }) => s) };
    },
  });

  try {
    const bus = await connectPulsar(config.bus, logger, signal);
    connection = bus;
    gaugeFrom(
      registry,
      "streamlens_bus_backlog",
      "Unacked frames waiting for the inference pool",
      async () => {
        const stats = await bus.admin.topicStats(topics.frames);
        return stats.subscriptions[config.poolSubscription]?.msgBacklog ?? 0;
      },
    );
    await withRetry(() => bus.admin.ensureSubscription(topics.frames, config.poolSubscription), {
      what: "creating the pool subscription",
      logger,
      signal,
    });
    const producer = await bus.createProducer(topics.frames);
    const pacer = new BacklogPacer(
      async () =>
        (await bus.admin.topicStats(topics.frames)).subscriptions[config.poolSubscription]?.msgBacklog ?? 0,
      config.maxBacklog,
    );
    let onStatus: ((status: StreamStatus) => void) | undefined;
    ingest = new Ingest({
      config: config.ingest,
      logger,
      pathVar,
      onStatus: (status) => onStatus?.(status),
      emit: async (frame, source) => {
        if (!source.live) await pacer.waitForRoom(signal);
        try {
          await producer.send(encodeFrame(frame));
          sent += 1;
        } catch (error) {
          sendErrors += 1;
          throw error;
        }
      },
    });
    // With a database, streams are registered there and ingest reports their state and facts.
    const database = config.database.url
      ? await openDatabase(config.database, { logger, signal })
      : undefined;
    const streamRegistry = database ? dbStreamRegistry(database.db) : undefined;
    const reporter = streamRegistry ? new RegistryReporter(streamRegistry, streams, logger) : undefined;
    if (reporter) onStatus = reporter.onStatus;
    try {
      if (config.sources.length === 0 && streamRegistry) {
        logger.info(
          { database: database?.where, pollMs: config.registryPollMs },
          "following the stream registry",
        );
        await followRegistry(streamRegistry, ingest, {
          intervalMs: config.registryPollMs,
          signal,
          logger,
          policy: config.sourcePolicy ?? REGISTERED_SOURCE_POLICY,
        });
      } else {
        const { refs, rejected } = parseSources(config.sources);
        for (const { input, error } of rejected) {
          logger.error({ source: input, error: describeError(error) }, "source rejected");
        }
        for (const ref of refs) {
          if (database)
            await registerStream(
              database.db,
              { source: ref.location, id: ref.id, active: true },
              COMMAND_LINE_SOURCE_POLICY, // the command line is an explicit local user
            );
          ingest.start(ref, signal);
        }
        const final = await ingest.settled();
        logger.info(
          { streams: final.map((s) => ({ id: s.id, state: s.state, frames: s.framesRead })) },
          "all sources done",
        );
      }
    } finally {
      await reporter?.close();
      await database?.close();
    }
    await producer.close();
    await bus.close();
  } finally {
    await http.stop();
  }
}
