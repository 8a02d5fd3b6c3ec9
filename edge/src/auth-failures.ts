/**
 * Failed admin authentications allowed per client and window; past them the client gets 429
 * until the window ends, before its token is even looked at. wrangler.toml's rate-limiting
 * binding declares the same numbers (a test keeps them equal).
 */
export const ADMIN_FAILURE_LIMIT = { failures: 10, windowSeconds: 60 } as const;

/** The Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

interface Window {
  failures: number;
  endsAt: number;
}

/** At most this many clients are remembered; beyond it the oldest windows are forgotten first. */
const MAX_CLIENTS = 10_000;

/**
 * Counts failed admin authentications per client in fixed windows, in memory: the whole story
 * under Bun (one process), and the same isolate's memory on Workers, where the rate-limiting
 * binding also counts each failure across isolates (it cannot be asked without counting, so a
 * client it refuses is remembered here until its window ends).
 */
export class AuthFailureLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #limit: number;
  readonly #windowMs: number;

  constructor(options: { failures: number; windowSeconds: number } = ADMIN_FAILURE_LIMIT) {
    this.#limit = options.failures;
    this.#windowMs = options.windowSeconds * 1000;
  }

  /** Seconds until the client may try again, or undefined while it may. */
  retryAfter(client: string, now = Date.now()): number | undefined {
    const window = this.#windows.get(client);
    if (!window || window.endsAt <= now || window.failures < this.#limit) return undefined;
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  /** Records a failure; `shared` (the binding) may say the client is over its limit elsewhere. */
  async fail(client: string, shared?: RateLimitBinding, now = Date.now()): Promise<void> {
    let window = this.#windows.get(client);
    if (!window || window.endsAt <= now) {
      this.#forgetOld(now);
      window = { failures: 0, endsAt: now + this.#windowMs };
      this.#windows.set(client, window);
    }
    window.failures += 1;
    if (shared && !(await shared.limit({ key: client })).success) {
      window.failures = Math.max(window.failures, this.#limit);
    }
  }

  #forgetOld(now: number) {
    if (this.#windows.size < MAX_CLIENTS) return;
    for (const [client, window] of this.#windows) if (window.endsAt <= now) this.#windows.delete(client);
    // Still full: a flood of addresses; the oldest windows go (Map keeps insertion order).
    for (const client of this.#windows.keys()) {
      if (this.#windows.size < MAX_CLIENTS) break;
      this.#windows.delete(client);
    }
  }
}
