import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { apiError } from "./errors.ts";

/** No route needs more: the longest parameters (a cursor, a model name) are a few hundred bytes. */
export const MAX_URL_BYTES = 8 * 1024;
/** Request headers in all, as the usual HTTP servers allow (Node's and Bun's default). */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Oversized requests get their status with the JSON error body: 414 for a URL past
 * MAX_URL_BYTES, 431 for headers past MAX_HEADER_BYTES. The runtime's own parser answers only
 * past its (higher) limit, with an empty body (see serve-local.ts).
 */
export const requestLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.url.length > MAX_URL_BYTES) {
    return apiError(c, 414, "uri-too-long", `the URL is longer than ${MAX_URL_BYTES} bytes`);
  }
  let headerBytes = 0;
  c.req.raw.headers.forEach((value, name) => {
    headerBytes += name.length + value.length + 4;
  });
  if (headerBytes > MAX_HEADER_BYTES) {
    return apiError(c, 431, "headers-too-large", `the request headers exceed ${MAX_HEADER_BYTES} bytes`);
  }
  await next();
};
