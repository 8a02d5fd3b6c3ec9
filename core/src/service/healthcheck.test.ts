import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Server } from "bun";

const SCRIPT = join(import.meta.dir, "healthcheck.ts");

/** Runs the health check the way the images' HEALTHCHECK does: its own process, settings in env. */
async function runCheck(args: string[], env: Record<string, string | undefined>) {
  const proc = Bun.spawn(["bun", SCRIPT, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, stdout: stdout.trim(), stderr };
}

let server: Server<undefined> | undefined;
afterEach(() => {
  server?.stop(true);
  server = undefined;
});

/** A real HTTP server answering /health with `status`, recording the paths it was asked for. */
function serveHealth(status: number, asked: string[] = []) {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const { pathname } = new URL(request.url);
      asked.push(pathname);
      return pathname === "/health"
        ? Response.json({ ok: status === 200 }, { status })
        : new Response("no such route", { status: 404 });
    },
  });
  return server.port as number;
}

async function closedPort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

describe("healthcheck script", () => {
  test("a service answering 200 on /health is healthy (exit 0), asked on loopback for a wildcard HOST", async () => {
    const asked: string[] = [];
    const port = serveHealth(200, asked);
    const result = await runCheck(["ingest"], { STREAMLENS_INGEST_PORT: String(port), HOST: "0.0.0.0" });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`healthy: http://127.0.0.1:${port}/health answered 200 {"ok":true}`);
    expect(asked).toEqual(["/health"]);
  });

  test("503 (a broker session down) is unhealthy: exit 1 with the status and body", async () => {
    const port = serveHealth(503);
    const result = await runCheck(["analytics"], { STREAMLENS_ANALYTICS_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`unhealthy: http://127.0.0.1:${port}/health answered 503 {"ok":false}`);
  });

  test("nothing listening is unhealthy: exit 1 naming the refused connection", async () => {
    const port = await closedPort();
    const result = await runCheck(["inference"], { STREAMLENS_INFERENCE_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`unhealthy: http://127.0.0.1:${port}/health: cannot connect (ECONNREFUSED)`);
  });

  test("a service that accepts but never answers is unhealthy once the timeout passes", async () => {
    server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>(() => {}) });
    const result = await runCheck(["ingest", "--timeout-ms", "300"], {
      STREAMLENS_INGEST_PORT: String(server.port),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`unhealthy: http://127.0.0.1:${server.port}/health: no answer within 300 ms`);
  });

  test("a check the service's port setting would refuse, or an unknown service, fails with the reason", async () => {
    const badPort = await runCheck(["ingest"], { STREAMLENS_INGEST_PORT: "99999" });
    expect(badPort.code).toBe(1);
    expect(badPort.stdout).toMatch(/^unhealthy: invalid ingest health check settings: port: /);
    const unknown = await runCheck(["edge"], {});
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/^unhealthy: invalid health check options: service: .*"ingest"/);
    const none = await runCheck([], {});
    expect(none.code).toBe(1);
  });
});
