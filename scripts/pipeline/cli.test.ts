import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, REPO_ROOT } from "@streamlens/core/testing";
import { testEnv } from "../testing/test-env.ts";

const dataDir = mkdtempSync(join(tmpdir(), "sl-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `bun run pipeline ...` as a user runs it: a real process, its exit code and both streams. */
function pipeline(args: string[], env: Record<string, string | undefined> = {}) {
  const run = Bun.spawnSync(["bun", "scripts/pipeline.ts", ...args], {
    cwd: REPO_ROOT,
    env: testEnv({ STREAMLENS_DATA_DIR: dataDir, ...env }),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: run.exitCode, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
}

describe("bun run pipeline", () => {
  test("--json prints the summary as one JSON object on stdout", () => {
    const run = pipeline([fixture("images/bus.jpg"), "--json"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.length).toBe(1);
    const summary = JSON.parse(lines[0] as string);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        "frames",
        "processed",
        "dropped",
        "seconds",
        "fps",
        "model",
        "provider",
        "windows",
        "detections",
        "frames_with",
      ]),
    );
    expect(summary).toMatchObject({
      frames: 1,
      processed: 1,
      dropped: 0,
      windows: 1,
      model: "yolox-nano@d39bee73",
      provider: "cpu",
    });
    // YOLOX-Nano's default threshold (0.45) leaves out the fourth person, cut off at the left
    // edge (0.30).
    expect(summary.detections).toEqual({ person: 3, bus: 1 });
    expect(summary.frames_with).toEqual({ person: 1, bus: 1 });
  }, 60_000);

  test("without --json it prints a summary for people, and off a terminal a plain progress line", () => {
    const run = pipeline([fixture("images/dog.jpg"), "--score", "0.7"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^streamlens: 1\/1 frames processed in [\d.]+ s/);
    expect(run.stdout).toMatch(/ended\s+dog \(1 frames\)/);
    expect(run.stdout).toMatch(/bicycle\s+1 \/ 1/);
    expect(run.stderr).not.toContain("\x1b[2K");
  }, 60_000);

  test("a failed source makes the exit status 1 and is named in the summary", () => {
    const run = pipeline([join(dataDir, "nope.mp4"), fixture("images/person.jpg"), "--json"]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.streams[0]).toMatchObject({ id: "nope", state: "failed", error: { code: "not-found" } });
    expect(summary.streams[1]).toMatchObject({ id: "person", state: "ended" });
  }, 60_000);

  test("bad options and bad environment stop the run with exit status 2, naming what was wrong", () => {
    const badFlag = pipeline([fixture("images/bus.jpg"), "--fps", "100"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/invalid ingest configuration: fps: must be at most 30/);
    const tinyFps = pipeline([fixture("images/bus.jpg"), "--fps", "1e-30"]);
    expect(tinyFps.code).toBe(2);
    expect(tinyFps.stderr).toMatch(/invalid ingest configuration: fps: must be at least 0.001/);
    const negative = pipeline([fixture("images/bus.jpg"), "--fps", "-1"]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/fps: must be at least 0.001/);
    const twice = pipeline([fixture("images/bus.jpg"), "--fps", "1", "--fps", "2"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--fps is given more than once");
    const unknown = pipeline([fixture("images/bus.jpg"), "--fsp", "2"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--fsp'/);
    const badEnv = pipeline([fixture("images/bus.jpg")], { STREAMLENS_WINDOW_SECONDS: "soon" });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/invalid analytics configuration: windowSeconds: .*number/);
    const none = pipeline([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no source given/);
    const model = pipeline([fixture("images/bus.jpg"), "--model", "yolo-v99"]);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/unknown model 'yolo-v99'.*yolox-nano, picodet-xs, fastestdet/);
  }, 60_000);

  test("--help prints the usage", () => {
    const run = pipeline(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: bun run pipeline <source...> [options]");
  });

  test("--port without --serve is refused, naming both", () => {
    const run = pipeline([fixture("images/bus.jpg"), "--port", "9000"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--port is the port of --serve");
  });

  test("--serve shows the run in a browser: dashboard and API on one port, until Ctrl-C", async () => {
    const port = 22_000 + (process.pid % 10_000);
    const proc = Bun.spawn(
      ["bun", "scripts/pipeline.ts", fixture("images/bus.jpg"), "--serve", "--port", String(port)],
      {
        cwd: REPO_ROOT,
        env: testEnv({ STREAMLENS_DATA_DIR: dataDir }),
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    let err = "";
    const reading = (async () => {
      for await (const chunk of proc.stderr) err += new TextDecoder().decode(chunk);
    })();
    const deadline = Date.now() + 90_000;
    while (!err.includes("run ended; still serving")) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no "run ended" line:\n${err}`);
      await Bun.sleep(100);
    }
    // HOST unset: loopback only, and the URL says so.
    expect(err).toContain(`dashboard and API at http://127.0.0.1:${port}`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("streamlens");
    const streams = (await (await fetch(`http://127.0.0.1:${port}/v1/streams`)).json()) as {
      streams: Array<{ id: string; top_objects: string[] }>;
    };
    expect(streams.streams.find((s) => s.id === "bus")?.top_objects).toEqual(["person", "bus"]);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
    await reading;
    expect(await fetch(`http://127.0.0.1:${port}/`).catch(() => "closed")).toBe("closed");
  }, 120_000);
});
