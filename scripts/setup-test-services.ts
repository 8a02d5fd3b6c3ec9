// Installs what only the tests need, when missing (idempotent): GStreamer's RTSP server, which
// plays the camera in the RTSP tests (Debian/Ubuntu packages), and Java >= 17.0.17 with the
// Apache Pulsar broker's jars from Maven Central, for the tests against a real broker.
import { ensureJava, ensurePulsarJars } from "@streamlens/core/testing";
import { which } from "./tooling.ts";

function pulsar() {
  const started = Date.now();
  ensureJava();
  const lib = ensurePulsarJars();
  console.log(
    `setup: Java and the Pulsar broker jars ready (${lib}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

const PACKAGES = ["gir1.2-gst-rtsp-server-1.0", "python3-gi", "gstreamer1.0-plugins-good"];
const CHECK = [
  "/usr/bin/python3",
  "-c",
  "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer",
];

const ok = (cmd: string[]) =>
  Bun.spawnSync(cmd, {
    stdout: "inherit",
    stderr: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  }).exitCode === 0;
const quietly = (cmd: string[]) => Bun.spawnSync(cmd, { stdout: "ignore", stderr: "ignore" }).exitCode === 0;

pulsar();
if (quietly(CHECK)) {
  console.log("setup: GStreamer RTSP server found");
  process.exit(0);
}
if (!which("apt-get")) {
  console.error(
    `setup: the RTSP tests need GStreamer's RTSP server for /usr/bin/python3 (Debian: ${PACKAGES.join(" ")})`,
  );
  process.exit(1);
}
const root = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
const install = [...root, "apt-get", "install", "-y", "--no-install-recommends", ...PACKAGES];
console.log(`setup: installing ${PACKAGES.join(" ")}`);
if (!(ok(install) || (ok([...root, "apt-get", "update"]) && ok(install))) || !quietly(CHECK)) {
  console.error("setup: could not install GStreamer's RTSP server");
  process.exit(1);
}
