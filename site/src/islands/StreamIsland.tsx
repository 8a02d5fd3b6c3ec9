import { useEffect, useMemo, useState } from "react";
import { $api, isNotFound } from "../api/client";
import type { Bucket, StreamDetail, Timeseries } from "../api/types";
import { FactList } from "../components/FactList";
import { LabeledSelect } from "../components/LabeledSelect";
import { ObjectRankingTable } from "../components/ObjectRankingTable";
import { Panel } from "../components/Panel";
import { QueryProvider } from "../components/QueryProvider";
import { RelativeTime } from "../components/RelativeTime";
import { SegmentedControl } from "../components/SegmentedControl";
import { SeriesChart } from "../components/SeriesChart";
import { SeriesLegend } from "../components/SeriesLegend";
import { frameBoxStyle, SnapshotView } from "../components/SnapshotView";
import { SourcePlayer } from "../components/SourcePlayer";
import { EmptyState, ErrorState, QueryFrame, Skeleton, StaleBanner } from "../components/StateViews";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead } from "../components/TableHead";
import { type AlignedSeries, alignSeries } from "../lib/chart-data";
import { defaultSpan, SPAN_LABEL, SPANS, type Span } from "../lib/chart-range";
import { classColors } from "../lib/class-colors";
import { formatMean } from "../lib/format";
import { formatDateTime } from "../lib/time";
import { useHydrated, useSearch, useSearchParam } from "../lib/url-state";

const BUCKETS: readonly Bucket[] = ["5m", "1h", "6h"];

/** One stream: its source, latest annotated frame, object time series, ranking and facts. */
export default function StreamIsland() {
  return (
    <QueryProvider>
      <StreamPage />
    </QueryProvider>
  );
}

function StreamPage() {
  const hydrated = useHydrated();
  const id = useSearch().get("id") ?? "";
  const stream = $api.useQuery(
    "get",
    "/v1/streams/{id}",
    { params: { path: { id } } },
    { enabled: id !== "" },
  );
  const title = stream.data?.title ?? stream.data?.id;
  useEffect(() => {
    if (title) document.title = `${title} · streamlens`;
  }, [title]);

  // Built without a URL, the page starts as its placeholders; it reads the id once it runs.
  if (!hydrated) return <StreamView stream={undefined} />;
  if (id === "" || (stream.isError && isNotFound(stream.error) && !stream.data)) {
    return (
      <EmptyState title={id ? `No stream “${id}”` : "No stream chosen"}>
        <p>
          It may have been removed, or the link is incomplete.{" "}
          <a href="/" className="font-medium text-accent-700 underline dark:text-accent-300">
            See all streams
          </a>
        </p>
      </EmptyState>
    );
  }
  return (
    // The page's frame is drawn at once and filled in as data arrives, with placeholders of the
    // same size, so nothing moves when it does.
    <>
      {stream.isError && stream.data === undefined ? (
        <ErrorState error={stream.error} onRetry={() => void stream.refetch()} />
      ) : (
        <>
          {stream.isError && <StaleBanner error={stream.error} updatedAt={stream.dataUpdatedAt} />}
          <StreamView stream={stream.data} />
        </>
      )}
    </>
  );
}

