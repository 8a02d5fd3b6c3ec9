import { sleep } from "@streamlens/core";

/**
 * Holds file sources back while the inference pool's backlog is long: a file can be read far
 * faster than it is processed, and frames that wait too long would be dropped as stale. The
 * backlog is read from the broker at most every `pollMs`; frames sent since are counted on top.
 * Live sources are never held (they drop their oldest frames instead).
 */
export class BacklogPacer {
  private known = 0;
  private sentSince = 0;
  private readAt = 0;

  constructor(
    private readonly readBacklog: () => Promise<number>,
    private readonly maxBacklog: number,
    private readonly pollMs = 250,
  ) {}

  async waitForRoom(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (Date.now() - this.readAt >= this.pollMs) {
        try {
          this.known = await this.readBacklog();
          this.sentSince = 0;
        } catch {
          // Stats unavailable (broker restarting): let the send itself wait for the broker.
          return;
        }
        this.readAt = Date.now();
      }
      if (this.known + this.sentSince < this.maxBacklog || signal.aborted) {
        this.sentSince += 1;
        return;
      }
      await sleep(this.pollMs, signal);
    }
  }
}
