// The service images, checked without Docker (it does not run in CI): the Dockerfiles are parsed
// (dockerfile-ast) and .dockerignore read as Docker reads it, and each image's file tree is built
// here the way its stages build it, to start its command against a real broker and PostgreSQL and
// ask /health through its own HEALTHCHECK command. What only Docker can do (apt, users, the CUDA
// provider's download) is checked as written.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { IMAGE_NAMES, SERVICE_PORTS } from "@streamlens/cdktf";
import { HEALTHCHECK_TIMEOUT_MS, healthUrl, SERVICE_PORT_SETTINGS, type ServiceName } from "@streamlens/core";
import { FIXTURE_MODELS, REPO_ROOT, sharedPostgres, sharedTestBroker } from "@streamlens/core/testing";
import { aptPackages, type ParsedDockerfile, readDockerfile, type Stage } from "./testing/dockerfile.ts";
import { containerEnv, runContainer } from "./testing/image-container.ts";
import { contextFiles, contextIgnores, type ImageRoot, materializeImage } from "./testing/image-root.ts";

interface ImageCase {
  service: ServiceName;
  dockerfile: string;
  workspace: string;
  entry: string;
}

const IMAGES: ImageCase[] = [
  {
    service: "ingest",
    dockerfile: "ingest/Dockerfile",
    workspace: "@streamlens/ingest",
    entry: "ingest/src/main.ts",
  },
  {
    service: "inference",
    dockerfile: "inference-pool/Dockerfile",
    workspace: "@streamlens/inference-pool",
    entry: "inference-pool/src/main.ts",
  },
  {
    service: "analytics",
    dockerfile: "analytics/Dockerfile",
    workspace: "@streamlens/analytics",
    entry: "analytics/src/main.ts",
  },
];

const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  packageManager: string;
  workspaces: { packages: string[]; catalog: Record<string, string> };
};
const BUN_VERSION = rootPackage.packageManager.replace(/^bun@/, "");

/** The RUN that fetches ONNX Runtime's CUDA provider from NuGet: the one step this machine cannot do. */
const fetchesCudaProvider = (command: string) => command.includes("ONNXRUNTIME_NODE_INSTALL=cuda12");

const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? "")?.[1] ?? Number.NaN);

function depsStage(dockerfile: ParsedDockerfile): Stage {
  const deps = dockerfile.stages.find((stage) => stage.name === "deps");
  if (!deps) throw new Error(`${dockerfile.path} has no stage named deps`);
  return deps;
}

const contextCopies = (stage: Stage) =>
  stage.steps.flatMap((step) => (step.kind === "copy" && step.from === undefined ? step.sources : []));

