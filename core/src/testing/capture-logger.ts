import pino from "pino";
import type { Logger } from "../logger.ts";

/** A logger that keeps its records in memory, for tests that assert what was logged. */
export function captureLogger(level: pino.Level = "debug"): {
  logger: Logger;
  records: () => Array<Record<string, unknown>>;
} {
  const lines: string[] = [];
  const logger = pino(
    { level, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(line) },
  );
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
