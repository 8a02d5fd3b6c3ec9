import type { Series } from "../api/types";

/** The series of a chart on one time axis: what the chart, its legend and its table all read. */
export interface AlignedSeries {
  classes: string[];
  /** Bucket starts, Unix seconds, ascending. */
  times: number[];
  /** One row per class, one value per time. */
  values: number[][];
}

/**
 * The API's per-class series on one time axis (all classes' bucket starts). A class missing
 * from a bucket that others have was absent from frames that were analysed, so it is 0.
 */
export function alignSeries(series: readonly Series[]): AlignedSeries {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => Date.parse(p.t) / 1000)))].sort(
    (a, b) => a - b,
  );
  const values = series.map((s) => {
    const byTime = new Map(s.points.map((p) => [Date.parse(p.t) / 1000, p.mean]));
    return times.map((t) => byTime.get(t) ?? 0);
  });
  return { classes: series.map((s) => s.class), times, values };
}
