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

/**
 * Runs `task` until it succeeds, waiting with backoff between attempts and logging each failure;
 * errors that say they cannot succeed (StreamlensError with retryable false) end it at once, as
 * does `signal`.
 */
export async function withRetry<T>(
  task: () => Promise<T>,
  options: {
    what: string;
    logger: { warn(obj: object, msg: string): void };
    signal?: AbortSignal;
    maxMs?: number;
  },
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      const retryable = (error as { retryable?: boolean }).retryable !== false;
      if (!retryable || options.signal?.aborted) throw error;
      const delay = backoffDelay(attempt, { initialMs: 250, maxMs: options.maxMs ?? 10_000, jitter: 0.2 });
      options.logger.warn(
        { error: (error as Error).message, attempt: attempt + 1, retryInMs: delay },
        `${options.what} failed, retrying`,
      );
      await sleep(delay, options.signal);
    }
  }
}
