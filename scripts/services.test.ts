import { describe, expect, test } from "bun:test";
import { sharedTestBroker } from "@streamlens/core/testing";
import { startService, waitFor } from "./testing/services.ts";

async function closedPort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** The retry delays a service logged, in order. */
const retryDelays = (log: string) => [...log.matchAll(/"retryInMs":(\d+)/g)].map((m) => Number(m[1]));

describe("services with bad configuration", () => {
  test("an unreachable broker: a clear error, retries with growing backoff, still running and reporting unhealthy", async () => {
    const port = await closedPort();
    const service = await startService("inference", { PULSAR_URL: `http://127.0.0.1:${port}` });
    await waitFor(
      "a few connection attempts",
      20_000,
      () => retryDelays(service.log()).length >= 3,
      service.log,
    );
    expect(service.log()).toContain(
      `cannot reach the Pulsar broker at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
    const delays = retryDelays(service.log());
    expect(delays[2] as number).toBeGreaterThan(delays[0] as number);
    expect(service.proc.exitCode).toBeNull();
    expect((await service.health()).status).toBe(503);
    expect(await service.stop()).toBe(0);
  }, 60_000);

  test("a wrong token: the broker's refusal is named, and the service keeps retrying", async () => {
    const broker = await sharedTestBroker();
    const service = await startService("analytics", {
      PULSAR_URL: broker.webUrl,
      PULSAR_TOKEN: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLWZyb20tYW5vdGhlci1rZXk",
    });
    await waitFor("two refused attempts", 30_000, () => retryDelays(service.log()).length >= 2, service.log);
    expect(service.log()).toContain("refused the token (HTTP 401)");
    expect(service.log()).toContain("check PULSAR_TOKEN");
    expect((await service.health()).status).toBe(503);
    expect(await service.stop()).toBe(0);
  }, 60_000);

  test("an invalid topic name or no PULSAR_URL stops at start with exit status 2 and the reason", async () => {
    const badNamespace = await startService(
      "ingest",
      { PULSAR_URL: "http://127.0.0.1:1", STREAMLENS_NAMESPACE: "video feed" },
      ["a.mp4"],
    );
    expect(await badNamespace.proc.exited).toBe(2);
    expect(badNamespace.log()).toMatch(/invalid ingest service configuration: bus\.namespace/);
    const noUrl = await startService("analytics", { PULSAR_URL: undefined });
    expect(await noUrl.proc.exited).toBe(2);
    expect(noUrl.log()).toContain("PULSAR_URL is not set");
  }, 60_000);
});

test("a healthy service answers /health and /metrics", async () => {
  const broker = await sharedTestBroker();
  const service = await startService("analytics", {
    PULSAR_URL: broker.webUrl,
    PULSAR_TOKEN: broker.token,
    STREAMLENS_NAMESPACE: `health-${Date.now().toString(36)}`,
    STREAMLENS_DATA_DIR: `/tmp/sl-health-${process.pid}`,
  });
  await waitFor(
    "analytics to be ready",
    60_000,
    async () => (await service.health()).status === 200,
    service.log,
  );
  const metrics = await service.metrics();
  expect(metrics).toContain("streamlens_analytics_frames_counted_total");
  expect(metrics).toMatch(/streamlens_bus_backlog\{service="analytics"\} 0/);
  expect(metrics).toContain("process_cpu_seconds_total");
  expect(await service.stop()).toBe(0);
}, 90_000);
