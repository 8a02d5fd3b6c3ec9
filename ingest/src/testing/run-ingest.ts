import type { Frame, SourcePolicy } from "@streamlens/core";
import { captureLogger } from "@streamlens/core/testing";
import { Ingest } from "../ingest.ts";
import { type IngestConfig, ingestConfigSchema } from "../settings.ts";
import { parseSourceRef } from "../sources/source-ref.ts";
import type { StreamStatus } from "../stream-runner.ts";

/** Runs one source through the real Ingest and collects its frames and status changes. */
export function ingestOne(
  source: string,
  overrides: Partial<IngestConfig> = {},
  /** `policy`: open it as a registered stream would be (default: as the command line does). */
  options: { env?: Record<string, string | undefined>; policy?: SourcePolicy } = {},
) {
  const env = options.env ?? process.env;
  const config = ingestConfigSchema.parse({
    ytdlpPath: env.YTDLP_PATH,
    ffmpegPath: env.FFMPEG_PATH,
    restartInitialMs: 200,
    restartMaxMs: 1000,
    ...overrides,
  });
  const frames: Frame[] = [];
  const states: string[] = [];
  const { logger, records } = captureLogger("info");
  const ingest = new Ingest({
    config,
    logger,
    pathVar: env.PATH,
    emit: async (frame) => {
      frames.push(frame);
    },
    onStatus: (status) => {
      if (states.at(-1) !== status.state) states.push(status.state);
    },
  });
  const stop = new AbortController();
  const ref = parseSourceRef(source);
  const handle = ingest.start(options.policy ? { ...ref, policy: options.policy } : ref, stop.signal);
  return {
    frames,
    states,
    records,
    status: handle.status as StreamStatus,
    done: handle.done,
    stop: () => {
      stop.abort();
      return handle.done;
    },
  };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(50);
  }
}
