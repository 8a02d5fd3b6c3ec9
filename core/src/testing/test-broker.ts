import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StandaloneBroker, startStandalone } from "./pulsar-standalone.ts";

let shared: Promise<StandaloneBroker> | undefined;

/**
 * One real broker (token auth on) shared by every test of the run: `bun test` runs all files in
 * one process, and a JVM start costs seconds. Tests that restart a broker start their own.
 */
export function sharedTestBroker(): Promise<StandaloneBroker> {
  if (!shared) {
    const dataDir = mkdtempSync(join(tmpdir(), "sl-pulsar-"));
    // The broker ends with this process (dieWithParent); its folder goes with it.
    shared = startStandalone({ dataDir, auth: true, dieWithParent: true });
    process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  }
  return shared;
}

/** A broker of the test's own, stopped and removed with `dispose`. */
export async function privateTestBroker(): Promise<StandaloneBroker & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-pulsar-own-"));
  const broker = await startStandalone({ dataDir, auth: true, dieWithParent: true });
  return {
    ...broker,
    async dispose() {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
