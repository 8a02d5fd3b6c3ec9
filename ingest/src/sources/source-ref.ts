import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import {
  parseSourceLocation,
  redactUrl,
  type SourceKind,
  type SourcePolicy,
  splitSourceId,
  streamIdSchema,
} from "@streamlens/core";

export interface SourceRef {
  id: string;
  kind: SourceKind;
  /** Absolute path, or the URL as given (credentials included: it is what ffmpeg needs). */
  location: string;
  /** The location with credentials removed, for logs, errors and the database. */
  label: string;
  /**
   * Which addresses the source may reach when opened; absent: the command line's (the user's
   * own choice, loopback and LAN included). Streams from the registry carry the operator's.
   */
  policy?: SourcePolicy;
}

/**
 * Parses one command-line source, `[id=]<path|url>` (core's parser does the validation); file
 * paths are resolved against `cwd`.
 */
export function parseSourceRef(raw: string, cwd = process.cwd()): SourceRef {
  const input = raw.trim();
  const explicit = splitSourceId(input);
  // `name=...` is an id only when the whole input is not itself an existing file.
  if (explicit.id !== undefined && !existsSync(resolve(cwd, input))) {
    const { id, source: rest } = explicit;
    const ref = parseSourceRef(rest, cwd);
    return { ...ref, id: streamIdSchema.parse(id) };
  }
  const parsed = parseSourceLocation(input);
  const location =
    parsed.kind === "file" && !isAbsolute(parsed.location) ? resolve(cwd, parsed.location) : parsed.location;
  // The command line's user sees a file as they wrote it (their own terminal and summary); what
  // is stored or served (the registry's label) is the file name only, from core's parser.
  const label = parsed.kind === "file" ? parsed.location : parsed.label;
  return { id: parsed.defaultId, kind: parsed.kind, location, label };
}

/**
 * Parses several sources, making ids unique (`name`, `name-2`, ...). A source that does not
 * parse is reported with its error and does not stop the others.
 */
export function parseSources(
  inputs: string[],
  cwd = process.cwd(),
): { refs: SourceRef[]; rejected: Array<{ input: string; error: unknown }> } {
  const seen = new Map<string, number>();
  const refs: SourceRef[] = [];
  const rejected: Array<{ input: string; error: unknown }> = [];
  for (const input of inputs) {
    try {
      const ref = parseSourceRef(input, cwd);
      const count = (seen.get(ref.id) ?? 0) + 1;
      seen.set(ref.id, count);
      refs.push(count === 1 ? ref : { ...ref, id: `${ref.id.slice(0, 95)}-${count}` });
    } catch (error) {
      // The input is logged and shown in summaries: its credentials are masked here, once.
      rejected.push({ input: redactUrl(input), error });
    }
  }
  return { refs, rejected };
}
