import {
  backoffDelay,
  describeError,
  type Frame,
  isStreamlensError,
  type Logger,
  redactText,
  StreamlensError,
  sleep,
  toIsoTimestamp,
} from "@streamlens/core";
import { DropOldestBuffer } from "./drop-oldest-buffer.ts";
import type { SampledFrame } from "./ffmpeg/sampler.ts";
import { LiveClock } from "./live-clock.ts";
import type { IngestConfig } from "./settings.ts";
import { openSource } from "./sources/open-source.ts";
import type { SourceRef } from "./sources/source-ref.ts";
import type { OpenContext, OpenedSource, SourceInfo, SourceTiming } from "./sources/types.ts";

/**
 * starting → running → (ended | backoff → starting … | failed | stopped).
 * `ended`: a file or image reached its end. `failed`: given up, with `lastError`.
 * `stopped`: asked to stop (Ctrl-C, --duration, deactivated).
 */
export type StreamState = "starting" | "running" | "backoff" | "ended" | "failed" | "stopped";

export interface StreamError {
  code: string;
  message: string;
  at: string;
}

export interface StreamStatus {
  id: string;
  kind: SourceRef["kind"];
  source: string;
  state: StreamState;
  live: boolean | undefined;
  /** Restarts after failures, over the stream's lifetime. */
  restarts: number;
  framesRead: number;
  /** Frames a live stream dropped because the bus was busy (newest kept). */
  framesDropped: number;
  lastFrameAt: string | undefined;
  lastError: StreamError | undefined;
  info: SourceInfo | undefined;
}

export interface StreamRunnerDeps {
  config: IngestConfig;
  context: Omit<OpenContext, "signal" | "config" | "policy">;
  /** Hands a frame on; resolves when the bus accepted it (this is where backpressure bites). */
  emit: (frame: Frame, source: { live: boolean }) => Promise<void>;
  onStatus?: (status: StreamStatus) => void;
  logger: Logger;
}

export interface StreamHandle {
  readonly status: StreamStatus;
  readonly done: Promise<StreamStatus>;
}

/** Runs one stream under supervision until it ends, fails for good, or `signal` aborts. */
export function startStream(ref: SourceRef, deps: StreamRunnerDeps, signal: AbortSignal): StreamHandle {
  const status: StreamStatus = {
    id: ref.id,
    kind: ref.kind,
    source: ref.label,
    state: "starting",
    live: undefined,
    restarts: 0,
    framesRead: 0,
    framesDropped: 0,
    lastFrameAt: undefined,
    lastError: undefined,
    info: undefined,
  };
  const done = superviseStream(ref, deps, signal, status);
  return { status, done };
}

