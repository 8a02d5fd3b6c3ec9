import { dirname, join } from "node:path";
import { ensureNode22 } from "@streamlens/core/testing";
import { ensureSiteBuilt } from "@streamlens/site";
import type { Subprocess } from "bun";

export interface WranglerDev {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

const EDGE = join(import.meta.dir, "..", "..");

/** The wrangler CLI of this package, run by Node >= 22. */
export function wranglerCommand(): string[] {
  const wrangler = join(dirname(Bun.resolveSync("wrangler/package.json", EDGE)), "bin", "wrangler.js");
  return [ensureNode22(), wrangler];
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * The Worker in workerd through `wrangler dev` (local mode), with vars for its bindings, and the
 * scheduled handler reachable at /__scheduled, and the built site as its static assets. Resolves
 * once it answers HTTP.
 */
export async function startWranglerDev(
  vars: Record<string, string>,
  options: {
    /** A prebuilt Worker module (the `edge:bundle` output) run as is instead of bundling src/worker.ts. */
    script?: string;
  } = {},
): Promise<WranglerDev> {
  await ensureSiteBuilt({ env: process.env }); // the Worker's static assets
  const port = await freePort();
  const inspector = await freePort();
  const args = [
    ...wranglerCommand(),
    "dev",
    ...(options.script ? [options.script, "--no-bundle"] : []),
    "--config",
    join(EDGE, "wrangler.toml"),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const proc: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(args, {
    cwd: EDGE,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  for (const stream of [proc.stdout, proc.stderr]) {
    void (async () => {
      for await (const chunk of stream) text += new TextDecoder().decode(chunk);
    })();
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(3000) });
      if (response.ok) {
        return {
          url,
          log: () => text,
          async stop() {
            proc.kill("SIGTERM");
            const killer = setTimeout(() => proc.kill("SIGKILL"), 5000);
            await proc.exited;
            clearTimeout(killer);
          },
        };
      }
    } catch {
      // not listening yet
    }
    await Bun.sleep(300);
  }
  proc.kill("SIGKILL");
  throw new Error(`wrangler dev did not come up:\n${text.slice(-3000)}`);
}
