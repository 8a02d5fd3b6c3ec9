import type { z } from "zod";

/**
 * Text that may be stored and shown: well-formed Unicode without control characters. PostgreSQL
 * refuses NUL in text (a request carrying `%00` was a 500), and control characters or lone
 * surrogates in a name, title or URL are never meant; they are refused up front, as a 400.
 */
export function isPlainText(value: string): boolean {
  // \p{Cs} matches only lone surrogates: a proper pair is one code point in a /u pattern.
  return !/[\p{Cc}\p{Cs}]/u.test(value);
}

export const PLAIN_TEXT_MESSAGE = "must not contain control characters (such as NUL) or broken Unicode";

/** The one refinement for free text in every input (query parameters, request bodies). */
export function plainText<S extends z.ZodString>(schema: S): S {
  return schema.refine(isPlainText, { message: PLAIN_TEXT_MESSAGE }) as S;
}
