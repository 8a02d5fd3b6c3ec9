import type { Series } from "../api/types";

/**
 * The chart's legend: one toggle button per class (keyboard and screen readers get the state
 * from aria-pressed), its colour, and its value at the pointer or else its latest bucket.
 */
export function SeriesLegend({
  series,
  colorOf,
  hidden,
  onToggle,
  cursorIndex,
  times,
}: {
  series: readonly Series[];
  colorOf: (className: string) => string;
  hidden: ReadonlySet<string>;
  onToggle: (className: string) => void;
  cursorIndex: number | null;
  times: readonly number[];
}) {
  const at = cursorIndex ?? times.length - 1;
  const atTime = times[at];
  return (
    // One row that scrolls sideways when the classes outgrow it: its height never changes.
    <ul aria-label="Classes shown in the chart" className="flex h-9 items-center gap-2 overflow-x-auto">
      {series.map((s) => {
        const point = s.points.find((p) => Date.parse(p.t) / 1000 === atTime);
        const value = atTime === undefined ? undefined : (point?.mean ?? 0);
        const shown = !hidden.has(s.class);
        return (
          <li key={s.class} className="shrink-0">
            <button
              type="button"
              aria-pressed={shown}
              onClick={() => onToggle(s.class)}
              className={`flex items-center gap-2 rounded-full border px-3 py-1 text-sm transition ${
                shown
                  ? "border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-800"
                  : "border-dashed border-slate-300 text-slate-600 line-through dark:border-slate-600 dark:text-slate-400"
              }`}
              title={shown ? `Hide ${s.class}` : `Show ${s.class}`}
            >
              <span
                aria-hidden="true"
                className="size-3 rounded-full"
                style={{
                  background: shown ? colorOf(s.class) : "transparent",
                  border: `2px solid ${colorOf(s.class)}`,
                }}
              />
              <span className="font-medium">{s.class}</span>
              {value !== undefined && (
                <span className="tabular-nums text-slate-600 dark:text-slate-300">{value.toFixed(2)}</span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
