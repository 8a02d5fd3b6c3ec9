import { $api } from "../api/client";
import type { OverallRanking, Stream, VideoRanking } from "../api/types";
import { Panel } from "../components/Panel";
import { QueryProvider } from "../components/QueryProvider";
import { EmptyState, QueryFrame, Skeleton } from "../components/StateViews";
import { TableHead } from "../components/TableHead";
import { formatMean } from "../lib/format";
import { searchHref, streamHref } from "../lib/links";

/** Overall object rankings and video rankings, each row linking to the streams. */
export default function RankingsIsland() {
  return (
    <QueryProvider>
      <Rankings />
    </QueryProvider>
  );
}

const loading = <Skeleton className="h-72 w-full" />;
const cell = "py-2 pr-3";

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <div className="mt-1 h-1.5 rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
      <div
        className="h-full rounded-full bg-accent-500"
        style={{ width: `${(value / (max || 1)) * 100}%` }}
      />
    </div>
  );
}

function Rankings() {
  const objects = $api.useQuery("get", "/v1/rankings/objects", { params: { query: { limit: 50 } } });
  const videos = $api.useQuery("get", "/v1/rankings/streams", { params: { query: { limit: 50 } } });
  // Titles and states of the ranked streams (the ranking itself carries only ids).
  const streams = $api.useQuery("get", "/v1/streams", { params: { query: { limit: 200 } } });
  const byId = new Map((streams.data?.streams ?? []).map((s) => [s.id, s]));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Panel title="Objects, over all streams">
        <QueryFrame query={objects} loading={loading}>
          {(data) =>
            data.objects.length === 0 ? (
              <EmptyState title="Nothing ranked yet" />
            ) : (
              <ObjectsTable rows={data.objects} />
            )
          }
        </QueryFrame>
      </Panel>
      <Panel title="Streams, by objects per frame">
        <QueryFrame query={videos} loading={loading}>
          {(data) =>
            data.streams.length === 0 ? (
              <EmptyState title="Nothing ranked yet" />
            ) : (
              <StreamsTable rows={data.streams} byId={byId} />
            )
          }
        </QueryFrame>
      </Panel>
    </div>
  );
}

function ObjectsTable({ rows }: { rows: readonly OverallRanking[] }) {
  const max = Math.max(...rows.map((r) => r.mean));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Object classes by mean count per frame over all streams</caption>
      <TableHead
        columns={[
          { label: "#" },
          { label: "Object" },
          { label: "Per frame", numeric: true },
          { label: "Streams", numeric: true },
        ]}
      />
      <tbody>
        {rows.map((r) => (
          <tr key={r.class} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
            <td className={`${cell} tabular-nums text-slate-600 dark:text-slate-400`}>{r.rank}</td>
            <td className={cell}>
              <a href={searchHref(r.class)} className="font-medium hover:underline">
                {r.class}
              </a>
              <Bar value={r.mean} max={max} />
            </td>
            <td className={`${cell} text-right tabular-nums`}>{formatMean(r.mean)}</td>
            <td className={`${cell} text-right tabular-nums`}>
              <a
                href={searchHref(r.class)}
                className="hover:underline"
                aria-label={`${r.streams} streams showing ${r.class}`}
              >
                {r.streams}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StreamsTable({ rows, byId }: { rows: readonly VideoRanking[]; byId: Map<string, Stream> }) {
  const max = Math.max(...rows.map((r) => r.mean_objects));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Streams by mean objects per frame, with their top objects</caption>
      <TableHead
        columns={[
          { label: "#" },
          { label: "Stream" },
          { label: "Per frame", numeric: true },
          { label: "Frames", numeric: true },
        ]}
      />
      <tbody>
        {rows.map((r) => (
          <tr key={r.stream_id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
            <td className={`${cell} tabular-nums text-slate-600 dark:text-slate-400`}>{r.rank}</td>
            <td className={`${cell} min-w-0`}>
              <a href={streamHref(r.stream_id)} className="font-medium break-words hover:underline">
                {byId.get(r.stream_id)?.title ?? r.stream_id}
              </a>
              <Bar value={r.mean_objects} max={max} />
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                {r.top_objects.slice(0, 4).join(" · ")}
              </p>
            </td>
            <td className={`${cell} text-right tabular-nums`}>{formatMean(r.mean_objects)}</td>
            <td className={`${cell} text-right tabular-nums`}>{r.frames.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
