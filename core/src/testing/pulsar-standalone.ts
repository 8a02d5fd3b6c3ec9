import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { REPO_ROOT } from "./fixtures.ts";

/**
 * A real Apache Pulsar standalone broker (broker + in-process bookie + RocksDB metadata, one JVM)
 * for tests and `bun run pulsar:up`. Jars come from Maven Central through a project-owned POM
 * (scripts/pulsar/pom.xml) into .pulsar/lib, once; data lives in a folder of the caller's.
 */

const PULSAR_FILES = join(REPO_ROOT, "scripts", "pulsar");
export const PULSAR_HOME = join(REPO_ROOT, ".pulsar");
const MIN_JAVA = [17, 0, 17];

function run(cmd: string[], env: Record<string, string | undefined> = process.env) {
  const result = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe", env });
  return { code: result.exitCode, out: `${result.stdout}${result.stderr}` };
}

/** Java >= 17.0.17 (earlier 17s have JDK-8351933); Debian's openjdk-17 is installed when missing. */
export function ensureJava(): string {
  const version = () => {
    const { code, out } = run(["java", "-version"]);
    const match = /version "(\d+)\.(\d+)\.(\d+)/.exec(out);
    return code === 0 && match ? match.slice(1).map(Number) : undefined;
  };
  const ok = (v: number[] | undefined) =>
    v !== undefined &&
    (v[0] as number) >= 17 &&
    ((v[0] as number) > 17 || (v[2] as number) >= (MIN_JAVA[2] as number));
  if (ok(version())) return "java";
  const root = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = [...root, "apt-get", "install", "-y", "--no-install-recommends", "openjdk-17-jdk-headless"];
  if (run(install, env).code !== 0) run([...root, "apt-get", "update"], env);
  const retried = run(install, env);
  if (!ok(version())) {
    throw new Error(`Pulsar needs Java >= 17.0.17 and it could not be installed: ${retried.out.slice(-500)}`);
  }
  return "java";
}

/** The broker's jars in .pulsar/lib, resolved with Maven on first use (about 235 MB). */
export function ensurePulsarJars(home = PULSAR_HOME): string {
  const lib = join(home, "lib");
  if (existsSync(lib) && readdirSync(lib).some((f) => f.startsWith("pulsar-broker-"))) return lib;
  const staging = join(home, `lib.${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const { code, out } = run([
    "mvn",
    "-B",
    "-q",
    "-s",
    join(PULSAR_FILES, "maven-settings.xml"),
    "-f",
    join(PULSAR_FILES, "pom.xml"),
    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${staging}`,
  ]);
  if (code !== 0)
    throw new Error(`resolving the Pulsar jars from Maven Central failed:\n${out.slice(-3000)}`);
  rmSync(lib, { recursive: true, force: true });
  renameSync(staging, lib);
  return lib;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** An HS256 JWT as `pulsar tokens create --secret-key` makes it: {"sub": subject}. */
export function signPulsarToken(subject: string, secretKey: Buffer): string {
  const body = `${b64url(JSON.stringify({ alg: "HS256" }))}.${b64url(JSON.stringify({ sub: subject }))}`;
  return `${body}.${b64url(createHmac("sha256", secretKey).update(body).digest())}`;
}

export interface StandaloneOptions {
  dataDir: string;
  /** Fixed ports (pulsar:up), or free ones picked at start (tests). */
  webPort?: number;
  brokerPort?: number;
  bookiePort?: number;
  /** Token authentication on: clients must present a token signed with this broker's key. */
  auth?: boolean;
  heapMb?: number;
  startTimeoutMs?: number;
  /**
   * Stop the broker when this process ends, however it ends (tests): the JVM runs under a shell
   * that kills it once our end of its stdin pipe closes. Off for `pulsar:up`, which outlives us.
   */
  dieWithParent?: boolean;
  /** Run on after this process exits, in its own session, logging to the data folder (pulsar:up). */
  detached?: boolean;
}

export interface StandaloneBroker {
  /** Admin REST and WebSocket API base (what PULSAR_URL points at). */
  webUrl: string;
  /** A superuser token when auth is on. */
  token: string | undefined;
  /** Signs a token for another role (auth on). */
  tokenFor(subject: string): string;
  logFile: string;
  pid(): number | undefined;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
  /** Starts the same broker again, on the same data and ports. */
  start(): Promise<void>;
}

