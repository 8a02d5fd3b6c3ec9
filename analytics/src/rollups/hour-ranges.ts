const HOUR_MS = 3_600_000;

export interface TimeRange {
  from: Date;
  to: Date;
}

/** The start of the hour (UTC, from the epoch) that `ms` falls in, as the rollups bin windows. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Every hour from the one holding `a` to the one holding `b`, whichever comes first. */
export function hoursBetween(a: Date, b: Date): number[] {
  const first = hourOf(Math.min(a.getTime(), b.getTime()));
  const last = hourOf(Math.max(a.getTime(), b.getTime()));
  const hours: number[] = [];
  for (let hour = first; hour <= last; hour += HOUR_MS) hours.push(hour);
  return hours;
}

/**
 * Hours (their starts, ms) as few contiguous ranges, each clipped to the lookback: the spans the
 * hourly rollups rebuild. Hours wholly outside the lookback drop out.
 */
export function hourRanges(hours: Iterable<number>, lookback: TimeRange): TimeRange[] {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  const ranges: TimeRange[] = [];
  let open: { from: number; to: number } | undefined;
  const close = () => {
    if (!open) return;
    const from = Math.max(open.from, lookback.from.getTime());
    const to = Math.min(open.to, lookback.to.getTime());
    if (from < to) ranges.push({ from: new Date(from), to: new Date(to) });
  };
  for (const hour of sorted) {
    if (open && hour === open.to) open.to = hour + HOUR_MS;
    else {
      close();
      open = { from: hour, to: hour + HOUR_MS };
    }
  }
  close();
  return ranges;
}
