import type { Logger } from "@streamlens/core";

/**
 * Live frames dropped for age, logged in aggregate: one line per stream per interval, not one
 * per frame (an overloaded pool drops many frames a second, and a line each would add to the
 * load it is shedding).
 */
export class DropLog {
  private readonly pending = new Map<string, { dropped: number; oldestAgeMs: number }>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly maxFrameAgeMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    // Never the reason a finished process stays up.
    this.timer.unref?.();
  }

  note(streamId: string, ageMs: number): void {
    const entry = this.pending.get(streamId) ?? { dropped: 0, oldestAgeMs: 0 };
    entry.dropped += 1;
    entry.oldestAgeMs = Math.max(entry.oldestAgeMs, Math.round(ageMs));
    this.pending.set(streamId, entry);
  }

  /** Logs what was dropped since the last line, per stream; called by the timer and on close. */
  flush(): void {
    for (const [stream, { dropped, oldestAgeMs }] of this.pending) {
      this.log.warn(
        { stream, dropped, oldestAgeMs, maxFrameAgeMs: this.maxFrameAgeMs, intervalMs: this.intervalMs },
        "live frames dropped for age",
      );
    }
    this.pending.clear();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
