import type { PixelDetection } from "./types.ts";

function iou(a: PixelDetection["box"], b: PixelDetection["box"]): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression, per class unless `classAgnostic`. A few dozen candidates
 * per frame after thresholding make the quadratic loop cheaper than any index structure,
 * and no maintained JS package does just this without pulling in a tensor library.
 */
export function nms(
  candidates: PixelDetection[],
  iouThreshold: number,
  classAgnostic = false,
): PixelDetection[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: PixelDetection[] = [];
  for (const candidate of sorted) {
    const suppressed = kept.some(
      (k) => (classAgnostic || k.classId === candidate.classId) && iou(k.box, candidate.box) > iouThreshold,
    );
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}

export { iou };
