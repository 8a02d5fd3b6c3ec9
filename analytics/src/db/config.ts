import { defineSetting, defineSettings, type SettingsOf } from "@streamlens/core/contracts";
import { z } from "zod";

/** Which database, declared once: every command that opens one reads these. */
export const databaseSettings = defineSettings("database", {
  url: defineSetting({
    env: "DATABASE_URL",
    shownDefault: "(embedded PGlite)",
    description: "`postgres://…` of PostgreSQL or Neon; unset: the embedded PGlite in the data folder",
    schema: z.string().min(1).optional(),
  }),
  driver: defineSetting({
    env: "DATABASE_DRIVER",
    description: "`postgres` (postgres.js), `neon` (serverless driver), or `auto` (Neon for `*.neon.tech`)",
    schema: z.enum(["auto", "postgres", "neon"]).default("auto"),
  }),
  neonWsProxy: defineSetting({
    env: "NEON_WS_PROXY",
    description: "host:port of a WebSocket-to-TCP proxy, for the Neon driver against a local PostgreSQL",
    schema: z.string().min(1).optional(),
  }),
  dataDir: defineSetting({
    env: "STREAMLENS_DATA_DIR",
    flag: "data-dir",
    arg: "DIR",
    description: "embedded database folder (PGlite lives in `<dir>/pglite`)",
    schema: z.string().min(1).default(".data"),
  }),
});

export const databaseConfigSchema = databaseSettings.schema;
export type DatabaseConfig = SettingsOf<typeof databaseSettings>;
