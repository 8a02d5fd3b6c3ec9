// Runs an image's command the way a container of it would, from its materialized tree: its WORKDIR,
// its ENV, ENTRYPOINT then CMD, its HEALTHCHECK command, its STOPSIGNAL.
import { pathWithTools } from "../tooling.ts";
import type { Stage } from "./dockerfile.ts";
import type { ImageRoot } from "./image-root.ts";
import { waitFor } from "./services.ts";

/** The environment a container of the image starts with, on this machine's PATH, plus `extra`. */
export function containerEnv(stage: Stage, extra: Record<string, string>) {
  return {
    PATH: pathWithTools(process.env.PATH),
    HOME: process.env.HOME,
    STREAMLENS_LOG_LEVEL: "info",
    ...stage.env,
    ...extra,
  };
}

/** ENTRYPOINT then CMD, as Docker joins them, less tini: apt installs it in the image, not here. */
export function commandOf(stage: Stage): string[] {
  const command = [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])];
  return command[0] === "/usr/bin/tini" && command[1] === "--" ? command.slice(2) : command;
}

/** The image's HEALTHCHECK command, once: its exit code and the line it printed. */
export async function runHealthcheck(root: ImageRoot, stage: Stage, env: Record<string, string>) {
  const proc = Bun.spawn(stage.healthcheck?.command ?? ["false"], {
    cwd: root.workdir,
    env: containerEnv(stage, env),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  return { code, out: out.trim() };
}

export interface ContainerRun {
  /** The exit code after the STOPSIGNAL. */
  code: number;
  /** What the service wrote to stderr (its log lines). */
  log: string;
  /** The health check's line once it passed. */
  healthy: string;
  /** The health check once the service is gone. */
  after: { code: number; out: string };
}

/**
 * Starts the image's command in its tree with `env`, waits until its HEALTHCHECK command passes
 * and `ready` holds for the log, then stops it with the image's STOPSIGNAL. A service that exits
 * first fails at once, with its log.
 */
export async function runContainer(
  root: ImageRoot,
  stage: Stage,
  env: Record<string, string>,
  ready: (log: string) => boolean = () => true,
): Promise<ContainerRun> {
  const proc = Bun.spawn(commandOf(stage), {
    cwd: root.workdir,
    env: containerEnv(stage, env),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let log = "";
  void (async () => {
    for await (const chunk of proc.stderr) log += new TextDecoder().decode(chunk);
  })();
  void new Response(proc.stdout).text();
  let healthy = "";
  try {
    const exitedFirst = proc.exited.then((code) => {
      throw new Error(
        `${commandOf(stage).join(" ")} exited with ${code} before passing its HEALTHCHECK\n${log}`,
      );
    });
    await Promise.race([
      exitedFirst,
      waitFor(
        `${commandOf(stage).join(" ")} to pass its HEALTHCHECK`,
        90_000,
        async () => {
          const result = await runHealthcheck(root, stage, env);
          healthy = result.out;
          return result.code === 0 && ready(log);
        },
        () => `${log}\nlast health check: ${healthy}`,
      ),
    ]);
  } finally {
    proc.kill((stage.stopSignal ?? "SIGTERM") as NodeJS.Signals);
  }
  const code = await proc.exited;
  return { code, log, healthy, after: await runHealthcheck(root, stage, env) };
}
