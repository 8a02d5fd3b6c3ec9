import { z } from "zod";

/** The log levels every command takes (--log-level, STREAMLENS_LOG_LEVEL), quietest last. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;
