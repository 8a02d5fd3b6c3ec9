import type { MediaServer } from "@streamlens/ingest/testing";

export type HopMode = "pass" | "stall" | "dead";

/**
 * A hop in front of the media server that a test can break: `stall` holds every request open
 * with no answer (a camera or CDN that hangs), `dead` answers 503 at once, `pass` forwards.
 */
export function startFaultyHop(upstream: MediaServer) {
  let mode: HopMode = "pass";
  const release: Array<() => void> = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      while (mode === "stall") await new Promise<void>((resolve) => release.push(resolve));
      if (mode === "dead") return new Response("gone", { status: 503 });
      const url = new URL(request.url);
      const range = request.headers.get("range");
      return fetch(upstream.url(url.pathname + url.search), range ? { headers: { range } } : {});
    },
  });
  return {
    url: (path: string) => `http://127.0.0.1:${server.port}${path}`,
    set(next: HopMode) {
      mode = next;
      for (const resolve of release.splice(0)) resolve();
    },
    stop: () => server.stop(true),
  };
}

export type FaultyHop = ReturnType<typeof startFaultyHop>;
