// `bun run edge:local`: the same API under Bun, on PORT (default 8787), against DATABASE_URL or
// the embedded database; the SQL models rebuilt on a timer as the Worker's cron would.
import { databaseConfigSchema, databaseEnv, openDatabase, scheduleModels } from "@streamlens/analytics";
import { createLogger, definedOnly, logLevelFrom, parseConfig, runService } from "@streamlens/core";
import { z } from "zod";
import { createApp, lookbackDays } from "./app.ts";
import type { Bindings } from "./env.ts";

const logger = createLogger({ level: logLevelFrom(process.env, "info"), name: "edge" });
await runService("edge", logger, async (signal) => {
  const { port, modelsIntervalMs } = parseConfig(
    z.object({
      port: z.coerce.number().int().min(0).max(65_535).default(8787),
      modelsIntervalMs: z.coerce.number().int().min(0).default(300_000),
    }),
    definedOnly({ port: process.env.PORT, modelsIntervalMs: process.env.STREAMLENS_MODELS_INTERVAL_MS }),
    "edge configuration",
  );
  const database = await openDatabase(
    parseConfig(databaseConfigSchema, definedOnly(databaseEnv(process.env)), "database configuration"),
    {
      logger,
      signal,
    },
  );
  const bindings: Bindings = {
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    ADMIN_TOKEN: process.env.ADMIN_TOKEN,
    ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS,
    LOOKBACK_DAYS: process.env.LOOKBACK_DAYS,
  };
  const lookback = lookbackDays(bindings); // validated before anything listens
  const app = createApp({ database: () => ({ db: database.db, release: () => {} }) });
  const models = scheduleModels(
    database.db,
    modelsIntervalMs,
    { lookbackDays: lookback, anchor: "now" },
    logger,
  );
  const server = Bun.serve({ port, hostname: "0.0.0.0", fetch: (request) => app.fetch(request, bindings) });
  logger.info({ port: server.port, database: database.where }, "edge API listening");
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await server.stop();
  await models.stop();
  await database.close();
});
