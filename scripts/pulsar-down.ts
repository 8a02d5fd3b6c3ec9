// `bun run pulsar:down`: stops the broker `bun run pulsar:up` started (its data stays in .pulsar/data).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PULSAR_HOME } from "@streamlens/core/testing";

const pidFile = join(PULSAR_HOME, "broker.pid");
if (!existsSync(pidFile)) {
  console.log("pulsar:down: no broker was started with pulsar:up");
  process.exit(0);
}
const pid = Number(readFileSync(pidFile, "utf8"));
const alive = () => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
if (alive()) {
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (alive() && Date.now() < deadline) await Bun.sleep(200);
  if (alive()) process.kill(pid, "SIGKILL");
}
rmSync(pidFile, { force: true });
console.log(`pulsar:down: stopped (pid ${pid})`);
