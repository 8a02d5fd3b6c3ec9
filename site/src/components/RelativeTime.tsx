import { formatDateTime, relativeTime, useNow } from "../lib/time";

/** A time shown as "3 minutes ago" that keeps itself current, with the exact time on hover. */
export function RelativeTime({
  iso,
  fallback = "never",
}: {
  iso: string | null | undefined;
  fallback?: string;
}) {
  const now = useNow();
  if (!iso) return <span>{fallback}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
