import { type FormEvent, useEffect, useState } from "react";
import { $api } from "../api/client";
import type { PipelineStatus, SqlModelRun } from "../api/types";
import { Panel } from "../components/Panel";
import { QueryProvider } from "../components/QueryProvider";
import { RelativeTime } from "../components/RelativeTime";
import { EmptyState, QueryFrame, Skeleton } from "../components/StateViews";
import { StatusBadge } from "../components/StatusBadge";
import { ON_WIDE_SCREENS, TableHead } from "../components/TableHead";
import { apiBase, buildApiBase, parseApiBase, saveApiBase, savedApiBase } from "../lib/config";
import { streamHref } from "../lib/links";
import { formatDuration } from "../lib/time";
import { useHydrated } from "../lib/url-state";

/** Health of the API and the pipeline: streams and their last frames, SQL model runs, errors. */
export default function StatusIsland() {
  return (
    <QueryProvider>
      <Status />
    </QueryProvider>
  );
}

function Status() {
  const health = $api.useQuery("get", "/health", {}, { retry: false });
  const status = $api.useQuery("get", "/v1/status");
  const apiUp = health.data?.status === "ok";
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label="API"
          value={health.isPending ? "…" : apiUp ? "Up" : health.data ? "Degraded" : "Down"}
          tone={health.isPending ? "muted" : apiUp ? "ok" : "error"}
        >
          {health.data ? `database ${health.data.database}` : health.isError ? "no answer" : "checking"}
        </Stat>
        <Stat
          label="Streams running"
          value={status.data ? String(status.data.streams.running) : "…"}
          tone="muted"
        >
          {status.data
            ? `of ${status.data.streams.total} registered, ${status.data.streams.failed} failed`
            : ""}
        </Stat>
        <Stat
          label="Latest frame"
          value={status.data ? <RelativeTime iso={status.data.streams.last_frame_at} /> : "…"}
          tone="muted"
        >
          {status.data?.detector ? `detector ${status.data.detector}` : ""}
        </Stat>
      </div>
      <QueryFrame query={status} loading={<Skeleton className="h-96 w-full" />}>
        {(data) => <PipelineTables status={data} />}
      </QueryFrame>
      <ApiBaseForm />
    </div>
  );
}

const TONE = {
  ok: "text-emerald-700 dark:text-emerald-400",
  error: "text-red-700 dark:text-red-400",
  muted: "",
};

function Stat({
  label,
  value,
  tone,
  children,
}: {
  label: string;
  value: React.ReactNode;
  tone: keyof typeof TONE;
  children?: React.ReactNode;
}) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className={`mt-1 text-2xl font-bold ${TONE[tone]}`} data-stat={label}>
        {value}
      </p>
      <p className="mt-1 truncate text-xs text-slate-600 dark:text-slate-400">{children}</p>
    </div>
  );
}

