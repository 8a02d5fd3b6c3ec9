/**
 * Counts the distinct (stream, window, model) that frames fell into, in bounded memory: a
 * service runs for months, and a set of every window it ever wrote would grow without end.
 * Frames of a stream arrive in order, so only its newest few windows can still be hit; each
 * (stream, model) keeps the starts of its `keep` newest windows and forgets older ones. A
 * replay of a window older than those counts it again: the figure is for logs and summaries.
 */
export class DistinctWindows {
  private readonly recent = new Map<string, number[]>();
  /** Windows counted since start. */
  count = 0;

  constructor(private readonly keep = 16) {}

  add(streamId: string, model: string, windowStartMs: number): void {
    const key = `${streamId}|${model}`;
    const starts = this.recent.get(key) ?? [];
    if (starts.includes(windowStartMs)) return;
    this.count += 1;
    starts.push(windowStartMs);
    if (starts.length > this.keep) starts.splice(starts.indexOf(Math.min(...starts)), 1);
    this.recent.set(key, starts);
  }

  /** Window starts held, over all streams: what the memory bound is about. */
  get held(): number {
    let total = 0;
    for (const starts of this.recent.values()) total += starts.length;
    return total;
  }
}