async function superviseStream(
  ref: SourceRef,
  deps: StreamRunnerDeps,
  signal: AbortSignal,
  status: StreamStatus,
): Promise<StreamStatus> {
  const { config, logger } = deps;
  const log = logger.child({ stream: ref.id });
  const setState = (state: StreamState) => {
    status.state = state;
    deps.onStatus?.(status);
  };
  // Timestamps (and so seq) only ever grow within a stream, across restarts too.
  let lastTs = -1;
  let failures = 0;

  while (!signal.aborted) {
    setState("starting");
    let readThisRun = 0;
    try {
      const opened = await openSource(ref, { ...deps.context, config, signal });
      status.live = opened.live;
      status.info = opened.info;
      const toFrame = frameMaker(
        ref.id,
        opened,
        () => lastTs,
        (ts) => {
          lastTs = ts;
        },
      );
      const onRead = () => {
        readThisRun += 1;
        status.framesRead += 1;
        status.lastFrameAt = new Date().toISOString();
        if (status.state !== "running") {
          setState("running");
          log.info({ live: opened.live, info: opened.info }, "stream running");
        }
      };
      if (opened.live) {
        await pumpLive(
          opened,
          signal,
          config.liveBuffer,
          toFrame,
          onRead,
          (frame) => deps.emit(frame, { live: true }),
          () => {
            status.framesDropped += 1;
          },
        );
      } else {
        // A recording read again after a failure (a send that failed while the broker was down,
        // ffmpeg dying) starts from its beginning: the frames delivered before are skipped by
        // their media time, so none is sent twice under a new seq and counted twice.
        const deliveredUpTo = lastTs;
        const timing = opened.timing;
        for await (const sampled of opened.frames(signal)) {
          if (timing.kind === "media" && mediaTimeMs(timing, sampled) <= deliveredUpTo) continue;
          onRead();
          const before = lastTs;
          try {
            await deps.emit(toFrame(sampled), { live: false });
          } catch (error) {
            // Not delivered: the next run sends this frame again, under the same seq.
            lastTs = before;
            throw error;
          }
        }
      }
      if (signal.aborted) break;
      if (!opened.live) {
        setState("ended");
        log.info({ frames: status.framesRead }, "stream ended");
        return status;
      }
      throw new StreamlensError("source-ended", `${ref.label}: the live source ended`, { retryable: true });
    } catch (error) {
      if (signal.aborted) break;
      // Unexpected errors are retried too; maxRestarts bounds them.
      const code = isStreamlensError(error) ? error.code : "error";
      const retryable = isStreamlensError(error) ? error.retryable : true;
      // ffmpeg and yt-dlp may echo the URL they were given: credentials are masked again here.
      status.lastError = { code, message: redactText(describeError(error)), at: new Date().toISOString() };
      // A run that delivered frames was progress: the failure count starts again.
      failures = readThisRun > 0 ? 1 : failures + 1;
      const exhausted = config.maxRestarts > 0 && failures > config.maxRestarts;
      if (!retryable || exhausted) {
        log.error({ code, error: status.lastError.message, failures }, "stream failed");
        setState("failed");
        return status;
      }
      const delay = backoffDelay(failures - 1, {
        initialMs: config.restartInitialMs,
        maxMs: config.restartMaxMs,
        jitter: 0.2,
      });
      log.warn({ code, error: status.lastError.message, retryInMs: delay, failures }, "stream restarting");
      setState("backoff");
      status.restarts += 1;
      await sleep(delay, signal);
    }
  }
  setState("stopped");
  return status;
}

/** A recording's frame time from its media time: whole ms, before the start counting as 0. */
function mediaTimeMs(timing: Extract<SourceTiming, { kind: "media" }>, sampled: SampledFrame): number {
  return Math.max(0, Math.round(timing.baseMs + sampled.ptsMs - timing.startPtsMs));
}

/** Media time (files) or the live clock (streams) to a frame whose seq never repeats. */
function frameMaker(
  streamId: string,
  opened: OpenedSource,
  lastTs: () => number,
  setLastTs: (ts: number) => void,
) {
  const clock = opened.timing.kind === "live" ? new LiveClock() : undefined;
  const timing = opened.timing;
  return (sampled: SampledFrame): Frame => {
    const at =
      timing.kind === "media"
        ? mediaTimeMs(timing, sampled)
        : Math.round((clock as LiveClock).stamp(sampled.ptsMs));
    const ts = Math.max(0, at, lastTs() + 1);
    setLastTs(ts);
    return {
      stream_id: streamId,
      seq: ts,
      frame_ts: toIsoTimestamp(ts),
      width: sampled.width,
      height: sampled.height,
      live: opened.live,
      pixel_format: sampled.format,
      image: sampled.image,
    };
  };
}

/** Reads a live source at its own pace; a busy bus costs the oldest waiting frame, not a stall. */
async function pumpLive(
  opened: OpenedSource,
  signal: AbortSignal,
  capacity: number,
  toFrame: (sampled: SampledFrame) => Frame,
  onRead: () => void,
  emit: (frame: Frame) => Promise<void>,
  onDrop: () => void,
) {
  const buffer = new DropOldestBuffer<Frame>(capacity);
  const sender = (async () => {
    for await (const frame of buffer) await emit(frame);
  })();
  try {
    for await (const sampled of opened.frames(signal)) {
      onRead();
      if (buffer.push(toFrame(sampled))) onDrop();
    }
  } finally {
    buffer.close();
    await sender;
  }
}
