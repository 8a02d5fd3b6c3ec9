import { beforeAll, describe, expect, test } from "bun:test";
import { ROLLUPS } from "@streamlens/analytics/store";
import { ADMIN_FAILURE_LIMIT } from "../auth-failures.ts";
import { regressionRequests } from "./regressions.ts";

/** What the suite needs: a running API over a database holding the fixture pipeline's output. */
export interface ApiUnderTest {
  url: string;
  adminToken: string;
  /** The site's origin, allowed by CORS. */
  allowedOrigin: string;
  /** What the server logged so far (stdout and stderr). */
  logs: () => string;
}

export const VIDEO = "one-by-one-person-detection";
export const PHOTO = "bus";

/** The width in a JPEG's start-of-frame marker. */
function jpegWidth(jpeg: Uint8Array): number {
  for (let i = 2; i + 9 < jpeg.length; ) {
    const marker = jpeg[i + 1] as number;
    const length = ((jpeg[i + 2] as number) << 8) | (jpeg[i + 3] as number);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return ((jpeg[i + 7] as number) << 8) | (jpeg[i + 8] as number);
    i += 2 + length;
  }
  return -1;
}

interface Json {
  [key: string]: unknown;
}

/**
 * Every route and error path of the API, against a server started elsewhere (the Worker in
 * workerd, or the Bun entry) over the statistics of a real pipeline run: the fixture video and
 * the bus photo.
 */
