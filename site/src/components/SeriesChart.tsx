import { useEffect, useMemo, useRef, useState } from "react";
import type uPlot from "uplot";
import UplotReact from "uplot-react";
import "uplot/dist/uPlot.min.css";
import type { AlignedSeries } from "../lib/chart-data";

const HEIGHT = 280;

function useDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    setDark(query.matches);
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return dark;
}

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * Mean count per frame of each class over time, drawn by uPlot (canvas, made for time series).
 * The legend is the page's own (toggle buttons); `onCursor` reports the bucket under the pointer.
 */
export function SeriesChart({
  aligned,
  colorOf,
  hidden,
  onCursor,
  label,
  from,
  to,
}: {
  /** The span asked for, in Unix seconds: the x axis shows all of it, data or not. */
  from: number;
  to: number;
  aligned: AlignedSeries;
  colorOf: (className: string) => string;
  hidden: ReadonlySet<string>;
  onCursor: (index: number | null) => void;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const dark = useDark();
  const data = useMemo<uPlot.AlignedData>(() => [aligned.times, ...aligned.values], [aligned]);
  // The chart is rebuilt only when what it draws changes (classes, size, theme, range); new data
  // for the same classes is handed to the chart as it is (uplot-react's setData).
  const classKey = aligned.classes.join("\n");
  const classes = useMemo(() => classKey.split("\n").filter(Boolean), [classKey]);
  const cursor = useRef(onCursor);
  cursor.current = onCursor;
  const options = useMemo<uPlot.Options>(() => {
    const ink = dark ? "#cbd5e1" : "#334155";
    const grid = dark ? "#1e293b" : "#e2e8f0";
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    return {
      width: Math.max(width, 200),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      scales: {
        x: { time: true, range: (): uPlot.Range.MinMax => [from, to] },
        y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.15 * 10) / 10)] },
      },
      axes: [axis, { ...axis, label: "objects per frame", labelSize: 20, size: 48 }],
      series: [
        {},
        ...classes.map((name) => ({
          label: name,
          stroke: colorOf(name),
          width: 2,
          show: !hidden.has(name),
          points: { show: true, size: 6, fill: colorOf(name) },
        })),
      ],
      hooks: { setCursor: [(u) => cursor.current(u.cursor.idx ?? null)] },
    };
  }, [classes, colorOf, hidden, width, dark, from, to]);

  return (
    <div ref={box} className="w-full" role="img" aria-label={label} style={{ height: HEIGHT }}>
      {width > 0 && <UplotReact options={options} data={data} />}
    </div>
  );
}
