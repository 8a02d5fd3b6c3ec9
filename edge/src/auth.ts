import type { MiddlewareHandler } from "hono";
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

/**
 * Admin routes want `Authorization: Bearer <ADMIN_TOKEN>`: 401 without credentials (or with a
 * malformed header), 403 with a token that is not the one. Without ADMIN_TOKEN configured the
 * admin routes are closed (403) rather than open.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header("www-authenticate", 'Bearer realm="streamlens admin"');
    return apiError(
      c,
      401,
      "unauthorized",
      header ? "Authorization must be 'Bearer <token>'" : "admin routes need Authorization: Bearer <token>",
    );
  }
  const expected = c.env.ADMIN_TOKEN;
  if (!expected || !(await sameToken(match[1] as string, expected))) {
    return apiError(c, 403, "forbidden", "this token may not use the admin routes");
  }
  await next();
};
