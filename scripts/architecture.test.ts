import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";

/** One folder per stage of the data flow, plus the composing scripts. */
const PARTS = ["core", "ingest", "inference-pool", "analytics", "edge", "site", "cdktf", "scripts"];

/**
 * Which packages each part's own code may import, along the data flow: core is under everyone;
 * ingest, the inference pool and analytics never import each other (they meet on the bus, and
 * what one needs of another is handed in by a composition root); the edge reads analytics'
 * schema and queries (its Worker-safe `store` entry) and nothing else of it; the infrastructure
 * needs only core. Composition roots (`main.ts`, benchmarks, `scripts/`) and tests may compose
 * any parts.
 */
const ALLOWED_IMPORTS: Record<string, string[]> = {
  core: [],
  ingest: ["@streamlens/core"],
  "inference-pool": ["@streamlens/core"],
  analytics: ["@streamlens/core"],
  edge: ["@streamlens/core", "@streamlens/analytics/store"],
  site: ["@streamlens/core"],
  cdktf: ["@streamlens/core"],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The subpaths a part's package.json exports: its public entries. */
function packageExports(part: string): Record<string, string> {
  const file = join(REPO_ROOT, part === "inference-pool" ? "inference-pool" : part, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { exports?: Record<string, string> }).exports ?? {};
}

const files = PARTS.flatMap((part) => sources(join(REPO_ROOT, part)).map((path) => ({ part, path })));
const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const isTestCode = (path: string) => /\.test\.ts$|\.contract\.ts$|[/\\]testing[/\\]|testing\.ts$/.test(path);
/**
 * Entry points: root scripts, services' main.ts, benchmarks, and the images' health check, which
 * use parts from outside.
 */
const isEntry = (path: string) =>
  /^scripts[/\\][^/\\]+\.ts$|^[^/\\]+[/\\]bench[/\\]|^[^/\\]+[/\\](src[/\\])?main\.ts$|^core[/\\]src[/\\]service[/\\]healthcheck\.ts$/.test(
    relative(REPO_ROOT, path),
  );

/** The imports of one file of `part` that go against the data flow (ALLOWED_IMPORTS). */
function edgeViolations(part: string, text: string): string[] {
  const allowed = ALLOWED_IMPORTS[part];
  if (!allowed) return [];
  const violations: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = (match[1] ?? match[2]) as string;
    if (!spec.startsWith("@streamlens/")) continue;
    const [, name, sub] = spec.split("/");
    if (name === part) continue; // its own public entry, checked by the test above
    // A package's Worker-safe entry (`core/contracts`) is part of what the package allows.
    const ok = allowed.some(
      (entry) => spec === entry || (entry === `@streamlens/${name}` && sub === "contracts"),
    );
    if (!ok) violations.push(`${part} imports ${spec}`);
  }
  return violations;
}

describe("architecture", () => {
  test("the parts import each other only through their public entry", () => {
    const violations: string[] = [];
    for (const { part, path } of files) {
      const text = readFileSync(path, "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const spec = (match[1] ?? match[2]) as string;
        if (spec.startsWith(".")) {
          const target = relative(REPO_ROOT, resolve(dirname(path), spec));
          if (target.split(sep)[0] !== part)
            violations.push(`${relative(REPO_ROOT, path)} reaches into ${target}`);
        } else if (spec.startsWith("@streamlens/")) {
          const [, name, ...rest] = spec.split("/");
          const subpath = rest.join("/");
          const exported = Object.keys(packageExports(name as string));
          const allowed =
            subpath === "testing"
              ? isTestCode(path) || isEntry(path)
              : exported.includes(subpath ? `./${subpath}` : ".");
          if (!allowed) violations.push(`${relative(REPO_ROOT, path)} imports ${spec}`);
          if (name === part && !isEntry(path))
            violations.push(`${relative(REPO_ROOT, path)} imports its own package ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test("parts import each other only along the data flow; composition roots compose them", () => {
    const violations = files
      .filter(({ path }) => !isEntry(path) && !isTestCode(path))
      .flatMap(({ part, path }) =>
        edgeViolations(part, readFileSync(path, "utf8")).map((v) => `${relative(REPO_ROOT, path)}: ${v}`),
      );
    expect(violations).toEqual([]);
  });

  test("the data-flow rule refuses an import against it, and allows the ones along it", () => {
    // What ingest/src/service.ts once did: ingest reaching into analytics for its database.
    expect(edgeViolations("ingest", 'import { openDatabase } from "@streamlens/analytics";')).toEqual([
      "ingest imports @streamlens/analytics",
    ]);
    expect(edgeViolations("analytics", 'import { Ingest } from "@streamlens/ingest";')).toHaveLength(1);
    expect(edgeViolations("edge", 'import { openDatabase } from "@streamlens/analytics";')).toHaveLength(1);
    expect(edgeViolations("cdktf", 'import { schema } from "@streamlens/analytics/store";')).toHaveLength(1);
    expect(edgeViolations("edge", 'import { schema } from "@streamlens/analytics/store";')).toEqual([]);
    expect(edgeViolations("ingest", 'import { sleep } from "@streamlens/core/contracts";')).toEqual([]);
  });

  test("only entry points, configuration and tests read process.env", () => {
    const readers = files
      .filter(({ path }) => readFileSync(path, "utf8").includes("process.env"))
      .filter(({ path }) => !isTestCode(path) && !isEntry(path))
      .map(({ path }) => relative(REPO_ROOT, path));
    expect(readers).toEqual([]);
  });

  test("every entry file of a part only re-exports", () => {
    // cdktf's entries are its stacks' synthesis helpers for its own tests and scripts.
    for (const part of PARTS.filter((p) => p !== "scripts" && p !== "cdktf")) {
      for (const target of Object.values(packageExports(part))) {
        const entry = readFileSync(join(REPO_ROOT, part, target), "utf8");
        const code = entry.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("//"));
        const statements = code
          .join("\n")
          .split(";")
          .filter((s) => s.trim() !== "");
        for (const statement of statements) expect(statement.trim()).toStartWith("export");
      }
    }
  });

  test("the Worker's import graph holds nothing that needs Bun or Node", () => {
    // wrangler's nodejs_compat would bundle some node: modules, but PGlite, postgres.js, pino,
    // prom-client or bun: would fail (or bloat the Worker) only when deployed; catch it here.
    const forbidden = /^(node:|bun:|bun$|@electric-sql\/pglite|postgres$|pino|prom-client|onnxruntime|sharp)/;
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const match of readFileSync(path, "utf8").matchAll(IMPORT)) {
        const spec = (match[1] ?? match[2]) as string;
        if (/^import\s+type\b/.test(match[0].trim())) continue;
        if (spec.startsWith(".")) {
          if (/\.tsx?$/.test(spec)) visit(resolve(dirname(path), spec));
        } else if (spec.startsWith("@streamlens/")) {
          const [, name, ...rest] = spec.split("/");
          const target = packageExports(name as string)[rest.length ? `./${rest.join("/")}` : "."];
          if (target) visit(join(REPO_ROOT, name as string, target));
        } else if (forbidden.test(spec)) {
          problems.push(`${relative(REPO_ROOT, path)} imports ${spec}`);
        }
      }
    };
    visit(join(REPO_ROOT, "edge/src/worker.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
