import { $api } from "../api/client";
import type { Stream } from "../api/types";
import { ClassSearch } from "../components/ClassSearch";
import { LabeledSelect } from "../components/LabeledSelect";
import { QueryProvider } from "../components/QueryProvider";
import { SegmentedControl } from "../components/SegmentedControl";
import { EmptyState, QueryFrame } from "../components/StateViews";
import { StreamCard, StreamCardSkeleton } from "../components/StreamCard";
import { REFRESH_MS } from "../lib/config";
import { useSearchParam } from "../lib/url-state";

const SHOW = ["active", "all"] as const;
const SORTS = ["rank", "recent", "name"] as const;
type Sort = (typeof SORTS)[number];
const MAX_STREAMS = 200;

const SORTERS: Record<Sort, (a: Stream, b: Stream) => number> = {
  // The API's order: best ranked first, unranked after.
  rank: () => 0,
  recent: (a, b) => (b.last_frame_at ?? "").localeCompare(a.last_frame_at ?? ""),
  name: (a, b) => (a.title ?? a.id).localeCompare(b.title ?? b.id),
};

/** The home page: every stream as a card, searchable by object class, filtered and sorted. */
export default function HomeIsland() {
  return (
    <QueryProvider>
      <Home />
    </QueryProvider>
  );
}

function Home() {
  const [className, setClassName] = useSearchParam<string>("class", "");
  const [show, setShow] = useSearchParam("show", "active", SHOW);
  const [sort, setSort] = useSearchParam("sort", "rank", SORTS);
  const streams = $api.useQuery("get", "/v1/streams", {
    params: {
      query: {
        limit: MAX_STREAMS,
        ...(show === "active" ? { active: "true" as const } : {}),
        ...(className ? { class: className } : {}),
      },
    },
  });
  // The classes seen so far change slowly: refreshed less often than the grid.
  const classes = $api.useQuery(
    "get",
    "/v1/rankings/objects",
    { params: { query: { limit: 200 } } },
    { refetchInterval: REFRESH_MS * 6 },
  );
  const options = (classes.data?.objects ?? []).map((o) => ({ class: o.class, streams: o.streams }));

  return (
    <div>
      <div className="mb-6 flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <ClassSearch
          options={options}
          value={className}
          onSearch={(name) => setClassName(name || null, "push")}
        />
        <div className="flex flex-wrap gap-4">
          <SegmentedControl
            label="Show"
            value={show}
            onChange={(v) => setShow(v)}
            options={[
              { value: "active", label: "Active" },
              { value: "all", label: "All" },
            ]}
          />
          <LabeledSelect
            label="Sort by"
            value={sort}
            onChange={(v) => setSort(v)}
            options={[
              { value: "rank", label: "Ranking (most objects per frame)" },
              { value: "recent", label: "Latest frame" },
              { value: "name", label: "Name" },
            ]}
          />
        </div>
      </div>

      <QueryFrame
        query={streams}
        loading={
          <div className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
            {[0, 1, 2, 3].map((i) => (
              <StreamCardSkeleton key={i} />
            ))}
          </div>
        }
      >
        {(data) => {
          const list = [...data.streams].sort(SORTERS[sort]);
          return (
            <section aria-labelledby="stream-count" className={streams.isPlaceholderData ? "opacity-60" : ""}>
              <p
                id="stream-count"
                aria-live="polite"
                className="mb-3 text-sm text-slate-600 dark:text-slate-400"
              >
                {list.length} {list.length === 1 ? "stream" : "streams"}
                {className ? (
                  <>
                    {" "}
                    showing <strong className="text-slate-900 dark:text-white">{className}</strong>
                  </>
                ) : null}
                {data.next_cursor ? ` (the ${MAX_STREAMS} best ranked)` : ""}
              </p>
              {list.length === 0 ? (
                <NoStreams
                  className={className}
                  show={show}
                  suggestions={options.slice(0, 5).map((o) => o.class)}
                  onClear={() => setClassName(null, "push")}
                />
              ) : (
                <ul className="grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
                  {list.map((stream, index) => (
                    <li key={stream.id} className="flex">
                      <div className="w-full">
                        <StreamCard stream={stream} highlight={className} eager={index < 2} />
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        }}
      </QueryFrame>
    </div>
  );
}

function NoStreams({
  className,
  show,
  suggestions,
  onClear,
}: {
  className: string;
  show: string;
  suggestions: string[];
  onClear: () => void;
}) {
  if (className) {
    return (
      <EmptyState title={`No stream has shown “${className}”`}>
        <p>
          Nothing in the lookback was detected as {className}
          {show === "active" ? " on an active stream" : ""}.
          {suggestions.length > 0 && <> Seen so far: {suggestions.join(", ")}.</>}
        </p>
        <button
          type="button"
          onClick={onClear}
          className="mt-4 rounded-lg bg-accent-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-accent-700"
        >
          Show all streams
        </button>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No streams yet">
      <p>
        Run{" "}
        <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">
          bun run pipeline &lt;source&gt; --serve
        </code>{" "}
        or register one with{" "}
        <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">POST /v1/admin/streams</code>.
      </p>
    </EmptyState>
  );
}
