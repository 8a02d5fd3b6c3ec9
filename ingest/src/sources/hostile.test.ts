import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { REGISTERED_SOURCE_POLICY, sourcePolicyFromEnv } from "@streamlens/core";
import { publicErrorMessage } from "../public-error.ts";
import { type MediaServer, startMediaServer } from "../testing/media-server.ts";
import { ingestOne } from "../testing/run-ingest.ts";

// Hostile sources opened as registered streams are: through the real Ingest, real DNS
// (node:dns), real HTTP servers, real ffmpeg. The test servers listen on 127.0.0.1, which is
// exactly what a registered source may not reach unless the operator allows it.
let server: MediaServer;
let redirector: ReturnType<typeof Bun.serve>;
beforeAll(async () => {
  server = await startMediaServer();
  const port = new URL(server.url("/")).port;
  redirector = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request) => {
      const path = new URL(request.url).pathname;
      // 127.0.0.2 is this machine too, but outside the allow-list below.
      if (path === "/to-internal") return Response.redirect(`http://127.0.0.2:${port}/clip.mp4`, 302);
      if (path === "/to-file")
        return new Response(null, { status: 302, headers: { location: "file:///etc/passwd" } });
      return Response.redirect(server.url("/clip.mp4"), 302);
    },
  });
}, 30_000);
afterAll(() => {
  server.stop();
  redirector.stop(true);
});

const registered = { policy: REGISTERED_SOURCE_POLICY };
const loopbackOnly = { policy: sourcePolicyFromEnv({ STREAMLENS_ALLOW_SOURCE_CIDRS: "127.0.0.1/32" }) };

describe("registered sources are refused on internal addresses where ingest opens them", () => {
  test("an http source on loopback is refused before any request; the public message is general", async () => {
    const before = server.requests.length;
    const status = await ingestOne(server.url("/clip.mp4"), { maxRestarts: 1 }, registered).done;
    expect(status).toMatchObject({ state: "failed", framesRead: 0, lastError: { code: "unsafe-source" } });
    expect(status.lastError?.message).toMatch(/internal address \(loopback\)/);
    expect(server.requests.length).toBe(before);
    expect(publicErrorMessage(status.lastError)).toBe("the source is not allowed");
  }, 30_000);

  test("a host name is checked after DNS resolution (localhost resolves to loopback)", async () => {
    const url = server.url("/clip.mp4").replace("127.0.0.1", "localhost");
    for (const source of [url, url.replace("http:", "rtsp:"), `ytdlp:${url}`]) {
      const status = await ingestOne(source, { maxRestarts: 1 }, registered).done;
      expect({ source, code: status.lastError?.code }).toEqual({ source, code: "unsafe-source" });
      expect(status.lastError?.message).toMatch(/the host resolves to an internal address \(loopback\)/);
    }
  }, 30_000);

  test("the operator's setting allows it: all internal addresses, or an allow-listed range", async () => {
    const all = sourcePolicyFromEnv({ STREAMLENS_ALLOW_PRIVATE_SOURCES: "true" });
    expect(await ingestOne(server.url("/clip.mp4"), {}, { policy: all }).done).toMatchObject({
      state: "ended",
    });
    const viaRedirect = await ingestOne(`http://127.0.0.1:${redirector.port}/ok`, {}, loopbackOnly).done;
    expect(viaRedirect).toMatchObject({ state: "ended", framesRead: 140 });
  }, 60_000);

  test("a redirect to an address outside the policy, or to file:, is not followed", async () => {
    const before = server.requests.length;
    const internal = await ingestOne(
      `http://127.0.0.1:${redirector.port}/to-internal`,
      { maxRestarts: 1 },
      loopbackOnly,
    ).done;
    expect(internal.lastError?.message).toMatch(/internal address \(loopback\)/);
    expect(server.requests.length).toBe(before);
    const file = await ingestOne(
      `http://127.0.0.1:${redirector.port}/to-file`,
      { maxRestarts: 1 },
      loopbackOnly,
    ).done;
    expect(file.lastError?.message).toMatch(/a redirect to file: is not followed/);
  }, 30_000);
});

describe("public errors say what failed in general terms only", () => {
  test("a closed port and a 404 read the same; the detail stays in the status for the log", async () => {
    const closed = await ingestOne("http://127.0.0.1:9/x.mp4", { maxRestarts: 1 }).done;
    const missing = await ingestOne(server.url("/gone.mp4"), { maxRestarts: 1 }).done;
    expect(closed.lastError?.code).toBe("unreachable");
    expect(missing.lastError?.code).toBe("not-found");
    expect(publicErrorMessage(closed.lastError)).toBe("could not open the source");
    expect(publicErrorMessage(missing.lastError)).toBe("could not open the source");
  }, 30_000);

  test("credentials ffmpeg echoes never reach a stream's error or the log", async () => {
    const run = ingestOne("rtsp://admin:hunter2@127.0.0.1:9/cam?token=abc123", { maxRestarts: 1 });
    const status = await run.done;
    const seen = JSON.stringify([status, run.records()]);
    expect(status.state).toBe("failed");
    for (const secret of ["hunter2", "abc123"]) expect(seen).not.toContain(secret);
  }, 30_000);
});
