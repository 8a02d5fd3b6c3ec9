import { isStreamlensError } from "@streamlens/core/contracts";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ApiError {
  error: { code: string; message: string; parameter?: string };
}

export function apiError<S extends ContentfulStatusCode>(
  c: Context,
  status: S,
  code: string,
  message: string,
  parameter?: string,
) {
  const body: ApiError = { error: { code, message, ...(parameter ? { parameter } : {}) } };
  return c.json(body, status, { "cache-control": "no-store" });
}

/**
 * The one error handler: expected failures become their 4xx with a JSON body; only what is
 * truly unexpected is a 500 (logged, without internals in the body).
 */
export function onError(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    return apiError(
      c,
      error.status as ContentfulStatusCode,
      error.status === 404 ? "not-found" : "bad-request",
      error.message,
    );
  }
  if (
    isStreamlensError(error) &&
    (error.code.startsWith("invalid") ||
      error.code === "unsupported-source" ||
      error.code === "unsafe-source")
  ) {
    return apiError(c, 400, error.code, error.message);
  }
  console.error(
    JSON.stringify({ level: "error", msg: "unhandled error", path: c.req.path, error: error.message }),
  );
  return apiError(c, 500, "internal", "something went wrong on our side");
}
