import type { AlignedSeries } from "../lib/chart-data";

/**
 * The chart's legend: one toggle button per class (keyboard and screen readers get the state
 * from aria-pressed), its colour, and its value at the pointer or else its latest bucket.
 */
export function SeriesLegend({
  aligned,
  colorOf,
  hidden,
  onToggle,
  cursorIndex,
}: {
  aligned: AlignedSeries;
  colorOf: (className: string) => string;
  hidden: ReadonlySet<string>;
  onToggle: (className: string) => void;
  cursorIndex: number | null;
}) {
  const at = cursorIndex ?? aligned.times.length - 1;
  return (
    // One row that scrolls sideways when the classes outgrow it: its height never changes.
    <ul aria-label="Classes shown in the chart" className="flex h-9 items-center gap-2 overflow-x-auto">
      {aligned.classes.map((name, row) => {
        const value = aligned.values[row]?.[at];
        const shown = !hidden.has(name);
        return (
          <li key={name} className="shrink-0">
            <button
              type="button"
              aria-pressed={shown}
              onClick={() => onToggle(name)}
              className={`flex items-center gap-2 rounded-full border px-3 py-1 text-sm transition ${
                shown
                  ? "border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-800"
                  : "border-dashed border-slate-300 text-slate-600 line-through dark:border-slate-600 dark:text-slate-400"
              }`}
              title={shown ? `Hide ${name}` : `Show ${name}`}
            >
              <span
                aria-hidden="true"
                className="size-3 rounded-full"
                style={{
                  background: shown ? colorOf(name) : "transparent",
                  border: `2px solid ${colorOf(name)}`,
                }}
              />
              <span className="font-medium">{name}</span>
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
