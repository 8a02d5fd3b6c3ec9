import { definedOnly } from "@streamlens/core";

/** The command-line flags of ingest's settings, shared by `bun run ingest` and `bun run pipeline`. */
export const INGEST_FLAGS = {
  fps: { type: "string" },
  "max-width": { type: "string" },
  decode: { type: "string" },
  "max-restarts": { type: "string" },
  "stall-timeout": { type: "string" },
  "start-time": { type: "string" },
} as const;

export const INGEST_FLAGS_USAGE = `  --fps N              sampled frames per second per stream (default 1)
  --max-width N        scale frames down to at most N pixels wide (default 1280; 0 = keep)
  --decode MODE        auto (default), keyframes, noref or all
  --max-restarts N     failed starts of a live source before giving up (default 5; 0 = never)
  --stall-timeout S    restart a live source after S seconds without a frame (default 10)
  --start-time ISO     media time 0 of files (default: the file's creation time)`;

type Values = Partial<Record<keyof typeof INGEST_FLAGS, string>>;

/** Flag values as ingest settings (validated by ingestConfigSchema, which names what is wrong). */
export function ingestFlagSettings(values: Values) {
  return definedOnly({
    fps: values.fps,
    maxWidth: values["max-width"],
    decode: values.decode,
    maxRestarts: values["max-restarts"],
    stallTimeoutMs: secondsToMs(values["stall-timeout"]),
    fileStartTime: values["start-time"],
  });
}

/** Seconds on the command line, milliseconds in the config; text that is not a number stays as is for the schema to refuse. */
function secondsToMs(seconds: string | undefined): string | number | undefined {
  if (seconds === undefined) return undefined;
  const n = Number(seconds);
  return seconds.trim() !== "" && Number.isFinite(n) ? Math.round(n * 1000) : seconds;
}
