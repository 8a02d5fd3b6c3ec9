import type { LogSink } from "@streamlens/core/contracts";
import type { Context, MiddlewareHandler } from "hono";
import type { AuthFailureLimiter } from "./auth-failures.ts";
import type { AppEnv } from "./env.ts";
import { apiError } from "./errors.ts";

const encoder = new TextEncoder();

/**
 * Constant-time comparison: the time taken does not depend on where two tokens differ (the
 * lengths are compared through digests, so they leak nothing either).
 */
async function sameToken(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i += 1) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

export interface AdminGuardOptions {
  limiter: AuthFailureLimiter;
  /** The client's address: the key its failures are counted under. */
  clientAddress: (c: Context<AppEnv>) => string | undefined;
  logger: LogSink;
}

/**
 * Admin routes want `Authorization: Bearer <ADMIN_TOKEN>`: 401 without credentials (or with a
 * malformed header), 403 with a token that is not the one. Without ADMIN_TOKEN configured the
 * admin routes are closed (403) rather than open. A client with too many failures in a window
 * gets 429 with Retry-After before its token is looked at, so guessing is slow however fast it
 * asks. Every admin action and every refusal is logged with the client's address (never a token).
 */
export function adminGuard(options: AdminGuardOptions): MiddlewareHandler<AppEnv> {
  const { limiter, logger } = options;
  return async (c, next) => {
    const client = options.clientAddress(c) ?? "unknown";
    const where = { client, method: c.req.method, path: c.req.path };
    const blocked = limiter.retryAfter(client);
    if (blocked !== undefined) {
      logger.warn(
        { ...where, status: 429, retry_after_s: blocked },
        "admin request refused: too many failures",
      );
      c.header("retry-after", String(blocked));
      return apiError(
        c,
        429,
        "too-many-requests",
        `too many failed admin authentications from this client; retry in ${blocked} s`,
      );
    }
    const header = c.req.header("authorization");
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const expected = c.env.ADMIN_TOKEN;
    const refusal = !match
      ? ({ status: 401, reason: header ? "malformed authorization" : "no credentials" } as const)
      : !expected
        ? ({ status: 403, reason: "admin closed: no ADMIN_TOKEN set" } as const)
        : !(await sameToken(match[1] as string, expected))
          ? ({ status: 403, reason: "wrong token" } as const)
          : undefined;
    if (refusal) {
      await limiter.fail(client, c.env.ADMIN_AUTH_LIMITER);
      logger.warn({ ...where, status: refusal.status, reason: refusal.reason }, "admin request refused");
      if (refusal.status === 401) {
        c.header("www-authenticate", 'Bearer realm="streamlens admin"');
        return apiError(
          c,
          401,
          "unauthorized",
          header
            ? "Authorization must be 'Bearer <token>'"
            : "admin routes need Authorization: Bearer <token>",
        );
      }
      return apiError(c, 403, "forbidden", "this token may not use the admin routes");
    }
    await next();
    logger.info({ ...where, status: c.res.status }, "admin action");
  };
}
