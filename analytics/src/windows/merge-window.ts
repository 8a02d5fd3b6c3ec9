import type { FrameCounts } from "./frame-counts.ts";

/** The per-class figures of one window; frames without the class count as zero. */
export interface ClassStats {
  class: string;
  frames: number;
  framesWith: number;
  countSum: number;
  countMin: number;
  countMax: number;
  countSumSq: number;
}

/**
 * Adds newly counted frames to a window's per-class rows. `totalFrames` is the window's frame
 * count after adding them. Every class of the window gets a row back, because each new frame
 * is a zero for the classes it lacks. Pure, so the arithmetic is tested on its own.
 */
export function mergeWindow(
  existing: ClassStats[],
  frames: FrameCounts[],
  totalFrames: number,
): ClassStats[] {
  const byClass = new Map(existing.map((row) => [row.class, row]));
  const names = new Set(byClass.keys());
  for (const frame of frames) for (const name of frame.counts.keys()) names.add(name);
  const merged: ClassStats[] = [];
  for (const name of names) {
    const previous = byClass.get(name);
    let framesWith = previous?.framesWith ?? 0;
    let countSum = previous?.countSum ?? 0;
    let countSumSq = previous?.countSumSq ?? 0;
    let countMax = previous?.countMax ?? 0;
    // Minimum over frames that had the class, meaningful only when every frame had it.
    let minPresent =
      previous && previous.framesWith === previous.frames ? previous.countMin : Number.POSITIVE_INFINITY;
    for (const frame of frames) {
      const count = frame.counts.get(name) ?? 0;
      if (count === 0) continue;
      framesWith += 1;
      countSum += count;
      countSumSq += count * count;
      countMax = Math.max(countMax, count);
      minPresent = Math.min(minPresent, count);
    }
    merged.push({
      class: name,
      frames: totalFrames,
      framesWith,
      countSum,
      countMin: framesWith < totalFrames || !Number.isFinite(minPresent) ? 0 : minPresent,
      countMax,
      countSumSq,
    });
  }
  return merged;
}
