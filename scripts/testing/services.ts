import { FIXTURE_MODELS, REPO_ROOT } from "@streamlens/core/testing";
import type { Subprocess } from "bun";

export type ServiceKind = "ingest" | "inference" | "analytics";

const ENTRY: Record<ServiceKind, string> = {
  ingest: "ingest/src/main.ts",
  inference: "inference-pool/src/main.ts",
  analytics: "analytics/src/main.ts",
};

export interface RunningService {
  kind: ServiceKind;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  port: number;
  /** Everything the service wrote to stderr so far (its structured log lines). */
  log(): string;
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  metrics(): Promise<string>;
  /** SIGTERM and the exit code. */
  stop(): Promise<number>;
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Starts one service as its own process (`bun <part>/src/main.ts`), the way operators run it. */
export async function startService(
  kind: ServiceKind,
  env: Record<string, string | undefined>,
  args: string[] = [],
): Promise<RunningService> {
  const port = await freePort();
  const proc = Bun.spawn(["bun", ENTRY[kind], "--port", String(port), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, STREAMLENS_DETECTOR_DIR: FIXTURE_MODELS, STREAMLENS_LOG_LEVEL: "info", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  void (async () => {
    for await (const chunk of proc.stderr) text += new TextDecoder().decode(chunk);
  })();
  void (async () => {
    for await (const _ of proc.stdout) {
      // drained so the process never blocks on a full pipe
    }
  })();
  const url = `http://127.0.0.1:${port}`;
  return {
    kind,
    proc,
    port,
    log: () => text,
    async health() {
      const response = await fetch(`${url}/health`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    async stop() {
      proc.kill("SIGTERM");
      return proc.exited;
    },
  };
}

/** Polls until `check` returns true; the error names what was awaited and shows the logs. */
export async function waitFor(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
  logs: () => string = () => "",
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet answerable (a service still starting)
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs().slice(-4000)}`);
    await Bun.sleep(200);
  }
}