export function apiContract(name: string, start: () => Promise<ApiUnderTest>) {
  describe(`API contract: ${name}`, () => {
    let api: ApiUnderTest;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${api.url}${path}`, { headers });
    const getJson = async (path: string) => {
      const response = await get(path);
      return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
    };
    const post = (path: string, body: unknown, token?: string, raw?: string) =>
      fetch(`${api.url}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: raw ?? JSON.stringify(body),
      });

    beforeAll(async () => {
      api = await start();
    }, 180_000);

    describe("reads", () => {
      test("GET /health: up, database reachable, never cached", async () => {
        const { status, body, headers } = await getJson("/health");
        expect(status).toBe(200);
        expect(body).toMatchObject({ status: "ok", database: "ok" });
        expect(headers.get("cache-control")).toBe("no-store");
      });

      test("GET /v1/streams: ranked streams with status, facts and top objects", async () => {
        const { status, body, headers } = await getJson("/v1/streams");
        expect(status).toBe(200);
        const streams = body.streams as Json[];
        // The photo has 4 objects in 1 frame; the video under 1 per frame: the photo ranks first.
        expect(streams.map((s) => s.id)).toEqual([PHOTO, VIDEO]);
        expect(streams[0]).toMatchObject({
          rank: 1,
          kind: "file",
          status: "ended",
          active: true,
          top_objects: ["person", "bus"],
        });
        expect(streams[1]).toMatchObject({
          rank: 2,
          status: "ended",
          top_objects: expect.arrayContaining(["person"]),
        });
        expect(streams[1]?.mean_objects as number).toBeGreaterThan(0.5);
        expect(streams[1]?.last_frame_at).toEqual(expect.any(String));
        expect(streams[0]?.snapshot_at).toEqual(expect.any(String));
        expect(String(streams[1]?.model)).toMatch(/^yolox-nano@/);
        expect(body.next_cursor).toBeNull();
        expect(headers.get("cache-control")).toMatch(/public, max-age=\d+/);
        expect(headers.get("etag")).toBeTruthy();
      });

      test("paging with a cursor walks the ranking without repeats", async () => {
        const first = await getJson("/v1/streams?limit=1");
        expect((first.body.streams as Json[]).map((s) => s.id)).toEqual([PHOTO]);
        const second = await getJson(`/v1/streams?limit=1&cursor=${first.body.next_cursor}`);
        expect((second.body.streams as Json[]).map((s) => s.id)).toEqual([VIDEO]);
        expect(second.body.next_cursor).toBeNull();
      });

      test("filters: class (exact, multi-word names too) and active", async () => {
        const ids = async (query: string) =>
          ((await getJson(`/v1/streams?${query}`)).body.streams as Json[]).map((s) => s.id);
        expect(await ids("class=person")).toEqual([PHOTO, VIDEO]);
        expect(await ids("class=bus")).toEqual([PHOTO]);
        expect(await ids(`class=${encodeURIComponent("traffic light")}`)).toEqual([]);
        expect(await ids("active=false")).toEqual([]);
      });

      test("GET /v1/streams/{id}: facts, status and top objects; unknown ids are 404", async () => {
        const { status, body } = await getJson(`/v1/streams/${VIDEO}`);
        expect(status).toBe(200);
        expect(body).toMatchObject({
          id: VIDEO,
          codec: "h264",
          width: 768,
          height: 432,
          source_fps: 10,
          started_at: "2017-09-26T16:57:49.000Z",
        });
        expect((body.objects as Json[])[0]).toMatchObject({ class: "person", rank: 1 });
        expect(body.snapshot_at).toEqual(expect.any(String));
        const missing = await getJson("/v1/streams/no-such-stream");
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ error: { code: "not-found", message: "no stream 'no-such-stream'" } });
      });

      test("GET /v1/streams/{id}/objects: weighted means, best first", async () => {
        const { body } = await getJson(`/v1/streams/${VIDEO}/objects?limit=3`);
        const objects = body.objects as Json[];
        expect(objects[0]).toMatchObject({ class: "person", rank: 1 });
        expect(objects[0]?.mean as number).toBeCloseTo(
          (objects[0]?.count_sum as number) / (objects[0]?.frames as number),
          9,
        );
        expect(objects.length).toBeLessThanOrEqual(3);
      });

      test("GET /v1/streams/{id}/timeseries: buckets over the stream's data", async () => {
        const { status, body } = await getJson(`/v1/streams/${VIDEO}/timeseries?bucket=5m&top=2`);
        expect(status).toBe(200);
        expect(body.bucket_seconds).toBe(300);
        const series = body.series as Array<{ class: string; points: Json[] }>;
        expect(series[0]?.class).toBe("person");
        expect(series.length).toBeLessThanOrEqual(2);
        // 16:57:49 to 17:00:08 falls in the 16:55 and 17:00 buckets.
        expect(series[0]?.points.map((p) => p.t)).toEqual([
          "2017-09-26T16:55:00.000Z",
          "2017-09-26T17:00:00.000Z",
        ]);
        const frames = series[0]?.points.reduce((n, p) => n + (p.frames as number), 0);
        expect(frames).toBe(140);
      });

      test("GET /v1/streams/{id}/timeseries?span: the window ends at the newest data", async () => {
        const short = await getJson(`/v1/streams/${VIDEO}/timeseries?bucket=1h&span=6h`);
        expect(short.status).toBe(200);
        // The recording's newest window starts 17:00; `to` is its end, `from` six hours before.
        expect(short.body).toMatchObject({
          to: "2017-09-26T17:01:00.000Z",
          from: "2017-09-26T11:01:00.000Z",
        });
        const series = short.body.series as Array<{ class: string; points: Json[] }>;
        expect(series[0]?.points.map((p) => p.t)).toEqual([
          "2017-09-26T16:00:00.000Z",
          "2017-09-26T17:00:00.000Z",
        ]);
        const both = await getJson(`/v1/streams/${VIDEO}/timeseries?span=6h&from=2017-09-26T16:00:00Z`);
        expect(both.status).toBe(400);
        expect(both.body.error).toMatchObject({ parameter: "span" });
      });

      test("GET /v1/status: each stream's state and the SQL model runs", async () => {
        const { status, body, headers } = await getJson("/v1/status");
        expect(status).toBe(200);
        expect(headers.get("cache-control")).toMatch(/max-age/);
        expect(body.streams).toMatchObject({ total: 2, running: 0, failed: 0, by_status: { ended: 2 } });
        const states = body.stream_states as Json[];
        expect(states.map((s) => [s.id, s.status, s.last_error])).toEqual([
          [PHOTO, "ended", null],
          [VIDEO, "ended", null],
        ]);
        expect(states[1]?.last_frame_at).toEqual(expect.any(String));
        expect(String(body.detector)).toMatch(/^yolox-nano@/);
        const runs = body.sql_models as Json[];
        expect(runs.map((r) => r.name).sort()).toEqual(ROLLUPS.map((m) => m.name).sort());
        for (const run of runs) expect(run).toMatchObject({ status: "ok", error: null });
        expect(body.sql_model_failures).toEqual([]);
      });

      test("GET /v1/streams/{id}/stats: raw windows with mean and standard deviation", async () => {
        const { body } = await getJson(
          `/v1/streams/${VIDEO}/stats?class=person&from=2017-09-26T16:50:00Z&to=2017-09-26T17:10:00Z`,
        );
        const windows = body.windows as Json[];
        expect(windows.map((w) => w.window_start)).toEqual([
          "2017-09-26T17:00:00.000Z",
          "2017-09-26T16:59:00.000Z",
          "2017-09-26T16:58:00.000Z",
          "2017-09-26T16:57:00.000Z",
        ]);
        for (const w of windows) {
          const mean = (w.count_sum as number) / (w.frames as number);
          expect(w.mean as number).toBeCloseTo(mean, 9);
          // One person at a time in the video: each frame counts 0 or 1, so the variance is
          // mean · (1 − mean), above zero in every window (each has frames with and without).
          expect([w.count_min, w.count_max]).toEqual([0, 1]);
          expect(mean).toBeGreaterThan(0);
          expect(mean).toBeLessThan(1);
          expect(w.stddev as number).toBeCloseTo(Math.sqrt(mean * (1 - mean)), 9);
          // A recording's frames never age out.
          expect(w.frames_dropped).toBe(0);
        }
      });

      test("GET /v1/streams/{id}/snapshot and its JPEG", async () => {
        const { status, body } = await getJson(`/v1/streams/${PHOTO}/snapshot`);
        expect(status).toBe(200);
        expect(body).toMatchObject({ stream_id: PHOTO, width: 810, height: 1080 });
        // The bus and three people (the fourth, cut off at the edge, scores 0.30, under YOLOX-Nano's 0.45).
        expect((body.objects as Json[]).map((o) => o.class).sort()).toEqual([
          "bus",
          "person",
          "person",
          "person",
        ]);
        const image = await get(String(body.image_url));
        expect(image.status).toBe(200);
        expect(image.headers.get("content-type")).toBe("image/jpeg");
        const bytes = new Uint8Array(await image.arrayBuffer());
        expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        // Lists load the thumbnail: at most 640 px wide, a fraction of the 810x1080 frame's bytes.
        const thumb = new Uint8Array(await (await get(`${body.image_url}?size=thumb`)).arrayBuffer());
        expect([...thumb.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        expect(thumb.length).toBeLessThan(bytes.length / 4);
        expect(jpegWidth(thumb)).toBe(640);
        expect(jpegWidth(bytes)).toBe(810);
        expect((await get(`${body.image_url}?size=huge`)).status).toBe(400);
      });

      test("GET /v1/rankings/objects and /v1/rankings/streams", async () => {
        const objects = await getJson("/v1/rankings/objects?limit=5");
        expect((objects.body.objects as Json[])[0]).toMatchObject({ class: "person", rank: 1, streams: 2 });
        const streams = await getJson("/v1/rankings/streams");
        expect((streams.body.streams as Json[]).map((s) => s.stream_id)).toEqual([PHOTO, VIDEO]);
      });

      test("ETags: a revalidation with If-None-Match gets 304", async () => {
        const first = await get("/v1/rankings/objects");
        const etag = first.headers.get("etag") as string;
        expect(etag).toBeTruthy();
        const again = await get("/v1/rankings/objects", { "if-none-match": etag });
        expect(again.status).toBe(304);
      });
    });

    describe("bad input is a 400 that names the parameter, never a 500", () => {
      for (const [path, parameter] of [
        ["/v1/streams?limit=0", "limit"],
        ["/v1/streams?limit=many", "limit"],
        ["/v1/streams?active=maybe", "active"],
        ["/v1/streams?cursor=not-a-cursor", "cursor"],
        [`/v1/streams/${VIDEO}/timeseries?bucket=2m`, "bucket"],
        [`/v1/streams/${VIDEO}/timeseries?from=yesterday`, "from"],
        [`/v1/streams/${VIDEO}/timeseries?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z`, "from"],
        [`/v1/streams/${VIDEO}/stats?limit=100000`, "limit"],
        ["/v1/streams/bad%20id", "id"],
        ["/v1/rankings/objects?limit=-1", "limit"],
      ] as const) {
        test(`${path} → 400 naming ${parameter}`, async () => {
          const { status, body } = await getJson(path);
          expect(status).toBe(400);
          expect(body.error).toMatchObject({ code: "invalid-parameter", parameter });
        });
      }

      test("every request that was a 500 (NUL, year 0, crafted cursors, tiny fps) is a 400 naming its parameter", async () => {
        for (const { method, path, body, parameter } of regressionRequests(VIDEO)) {
          const response =
            method === "GET" ? await get(path) : await post(path, undefined, api.adminToken, body);
          const json = (await response.json()) as Json;
          expect([method, path, body, response.status]).toEqual([method, path, body, 400]);
          expect([path, json.error]).toEqual([path, expect.objectContaining({ parameter })]);
        }
      });

      test("an over-long URL is a 414 and oversized headers a 431, with the JSON error body", async () => {
        const long = await get(`/v1/streams?class=${"a".repeat(9000)}`);
        expect(long.status).toBe(414);
        expect(((await long.json()) as Json).error).toMatchObject({ code: "uri-too-long" });
        const headers = await get("/v1/streams", { "x-filler": "a".repeat(20_000) });
        expect(headers.status).toBe(431);
        expect(((await headers.json()) as Json).error).toMatchObject({ code: "headers-too-large" });
      });

      test("an unknown API route is a 404 JSON", async () => {
        const { status, body } = await getJson("/v1/everything");
        expect(status).toBe(404);
        expect(body).toEqual({ error: { code: "not-found", message: "no route GET /v1/everything" } });
      });
    });

    describe("CORS", () => {
      test("the site's origin is allowed, others are not", async () => {
        const allowed = await get("/v1/rankings/objects", { origin: api.allowedOrigin });
        expect(allowed.headers.get("access-control-allow-origin")).toBe(api.allowedOrigin);
        const other = await get("/v1/rankings/objects", { origin: "https://evil.example" });
        expect(other.headers.get("access-control-allow-origin")).toBeNull();
        const preflight = await fetch(`${api.url}/v1/admin/streams`, {
          method: "OPTIONS",
          headers: {
            origin: api.allowedOrigin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization",
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
      });
    });

    describe("security headers", () => {
      const expectHardened = (headers: Headers, path: string) => {
        expect([path, headers.get("x-content-type-options")]).toEqual([path, "nosniff"]);
        expect([path, headers.get("x-frame-options")]).toEqual([path, "DENY"]);
        expect([path, headers.get("content-security-policy")]).toEqual([
          path,
          expect.stringContaining("frame-ancestors 'none'"),
        ]);
        expect([path, headers.get("referrer-policy")]).toEqual([path, expect.any(String)]);
      };

      test("on every API response: reads, errors, documents", async () => {
        for (const path of [
          "/health",
          "/v1/streams",
          "/v1/streams/nobody",
          "/v1/streams?limit=0",
          "/openapi.json",
        ]) {
          const response = await get(path);
          expectHardened(response.headers, path);
          expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
        }
        const admin = await post("/v1/admin/models/run", {});
        expectHardened(admin.headers, "/v1/admin/models/run");
      });

      test("/docs: a policy allowing only the pinned CDN and its own start-up script", async () => {
        const response = await get("/docs");
        expectHardened(response.headers, "/docs");
        const policy = response.headers.get("content-security-policy") as string;
        expect(policy).toMatch(/script-src 'nonce-[^']+' https:\/\/cdn\.jsdelivr\.net/);
        const html = await response.text();
        const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
        expect(html).toContain(`nonce="${nonce}"`);
        expect(html).toMatch(/swagger-ui-dist@\d+\.\d+\.\d+\/swagger-ui-bundle\.js" integrity="sha384-/);
      });

      test("on the site's pages and files", async () => {
        for (const path of ["/", "/status/", "/no-such-page"]) {
          const response = await get(path);
          expectHardened(response.headers, path);
        }
        expect((await get("/_headers")).status).toBe(404);
      });
    });

    describe("documentation", () => {
      test("/openapi.json is OpenAPI 3.1 with every route", async () => {
        const { body } = await getJson("/openapi.json");
        expect(body.openapi).toBe("3.1.0");
        expect(Object.keys(body.paths as Json).sort()).toEqual(
          [
            "/health",
            "/v1/admin/models/run",
            "/v1/admin/streams",
            "/v1/admin/streams/{id}/activate",
            "/v1/admin/streams/{id}/deactivate",
            "/v1/rankings/objects",
            "/v1/rankings/streams",
            "/v1/streams",
            "/v1/streams/{id}",
            "/v1/streams/{id}/objects",
            "/v1/streams/{id}/snapshot",
            "/v1/streams/{id}/snapshot.jpg",
            "/v1/streams/{id}/stats",
            "/v1/streams/{id}/timeseries",
            "/v1/status",
          ].sort(),
        );
      });

      test("/docs serves the API reference page", async () => {
        const response = await get("/docs");
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html).toContain("swagger-ui");
        expect(html).toContain("/openapi.json");
      });
    });

    describe("the site beside the API", () => {
      test("pages are the built site's HTML; the API's paths stay the API's", async () => {
        for (const path of ["/", "/stream/?id=bus", "/rankings/", "/status/"]) {
          const response = await get(path);
          expect(response.status).toBe(200);
          expect(response.headers.get("content-type")).toContain("text/html");
          expect(await response.text()).toContain("streamlens");
        }
        const json = await get("/v1/streams");
        expect(json.headers.get("content-type")).toContain("application/json");
      });

      test("bundles are cached for good; an unknown page is the site's 404", async () => {
        const html = await (await get("/")).text();
        const bundle = html.match(/\/_astro\/[\w.-]+\.js/)?.[0];
        expect(bundle).toBeDefined();
        const script = await get(bundle as string);
        expect(script.status).toBe(200);
        expect(script.headers.get("cache-control")).toContain("immutable");
        const missing = await get("/no-such-page");
        expect(missing.status).toBe(404);
        expect(await missing.text()).toContain("No such page");
      });
    });

    describe("admin routes", () => {
      test("no token is 401 (with WWW-Authenticate), a wrong token 403", async () => {
        const none = await post("/v1/admin/streams", { source: "ydYDqZQpim8" });
        expect(none.status).toBe(401);
        expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(((await none.json()) as Json).error).toMatchObject({ code: "unauthorized" });
        const wrong = await post("/v1/admin/streams", { source: "ydYDqZQpim8" }, "not-the-token");
        expect(wrong.status).toBe(403);
        const malformed = await fetch(`${api.url}/v1/admin/models/run`, {
          method: "POST",
          headers: { authorization: "Basic abc" },
        });
        expect(malformed.status).toBe(401);
      });

      test("register, deactivate and activate a stream", async () => {
        const created = await post(
          "/v1/admin/streams",
          { source: "ydYDqZQpim8", title: "Namib desert", fps: 0.5 },
          api.adminToken,
        );
        expect(created.status).toBe(201);
        expect(await created.json()).toMatchObject({
          id: "yt-ydYDqZQpim8",
          kind: "youtube",
          active: true,
          fps: 0.5,
          status: "idle",
        });
        const listed = await getJson("/v1/streams?limit=10");
        expect((listed.body.streams as Json[]).at(-1)).toMatchObject({
          id: "yt-ydYDqZQpim8",
          rank: null,
          title: "Namib desert",
        });
        const off = await post("/v1/admin/streams/yt-ydYDqZQpim8/deactivate", {}, api.adminToken);
        expect(await off.json()).toMatchObject({ id: "yt-ydYDqZQpim8", active: false });
        expect((await getJson("/v1/streams?active=false")).body.streams).toEqual([
          expect.objectContaining({ id: "yt-ydYDqZQpim8" }),
        ]);
        const on = await post("/v1/admin/streams/yt-ydYDqZQpim8/activate", {}, api.adminToken);
        expect(await on.json()).toMatchObject({ active: true });
        expect((await post("/v1/admin/streams/nobody/deactivate", {}, api.adminToken)).status).toBe(404);
        const snapshot = await getJson("/v1/streams/yt-ydYDqZQpim8/snapshot");
        expect(snapshot.status).toBe(404);
      });

      test("a stream's own score threshold: set, kept on re-registration, cleared with null, validated", async () => {
        const register = (body: Json) => post("/v1/admin/streams", body, api.adminToken);
        const source = "threshold=rtsp://cameras.example.com/lobby";
        const set = await register({ source, score_threshold: 0.25 });
        expect(set.status).toBe(201);
        expect(await set.json()).toMatchObject({ id: "threshold", score_threshold: 0.25 });
        const kept = await register({ source, title: "Lobby" });
        expect(await kept.json()).toMatchObject({ title: "Lobby", score_threshold: 0.25 });
        const cleared = await register({ source, score_threshold: null });
        expect(await cleared.json()).toMatchObject({ score_threshold: null });
        const plain = await register({ source: "rtsp://cameras.example.com/hall" });
        expect(await plain.json()).toMatchObject({ score_threshold: null });
        for (const bad of [0, 1.5, "0.3"]) {
          const refused = await register({ source, score_threshold: bad });
          expect(refused.status).toBe(400);
          expect(((await refused.json()) as Json).error).toMatchObject({
            code: "invalid-parameter",
            parameter: "score_threshold",
          });
        }
        for (const id of ["threshold", "cameras.example.com-hall"]) {
          await post(`/v1/admin/streams/${id}/deactivate`, {}, api.adminToken);
        }
      });

      test("an invalid or malformed body is a 400 saying why", async () => {
        const bad = await post("/v1/admin/streams", { source: "ftp://example.com/cam" }, api.adminToken);
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as Json).error).toMatchObject({ code: "unsupported-source" });
        const badFps = await post("/v1/admin/streams", { source: "rtsp://cam/1", fps: 100 }, api.adminToken);
        expect(((await badFps.json()) as Json).error).toMatchObject({
          code: "invalid-parameter",
          parameter: "fps",
        });
        const extra = await post(
          "/v1/admin/streams",
          { source: "rtsp://cam/1", colour: "red" },
          api.adminToken,
        );
        expect(extra.status).toBe(400);
        const broken = await post("/v1/admin/streams", undefined, api.adminToken, "{not json");
        expect(broken.status).toBe(400);
      });

      test("hostile sources are refused with a 400 naming why", async () => {
        const refused: Array<[string, RegExp]> = [
          ["file:///etc/passwd", /local files/],
          ["/etc/shadow", /local files/],
          ["../../../../etc/shadow", /local files/],
          ["/proc/self/environ", /local files/],
          ["/dev/zero", /local files/],
          ["http://127.0.0.1:8787/", /internal address \(loopback\)/],
          ["http://169.254.169.254/latest/meta-data/", /internal address \(linkLocal\)/],
          ["http://metadata.google.internal/computeMetadata/v1/", /internal host/],
          ["http://0x7f000001/", /internal address \(loopback\)/],
          ["http://2130706433/", /internal address \(loopback\)/],
          ["http://017700000001/", /internal address \(loopback\)/],
          ["rtsp://0x7f000001/cam", /internal address \(loopback\)/],
          ["http://[::1]:22/", /internal address \(loopback\)/],
          ["http://[::ffff:127.0.0.1]/", /internal address \(loopback\)/],
          ["http://[fd00:ec2::254]/", /internal address \(uniqueLocal\)/],
          ["rtsp://10.0.0.5/s", /internal address \(private\)/],
          ["http://100.64.0.1/", /internal address \(carrierGradeNat\)/],
          ["http://0.0.0.0/", /internal address \(unspecified\)/],
          ["rtsp://239.0.0.1/s", /internal address \(multicast\)/],
          ["http://localhost:5432/", /internal host/],
          ["ytdlp:http://127.0.0.1/x", /internal address \(loopback\)/],
          ["ytdlp:file:///etc/passwd", /ytdlp: takes an http\(s\) URL/],
          ["data:video/mp4;base64,AAAA", /scheme 'data:'/],
          ["concat:/etc/passwd|/etc/shadow", /scheme 'concat:'/],
          ["pipe:0", /scheme 'pipe:'/],
          ["javascript:alert(1)", /scheme 'javascript:'/],
          ["--exec=id", /may not start with '-'/],
          ["cam=-i", /may not start with '-'/],
        ];
        for (const [source, why] of refused) {
          const response = await post("/v1/admin/streams", { source }, api.adminToken);
          const body = (await response.json()) as { error: { message: string } };
          expect({ source, status: response.status }).toEqual({ source, status: 400 });
          expect(body.error.message).toMatch(why);
        }
        expect((await getJson("/v1/streams?limit=100")).body.streams).not.toContainEqual(
          expect.objectContaining({ id: "passwd" }),
        );
      });

      test("credentials in a source never show: id= is parsed, userinfo and secret parameters are masked", async () => {
        const created = await post(
          "/v1/admin/streams",
          {
            source:
              "c1=rtsps://admin:hunter2@cam.example.com/s?token=abc123&X-Amz-Signature=def456&channel=2",
          },
          api.adminToken,
        );
        const text = await created.text();
        expect(created.status).toBe(201);
        expect(JSON.parse(text)).toMatchObject({
          id: "c1",
          kind: "rtsp",
          source: "rtsps://***:***@cam.example.com/s?token=***&X-Amz-Signature=***&channel=2",
        });
        const shown = await get("/v1/streams/c1");
        expect(shown.status).toBe(200);
        for (const body of [text, await shown.text(), await (await get("/v1/streams?limit=100")).text()]) {
          for (const secret of ["hunter2", "abc123", "def456"]) expect(body).not.toContain(secret);
        }
        await post("/v1/admin/streams/c1/deactivate", {}, api.adminToken);
      });

      test("POST /v1/admin/models/run rebuilds the models", async () => {
        const response = await post("/v1/admin/models/run", {}, api.adminToken);
        expect(response.status).toBe(200);
        const { results } = (await response.json()) as { results: Json[] };
        expect(results.map((r) => [r.model, r.status])).toEqual(ROLLUPS.map((m) => [m.name, "ok"]));
      });

      // Last: it leaves this client refused for the rest of the window.
      test("failed authentications past the limit get 429 with Retry-After, even with the right token", async () => {
        let refused: Response | undefined;
        for (let i = 0; i <= ADMIN_FAILURE_LIMIT.failures && !refused; i += 1) {
          const response = await post("/v1/admin/models/run", {}, `guess-${i}`);
          if (response.status === 429) refused = response;
          else expect(response.status).toBe(403);
        }
        if (!refused) throw new Error(`no 429 after ${ADMIN_FAILURE_LIMIT.failures + 1} wrong tokens`);
        const retryAfter = Number(refused.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(ADMIN_FAILURE_LIMIT.windowSeconds);
        expect(((await refused.json()) as Json).error).toMatchObject({ code: "too-many-requests" });
        const right = await post("/v1/admin/streams", { source: "rtsp://cam/9" }, api.adminToken);
        expect(right.status).toBe(429);
        // Reads are not affected.
        expect((await get("/v1/streams")).status).toBe(200);
        const logs = api.logs();
        expect(logs).toContain("admin request refused");
        expect(logs).not.toContain("guess-1");
        expect(logs).not.toContain(api.adminToken);
      });
    });
  });
}
