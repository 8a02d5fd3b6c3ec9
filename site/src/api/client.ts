// The typed API client: openapi-fetch over the generated paths, and TanStack Query hooks over it
// (openapi-react-query), so every call's parameters and response are checked against the API.
import createFetchClient from "openapi-fetch";
import createQueryHooks from "openapi-react-query";
import { apiBase } from "../lib/config";
import type { paths } from "./schema";
import type { ApiErrorBody } from "./types";

export const api = createFetchClient<paths>({
  baseUrl: apiBase(),
  // Reads carry max-age; a dashboard wants the newest data, so it revalidates every time (the
  // API answers 304 to a matching ETag, which keeps polling cheap).
  cache: "no-cache",
});

export const $api = createQueryHooks(api);

/**
 * The latest annotated frame of a stream, full size or as the thumbnail lists use; `version`
 * (its time) makes a new frame a new URL.
 */
export function snapshotJpegUrl(streamId: string, version: string, size: "full" | "thumb" = "full"): string {
  const query = `${size === "thumb" ? "size=thumb&" : ""}v=${encodeURIComponent(version)}`;
  return `${apiBase()}/v1/streams/${encodeURIComponent(streamId)}/snapshot.jpg?${query}`;
}

/** A failed call as one sentence a person can act on. */
export function describeApiError(error: unknown): string {
  const body = error as Partial<ApiErrorBody> | undefined;
  if (body?.error?.message) return body.error.message;
  if (error instanceof TypeError) return "the API did not answer (network error or server down)";
  if (error instanceof Error) return error.message;
  return "the API answered with an unexpected error";
}

/** Whether an error is the API saying "no such thing" (a real answer, not an outage). */
export function isNotFound(error: unknown): boolean {
  return (error as Partial<ApiErrorBody> | undefined)?.error?.code === "not-found";
}
