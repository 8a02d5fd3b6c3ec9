import type { Stream } from "../api/types";
import { formatMean } from "../lib/format";
import { streamHref } from "../lib/links";
import { streamImage } from "../lib/stream-image";
import { RelativeTime } from "./RelativeTime";
import { Skeleton } from "./StateViews";
import { StatusBadge } from "./StatusBadge";

const KIND_LABEL: Record<string, string> = {
  youtube: "YouTube",
  ytdlp: "Web video",
  http: "HTTP / HLS",
  rtsp: "RTSP camera",
  file: "File",
};

/** One stream in the grid: its picture, state, title, activity and what it shows most. */
export function StreamCard({
  stream,
  highlight,
  eager,
}: {
  stream: Stream;
  highlight?: string;
  eager?: boolean;
}) {
  const image = streamImage(stream);
  const title = stream.title ?? stream.id;
  return (
    <article
      className="group relative flex flex-col overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-accent-400 focus-within:ring-2 focus-within:ring-accent-500 dark:bg-slate-900 dark:ring-slate-800"
      data-stream-id={stream.id}
    >
      <div className="relative aspect-video overflow-hidden bg-slate-200 dark:bg-slate-800">
        {image ? (
          <img
            src={image}
            alt={`Latest frame of ${title}`}
            loading={eager ? "eager" : "lazy"}
            fetchPriority={eager ? "high" : "auto"}
            decoding="async"
            width={640}
            height={360}
            className="absolute inset-0 size-full object-cover"
          />
        ) : (
          <div className="flex size-full items-center justify-center text-sm text-slate-600 dark:text-slate-300">
            No frame yet
          </div>
        )}
        <StatusBadge stream={stream} className="absolute top-2 left-2 shadow" />
        {stream.rank !== null && (
          <span className="absolute top-2 right-2 rounded-md bg-slate-950/80 px-1.5 py-0.5 text-xs font-semibold text-white tabular-nums">
            <span className="sr-only">Rank </span>#{stream.rank}
          </span>
        )}
      </div>
      <div className="flex flex-1 flex-col p-4">
        <h2 className="line-clamp-2 font-semibold leading-snug">
          <a href={streamHref(stream.id)} className="after:absolute after:inset-0 focus-visible:outline-none">
            {title}
          </a>
        </h2>
        <p className="mt-0.5 truncate text-sm text-slate-600 dark:text-slate-400">
          {stream.channel ?? KIND_LABEL[stream.kind] ?? stream.kind}
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-400">Objects per frame</dt>
            <dd className="font-semibold tabular-nums">{formatMean(stream.mean_objects)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600 dark:text-slate-400">Last frame</dt>
            <dd className="font-medium">
              <RelativeTime iso={stream.last_frame_at} fallback="none yet" />
            </dd>
          </div>
        </dl>
        {stream.top_objects.length > 0 && (
          <ul aria-label="Top objects" className="mt-3 flex flex-wrap gap-1.5">
            {stream.top_objects.slice(0, 5).map((name) => (
              <li
                key={name}
                className={`rounded-full px-2 py-0.5 text-xs font-medium ${
                  name === highlight
                    ? "bg-accent-600 text-white"
                    : "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200"
                }`}
              >
                {name}
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}

/** A card-shaped placeholder with the same size as a card. */
export function StreamCardSkeleton() {
  return (
    <div className="overflow-hidden rounded-xl bg-white ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <Skeleton className="aspect-video w-full rounded-none" />
      <div className="space-y-3 p-4">
        <Skeleton className="h-5 w-3/4" />
        <Skeleton className="h-4 w-1/3" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-5 w-1/2" />
      </div>
    </div>
  );
}
