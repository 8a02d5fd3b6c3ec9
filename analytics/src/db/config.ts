import { envString } from "@streamlens/core";
import { z } from "zod";

export const databaseConfigSchema = z
  .object({
    /** postgres:// URL of PostgreSQL or Neon; unset: the embedded PGlite in dataDir. */
    url: z.string().min(1).optional(),
    /** `auto` takes Neon's serverless driver for *.neon.tech hosts, postgres.js otherwise. */
    driver: z.enum(["auto", "postgres", "neon"]).default("auto"),
    /** Neon driver through a local WebSocket-to-TCP proxy (development and tests). */
    neonWsProxy: z.string().min(1).optional(),
    /** Embedded database folder (PGlite lives in <dataDir>/pglite). */
    dataDir: z.string().min(1).default(".data"),
  })
  .strict();

export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;

export function databaseEnv(env: Record<string, string | undefined>) {
  return {
    url: envString(env, "DATABASE_URL"),
    driver: envString(env, "DATABASE_DRIVER"),
    neonWsProxy: envString(env, "NEON_WS_PROXY"),
    dataDir: envString(env, "STREAMLENS_DATA_DIR"),
  };
}