export async function startStandalone(options: StandaloneOptions): Promise<StandaloneBroker> {
  const java = ensureJava();
  const lib = ensurePulsarJars();
  mkdirSync(options.dataDir, { recursive: true });
  const webPort = options.webPort ?? (await freePort());
  const brokerPort = options.brokerPort ?? (await freePort());
  const bookiePort = options.bookiePort ?? (await freePort());
  const keyFile = join(options.dataDir, "token-secret.key");
  if (options.auth && !existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32));
  const secret = options.auth ? readFileSync(keyFile) : undefined;
  const token = secret ? signPulsarToken("admin", secret) : undefined;
  const overrides = [`webServicePort=${webPort}`, `brokerServicePort=${brokerPort}`];
  if (secret && token) {
    overrides.push(
      "authenticationEnabled=true",
      "authenticationProviders=org.apache.pulsar.broker.authentication.AuthenticationProviderToken",
      `tokenSecretKey=data:;base64,${secret.toString("base64")}`,
      "superUserRoles=admin",
      "authorizationEnabled=false",
      // The broker's own client (WebSocket sessions, dead-letter producers) authenticates too.
      "brokerClientAuthenticationPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken",
      `brokerClientAuthenticationParameters=token:${token}`,
    );
  }
  const config = join(options.dataDir, "standalone.conf");
  writeFileSync(
    config,
    `${readFileSync(join(PULSAR_FILES, "standalone.conf"), "utf8")}\n${overrides.join("\n")}\n`,
  );
  const logFile = join(options.dataDir, "broker.log");
  const heap = options.heapMb ?? 768;
  const args = [
    java,
    `-Xms256m`,
    `-Xmx${heap}m`,
    "-XX:MaxDirectMemorySize=512m",
    "-XX:+UseG1GC",
    "-Djava.net.preferIPv4Stack=true",
    "-Dio.netty.tryReflectionSetAccessible=true",
    ...[
      "java.base/java.io",
      "java.base/java.util.zip",
      "java.base/java.nio",
      "java.base/jdk.internal.misc",
      "java.base/sun.net",
      "java.management/sun.management",
    ].flatMap((m) => ["--add-opens", `${m}=ALL-UNNAMED`]),
    `-Dlog4j2.configurationFile=${join(PULSAR_FILES, "log4j2.xml")}`,
    "-Dlog4j.shutdownHookEnabled=false",
    "-cp",
    `${lib}/*`,
    "org.apache.pulsar.PulsarStandaloneStarter",
    "--config",
    config,
    "--no-functions-worker",
    "--no-stream-storage",
    "--metadata-dir",
    join(options.dataDir, "metadata"),
    "--bookkeeper-dir",
    join(options.dataDir, "bookkeeper"),
    "--bookkeeper-port",
    String(bookiePort),
  ];
  const webUrl = `http://127.0.0.1:${webPort}`;
  let proc: Subprocess | undefined;

  let detachedPid: number | undefined;
  const running = () =>
    detachedPid !== undefined
      ? isAlive(detachedPid)
      : proc !== undefined && proc.exitCode === null && proc.signalCode === null;

  const spawn = () => {
    if (options.detached) {
      // setsid: the broker keeps running after `bun run pulsar:up` returns, and Ctrl-C there
      // does not reach it; its output goes to the log file, not to a pipe that would close.
      const launched = Bun.spawnSync(
        ["sh", "-c", 'setsid "$@" >>"$LOG" 2>&1 </dev/null & echo $!', "sh", ...args],
        { cwd: options.dataDir, env: { ...process.env, LOG: logFile }, stdout: "pipe" },
      );
      detachedPid = Number(launched.stdout.toString().trim());
      return;
    }
    const log = Bun.file(logFile).writer();
    // The shell waits on the JVM (so SIGTERM reaches it through the trap, and the shell exits
    // only once the JVM has), while a watcher kills the JVM when our end of stdin closes.
    const wrapper = [
      // Background jobs of a non-interactive shell read /dev/null, so stdin is kept on fd 3.
      "exec 3<&0",
      '"$@" <&- 3<&- & child=$!',
      '(cat <&3 >/dev/null; kill "$child" 2>/dev/null) & watcher=$!',
      "trap 'kill \"$child\" 2>/dev/null' TERM INT",
      'wait "$child"; wait "$child"; kill "$watcher" 2>/dev/null',
    ].join("\n");
    const command = options.dieWithParent ? ["sh", "-c", wrapper, "sh", ...args] : args;
    proc = Bun.spawn(command, {
      stdin: options.dieWithParent ? "pipe" : "ignore",
      stdout: "pipe",
      stderr: "pipe",
      cwd: options.dataDir,
    });
    for (const stream of [proc.stdout, proc.stderr] as ReadableStream<Uint8Array>[]) {
      void (async () => {
        for await (const chunk of stream) log.write(chunk);
        await log.flush();
      })();
    }
  };

  const start = async () => {
    spawn();
    // Ready means the broker serves a real produce/consume (its health check), not just a port.
    const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
    while (Date.now() < deadline && running()) {
      try {
        const response = await fetch(`${webUrl}/admin/v2/brokers/health`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return;
      } catch {
        // not up yet
      }
      await Bun.sleep(500);
    }
    await stop();
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-3000) : "";
    throw new Error(`the Pulsar standalone broker did not become healthy (log ${logFile}):\n${tail}`);
  };

  const stop = async () => {
    if (!running()) return;
    const pid = detachedPid ?? (proc as Subprocess).pid;
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 20_000;
    while (running() && Date.now() < deadline) await Bun.sleep(100);
    if (running()) process.kill(pid, "SIGKILL");
    if (proc) await proc.exited;
  };

  await start();
  return {
    webUrl,
    token,
    tokenFor: (subject) => {
      if (!secret) throw new Error("this broker runs without authentication");
      return signPulsarToken(subject, secret);
    },
    logFile,
    pid: () => detachedPid ?? proc?.pid,
    stop,
    start,
  };
}
