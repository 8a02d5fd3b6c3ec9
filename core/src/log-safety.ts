/**
 * What a log line may carry: a failed query's error holds its parameters (a whole JPEG, printed
 * as 1.2 MB of numbers), and a URL may hold credentials. Every field of every line passes here:
 * binary values become their size, long text is cut, userinfo in URLs is masked, and nesting is
 * bounded. Written here rather than with pino's `redact` because that only removes known paths,
 * and these values turn up anywhere (inside error messages, causes, arrays).
 */
const MAX_TEXT = 2_000;
const MAX_ITEMS = 20;
const MAX_DEPTH = 6;
/** `scheme://user:pass@` → `scheme://***@`: credentials never reach a log line. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;

export function safeText(text: string): string {
  const masked = text.includes("@") ? text.replace(USERINFO, "$1***@") : text;
  return masked.length <= MAX_TEXT
    ? masked
    : `${masked.slice(0, MAX_TEXT)}… [${masked.length - MAX_TEXT} more characters]`;
}

function isBinary(value: object): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

export function safeForLog(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return safeText(value);
  if (typeof value !== "object" || value === null) return value;
  if (isBinary(value)) return `[binary, ${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => safeForLog(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `[${value.length - MAX_ITEMS} more items]`] : items;
  }
  if (value instanceof Error) {
    const fields: Record<string, unknown> = { type: value.name, message: value.message };
    for (const [key, field] of Object.entries(value)) fields[key] = field;
    if (value.stack) fields.stack = value.stack;
    if (value.cause !== undefined) fields.cause = value.cause;
    return safeForLog(fields, depth);
  }
  if (value instanceof Date || value instanceof URL) return safeText(String(value));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = safeForLog(field, depth + 1);
  return out;
}
