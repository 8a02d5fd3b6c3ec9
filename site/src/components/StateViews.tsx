import type { ReactNode } from "react";
import { describeApiError } from "../api/client";
import { apiBase } from "../lib/config";
import { RelativeTime } from "./RelativeTime";

const where = () => apiBase() || (typeof window === "undefined" ? "this site" : window.location.origin);

/** Nothing loaded and the API failed: what happened, where, and a way to try now. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-red-300 bg-red-50 p-6 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      <h2 className="text-lg font-semibold">Can't reach the streamlens API</h2>
      <p className="mt-1 text-sm">
        {describeApiError(error)} ({where()}). It is retried on its own every few seconds.
      </p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800"
      >
        Try again now
      </button>
    </div>
  );
}

/** Data on screen, but the latest refresh failed: keep the data, say it may be stale. */
export function StaleBanner({ error, updatedAt }: { error: unknown; updatedAt: number }) {
  return (
    <div
      role="alert"
      className="mb-4 flex flex-wrap items-center gap-x-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <span className="font-semibold">Connection lost.</span>
      <span>
        {describeApiError(error)}; showing data from <RelativeTime iso={new Date(updatedAt).toISOString()} />,
        retrying.
      </span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>}
    </div>
  );
}

/** A grey block of a fixed size, shown while data loads (so nothing moves when it arrives). */
export function Skeleton({ className, style }: { className: string; style?: React.CSSProperties }) {
  return (
    <div
      aria-hidden="true"
      style={style}
      className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`}
    />
  );
}

/** The loading/error/stale frame around a query's content. */
export function QueryFrame<T>({
  query,
  loading,
  children,
}: {
  query: {
    data: T | undefined;
    error: unknown;
    isError: boolean;
    dataUpdatedAt: number;
    refetch: () => unknown;
  };
  loading: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
    return (
      <div aria-busy="true" aria-live="polite">
        <span className="sr-only">Loading…</span>
        {loading}
      </div>
    );
  }
  return (
    <>
      {query.isError && <StaleBanner error={query.error} updatedAt={query.dataUpdatedAt} />}
      {children(query.data)}
    </>
  );
}
