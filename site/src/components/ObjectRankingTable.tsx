import type { ObjectRanking } from "../api/types";
import { formatMean } from "../lib/format";
import { searchHref } from "../lib/links";
import { TableHead } from "./TableHead";

/** A stream's classes, most per frame first, with a bar scaled to the top class. */
export function ObjectRankingTable({
  objects,
  colorOf,
}: {
  objects: readonly ObjectRanking[];
  colorOf: (className: string) => string;
}) {
  const top = Math.max(...objects.map((o) => o.mean), 0) || 1;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Objects seen in this stream, by mean count per frame</caption>
      <TableHead
        columns={[
          { label: "#" },
          { label: "Object" },
          { label: "Per frame", numeric: true },
          { label: "In frames", numeric: true },
        ]}
      />
      <tbody>
        {objects.map((o) => (
          <tr key={o.class} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
            <td className="py-2 pr-2 tabular-nums text-slate-600 dark:text-slate-400">{o.rank}</td>
            <td className="py-2 pr-2">
              <a href={searchHref(o.class)} className="font-medium hover:underline">
                {o.class}
              </a>
              <div className="mt-1 h-1.5 rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
                <div
                  className="h-full rounded-full"
                  style={{ width: `${(o.mean / top) * 100}%`, background: colorOf(o.class) }}
                />
              </div>
            </td>
            <td className="py-2 pr-2 text-right tabular-nums">{formatMean(o.mean)}</td>
            <td className="py-2 text-right tabular-nums">{Math.round(o.presence * 100)}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
