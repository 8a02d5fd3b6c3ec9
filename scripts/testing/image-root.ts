// Builds an image's file tree without Docker: each stage gets a folder standing for its root
// file system, COPY copies what Docker's would (the build context filtered by .dockerignore, or
// an earlier stage's files), and build stages' RUNs run in their WORKDIR. What a container of the
// image sees under its WORKDIR is then here, to start its command in.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, posix } from "node:path";
import ignore from "@balena/dockerignore";
import { REPO_ROOT } from "@streamlens/core/testing";
import type { CopyStep, ParsedDockerfile, Stage } from "./dockerfile.ts";

/** The build context's exclusions, matched as Docker matches them. */
export function contextIgnores(): (path: string) => boolean {
  const rules = ignore().add(readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8").split("\n"));
  return (path) => rules.ignores(path);
}

/** Files under a context folder that reach a build, relative to the repository root. */
export function contextFiles(folder: string, ignored = contextIgnores()): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
      const path = posix.join(dir, name);
      if (lstatSync(join(REPO_ROOT, path)).isDirectory()) return walk(path);
      return ignored(path) ? [] : [path];
    });
  return walk(folder);
}

export interface ImageRoot {
  /** The final stage's WORKDIR, here. */
  workdir: string;
  /** Build-stage RUNs not run here, as written. */
  skipped: string[];
  /** Files COPY takes from a base image (Bun's binary): this machine has its own. */
  fromBaseImages: string[];
  remove(): void;
}

export interface MaterializeOptions {
  /** Build-stage RUNs that cannot run here (they need more of the network than npm). */
  skipRun?: (command: string) => boolean;
}

/** A RUN of a build stage runs on this machine: it must keep to its WORKDIR. */
function assertLocal(command: string, line: number) {
  if (/(^|[\s=])\/(?!dev\/null)/.test(command))
    throw new Error(
      `RUN on line ${line} names an absolute path, which cannot be tried outside Docker: ${command}`,
    );
}

function copyInto(source: string, target: string) {
  mkdirSync(join(target, ".."), { recursive: true });
  // Symlinks kept as they are: Bun's isolated install links packages relatively.
  cpSync(source, target, { recursive: true, verbatimSymlinks: true, force: true });
}

export function materializeImage(dockerfile: ParsedDockerfile, options: MaterializeOptions = {}): ImageRoot {
  const dir = mkdtempSync(join(tmpdir(), "sl-image-"));
  try {
    return build(dockerfile, options, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function build(dockerfile: ParsedDockerfile, options: MaterializeOptions, dir: string): ImageRoot {
  const skipped: string[] = [];
  const fromBaseImages: string[] = [];
  const ignored = contextIgnores();
  const roots = new Map(dockerfile.stages.map((stage, index) => [stage, join(dir, `stage-${index}`)]));
  const here = (stage: Stage, imagePath: string) => join(roots.get(stage) as string, imagePath);

  const copy = (stage: Stage, workdir: string, step: CopyStep) => {
    const dest = posix.isAbsolute(step.dest) ? step.dest : posix.join(workdir, step.dest);
    const intoFolder = step.dest.endsWith("/") || step.sources.length > 1;
    for (const source of step.sources) {
      if (/[*?[]/.test(source)) throw new Error(`COPY on line ${step.line}: wildcards are not tried here`);
      if (step.from === undefined) {
        if (!existsSync(join(REPO_ROOT, source)))
          throw new Error(`COPY on line ${step.line}: ${source} is not in the repository`);
        const isFolder = lstatSync(join(REPO_ROOT, source)).isDirectory();
        const files = isFolder ? contextFiles(source, ignored) : ignored(source) ? [] : [source];
        if (files.length === 0)
          throw new Error(`COPY on line ${step.line}: .dockerignore leaves nothing of ${source}`);
        for (const file of files) {
          const target = isFolder
            ? posix.join(dest, posix.relative(source, file))
            : intoFolder
              ? posix.join(dest, basename(file))
              : dest;
          copyInto(join(REPO_ROOT, file), here(stage, target));
        }
        continue;
      }
      const from = dockerfile.stages.find((candidate) => candidate.name === step.from);
      if (!from) throw new Error(`COPY on line ${step.line}: no stage named ${step.from}`);
      const found = here(from, source);
      if (!existsSync(found)) {
        // Not made by a step of that stage: it came with its base image.
        fromBaseImages.push(`${from.image}:${from.tag}${source}`);
        continue;
      }
      copyInto(found, here(stage, intoFolder ? posix.join(dest, basename(source)) : dest));
    }
  };

  for (const stage of dockerfile.stages) {
    let workdir = "/";
    const isFinal = stage === dockerfile.final;
    for (const step of stage.steps) {
      if (step.kind === "workdir") {
        workdir = posix.resolve(workdir, step.path);
        mkdirSync(here(stage, workdir), { recursive: true });
      } else if (step.kind === "copy") copy(stage, workdir, step);
      else if (!isFinal) {
        // The final stage's RUNs install system packages and users: Docker's part, checked apart.
        if (options.skipRun?.(step.command)) {
          skipped.push(step.command);
          continue;
        }
        assertLocal(step.command, step.line);
        const result = Bun.spawnSync(["sh", "-ec", step.command], {
          cwd: here(stage, workdir),
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env },
          stdout: "pipe",
          stderr: "pipe",
        });
        if (result.exitCode !== 0)
          throw new Error(
            `RUN on line ${step.line} of ${dockerfile.path} failed (exit ${result.exitCode}): ${step.command}\n${result.stderr.toString()}`,
          );
      }
    }
    if (isFinal) {
      return {
        workdir: here(stage, workdir),
        skipped,
        fromBaseImages,
        remove: () => rmSync(dir, { recursive: true, force: true }),
      };
    }
  }
  throw new Error(`${dockerfile.path}: no final stage`);
}
