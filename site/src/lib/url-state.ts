import { useCallback, useSyncExternalStore } from "react";

// The page's query string is the state people share (a search, a filter, a stream's chart
// settings). Components read it through this hook and write it back, so the URL is always the
// truth and the back button undoes a search.

const CHANGE = "streamlens:urlchange";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const currentSearch = () => window.location.search;
// At build time there is no URL: islands render their defaults, then hydrate with the real one.
const serverSearch = () => "";

/** The current query string, re-rendering on every change. */
export function useSearch(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, currentSearch, serverSearch);
  return new URLSearchParams(search);
}

/** Writes parameters (null removes one); `push` adds a history entry, otherwise it replaces. */
export function setSearchParams(
  changes: Record<string, string | null>,
  mode: "push" | "replace" = "replace",
) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  if (url.href === window.location.href) return;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  window.dispatchEvent(new Event(CHANGE));
}

/** One parameter with its setter; values outside `allowed` read as the fallback. */
export function useSearchParam<T extends string>(
  name: string,
  fallback: T,
  allowed?: readonly T[],
): [T, (value: T | null, mode?: "push" | "replace") => void] {
  const raw = useSearch().get(name);
  const value = raw !== null && (!allowed || allowed.includes(raw as T)) ? (raw as T) : fallback;
  const set = useCallback(
    (next: T | null, mode: "push" | "replace" = "replace") =>
      setSearchParams({ [name]: next === fallback ? null : next }, mode),
    [name, fallback],
  );
  return [value, set];
}

const noSubscription = () => () => {};

/** False while the page is built and hydrated (no URL yet), true once it runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
