import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import type { Database } from "../database.ts";
import * as schema from "../schema.ts";

export interface NeonOptions {
  /**
   * For local development and tests: route the driver's WebSocket through a WebSocket-to-TCP
   * proxy in front of a plain PostgreSQL (as Neon's local-development guide does), without TLS.
   */
  wsProxy?: string;
  onIdleError?: (error: Error) => void;
}

/**
 * Neon's serverless driver (PostgreSQL over WebSockets): what the Worker uses, and what talks to
 * Neon from anywhere. Pool-based, so transactions work.
 */
export function openNeon(url: string, options: NeonOptions = {}): { db: Database; close(): Promise<void> } {
  configureNeon(options);
  const pool = new Pool({ connectionString: url });
  // An idle connection the server drops (restart, failover) is reported, not thrown: the pool
  // opens a new one on the next query.
  pool.on("error", (error: Error) => options.onIdleError?.(error));
  const db = drizzle(pool, { schema });
  return { db: db as unknown as Database, close: () => pool.end() };
}

/** Applies the migrations through the Neon driver (`bun run db:migrate` with DATABASE_DRIVER=neon). */
export async function migrateNeon(
  url: string,
  migrationsFolder: string,
  options: NeonOptions = {},
): Promise<void> {
  configureNeon(options);
  const pool = new Pool({ connectionString: url });
  try {
    await migrate(drizzle(pool, { schema }), { migrationsFolder });
  } finally {
    await pool.end();
  }
}

function configureNeon(options: NeonOptions) {
  if (options.wsProxy) {
    const proxy = options.wsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
}