for (const image of IMAGES) {
  describe(`${image.dockerfile} (${IMAGE_NAMES[image.service]})`, () => {
    const dockerfile = readDockerfile(image.dockerfile);
    const { final } = dockerfile;

    test("the deps stage installs the part's production dependencies from the lockfile, with the pinned Bun", () => {
      const deps = depsStage(dockerfile);
      expect(`${deps.image}:${deps.tag}`).toMatch(
        new RegExp(`^oven/bun:${BUN_VERSION.replaceAll(".", "\\.")}(-|$)`),
      );
      const copied = contextCopies(deps);
      expect(copied).toEqual(expect.arrayContaining(["package.json", "bun.lock", "bunfig.toml"]));
      // A workspace added to the root package.json without a line here fails: a frozen install
      // refuses a lockfile whose workspaces are missing.
      const missing = rootPackage.workspaces.packages.filter((ws) => !copied.includes(`${ws}/package.json`));
      expect(missing).toEqual([]);
      const runs = deps.steps.flatMap((step) => (step.kind === "run" ? [step.command] : []));
      expect(runs).toContain(`bun install --frozen-lockfile --production --filter ${image.workspace}`);
      expect(
        deps.steps.filter((step) => step.kind === "copy" && step.sources.some((s) => s.includes("/src"))),
      ).toEqual([]);
    });

    test("every COPY from the build context names something in the repository that .dockerignore lets through", () => {
      const ignored = contextIgnores();
      const problems: string[] = [];
      for (const stage of dockerfile.stages) {
        for (const source of contextCopies(stage)) {
          const path = join(REPO_ROOT, source);
          if (!existsSync(path)) problems.push(`${source}: not in the repository`);
          else if (
            lstatSync(path).isDirectory() ? contextFiles(source, ignored).length === 0 : ignored(source)
          )
            problems.push(`${source}: left out by .dockerignore`);
        }
      }
      expect(problems).toEqual([]);
    });

    test("base images are pinned to explicit versions", () => {
      const stageNames = new Set(dockerfile.stages.map((stage) => stage.name));
      for (const stage of dockerfile.stages) {
        if (stageNames.has(stage.image)) continue;
        expect(stage.tag ?? "").not.toBe("latest");
        expect(`${stage.image}:${stage.tag}`).toMatch(/:\d+\.\d+\.\d+/);
        if (stage.image === "oven/bun") expect(stage.tag as string).toStartWith(BUN_VERSION);
      }
      // Bun in the final image is the pinned one: its base, or copied from the deps stage.
      const bunCopied = final.steps.some(
        (step) => step.kind === "copy" && step.from === "deps" && step.sources.includes("/usr/local/bin/bun"),
      );
      expect(final.image === "oven/bun" || bunCopied).toBe(true);
    });

    test("runs as a fixed non-root user that the image creates, owning the folders it writes", () => {
      const [uid, gid] = (final.user ?? "").split(":");
      expect(final.user).toMatch(/^\d+:\d+$/);
      expect(Number(uid)).toBeGreaterThanOrEqual(1000);
      const runs = final.steps.flatMap((step) => (step.kind === "run" ? [step.command] : []));
      expect(runs.some((run) => run.includes(`useradd --uid ${uid} --gid ${gid}`))).toBe(true);
      for (const [name, value] of Object.entries(final.env).filter(([, v]) => v.startsWith("/"))) {
        const made = runs.some(
          (run) => run.includes(`install -d -o ${uid} -g ${gid}`) && run.includes(value),
        );
        expect({ name, value, made }).toEqual({ name, value, made: true });
      }
    });

    test("HEALTHCHECK runs the healthcheck script on the service's port; EXPOSE, STOPSIGNAL and PID 1 fit", () => {
      const port = SERVICE_PORTS[image.service];
      expect(port).toBe(SERVICE_PORT_SETTINGS[image.service].defaultPort);
      expect(final.healthcheck?.command).toEqual(["bun", "core/src/service/healthcheck.ts", image.service]);
      // The script's own timeout ends first, so the health log says why rather than nothing.
      expect(seconds(final.healthcheck?.flags.timeout) * 1000).toBeGreaterThan(HEALTHCHECK_TIMEOUT_MS);
      expect(seconds(final.healthcheck?.flags.interval)).toBeGreaterThan(0);
      // With the image's own settings, the script asks the port the image exposes.
      expect(healthUrl(image.service, final.env)).toBe(`http://127.0.0.1:${port}/health`);
      expect(final.expose).toEqual([String(port)]);
      expect(final.env.HOST).toBe("0.0.0.0");
      expect(final.stopSignal).toBe("SIGTERM");
      expect(final.entrypoint).toEqual(["/usr/bin/tini", "--"]);
      expect(aptPackages(final)).toContain("tini");
      expect(final.cmd).toEqual(["bun", image.entry]);
    });
  });
}

