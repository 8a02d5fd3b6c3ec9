import type { Database } from "@streamlens/analytics/store";
import type { RateLimitBinding } from "./auth-failures.ts";

/** Worker bindings (wrangler.toml vars and secrets); the Bun entry fills the same from its env. */
export interface Bindings {
  /** postgres:// of Neon (or a local PostgreSQL behind NEON_WS_PROXY). Secret. */
  DATABASE_URL: string;
  /** Bearer token for /v1/admin routes. Secret. */
  ADMIN_TOKEN?: string;
  /** Comma-separated origins allowed by CORS (the site's); `*` for any. */
  ALLOWED_ORIGINS?: string;
  /** Local development and tests: host:port of a WebSocket-to-TCP proxy for the Neon driver. */
  NEON_WS_PROXY?: string;
  /** How far back the SQL rollups look, in days (the cron trigger's rebuild). */
  STREAMLENS_LOOKBACK_DAYS?: string;
  /** The old name of STREAMLENS_LOOKBACK_DAYS, still read with a deprecation warning. */
  LOOKBACK_DAYS?: string;
  /** `true`: registered sources may reach loopback/private/link-local addresses (tests, a LAN). */
  STREAMLENS_ALLOW_PRIVATE_SOURCES?: string;
  /** Comma-separated internal CIDR ranges registered sources may reach (e.g. a camera VLAN). */
  STREAMLENS_ALLOW_SOURCE_CIDRS?: string;
  /** Workers: the rate-limiting binding counting failed admin authentications across isolates. */
  ADMIN_AUTH_LIMITER?: RateLimitBinding;
}

/**
 * The bindings of the API run under Bun (`bun run serve`, `pipeline --serve`), from its
 * environment. CORS allows `bun run site:dev`'s origin unless told otherwise, as wrangler.toml does.
 */
export function bunBindings(env: Record<string, string | undefined>): Bindings {
  return {
    DATABASE_URL: env.DATABASE_URL ?? "",
    ADMIN_TOKEN: env.ADMIN_TOKEN,
    ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? "http://localhost:4321",
    STREAMLENS_LOOKBACK_DAYS: env.STREAMLENS_LOOKBACK_DAYS,
    LOOKBACK_DAYS: env.LOOKBACK_DAYS,
    STREAMLENS_ALLOW_PRIVATE_SOURCES: env.STREAMLENS_ALLOW_PRIVATE_SOURCES,
    STREAMLENS_ALLOW_SOURCE_CIDRS: env.STREAMLENS_ALLOW_SOURCE_CIDRS,
  };
}

export interface Variables {
  db: Database;
}

/** The one type carried through Hono: `c.env` and `c.var` are typed without casts. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
