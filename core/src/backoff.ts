import { describeError } from "./errors.ts";

export interface BackoffOptions {
  /** First delay, in milliseconds. */
  initialMs: number;
  /** Ceiling for any delay, in milliseconds. */
  maxMs: number;
  /** Fraction of random spread added to each delay (0 = none), so restarts do not align. */
  jitter?: number;
}

/**
 * Exponential backoff: initialMs · 2^attempt, capped at maxMs, with optional jitter.
 * Small enough that a library would add more surface than it saves.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  const spread = options.jitter ? base * options.jitter * Math.random() : 0;
  return Math.round(Math.min(options.maxMs, base + spread));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export interface RetryOptions {
  /** What is tried, for the log line `<what> failed, retrying`. */
  what: string;
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** How loudly each failure is logged (default warn). */
  level?: "warn" | "error";
  /** Ends the retries (the last error is thrown) and cuts a wait short. */
  signal?: AbortSignal;
  /** Delays between attempts (default 250 ms doubling up to 10 s, with 20 % jitter). */
  backoff?: BackoffOptions;
  /**
   * Whether to try again after `error` on attempt `attempt` (from 0). Default: unless it says it
   * cannot succeed (a StreamlensError with retryable false).
   */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Fields logged with each failure besides the error, the attempt and the delay. */
  details?: () => object;
}

const DEFAULT_RETRY_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, jitter: 0.2 };
const isRetryable = (error: unknown) => (error as { retryable?: boolean } | undefined)?.retryable !== false;

/**
 * Runs `task` until it succeeds, waiting with backoff between attempts and logging each failure;
 * errors `retryIf` refuses end it at once, as does `signal`. `task` gets the attempt number
 * (from 0).
 */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task(attempt);
    } catch (error) {
      if (options.signal?.aborted || !(options.retryIf ?? isRetryable)(error, attempt)) throw error;
      const delay = backoffDelay(attempt, options.backoff ?? DEFAULT_RETRY_BACKOFF);
      options.logger[options.level ?? "warn"](
        { error: describeError(error), attempt: attempt + 1, retryInMs: delay, ...options.details?.() },
        `${options.what} failed, retrying`,
      );
      await sleep(delay, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}
