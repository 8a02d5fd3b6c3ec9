// Where the site finds the API and how often it refreshes. The API base is chosen at build time
// (PUBLIC_API_BASE; empty means the site's own origin, as when the Worker or `bun run serve`
// serves both) and can be overridden at run time in this browser from the Status page, so one
// build works against `edge:local`, `edge:dev` and production.

const OVERRIDE_KEY = "streamlens:api-base";

/** How often data refreshes on its own (PUBLIC_REFRESH_MS, default 10 s, at least 1 s). */
export const REFRESH_MS = Math.max(1000, Number(import.meta.env.PUBLIC_REFRESH_MS) || 10_000);

/**
 * A usable API base: empty (same origin) or an absolute http(s) URL without a trailing slash.
 * Anything else is refused with the reason, so a typo never points the site somewhere odd.
 */
export function parseApiBase(input: string): { ok: true; base: string } | { ok: false; reason: string } {
  const value = input.trim();
  if (value === "") return { ok: true, base: "" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: `"${value}" is not a URL (e.g. https://api.example.com)` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: `the API must be http(s), not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: "the API URL must not carry credentials" };
  if (url.search || url.hash) return { ok: false, reason: "the API URL takes no query or fragment" };
  return { ok: true, base: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
}

function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined; // storage disabled by the browser
  }
}

/** The build's own default (PUBLIC_API_BASE), validated; a bad one falls back to the same origin. */
export function buildApiBase(): string {
  const parsed = parseApiBase(String(import.meta.env.PUBLIC_API_BASE ?? ""));
  return parsed.ok ? parsed.base : "";
}

/** The override saved in this browser, if any (validated again: storage is outside input). */
export function savedApiBase(): string | undefined {
  const saved = storage()?.getItem(OVERRIDE_KEY);
  if (saved === null || saved === undefined) return undefined;
  const parsed = parseApiBase(saved);
  return parsed.ok ? parsed.base : undefined;
}

/** The API base in effect: this browser's override, else the build's default. */
export function apiBase(): string {
  return savedApiBase() ?? buildApiBase();
}

/** Saves (or, with null, removes) this browser's override. */
export function saveApiBase(base: string | null): void {
  const store = storage();
  if (!store) return;
  if (base === null) store.removeItem(OVERRIDE_KEY);
  else store.setItem(OVERRIDE_KEY, base);
}
