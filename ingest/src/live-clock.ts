/**
 * Stamps frames of a live source with wall-clock capture times. Each frame gets its media
 * time plus the smallest (arrival − media time) offset seen so far: frames that arrive in a
 * burst (an HLS player catching up) are stamped no later than they arrived, and frames in
 * steady flow keep their true spacing. A jump in media time re-anchors the clock.
 */
export class LiveClock {
  private offset: number | undefined;
  private lastPts: number | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxJumpMs = 60_000,
  ) {}

  stamp(ptsMs: number): number {
    const arrival = this.now();
    const sinceLast = this.lastPts === undefined ? 0 : ptsMs - this.lastPts;
    if (this.offset === undefined || sinceLast < 0 || sinceLast > this.maxJumpMs) {
      this.offset = arrival - ptsMs;
    } else {
      this.offset = Math.min(this.offset, arrival - ptsMs);
    }
    this.lastPts = ptsMs;
    return ptsMs + this.offset;
  }
}
