import type { Series } from "../api/types";

/**
 * The API's per-class series as uPlot's aligned columns: x = bucket starts (Unix seconds) of all
 * classes, then one column per class. A class missing from a bucket that others have was
 * absent from frames that were analysed, so it is 0; a bucket no class has stays a gap (null).
 */
export function alignSeries(series: readonly Series[]): [number[], ...(number | null)[][]] {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.t) / 1000)))].sort(
    (a, b) => a - b,
  );
  const columns = series.map((s) => {
    const byTime = new Map(s.points.map((p) => [Date.parse(p.t) / 1000, p.mean]));
    return times.map((t) => byTime.get(t) ?? 0);
  });
  return [times, ...columns];
}
