/**
 * The logging that code shared with the Worker needs: structured object + message. pino's
 * Logger (the services') and a console-based one (the Worker's) both fit.
 */
export interface LogSink {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** JSON lines through console, for runtimes without pino (Workers). */
export function consoleLogSink(base: Record<string, unknown> = {}): LogSink {
  const line = (level: string, obj: object, msg?: string) =>
    JSON.stringify({ level, time: new Date().toISOString(), ...base, ...obj, msg });
  return {
    debug: (obj, msg) => console.debug(line("debug", obj, msg)),
    info: (obj, msg) => console.log(line("info", obj, msg)),
    warn: (obj, msg) => console.warn(line("warn", obj, msg)),
    error: (obj, msg) => console.error(line("error", obj, msg)),
  };
}
