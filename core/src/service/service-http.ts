import type { Logger } from "../logger.ts";
import { LOOPBACK } from "./listen-host.ts";
import type { MetricsRegistry } from "./metrics.ts";

export interface HealthReport {
  /** Healthy enough to receive work: /health answers 200, else 503. */
  ok: boolean;
  [detail: string]: unknown;
}

export interface ServiceHttp {
  port: number;
  stop(): Promise<void>;
}

/**
 * /health (JSON, 200 or 503) and /metrics (Prometheus text) for a long-lived service, on
 * `hostname` (the services' HOST setting; loopback unless told).
 */
export function startServiceHttp(options: {
  port: number;
  hostname?: string;
  health: () => HealthReport;
  metrics: MetricsRegistry;
  logger: Logger;
}): ServiceHttp {
  const server = Bun.serve({
    port: options.port,
    hostname: options.hostname ?? LOOPBACK,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === "/health") {
        const report = options.health();
        return Response.json(report, { status: report.ok ? 200 : 503 });
      }
      if (pathname === "/metrics") {
        return new Response(await options.metrics.metrics(), {
          headers: { "content-type": options.metrics.contentType },
        });
      }
      return Response.json(
        { error: { code: "not-found", message: `no route ${pathname}` } },
        { status: 404 },
      );
    },
  });
  options.logger.info({ host: server.hostname, port: server.port }, "health and metrics listening");
  return { port: server.port as number, stop: () => server.stop() };
}