describe("the inference image's GPU support", () => {
  const dockerfile = readDockerfile("inference-pool/Dockerfile");
  const { final } = dockerfile;

  test("CUDA 12 with cuDNN, and ONNX Runtime's CUDA provider fetched at build for the version in the lockfile", () => {
    expect(`${final.image}:${final.tag}`).toBe("nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04");
    const install = depsStage(dockerfile).steps.find(
      (step) => step.kind === "run" && fetchesCudaProvider(step.command),
    );
    expect(install?.kind === "run" && install.command.replace(/\s+/g, " ")).toMatch(
      /cd inference-pool\/node_modules\/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 bun script\/install\.js && test -f bin\/napi-v6\/linux\/x64\/libonnxruntime_providers_cuda\.so/,
    );
    // The value is one the installed onnxruntime-node's script accepts for linux/x64.
    const fromPool = createRequire(join(REPO_ROOT, "inference-pool", "package.json"));
    const metadata = fromPool("onnxruntime-node/script/install-metadata.js") as {
      requirements: Record<string, string[]>;
      manifests: Record<string, Record<string, unknown>>;
    };
    expect(metadata.requirements["linux/x64"]).toContain("cuda12");
    expect(Object.keys(metadata.manifests["linux/x64:cuda12"] ?? {})).toContain(
      "./libonnxruntime_providers_cuda.so",
    );
  });

  test("ffmpeg, the Vulkan loader and glvnd for the WebGPU provider; the toolkit asked for graphics too", () => {
    expect(aptPackages(final)).toEqual(
      expect.arrayContaining(["ffmpeg", "libvulkan1", "libglvnd0", "libegl1"]),
    );
    expect((final.env.NVIDIA_DRIVER_CAPABILITIES ?? "").split(",").sort()).toEqual([
      "compute",
      "graphics",
      "utility",
    ]);
    expect(final.env.STREAMLENS_PROVIDER).toBe("gpu");
  });
});

describe(".dockerignore", () => {
  test("leaves out local state, secrets, dependencies and tests; lets the sources and manifests in", () => {
    const ignored = contextIgnores();
    for (const path of [
      "node_modules/zod/package.json",
      "core/node_modules/zod",
      ".data/pglite/PG_VERSION",
      ".dev.vars",
      "edge/.dev.vars",
      ".env",
      ".git/config",
      ".tools/bin/yt-dlp",
      ".pulsar/bin/pulsar",
      "site/dist/index.html",
      "core/src/service/healthcheck.test.ts",
      "core/src/testing/fixtures.ts",
      "analytics/src/testing/database.contract.ts",
    ])
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    for (const path of [
      "bun.lock",
      "site/package.json",
      "core/src/index.ts",
      "analytics/drizzle/meta/_journal.json",
    ])
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
  });
});

test("the README's build commands name each Dockerfile with the image name the deployment pulls", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const commands = IMAGES.map(
    (image) => `docker build -f ${image.dockerfile} -t ${IMAGE_NAMES[image.service]} .`,
  );
  expect(commands.filter((command) => !readme.includes(command))).toEqual([]);
});

