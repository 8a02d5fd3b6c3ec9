// Installs what only the tests need, when missing (idempotent): Debian packages for the real
// services the tests run (GStreamer's RTSP server playing a camera, PostgreSQL, Chromium), and Java >=
// 17.0.17 with the Apache Pulsar broker's jars from Maven Central.
import { existsSync, readdirSync } from "node:fs";
import { ensureJava, ensurePulsarJars } from "@streamlens/core/testing";
import { which } from "./tooling.ts";

interface Need {
  what: string;
  packages: string[];
  present: () => boolean;
}

const quietly = (cmd: string[]) => Bun.spawnSync(cmd, { stdout: "ignore", stderr: "ignore" }).exitCode === 0;

const NEEDS: Need[] = [
  {
    what: "GStreamer's RTSP server (camera tests)",
    packages: ["gir1.2-gst-rtsp-server-1.0", "python3-gi", "gstreamer1.0-plugins-good"],
    present: () =>
      quietly([
        "/usr/bin/python3",
        "-c",
        "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer",
      ]),
  },
  {
    what: "Chromium (site tests in a real browser)",
    packages: ["chromium"],
    present: () => existsSync("/usr/bin/chromium") || Boolean(process.env.CHROMIUM_PATH),
  },
  {
    what: "PostgreSQL (database tests)",
    packages: ["postgresql"],
    present: () =>
      existsSync("/usr/lib/postgresql") &&
      readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
  },
];

function apt(args: string[]): boolean {
  const root = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  return (
    Bun.spawnSync([...root, "apt-get", ...args], {
      stdout: "inherit",
      stderr: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).exitCode === 0
  );
}

let failed = false;
const missing = NEEDS.filter((need) => !need.present());
for (const need of NEEDS.filter((n) => !missing.includes(n))) console.log(`setup: ${need.what} found`);
if (missing.length > 0) {
  const packages = missing.flatMap((n) => n.packages);
  if (!which("apt-get")) {
    console.error(
      `setup: the tests need ${missing.map((n) => n.what).join(", ")} (Debian packages: ${packages.join(" ")})`,
    );
    failed = true;
  } else {
    console.log(`setup: installing ${packages.join(" ")}`);
    const install = ["install", "-y", "--no-install-recommends", ...packages];
    if (!apt(install)) apt(["update"]) && apt(install);
    for (const need of missing) {
      if (!need.present()) {
        console.error(`setup: could not install ${need.what}`);
        failed = true;
      }
    }
  }
}

const started = Date.now();
ensureJava();
const lib = ensurePulsarJars();
console.log(
  `setup: Java and the Pulsar broker jars ready (${lib}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failed ? 1 : 0);
