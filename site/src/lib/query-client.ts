import { keepPreviousData, QueryClient } from "@tanstack/react-query";
import { isNotFound } from "../api/client";
import { REFRESH_MS } from "./config";

function create(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data refreshes on its own; the previous data stays on screen while the next arrives
        // (no layout jump), and while the API is away (shown with a banner, not a blank page).
        refetchInterval: REFRESH_MS,
        placeholderData: keepPreviousData,
        staleTime: REFRESH_MS / 2,
        // One quick retry, then show the outage; polling keeps trying. "Not found" is an answer.
        retry: (failures, error) => failures < 1 && !isNotFound(error),
        retryDelay: 1000,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** One client per page in the browser (islands share the cache); a fresh one per server render. */
export function queryClient(): QueryClient {
  if (typeof window === "undefined") return create();
  browserClient ??= create();
  return browserClient;
}
