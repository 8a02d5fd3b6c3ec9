import { REPO_ROOT } from "@streamlens/core/testing";
import type { Subprocess } from "bun";
import { waitFor } from "./services.ts";

export interface SiteServer {
  url: string;
  log(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * `bun run serve` (edge/src/main.ts) as its own process: the API and the built site on one port,
 * over DATABASE_URL. Resolves once the site answers.
 */
export async function startSiteServer(port: number, env: Record<string, string>): Promise<SiteServer> {
  const proc: Subprocess<"ignore", "ignore", "pipe"> = Bun.spawn(["bun", "edge/src/main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), STREAMLENS_LOG_LEVEL: "warn", ...env },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  let text = "";
  void (async () => {
    for await (const chunk of proc.stderr) text += new TextDecoder().decode(chunk);
  })();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    "the site server to answer",
    60_000,
    async () => (await fetch(`${url}/health`)).ok,
    () => text,
  );
  return {
    url,
    log: () => text,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
