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
