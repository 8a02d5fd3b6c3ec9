import type { LogLevel } from "../log-levels.ts";
import { createLogger, type Logger } from "../logger.ts";

/**
 * A logger that keeps its records in memory, for tests that assert what was logged. Built like
 * the services' own (same formatting and log safety), so a test sees what a log file would.
 */
export function captureLogger(level: LogLevel = "debug"): {
  logger: Logger;
  records: () => Array<Record<string, unknown>>;
} {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line: string) => void lines.push(line) });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