describe("each image's command starts the service from the image's files", () => {
  const roots = new Map<ServiceName, ImageRoot>();
  const dockerfileOf = (service: ServiceName) =>
    readDockerfile(IMAGES.find((image) => image.service === service)?.dockerfile as string);

  // Three installs and copies of their node_modules (ONNX Runtime is large): more than a hook's 5 s.
  beforeAll(() => {
    for (const image of IMAGES)
      roots.set(
        image.service,
        materializeImage(readDockerfile(image.dockerfile), { skipRun: fetchesCudaProvider }),
      );
  }, 180_000);
  afterAll(() => {
    for (const root of roots.values()) root.remove();
  }, 60_000);

  const rootOf = (service: ServiceName) => roots.get(service) as ImageRoot;

  /** Runs the service's image with a free port in its port variable, as the deployment sets it. */
  async function runImage(
    service: ServiceName,
    env: Record<string, string>,
    ready?: (log: string) => boolean,
  ) {
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const run = await runContainer(
      rootOf(service),
      dockerfileOf(service).final,
      { ...env, [SERVICE_PORT_SETTINGS[service].variable]: String(port) },
      ready,
    );
    expect(run.healthy).toStartWith(`healthy: http://127.0.0.1:${port}/health answered 200`);
    return run;
  }

  const busEnv = async (name: string) => {
    const broker = await sharedTestBroker();
    return {
      PULSAR_URL: broker.webUrl,
      PULSAR_TOKEN: broker.token ?? "",
      STREAMLENS_NAMESPACE: `${name}-${Date.now().toString(36)}`,
    };
  };

  /** A fresh PostgreSQL database, migrated by the deploy's command run from the analytics image. */
  let migrated: Promise<{ url: string; stdout: string }> | undefined;
  const migratedDatabase = () => {
    migrated ??= (async () => {
      const url = await (await sharedPostgres()).createDatabase(`images_${Date.now().toString(36)}`);
      const migrate = Bun.spawnSync(["bun", "scripts/db-migrate.ts"], {
        cwd: rootOf("analytics").workdir,
        env: containerEnv(dockerfileOf("analytics").final, { DATABASE_URL: url }),
        stdout: "pipe",
        stderr: "pipe",
      });
      if (migrate.exitCode !== 0)
        throw new Error(`db:migrate from the analytics image failed: ${migrate.stderr.toString()}`);
      return { url, stdout: migrate.stdout.toString() };
    })();
    return migrated;
  };

  test("analytics: the deploy's migration command runs from the image, then the service serves /health", async () => {
    const database = await migratedDatabase();
    expect(database.stdout).toMatch(/db:migrate: .* \(postgres\) has all \d+ migrations/);
    const run = await runImage("analytics", {
      ...(await busEnv("image-analytics")),
      DATABASE_URL: database.url,
    });
    expect(run.code).toBe(0);
    expect(run.log).toContain("analytics stopped");
    expect(run.after.code).toBe(1);
    expect(run.after.out).toContain("cannot connect (ECONNREFUSED)");
  }, 180_000);

  test("ingest: follows the stream registry of the migrated database", async () => {
    const database = await migratedDatabase();
    const run = await runImage(
      "ingest",
      { ...(await busEnv("image-ingest")), DATABASE_URL: database.url },
      (log) => log.includes("following the stream registry"),
    );
    expect(run.code).toBe(0);
    expect(run.log).toContain("ingest stopped");
    expect(run.after.code).toBe(1);
  }, 180_000);

  test("inference: loads a model with the image's gpu default, on CPU where no GPU provider loads", async () => {
    // The CUDA provider comes with Docker's build only (its download is the step skipped here).
    expect(rootOf("inference").skipped).toEqual([expect.stringContaining("ONNXRUNTIME_NODE_INSTALL=cuda12")]);
    expect(rootOf("inference").fromBaseImages).toEqual([`oven/bun:${BUN_VERSION}-slim/usr/local/bin/bun`]);
    const run = await runImage("inference", {
      ...(await busEnv("image-inference")),
      // The image downloads models into its cache folder; here they come from the fixtures.
      STREAMLENS_DETECTOR_DIR: FIXTURE_MODELS,
    });
    expect(run.log).toContain("execution provider gpu is unavailable here, running on CPU");
    expect(run.code).toBe(0);
    expect(run.log).toContain("inference stopped");
    expect(run.after.code).toBe(1);
  }, 180_000);

  test("the trees hold only what the image copies: no tests, no other parts' sources", () => {
    const ingest = rootOf("ingest").workdir;
    expect(existsSync(join(ingest, "ingest/src/main.ts"))).toBe(true);
    expect(existsSync(join(ingest, "ingest/src/testing"))).toBe(false);
    expect(existsSync(join(ingest, "core/src/service/healthcheck.test.ts"))).toBe(false);
    expect(existsSync(join(ingest, "inference-pool/src"))).toBe(false);
    const inference = rootOf("inference").workdir;
    expect(existsSync(join(inference, "analytics"))).toBe(false);
    const ort = `node_modules/.bun/onnxruntime-node@${rootPackage.workspaces.catalog["onnxruntime-node"]}/node_modules/onnxruntime-node`;
    expect(existsSync(join(inference, ort, "bin/napi-v6/linux/x64/libonnxruntime.so.1"))).toBe(true);
    expect(existsSync(join(inference, ort, "bin/napi-v6/win32"))).toBe(false);
    const analytics = rootOf("analytics").workdir;
    expect(existsSync(join(analytics, "scripts/db-migrate.ts"))).toBe(true);
    expect(existsSync(join(analytics, "ingest/src"))).toBe(false);
  });
});
