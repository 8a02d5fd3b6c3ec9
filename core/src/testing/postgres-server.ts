import { spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A private PostgreSQL cluster (Debian's `postgresql` package, installed by `bun run test`) on a
 * free loopback port, trusting local connections: a real server for the database tests, started
 * and removed by them.
 */
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Its folder (data and server.log), removed once the process that started it is gone. */
  dir: string;
  /** A fresh database on this server: empty, or a copy of `template`. */
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
  /** Starts it again on the same data and port (a server coming back). */
  start(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, "bin")).find((dir) => existsSync(join(dir, "initdb")));
  if (!found)
    throw new Error(
      "PostgreSQL server binaries not found (Debian: apt-get install postgresql; `bun run test` does it)",
    );
  return found;
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * Stops the server and removes its folder once this process is gone, however it ends. An "exit"
 * handler is not enough: `bun test` and Ctrl-C end without running them, and SIGKILL runs
 * nothing, which left servers running for hours. So a detached watcher (plain sh: nothing to
 * install) polls for this process and cleans up after it.
 */
function stopWhenGone(stopCommand: string[], dir: string) {
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; shift; dir="$1"; shift; "$@"; rm -rf "$dir"';
  const watcher = spawn("sh", ["-c", script, "sl-postgres-watch", String(process.pid), dir, ...stopCommand], {
    detached: true,
    stdio: "ignore",
  });
  watcher.unref();
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
  const as = (cmd: string[]) => (root ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd);
  const dir = mkdtempSync(join(tmpdir(), "sl-postgres-"));
  const data = join(dir, "data");
  mkdirSync(data);
  if (root) {
    const ids = Bun.spawnSync(["id", "-u", "postgres"]).stdout.toString().trim();
    const gid = Bun.spawnSync(["id", "-g", "postgres"]).stdout.toString().trim();
    chownSync(dir, Number(ids), Number(gid));
    chownSync(data, Number(ids), Number(gid));
  }
  const init = Bun.spawnSync(
    as([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]),
    {
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  if (init.exitCode !== 0) throw new Error(`initdb failed: ${init.stderr.toString()}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    const run = Bun.spawnSync(
      as([
        join(bin, "pg_ctl"),
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        "-w",
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
        "start",
      ]),
      { stdout: "pipe", stderr: "pipe" },
    );
    if (run.exitCode !== 0)
      throw new Error(`pg_ctl start failed: ${run.stderr.toString()}${run.stdout.toString()}`);
  };
  const stop = async () => {
    Bun.spawnSync(as([join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]), {
      stdout: "ignore",
      stderr: "ignore",
    });
  };
  await start();
  stopWhenGone(as([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]), dir);
  return {
    url,
    port,
    dir,
    start,
    stop,
    async createDatabase(name: string, template?: string) {
      const run = Bun.spawnSync(
        as([
          join(bin, "psql"),
          "-h",
          "127.0.0.1",
          "-p",
          String(port),
          "-U",
          "postgres",
          "-c",
          `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`,
        ]),
        {
          stdout: "pipe",
          stderr: "pipe",
        },
      );
      if (run.exitCode !== 0) throw new Error(`CREATE DATABASE failed: ${run.stderr.toString()}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
  };
}

let shared: Promise<PostgresServer> | undefined;

/** One server for the whole test run (each test suite takes its own database on it). */
export function sharedPostgres(): Promise<PostgresServer> {
  shared ??= startPostgres();
  return shared;
}
