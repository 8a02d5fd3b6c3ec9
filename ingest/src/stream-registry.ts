import {
  checkSourcePolicy,
  describeError,
  type Logger,
  parseSourceLocation,
  REGISTERED_SOURCE_POLICY,
  redactText,
  type SourcePolicy,
  sleep,
} from "@streamlens/core";
import type { Ingest } from "./ingest.ts";
import { publicErrorMessage } from "./public-error.ts";
import { parseSourceRef, type SourceRef } from "./sources/source-ref.ts";
import type { SourceInfo } from "./sources/types.ts";
import type { StreamStatus } from "./stream-runner.ts";

/**
 * The stream registry as ingest sees it: which streams should run, and where ingest reports what
 * it knows of them. Implemented over the database by analytics; the composition root (ingest's
 * main.ts, the pipeline) hands it in, so ingest never imports analytics.
 */
export interface StreamRegistry {
  /** Registers (or updates) a command-line source, active; the command line is an explicit local user. */
  register(stream: { id: string; source: string }): Promise<void>;
  /** Active streams: what should run. */
  active(): Promise<Array<{ id: string; source: string; fps: number; scoreThreshold?: number | undefined }>>;
  report(
    id: string,
    report: {
      status: string;
      lastFrameAt?: string | undefined;
      lastError?: { message: string; at: string } | undefined;
    },
  ): Promise<void>;
  info(id: string, info: SourceInfo & { live?: boolean | undefined }): Promise<void>;
}

/**
 * Writes what ingest knows back to the registry: each state change and error at once, the last
 * frame time at most every `intervalMs`, and the source's facts each time it is resolved.
 * Writes for one stream stay in order; a failed write is logged and does not stop ingest.
 */
export class RegistryReporter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly reportedFrameAt = new Map<string, string | undefined>();
  private readonly savedInfo = new Map<string, unknown>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly statuses: () => StreamStatus[],
    private readonly logger: Logger,
    intervalMs = 5000,
  ) {
    this.timer = setInterval(() => {
      for (const status of this.statuses()) {
        if (status.lastFrameAt !== this.reportedFrameAt.get(status.id)) this.onStatus(status);
      }
    }, intervalMs);
  }

  onStatus = (status: StreamStatus) => {
    const snapshot = {
      status: status.state,
      lastFrameAt: status.lastFrameAt,
      // The registry is public (the API shows last_error): general terms only, never the cause.
      lastError: status.lastError
        ? { message: publicErrorMessage(status.lastError), at: status.lastError.at }
        : undefined,
    };
    this.reportedFrameAt.set(status.id, status.lastFrameAt);
    const info = status.info;
    const newInfo = info !== undefined && this.savedInfo.get(status.id) !== info;
    if (newInfo) this.savedInfo.set(status.id, info);
    this.enqueue(status.id, async () => {
      await this.registry.report(status.id, snapshot);
      if (newInfo && info) await this.registry.info(status.id, { ...info, live: status.live });
    });
  };

  /** Stops the timer and waits for the writes in flight. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const status of this.statuses()) this.onStatus(status);
    await Promise.all(this.chains.values());
  }

  private enqueue(id: string, write: () => Promise<void>) {
    const next = (this.chains.get(id) ?? Promise.resolve())
      .then(write)
      .catch((error) =>
        this.logger.warn({ stream: id, error: describeError(error) }, "registry update failed"),
      );
    this.chains.set(id, next);
  }
}

/**
 * Keeps ingest in step with the registry: polls it every `intervalMs` (default 5 s, so a change
 * takes effect within 10 s), starts streams that became active, stops those deactivated or
 * removed, and restarts a stream whose source or frame rate changed. Returns when `signal`
 * aborts, with every stream stopped.
 */
export async function followRegistry(
  registry: StreamRegistry,
  ingest: Ingest,
  options: {
    intervalMs?: number;
    signal: AbortSignal;
    logger: Logger;
    /** What registered sources may be (default: network sources of public hosts). */
    policy?: SourcePolicy;
  },
): Promise<void> {
  const running = new Map<string, string>();
  const { signal, logger } = options;
  const policy = options.policy ?? REGISTERED_SOURCE_POLICY;
  while (!signal.aborted) {
    try {
      const wanted = new Map((await registry.active()).map((s) => [s.id, s]));
      // A threshold change needs no restart: the stream's next frames carry the new one.
      for (const [id, want] of wanted) ingest.setScoreThreshold(id, want.scoreThreshold);
      for (const [id, fingerprint] of running) {
        const want = wanted.get(id);
        if (!want || `${want.source}|${want.fps}` !== fingerprint) {
          logger.info({ stream: id, reason: want ? "changed" : "deactivated" }, "stopping stream");
          await ingest.stop(id);
          running.delete(id);
        }
      }
      for (const [id, want] of wanted) {
        if (running.has(id)) continue;
        try {
          // Defence in depth: a row written around the API (SQL, an old version) is checked again.
          const parsed = parseSourceLocation(want.source);
          checkSourcePolicy(parsed, policy);
          const ref: SourceRef = { ...parseSourceRef(want.source), id, policy };
          ingest.start(ref, signal, { fps: want.fps });
          running.set(id, `${want.source}|${want.fps}`);
          logger.info({ stream: id, source: ref.label, fps: want.fps }, "starting stream");
        } catch (error) {
          logger.error({ stream: id, error: redactText(describeError(error)) }, "registered source refused");
          await registry.report(id, {
            status: "failed",
            lastError: { message: publicErrorMessage(error), at: new Date().toISOString() },
          });
          running.set(id, `${want.source}|${want.fps}`);
        }
      }
    } catch (error) {
      logger.warn({ error: describeError(error) }, "reading the stream registry failed; trying again");
    }
    await sleep(options.intervalMs ?? 5000, signal);
  }
  await ingest.stopAll();
}
