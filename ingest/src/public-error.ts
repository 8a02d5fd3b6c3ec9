import { isStreamlensError } from "@streamlens/core";

/**
 * The general account of a failure shown to the public (`last_error` in the API). The detailed
 * cause (path, errno, host and port reachability) goes to the service log only: telling "no such
 * file" from "connection refused" would let anyone probe the ingest host and its network.
 */
export const PUBLIC_ERRORS = {
  open: "could not open the source",
  media: "the source is not a supported video",
  stopped: "the source stopped answering",
  refused: "the source is not allowed",
  failed: "the stream failed",
} as const;

const BY_CODE: Record<string, string> = {
  "unsafe-source": PUBLIC_ERRORS.refused,
  "unsupported-source": PUBLIC_ERRORS.refused,
  "unsupported-protocol": PUBLIC_ERRORS.refused,
  "invalid-media": PUBLIC_ERRORS.media,
  "invalid-playlist": PUBLIC_ERRORS.media,
  "no-video": PUBLIC_ERRORS.media,
  truncated: PUBLIC_ERRORS.media,
  "not-a-file": PUBLIC_ERRORS.media,
  "invalid-image": PUBLIC_ERRORS.media,
  "no-frames": PUBLIC_ERRORS.media,
  "too-large": PUBLIC_ERRORS.media,
  timeout: PUBLIC_ERRORS.stopped,
  stalled: PUBLIC_ERRORS.stopped,
  "source-ended": PUBLIC_ERRORS.stopped,
};

/** An error (or a stream's `lastError`, with its code) in general terms. */
export function publicErrorMessage(error: unknown): string {
  const code =
    isStreamlensError(error) || (typeof error === "object" && error !== null && "code" in error)
      ? String((error as { code: unknown }).code)
      : "";
  // Everything about reaching the source (not found, refused, DNS, HTTP status) reads the same.
  return BY_CODE[code] ?? PUBLIC_ERRORS.open;
}
