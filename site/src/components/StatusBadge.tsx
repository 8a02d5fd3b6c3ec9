import { streamStatus, type Tone } from "../lib/stream-status";

const TONES: Record<Tone, string> = {
  live: "bg-red-600 text-white",
  ok: "bg-emerald-700 text-white",
  warn: "bg-amber-300 text-amber-950",
  error: "bg-red-100 text-red-800 ring-1 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  muted: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};

export function StatusBadge({
  stream,
  className = "",
}: {
  stream: { status: string; active: boolean; live?: boolean | null };
  className?: string;
}) {
  const view = streamStatus(stream);
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-semibold ${TONES[view.tone]} ${className}`}
      title={view.description}
      data-status={stream.status}
    >
      {view.tone === "live" && (
        <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-white" />
      )}
      {view.label}
      <span className="sr-only">: {view.description}</span>
    </span>
  );
}
