import { join } from "node:path";
import type { Subprocess } from "bun";

export interface RtspServer {
  url: string;
  /** Stops the server (a camera going offline). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(import.meta.dir, "rtsp-server.py");

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi,
 * gstreamer1.0-plugins-good; `bun run test` installs them) serving a video file.
 */
export async function startRtspServer(video: string): Promise<RtspServer> {
  const port = await freePort();
  let proc: Subprocess<"ignore", "pipe", "pipe"> | undefined;
  const start = async () => {
    proc = Bun.spawn([PYTHON, SCRIPT, String(port), video], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const reader = proc.stdout.getReader();
    const first = await Promise.race([reader.read(), Bun.sleep(15_000).then(() => undefined)]);
    reader.releaseLock();
    const text = first?.value ? new TextDecoder().decode(first.value) : "";
    if (!text.includes("ready")) {
      proc.kill();
      const stderr = await new Response(proc.stderr).text();
      throw new Error(
        `the RTSP test server did not start (run \`bun run test\` to install GStreamer): ${stderr.trim()}`,
      );
    }
  };
  await start();
  return {
    url: `rtsp://127.0.0.1:${port}/live`,
    start,
    async stop() {
      proc?.kill("SIGKILL");
      await proc?.exited;
    },
  };
}
