// `bun run pulsar:up`: a local Apache Pulsar standalone broker for running the services by hand.
// Resolves the jars from Maven Central on first use (.pulsar/lib), keeps data in .pulsar/data,
// listens on 127.0.0.1 (web service / WebSocket API on PULSAR_WEB_PORT, default 8080), and keeps
// running after this command returns. `bun run pulsar:down` stops it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PULSAR_HOME, startStandalone } from "@streamlens/core/testing";

const pidFile = join(PULSAR_HOME, "broker.pid");
const webPort = Number(process.env.PULSAR_WEB_PORT ?? 8080);
const brokerPort = Number(process.env.PULSAR_BROKER_PORT ?? 6650);

function running(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (existsSync(pidFile) && running(Number(readFileSync(pidFile, "utf8")))) {
  console.log(
    `pulsar:up: already running (pid ${readFileSync(pidFile, "utf8").trim()}); PULSAR_URL=http://127.0.0.1:${webPort}`,
  );
  process.exit(0);
}
console.log(
  "pulsar:up: starting a standalone broker (the first start resolves ~235 MB of jars from Maven Central)",
);
const started = Date.now();
try {
  const broker = await startStandalone({
    dataDir: join(PULSAR_HOME, "data"),
    webPort,
    brokerPort,
    bookiePort: Number(process.env.PULSAR_BOOKIE_PORT ?? 3181),
    detached: true,
  });
  writeFileSync(pidFile, String(broker.pid()));
  console.log(`pulsar:up: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (log ${broker.logFile})`);
  console.log(`export PULSAR_URL=${broker.webUrl}`);
} catch (error) {
  console.error(`pulsar:up: ${(error as Error).message}`);
  process.exit(1);
}