function StreamView({ stream }: { stream: StreamDetail | undefined }) {
  const snapshot = $api.useQuery(
    "get",
    "/v1/streams/{id}/snapshot",
    { params: { path: { id: stream?.id ?? "" } } },
    { enabled: Boolean(stream?.snapshot_at) },
  );
  // Colours follow the stream's ranking, so the chart, legend, table and boxes agree.
  const objects = stream?.objects;
  const colorOf = useMemo(() => classColors((objects ?? []).map((o) => o.class)), [objects]);
  const title = stream ? (stream.title ?? stream.id) : undefined;
  // The frame's own proportions, known before its JPEG arrives (ffprobe's size of the source).
  const frameBox = frameBoxStyle(stream?.width ?? 16, stream?.height ?? 9);
  const muted = "text-slate-600 dark:text-slate-400";
  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <a href="/" className="text-accent-700 hover:underline dark:text-accent-300">
          <span aria-hidden="true">←</span> All streams
        </a>
      </nav>
      <header className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 flex-1">
          <h1 className="min-h-8 break-words text-2xl font-bold tracking-tight sm:min-h-9 sm:text-3xl">
            {title ?? <Skeleton className="h-8 w-2/3 sm:h-9" />}
          </h1>
          <p className={`mt-1 flex min-h-6 flex-wrap items-center gap-2 text-sm ${muted}`}>
            {stream && (
              <>
                <StatusBadge stream={stream} />
                {stream.channel && <span>{stream.channel}</span>}
                <span>
                  last frame <RelativeTime iso={stream.last_frame_at} fallback="none yet" />
                </span>
              </>
            )}
          </p>
        </div>
        <div className="sm:text-right">
          <p className={`text-xs ${muted}`}>Objects per frame</p>
          <p className="h-8 text-2xl font-bold tabular-nums">
            {stream ? formatMean(stream.mean_objects) : ""}
          </p>
          <p className={`h-4 text-xs ${muted}`}>{stream?.rank ? `rank #${stream.rank}` : ""}</p>
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <Panel title="Latest snapshot">
            {stream && stream.snapshot_at === null ? (
              <EmptyState title="No snapshot yet">
                <p>The first analysed frame appears here with its detections.</p>
              </EmptyState>
            ) : (
              <QueryFrame
                query={snapshot}
                loading={
                  <div>
                    <Skeleton className="mx-auto" style={frameBox} />
                    <Skeleton className="mt-2 h-5 w-1/2" />
                  </div>
                }
              >
                {(data) => <SnapshotView snapshot={data} colorOf={colorOf} />}
              </QueryFrame>
            )}
          </Panel>
          <TimeseriesPanel stream={stream} colorOf={colorOf} />
        </div>
        <div className="flex min-w-0 flex-col gap-6">
          <Panel title="Objects">
            {!stream ? (
              <Skeleton className="h-52 w-full" />
            ) : stream.objects.length === 0 ? (
              <p className={`text-sm ${muted}`}>
                Nothing ranked yet: rankings are rebuilt every few minutes from the statistics.
              </p>
            ) : (
              <ObjectRankingTable objects={stream.objects} colorOf={colorOf} />
            )}
          </Panel>
          <Panel title="Stream">
            {stream?.last_error && (
              <div
                role="status"
                className="mb-4 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
              >
                <p className="font-semibold">
                  Last error <RelativeTime iso={stream.last_error_at} fallback="" />
                </p>
                <p className="mt-1 break-words">{stream.last_error}</p>
              </div>
            )}
            {stream ? <StreamFacts stream={stream} /> : <Skeleton className="h-80 w-full" />}
          </Panel>
          <Panel title="Source">
            {stream ? (
              <SourcePlayer kind={stream.kind} source={stream.source} title={title ?? stream.id} />
            ) : (
              <Skeleton className="h-10 w-full" />
            )}
          </Panel>
        </div>
      </div>
    </div>
  );
}

/** The chart's area while its data loads: the legend row, the plot, the table's summary. */
function TimeseriesSkeleton() {
  return (
    <div>
      <Skeleton className="mb-3 h-9 w-2/3" />
      <Skeleton className="h-[280px] w-full" />
      <Skeleton className="mt-3 h-5 w-32" />
    </div>
  );
}

function StreamFacts({ stream }: { stream: StreamDetail }) {
  return (
    <FactList
      facts={[
        ["Kind", stream.kind],
        ["Source", <code className="break-all text-xs">{stream.source}</code>],
        ["Channel", stream.channel],
        ["Live", stream.live === null ? null : stream.live ? "yes" : "no"],
        ["Resolution", stream.width && stream.height ? `${stream.width} × ${stream.height}` : null],
        ["Codec", stream.codec],
        [
          "Source fps",
          stream.source_fps === null ? null : stream.source_fps.toFixed(stream.source_fps % 1 ? 2 : 0),
        ],
        ["Sampled", `${stream.fps} frame${stream.fps === 1 ? "" : "s"} per second`],
        ["Frames analysed", stream.frames === null ? null : stream.frames.toLocaleString("en")],
        ["Detector", stream.model],
        ["Started", stream.started_at ? formatDateTime(stream.started_at) : null],
        ["Registered", formatDateTime(stream.created_at)],
      ]}
    />
  );
}

