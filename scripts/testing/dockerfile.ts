import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { type Copy, DockerfileParser, type Env, type From, type Instruction } from "dockerfile-ast";

/** A COPY: from the build context, or from an earlier stage (`--from`). */
export interface CopyStep {
  kind: "copy";
  from: string | undefined;
  sources: string[];
  dest: string;
  line: number;
}

/** A RUN as the shell gets it (continuation lines joined). */
export interface RunStep {
  kind: "run";
  command: string;
  line: number;
}

export interface WorkdirStep {
  kind: "workdir";
  path: string;
  line: number;
}

export type Step = CopyStep | RunStep | WorkdirStep;

export interface Healthcheck {
  /** `--interval` and the rest, by name. */
  flags: Record<string, string>;
  command: string[];
}

/** One FROM and what follows it, up to the next FROM. */
export interface Stage {
  name: string | undefined;
  image: string;
  tag: string | undefined;
  digest: string | undefined;
  steps: Step[];
  /** ENV as the stage ends (what a container of it starts with). */
  env: Record<string, string>;
  workdir: string | undefined;
  user: string | undefined;
  expose: string[];
  stopSignal: string | undefined;
  healthcheck: Healthcheck | undefined;
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
}

export interface ParsedDockerfile {
  /** Relative to the repository root. */
  path: string;
  stages: Stage[];
  /** The stage `docker build` makes the image of: the last. */
  final: Stage;
}

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

/** Exec form only (a JSON array): a shell form would put sh between tini and Bun and eat SIGTERM. */
function execForm(instruction: Instruction, content: string | null): string[] {
  const where = `${instruction.getKeyword()} on line ${lineOf(instruction)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? "");
  } catch {
    throw new Error(`${where} is not in exec form (a JSON array of strings): ${content}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string"))
    throw new Error(`${where} is not a JSON array of strings: ${content}`);
  return parsed;
}

function emptyStage(from: From): Stage {
  return {
    name: from.getBuildStage() ?? undefined,
    image: from.getImageName() ?? "",
    tag: from.getImageTag() ?? undefined,
    digest: from.getImageDigest() ?? undefined,
    steps: [],
    env: {},
    workdir: undefined,
    user: undefined,
    expose: [],
    stopSignal: undefined,
    healthcheck: undefined,
    entrypoint: undefined,
    cmd: undefined,
  };
}

function addInstruction(stage: Stage, instruction: Instruction) {
  const line = lineOf(instruction);
  const args = instruction.getArguments().map((argument) => argument.getValue());
  switch (instruction.getKeyword()) {
    case "COPY": {
      const copy = instruction as Copy;
      const dest = args.at(-1);
      if (args.length < 2 || dest === undefined) throw new Error(`COPY on line ${line} has no destination`);
      stage.steps.push({
        kind: "copy",
        from: copy.getFromFlag()?.getValue() ?? undefined,
        sources: args.slice(0, -1),
        dest,
        line,
      });
      break;
    }
    case "RUN":
      stage.steps.push({ kind: "run", command: instruction.getArgumentsContent() ?? "", line });
      break;
    case "WORKDIR":
      stage.workdir = args.join(" ");
      stage.steps.push({ kind: "workdir", path: stage.workdir, line });
      break;
    case "ENV":
      for (const property of (instruction as Env).getProperties())
        stage.env[property.getName()] = property.getUnescapedValue() ?? "";
      break;
    case "USER":
      stage.user = args.join(" ");
      break;
    case "EXPOSE":
      stage.expose.push(...args);
      break;
    case "STOPSIGNAL":
      stage.stopSignal = args.join(" ");
      break;
    case "ENTRYPOINT":
      stage.entrypoint = execForm(instruction, instruction.getArgumentsContent());
      break;
    case "CMD":
      stage.cmd = execForm(instruction, instruction.getArgumentsContent());
      break;
    case "HEALTHCHECK": {
      const flagged = instruction as Instruction & {
        getFlags(): Array<{ getName(): string; getValue(): string | null }>;
      };
      const content = instruction.getArgumentsContent() ?? "";
      const match = /^CMD\s+(.*)$/s.exec(content);
      if (!match) throw new Error(`HEALTHCHECK on line ${line} has no CMD: ${content}`);
      stage.healthcheck = {
        flags: Object.fromEntries(flagged.getFlags().map((flag) => [flag.getName(), flag.getValue() ?? ""])),
        command: execForm(instruction, match[1] ?? ""),
      };
      break;
    }
  }
}

/** Reads and parses `<repo>/<path>` with dockerfile-ast into its stages. */
export function readDockerfile(path: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, path), "utf8"));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      stages.push(emptyStage(instruction as From));
      continue;
    }
    const stage = stages.at(-1);
    if (stage) addInstruction(stage, instruction);
  }
  const final = stages.at(-1);
  if (!final) throw new Error(`${path} has no FROM`);
  return { path, stages, final };
}

/** The stage an image or `--from` names: a stage of this Dockerfile, or undefined for an image. */
export function stageNamed(dockerfile: ParsedDockerfile, name: string | undefined): Stage | undefined {
  return name === undefined ? undefined : dockerfile.stages.find((stage) => stage.name === name);
}

/** The package names a RUN installs with apt-get (flags left out). */
export function aptPackages(stage: Stage): string[] {
  return stage.steps.flatMap((step) => {
    if (step.kind !== "run") return [];
    const install = /apt-get install ([^&;|]*)/.exec(step.command);
    return install ? (install[1] ?? "").split(/\s+/).filter((word) => word && !word.startsWith("-")) : [];
  });
}
