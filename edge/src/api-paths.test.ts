import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { API_PATHS, isApiPath } from "./api-paths.ts";

describe("API paths", () => {
  test("wrangler.toml sends exactly the API's paths to the Worker first", () => {
    const config = Bun.TOML.parse(readFileSync(join(import.meta.dir, "..", "wrangler.toml"), "utf8")) as {
      assets?: { run_worker_first?: string[]; directory?: string };
    };
    expect(config.assets?.run_worker_first).toEqual([...API_PATHS, "/__scheduled"]);
    expect(config.assets?.directory).toBe("../site/dist");
  });

  test("the API's routes are API paths; the site's pages are not", () => {
    for (const path of [
      "/v1/streams",
      "/v1/streams/x/snapshot.jpg",
      "/v1",
      "/health",
      "/openapi.json",
      "/docs",
    ])
      expect(isApiPath(path)).toBe(true);
    for (const path of ["/", "/stream/", "/rankings/", "/_astro/a.js", "/v10", "/healthz", "/docs/x"])
      expect(isApiPath(path)).toBe(false);
  });
});
