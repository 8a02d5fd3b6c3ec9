import { z } from "zod";

/**
 * Stream ids travel as message keys, URL path segments and primary keys, so they are kept to
 * a safe alphabet. Case is kept: YouTube video ids are case-sensitive.
 */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const streamIdSchema = z
  .string()
  .regex(
    STREAM_ID_PATTERN,
    "a stream id is 1-100 characters of letters, digits, '_', '.', '-', starting with a letter or digit",
  );

/** Turns any label (a file name, a title) into a valid stream id. */
export function toStreamId(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, 100);
  return slug === "" ? "stream" : slug;
}
