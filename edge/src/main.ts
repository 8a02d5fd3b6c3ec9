// `bun run serve` / `bun run edge:local`: the API and the built site under Bun, on HOST (default
// 127.0.0.1: this machine only) and PORT (default 8787), against DATABASE_URL or the embedded
// database; the SQL rollups rebuilt on a timer, as the Worker's cron does in production.
// STREAMLENS_SERVE_SITE=false serves the API alone.
import { databaseSettings, openDatabase, scheduleRollups } from "@streamlens/analytics";
import {
  createLogger,
  defineSettings,
  hostSetting,
  loadSettingsGroups,
  logLevelSetting,
  runService,
  settingsOrExit,
} from "@streamlens/core";
import { ensureSiteBuilt } from "@streamlens/site";
import { lookbackDays, sourcePolicy } from "./app.ts";
import { serveLocal } from "./bun/serve-local.ts";
import { bunBindings } from "./env.ts";
import { edgeServerSettings } from "./settings.ts";

const common = defineSettings("edge", { host: hostSetting, logLevel: logLevelSetting("info") });
const config = settingsOrExit("edge", () =>
  loadSettingsGroups(
    { common, server: edgeServerSettings, database: databaseSettings },
    { env: process.env },
    "edge configuration",
  ),
);
const logger = createLogger({ level: config.common.logLevel, name: "edge" });
await runService("edge", logger, async (signal) => {
  const { host } = config.common;
  const { port, rollupIntervalMs, serveSite } = config.server;
  const bindings = bunBindings(process.env);
  const lookback = lookbackDays(bindings); // validated before anything listens
  sourcePolicy(bindings);
  const siteDir = serveSite
    ? await ensureSiteBuilt({ env: process.env, log: (line) => logger.info(line) })
    : undefined;
  const database = await openDatabase(config.database, { logger, signal });
  // Locally the data is often a recording (the fixture video is from 2017): the lookback ends at
  // the newest data, as in `bun run pipeline`, so a rebuild never empties what a run wrote. For
  // live streams the newest data is now.
  const rollups = scheduleRollups(
    database.db,
    rollupIntervalMs,
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
  await rollups.stop();
  await database.close();
});
