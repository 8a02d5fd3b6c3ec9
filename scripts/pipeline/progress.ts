export interface ProgressSnapshot {
  streams: { running: number; total: number };
  read: number;
  processed: number;
  dropped: number;
  fps: number;
  top: Array<[string, number]>;
}

/** One line of progress: streams, frames read/processed/dropped, throughput, top classes. */
export function formatProgress(p: ProgressSnapshot): string {
  const top = p.top.map(([name, n]) => `${name} ${n}`).join(" · ");
  return `${p.streams.running}/${p.streams.total} streams · ${p.read} read · ${p.processed} processed · ${p.dropped} dropped · ${p.fps.toFixed(1)} fps${top ? ` · ${top}` : ""}`;
}

/**
 * Live progress on a terminal: one status line redrawn in place on stderr, cleared before any
 * log line so the two never interleave. Off a terminal, a plain line every few seconds.
 */
export class ProgressReporter {
  private shown = false;
  private lastPlain = 0;

  constructor(
    private readonly stream: { isTTY?: boolean; columns?: number; write(text: string): unknown },
    private readonly plainEveryMs = 5000,
  ) {}

  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  update(line: string) {
    if (this.interactive) {
      const width = Math.max(20, (this.stream.columns || 120) - 1);
      this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      this.shown = true;
    } else if (Date.now() - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  /** Removes the status line (before a log line, and at the end). */
  clear() {
    if (this.shown) {
      this.stream.write("\r\x1b[2K");
      this.shown = false;
    }
  }
}
