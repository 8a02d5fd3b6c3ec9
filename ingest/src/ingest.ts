import type { Frame, Logger } from "@streamlens/core";
import type { IngestConfig } from "./settings.ts";
import type { SourceRef } from "./sources/source-ref.ts";
import { type StreamHandle, type StreamStatus, startStream } from "./stream-runner.ts";
import { locateTools, locateYtDlp, type ToolPaths } from "./tools/locate.ts";

export interface IngestOptions {
  config: IngestConfig;
  logger: Logger;
  emit: (frame: Frame, source: { live: boolean }) => Promise<void>;
  onStatus?: (status: StreamStatus) => void;
  /** PATH to search for ffmpeg, ffprobe and yt-dlp. */
  pathVar?: string | undefined;
}

/** Runs several streams side by side: one failing never stops the others. */
export class Ingest {
  private readonly handles = new Map<string, { handle: StreamHandle; stop: AbortController }>();
  /** Registry score thresholds per stream: stamped on each frame, changed without a restart. */
  private readonly scoreThresholds = new Map<string, number>();
  private toolsPromise: Promise<ToolPaths> | undefined;

  constructor(private readonly options: IngestOptions) {}

  /** Starts a stream (ids are unique: starting a running id is a no-op); `overrides` per stream (fps). */
  start(ref: SourceRef, parent?: AbortSignal, overrides: Partial<IngestConfig> = {}): StreamHandle {
    const existing = this.handles.get(ref.id);
    if (existing && !isFinal(existing.handle.status.state)) return existing.handle;
    const stop = new AbortController();
    const signal = parent ? AbortSignal.any([parent, stop.signal]) : stop.signal;
    const { config, logger, onStatus, pathVar } = this.options;
    const emit = (frame: Frame, source: { live: boolean }) => this.options.emit(this.stamped(frame), source);
    const handle = startStream(
      ref,
      {
        config: { ...config, ...overrides },
        logger,
        emit,
        ...(onStatus ? { onStatus } : {}),
        context: {
          tools: () => this.tools(),
          ytdlp: () => locateYtDlp({ ytdlpPath: config.ytdlpPath, pathVar }),
          logger,
        },
      },
      signal,
    );
    this.handles.set(ref.id, { handle, stop });
    return handle;
  }

  /** The stream's own detection score threshold for its next frames; undefined = none. */
  setScoreThreshold(id: string, threshold: number | undefined) {
    if (threshold === undefined) this.scoreThresholds.delete(id);
    else this.scoreThresholds.set(id, threshold);
  }

  private stamped(frame: Frame): Frame {
    const threshold = this.scoreThresholds.get(frame.stream_id);
    return threshold === undefined ? frame : { ...frame, score_threshold: threshold };
  }

  /** Stops one stream; resolves with its final status. */
  async stop(id: string): Promise<StreamStatus | undefined> {
    const entry = this.handles.get(id);
    if (!entry) return undefined;
    entry.stop.abort();
    return entry.handle.done;
  }

  statuses(): StreamStatus[] {
    return [...this.handles.values()].map((e) => e.handle.status);
  }

  /** Resolves when every stream started so far has finished. */
  async settled(): Promise<StreamStatus[]> {
    return Promise.all([...this.handles.values()].map((e) => e.handle.done));
  }

  async stopAll(): Promise<StreamStatus[]> {
    for (const entry of this.handles.values()) entry.stop.abort();
    return this.settled();
  }

  /** ffmpeg is looked up once, on first need; a failed lookup is retried next time. */
  private tools(): Promise<ToolPaths> {
    if (!this.toolsPromise) {
      const { config, pathVar } = this.options;
      this.toolsPromise = locateTools({
        ffmpegPath: config.ffmpegPath,
        ffprobePath: config.ffprobePath,
        pathVar,
      });
      this.toolsPromise.catch(() => {
        this.toolsPromise = undefined;
      });
    }
    return this.toolsPromise;
  }
}

export function isFinal(state: StreamStatus["state"]): boolean {
  return state === "ended" || state === "failed" || state === "stopped";
}
