import { useState } from "react";
import { snapshotJpegUrl } from "../api/client";
import type { Snapshot } from "../api/types";
import { textOn } from "../lib/class-colors";
import { formatDateTime } from "../lib/time";

/**
 * Size of a frame on screen: as wide as the panel, but tall frames are capped at 70% of the
 * screen's height, always at the frame's own proportions.
 */
export function frameBoxStyle(width: number, height: number): React.CSSProperties {
  const ratio = width > 0 && height > 0 ? width / height : 16 / 9;
  return { aspectRatio: `${ratio}`, width: `min(100%, calc(70vh * ${ratio}))` };
}

/**
 * The latest frame with what the detector found drawn over it: boxes are normalised 0..1 to the
 * JPEG, so they are placed in percent and scale with the image at any width.
 */
export function SnapshotView({
  snapshot,
  colorOf,
}: {
  snapshot: Snapshot;
  colorOf: (className: string) => string;
}) {
  const [showBoxes, setShowBoxes] = useState(true);
  const counts = new Map<string, number>();
  for (const o of snapshot.objects) counts.set(o.class, (counts.get(o.class) ?? 0) + 1);
  const summary = [...counts.entries()].map(([name, n]) => `${n} ${name}`).join(", ") || "nothing detected";
  return (
    <figure>
      {/* The box has the frame's proportions before the JPEG arrives (nothing moves when it does),
          and the image fills it exactly, so the boxes' percentages land on the picture. */}
      <div
        className="relative mx-auto overflow-hidden rounded-lg bg-slate-200 dark:bg-slate-800"
        style={frameBoxStyle(snapshot.width, snapshot.height)}
        data-testid="snapshot"
      >
        <img
          src={snapshotJpegUrl(snapshot.stream_id, snapshot.frame_ts)}
          alt={`Latest analysed frame: ${summary}`}
          width={snapshot.width}
          height={snapshot.height}
          className="absolute inset-0 size-full"
        />
        {showBoxes &&
          snapshot.objects.map((o, i) => {
            const [x1, y1, x2, y2] = o.box as [number, number, number, number];
            const color = colorOf(o.class);
            return (
              <div
                key={i}
                aria-hidden="true"
                data-box={o.class}
                className="pointer-events-none absolute border-2"
                style={{
                  left: `${x1 * 100}%`,
                  top: `${y1 * 100}%`,
                  width: `${(x2 - x1) * 100}%`,
                  height: `${(y2 - y1) * 100}%`,
                  borderColor: color,
                }}
              >
                <span
                  // Labels hang above the box, inside it at the frame's top edge, and end at the
                  // box's right side near the frame's right edge, so none is cut off.
                  className={`absolute whitespace-nowrap px-1 text-xs font-semibold ${y1 < 0.05 ? "top-0" : "-top-5"} ${x1 > 0.7 ? "right-[-2px]" : "left-[-2px]"}`}
                  style={{ background: color, color: textOn(color) }}
                >
                  {o.class} {Math.round(o.score * 100)}%
                </span>
              </div>
            );
          })}
      </div>
      {/* One line at every width (the full text is the image's alt and this title), so the
          panel's height is known before the frame arrives. */}
      <figcaption className="mt-2 flex items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400">
        <span
          className="min-w-0 truncate"
          title={`Frame of ${formatDateTime(snapshot.frame_ts)}: ${summary}`}
        >
          Frame of <time dateTime={snapshot.frame_ts}>{formatDateTime(snapshot.frame_ts)}</time>: {summary}
        </span>
        <label className="flex shrink-0 items-center gap-2">
          <input
            type="checkbox"
            checked={showBoxes}
            onChange={(e) => setShowBoxes(e.target.checked)}
            className="size-4 accent-accent-600"
          />
          Show boxes
        </label>
      </figcaption>
    </figure>
  );
}