function PipelineTables({ status }: { status: PipelineStatus }) {
  return (
    <>
      <Panel title="Streams">
        {status.stream_states.length === 0 ? (
          <EmptyState title="No streams registered" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Each stream's state, last frame and last error</caption>
              <TableHead
                columns={[
                  { label: "Stream" },
                  { label: "State" },
                  { label: "Last frame" },
                  { label: "Last error" },
                ]}
              />
              <tbody>
                {status.stream_states.map((s) => (
                  <tr
                    key={s.id}
                    className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
                  >
                    <td className="py-2 pr-3">
                      <a href={streamHref(s.id)} className="font-medium hover:underline">
                        {s.title ?? s.id}
                      </a>
                    </td>
                    <td className="py-2 pr-3">
                      <StatusBadge stream={s} />
                    </td>
                    <td className="py-2 pr-3 whitespace-nowrap">
                      <RelativeTime iso={s.last_frame_at} fallback="none yet" />
                    </td>
                    <td className="py-2 text-red-800 dark:text-red-300">
                      {s.last_error ? (
                        <>
                          {s.last_error}{" "}
                          <span className="text-slate-600 dark:text-slate-400">
                            (<RelativeTime iso={s.last_error_at} fallback="" />)
                          </span>
                        </>
                      ) : (
                        <span className="text-slate-600 dark:text-slate-400">none</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <Panel title="SQL models">
        {status.sql_models.length === 0 ? (
          <EmptyState title="No model run yet">
            <p>Rankings and time series are rebuilt every few minutes.</p>
          </EmptyState>
        ) : (
          <RunsTable runs={status.sql_models} caption="The latest run of each SQL model" />
        )}
        {status.sql_model_failures.length > 0 && (
          <div className="mt-6">
            <h3 className="mb-2 font-semibold text-red-800 dark:text-red-300">Recent failures</h3>
            <RunsTable runs={status.sql_model_failures} caption="Recent failed SQL model runs" />
          </div>
        )}
      </Panel>
    </>
  );
}

function RunsTable({ runs, caption }: { runs: readonly SqlModelRun[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead
          columns={[
            { label: "Model" },
            { label: "Result" },
            { label: "Ran" },
            { label: "Took", numeric: true, wideOnly: true },
            { label: "Rows", numeric: true, wideOnly: true },
          ]}
        />
        <tbody>
          {runs.map((r) => (
            <tr
              key={`${r.name}-${r.started_at}`}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
            >
              <td className="break-all py-2 pr-3 font-mono text-xs">{r.name}</td>
              <td className="py-2 pr-3">
                <span
                  className={
                    r.status === "ok"
                      ? "text-emerald-700 dark:text-emerald-400"
                      : "font-semibold text-red-700 dark:text-red-400"
                  }
                >
                  {r.status}
                </span>
                {r.error && <p className="mt-1 text-xs text-red-800 dark:text-red-300">{r.error}</p>}
              </td>
              <td className="py-2 pr-3 whitespace-nowrap">
                <RelativeTime iso={r.started_at} />
              </td>
              <td className={`${ON_WIDE_SCREENS} py-2 pr-3 text-right tabular-nums`}>
                {formatDuration(r.ms)}
              </td>
              <td className={`${ON_WIDE_SCREENS} py-2 text-right tabular-nums`}>
                {r.rows?.toLocaleString("en") ?? "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Points this browser at another API (kept in this browser only; a reload applies it). */
function ApiBaseForm() {
  // This browser's setting exists only in the browser: the build renders the default, and the
  // page shows the saved one once it runs (no hydration mismatch).
  const hydrated = useHydrated();
  const current = (hydrated ? apiBase() : buildApiBase()) || "this site's own origin";
  const saved = hydrated && savedApiBase() !== undefined;
  const [value, setValue] = useState("");
  useEffect(() => setValue(savedApiBase() ?? ""), []);
  const [message, setMessage] = useState<string>();
  const save = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseApiBase(value);
    if (!parsed.ok) return setMessage(parsed.reason);
    saveApiBase(parsed.base === "" ? null : parsed.base);
    window.location.reload();
  };
  return (
    <Panel title="API">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        This page reads <strong className="text-slate-900 dark:text-white">{current}</strong>
        {saved ? " (set in this browser)" : buildApiBase() ? " (the build's default)" : ""}.
      </p>
      <form onSubmit={save} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="flex flex-1 flex-col gap-1 text-sm font-medium">
          Read another API (empty: the default)
          <input
            type="url"
            value={value}
            // Until the page runs, typing would be lost and a click would reload the page.
            disabled={!hydrated}
            onChange={(e) => {
              setValue(e.target.value);
              setMessage(undefined);
            }}
            placeholder="https://api.example.com"
            aria-invalid={message !== undefined}
            aria-describedby={message ? "api-base-error" : undefined}
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-normal dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <button
          type="submit"
          disabled={!hydrated}
          className="rounded-lg bg-accent-600 px-4 py-2 text-sm font-semibold text-white hover:bg-accent-700 disabled:opacity-60"
        >
          Use this API
        </button>
      </form>
      {message && (
        <p id="api-base-error" role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
    </Panel>
  );
}
