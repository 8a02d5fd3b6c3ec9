/**
 * A small queue between a live source and a possibly busy consumer: when full, the oldest
 * item gives way (Roboflow's DROP_OLDEST), so a live stream always delivers its newest frames
 * and latency stays bounded. Drops are reported, never silent.
 */
export class DropOldestBuffer<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  /** Adds an item; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    this.items.push(item);
    const dropped = this.items.length > this.capacity ? this.items.shift() : undefined;
    this.wake?.();
    return dropped;
  }

  /** No more pushes; iteration ends once the buffered items are taken. */
  close() {
    this.closed = true;
    this.wake?.();
  }

  get size() {
    return this.items.length;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}
