import pino from "pino";
import type { LogLevel } from "./log-levels.ts";
import { safeForLog, safeText } from "./log-safety.ts";

export type Logger = pino.Logger;

/**
 * Structured JSON lines on stderr (stdout stays free for results such as `--json` summaries).
 * Synchronous writes so that the last lines before an exit are never lost.
 */
export function createLogger(options: {
  level: LogLevel;
  name?: string;
  /** Where lines go instead of stderr (a terminal UI that must clear its status line first). */
  write?: (line: string) => void;
}): Logger {
  const write = options.write;
  return pino(
    {
      level: options.level,
      base: options.name ? { svc: options.name } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are turned into fields by safeForLog (below), under any key.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => safeForLog(fields) as Record<string, unknown>,
      },
      hooks: {
        // The message too: it is often built from an error's text.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === "string" ? safeText(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    write ? { write } : pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for library callers that pass none. */
export const silentLogger: Logger = pino({ level: "silent" });
