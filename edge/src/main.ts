// `bun run serve` / `bun run edge:local`: the API and the built site under Bun, on HOST (default
// 127.0.0.1: this machine only) and PORT (default 8787), against DATABASE_URL or the embedded database; the SQL models rebuilt on a timer, as
// the Worker's cron does in production. STREAMLENS_SERVE_SITE=false serves the API alone.
import { databaseConfigSchema, databaseEnv, openDatabase, scheduleModels } from "@streamlens/analytics";
import {
  createLogger,
  definedOnly,
  listenHostSchema,
  logLevelFrom,
  parseConfig,
  runService,
} from "@streamlens/core";
import { ensureSiteBuilt } from "@streamlens/site";
import { z } from "zod";
import { lookbackDays, sourcePolicy } from "./app.ts";
import { serveLocal } from "./bun/serve-local.ts";
import { bunBindings } from "./env.ts";

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "edge" });
await runService("edge", logger, async (signal) => {
  const { host, port, modelsIntervalMs, serveSite } = parseConfig(
    z.object({
      host: listenHostSchema,
      port: z.coerce.number().int().min(0).max(65_535).default(8787),
      modelsIntervalMs: z.coerce.number().int().min(0).default(300_000),
      serveSite: z.stringbool().default(true),
    }),
    definedOnly({
      host: process.env.HOST,
      port: process.env.PORT,
      modelsIntervalMs: process.env.STREAMLENS_MODELS_INTERVAL_MS,
      serveSite: process.env.STREAMLENS_SERVE_SITE,
    }),
    "edge configuration",
  );
  const bindings = bunBindings(process.env);
  const lookback = lookbackDays(bindings); // validated before anything listens
  sourcePolicy(bindings);
  const siteDir = serveSite
    ? await ensureSiteBuilt({ env: process.env, log: (line) => logger.info(line) })
    : undefined;
  const database = await openDatabase(
    parseConfig(databaseConfigSchema, definedOnly(databaseEnv(process.env)), "database configuration"),
    { logger, signal },
  );
  // Locally the data is often a recording (the fixture video is from 2017): the lookback ends at
  // the newest data, as in `bun run pipeline`, so a rebuild never empties what a run wrote. For
  // live streams the newest data is now.
  const models = scheduleModels(
    database.db,
    modelsIntervalMs,
    { lookbackDays: lookback, anchor: "latest" },
    logger,
  );
  const server = serveLocal({
    db: database.db,
    bindings,
    hostname: host,
    port,
    logger,
    ...(siteDir ? { siteDir } : {}),
  });
  logger.info(
    { host, port: server.port, database: database.where, site: Boolean(siteDir) },
    `listening on ${server.url}`,
  );
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await server.stop();
  await models.stop();
  await database.close();
});