function TimeseriesPanel({
  stream,
  colorOf,
}: {
  /** Undefined while the stream loads: the controls are there at once, the chart follows. */
  stream: StreamDetail | undefined;
  colorOf: (c: string) => string;
}) {
  const [bucket, setBucket] = useSearchParam<Bucket>("bucket", "5m", BUCKETS);
  const [span, setSpan] = useSearchParam<Span>(
    "span",
    defaultSpan(bucket, stream ?? { frames: null, fps: 1 }),
    SPANS,
  );
  const series = $api.useQuery(
    "get",
    "/v1/streams/{id}/timeseries",
    { params: { path: { id: stream?.id ?? "" }, query: { bucket, span, top: 8 } } },
    { enabled: stream !== undefined },
  );
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <Panel
      title="Objects over time"
      actions={
        <div className="flex flex-wrap items-end gap-3">
          <SegmentedControl
            label="Bucket"
            value={bucket}
            onChange={(b) => setBucket(b)}
            options={[
              { value: "5m", label: "5 min" },
              { value: "1h", label: "1 h" },
              { value: "6h", label: "6 h" },
            ]}
          />
          <LabeledSelect
            label="Range"
            value={span}
            onChange={(v) => setSpan(v)}
            options={SPANS.map((s) => ({ value: s, label: `last ${SPAN_LABEL[s]}` }))}
          />
        </div>
      }
    >
      <QueryFrame query={series} loading={<TimeseriesSkeleton />}>
        {(data) =>
          data.series.every((s) => s.points.length === 0) ? (
            <EmptyState title="No data in this range">
              <p>
                Nothing was counted from {formatDateTime(data.from)} to {formatDateTime(data.to)}. Try a
                longer range.
              </p>
            </EmptyState>
          ) : (
            <SeriesView
              data={data}
              bucket={bucket}
              colorOf={colorOf}
              hidden={hidden}
              onToggle={toggle}
              stale={series.isPlaceholderData}
            />
          )
        }
      </QueryFrame>
    </Panel>
  );
}

/** The chart, its legend and its numbers, over one alignment of the series (made once per data). */
function SeriesView({
  data,
  bucket,
  colorOf,
  hidden,
  onToggle,
  stale,
}: {
  data: Timeseries;
  bucket: Bucket;
  colorOf: (c: string) => string;
  hidden: ReadonlySet<string>;
  onToggle: (name: string) => void;
  stale: boolean;
}) {
  const aligned = useMemo(() => alignSeries(data.series), [data.series]);
  const [cursor, setCursor] = useState<number | null>(null);
  const span = `${formatDateTime(data.from)} to ${formatDateTime(data.to)}`;
  return (
    <div className={stale ? "opacity-60" : ""} data-bucket={data.bucket_seconds}>
      <div className="mb-3">
        <SeriesLegend
          aligned={aligned}
          colorOf={colorOf}
          hidden={hidden}
          onToggle={onToggle}
          cursorIndex={cursor}
        />
      </div>
      <SeriesChart
        aligned={aligned}
        colorOf={colorOf}
        hidden={hidden}
        onCursor={setCursor}
        from={Date.parse(data.from) / 1000}
        to={Date.parse(data.to) / 1000}
        label={`Mean objects per frame of ${aligned.classes.join(", ")} per ${bucket} bucket, ${span}`}
      />
      <SeriesTable aligned={aligned} />
    </div>
  );
}

/** The chart's numbers as a table, for screen readers and for copying. */
function SeriesTable({ aligned }: { aligned: AlignedSeries }) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Show the numbers</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left tabular-nums">
          <TableHead columns={[{ label: "Bucket start" }, ...aligned.classes.map((label) => ({ label }))]} />
          <tbody>
            {aligned.times.map((t, column) => (
              <tr key={t} className="border-b border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {formatDateTime(new Date(t * 1000).toISOString())}
                </th>
                {aligned.classes.map((name, row) => (
                  <td key={name} className="py-1 pr-3">
                    {(aligned.values[row]?.[column] ?? 0).toFixed(2)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
