/**
 * The paths the API answers; everything else is the site's static files. Workers static assets
 * (`run_worker_first` in wrangler.toml) and the local server route by the same list (a test
 * keeps the two equal).
 */
export const API_PATHS = ["/v1/*", "/health", "/openapi.json", "/docs"] as const;

export function isApiPath(pathname: string): boolean {
  return API_PATHS.some((pattern) =>
    pattern.endsWith("/*")
      ? pathname.startsWith(pattern.slice(0, -1)) || pathname === pattern.slice(0, -2)
      : pathname === pattern,
  );
}
