import { existsSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import type { Database } from "@streamlens/analytics/store";
import { LOOPBACK, listenUrl } from "@streamlens/core";
import type { LogSink } from "@streamlens/core/contracts";
import { Hono } from "hono";
import { serveStatic } from "hono/bun";
import { compress } from "hono/compress";
import { isApiPath } from "../api-paths.ts";
import { createApp } from "../app.ts";
import type { Bindings } from "../env.ts";
import { headersFor, readHeadersFile } from "./headers-file.ts";

export interface LocalServerOptions {
  db: Database;
  bindings: Bindings;
  port: number;
  /** The address to listen on (HOST); loopback unless told. */
  hostname?: string;
  /** The built site (site/dist) to serve beside the API; without it, the API alone. */
  siteDir?: string;
  /** Where admin actions and refusals are logged (default: JSON lines on the console). */
  logger?: LogSink;
}

export interface LocalServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Bun's parser limit for the request line and headers (its default is 16 KiB). */
const PARSER_LIMIT_BYTES = 256 * 1024;

/** Hashed bundles never change under their name; pages must be revalidated to see a new build. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The site's static files the way Workers static assets serve them: `/x/` and `/x` find
 * `x/index.html`, unknown paths get 404.html with status 404, headers from the site's `_headers`
 * file, responses compressed.
 */
function staticSite(root: string) {
  const site = new Hono();
  const rules = readHeadersFile(join(root, "_headers"));
  site.use(async (c, next) => {
    await next();
    for (const [name, value] of headersFor(rules, c.req.path)) c.res.headers.set(name, value);
  });
  // Workers static assets never serve the rules file itself.
  site.get("/_headers", (c) => c.notFound());
  site.use(compress());
  site.use(
    "*",
    serveStatic({
      root,
      onFound: (path, c) => {
        c.header("cache-control", path.includes("/_astro/") ? IMMUTABLE : "no-cache");
      },
    }),
  );
  const notFound = join(root, "404.html");
  site.notFound(async (c) =>
    existsSync(notFound)
      ? c.html(await Bun.file(notFound).text(), 404, { "cache-control": "no-cache" })
      : c.text("not found", 404),
  );
  return site;
}

/**
 * The API (and, with `siteDir`, the site on the same port) under Bun, over one database: what
 * `bun run serve`, `bun run edge:local` and `bun run pipeline --serve` listen with.
 */
export function serveLocal(options: LocalServerOptions): LocalServer {
  // Bun's HTTP parser answers a request past this size itself, with an empty 431 (no hook sees
  // it). Raised well above the app's own limits (request-limits.ts), so an over-long URL or
  // header block gets the API's JSON error; only what passes this limit still gets the bare 431.
  // Typed read-only after Node, but Bun reads it when a server starts.
  (http as { maxHeaderSize: number }).maxHeaderSize = Math.max(http.maxHeaderSize, PARSER_LIMIT_BYTES);
  let server: ReturnType<typeof Bun.serve> | undefined;
  const api = createApp({
    database: () => ({ db: options.db, release: () => {} }),
    clientAddress: (c) => server?.requestIP(c.req.raw)?.address,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const site = options.siteDir ? staticSite(options.siteDir) : undefined;
  server = Bun.serve({
    port: options.port,
    hostname: options.hostname ?? LOOPBACK,
    fetch: (request) =>
      site && !isApiPath(new URL(request.url).pathname)
        ? site.fetch(request)
        : api.fetch(request, options.bindings),
  });
  return {
    url: listenUrl(options.hostname ?? LOOPBACK, server.port as number),
    port: server.port as number,
    stop: () => server.stop(),
  };
}
