// `bun run bench`: runs the benchmarks that finish in minutes, one after the other, keeps the
// last JSON line each prints, and writes them with the machine they ran on to
// bench-results/latest.json and a table in bench-results/latest.md, which the README shows
// (between its bench-results markers). Re-run after a change that moves the numbers.
import { mkdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { z } from "zod";

/**
 * Benchmarks run by `bun run bench`, quickest first: each needs no service started by hand and
 * ends on its own (bench:soak, the longest, after about 12 minutes).
 */
export const BENCHES = [
  "bench:accuracy",
  "bench:ingest",
  "bench:peer",
  "bench:inference",
  "bench:gpu",
  "bench:db",
  "bench:latency",
  "bench:soak",
] as const;

const RESULTS_DIR = join(REPO_ROOT, "bench-results");
const README = join(REPO_ROOT, "README.md");
const START_MARKER = "<!-- bench-results:start -->";
const END_MARKER = "<!-- bench-results:end -->";

const jsonLine = z.record(z.string(), z.unknown());

interface BenchResult {
  bench: string;
  /** When it ran: a partial run (`bun run bench bench:peer`) keeps the others' earlier results. */
  date?: string;
  seconds: number;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: string;
}

async function runBench(bench: string): Promise<BenchResult> {
  console.log(`bench: ${bench}`);
  const started = performance.now();
  const child = Bun.spawn([process.execPath, "run", bench], {
    cwd: REPO_ROOT,
    stdout: "pipe",
    stderr: "inherit",
  });
  let output = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    output += text;
    process.stdout.write(text);
  }
  const code = await child.exited;
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const date = new Date().toISOString();
  const last = output.trim().split("\n").at(-1) ?? "";
  if (code !== 0) return { bench, date, seconds, ok: false, error: `exited ${code}` };
  try {
    return { bench, date, seconds, ok: true, result: jsonLine.parse(JSON.parse(last)) };
  } catch {
    return {
      bench,
      date,
      seconds,
      ok: false,
      error: `last line is not a JSON object: ${last.slice(0, 200)}`,
    };
  }
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${process.arch}`,
    bun: Bun.version,
    date: new Date().toISOString(),
  };
}

const isScalar = (v: unknown) => v === null || typeof v !== "object";
/** `key value, key value` for an object of plain values. */
const pairs = (value: object) =>
  Object.entries(value)
    .map(([key, v]) => `${key} ${v}`)
    .join(", ");

/**
 * A figure for a table cell: a number as it is, a list of numbers joined, a flat object as
 * `key value` pairs, and one more level (a list or object of flat objects) one line each.
 */
function cell(value: unknown): string {
  let text: string;
  if (isScalar(value)) text = String(value);
  else if (Array.isArray(value) && value.every(isScalar)) text = value.join(", ");
  else if (Object.values(value as object).every(isScalar)) text = pairs(value as object);
  else if (Object.values(value as object).every((v) => !isScalar(v) && Object.values(v).every(isScalar))) {
    text = Object.entries(value as object)
      .map(([key, v]) => (Array.isArray(value) ? pairs(v) : `${key}: ${pairs(v)}`))
      .join("<br>");
  } else text = "(nested: see latest.json)";
  return text.replaceAll("|", "\\|");
}

function markdown(info: ReturnType<typeof machine>, results: BenchResult[]): string {
  const lines = [
    `Measured by \`bun run bench\` on ${info.date.slice(0, 10)}: ${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB memory, ${info.os}, Bun ${info.bun}. Numbers from a shared machine are noisy; each benchmark compares figures measured in the same run.`,
    "",
    "| benchmark | figure | value |",
    "| --- | --- | --- |",
  ];
  for (const r of results) {
    lines.push(
      `| \`${r.bench}\` | run | ${r.date?.slice(0, 16).replace("T", " ") ?? "?"} UTC, ${r.seconds} s |`,
    );
    if (!r.ok) lines.push(`| \`${r.bench}\` | failed | ${cell(r.error)} |`);
    for (const [key, value] of Object.entries(r.result ?? {})) {
      lines.push(`| \`${r.bench}\` | ${key} | ${cell(value)} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Replaces what lies between the README's markers with the table. */
async function updateReadme(table: string): Promise<void> {
  const readme = await Bun.file(README).text();
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start)
    throw new Error(`README.md lacks the ${START_MARKER} … ${END_MARKER} markers`);
  await Bun.write(
    README,
    `${readme.slice(0, start + START_MARKER.length)}\n\n${table}\n${readme.slice(end)}`,
  );
}

const saved = z.object({
  machine: z.object({
    cpu: z.string(),
    cores: z.number(),
    memory_gib: z.number(),
    os: z.string(),
    bun: z.string(),
    date: z.string(),
  }),
  results: z.array(
    z.object({
      bench: z.string(),
      date: z.string().optional(),
      seconds: z.number(),
      ok: z.boolean(),
      result: jsonLine.optional(),
      error: z.string().optional(),
    }),
  ),
});

const args = Bun.argv.slice(2);
// --render: the table and the README again from latest.json, without running anything.
const render = args.includes("--render");
const only = args.filter((arg) => arg !== "--render");
const unknown = only.filter((name) => !(BENCHES as readonly string[]).includes(name));
if (unknown.length > 0 || (render && only.length > 0)) {
  console.error(
    `bench: usage: bun run bench [--render | ${BENCHES.join(" ")}]; got ${unknown.join(", ") || only.join(", ")}`,
  );
  process.exit(2);
}
const latestJson = join(RESULTS_DIR, "latest.json");
let info: ReturnType<typeof machine>;
let results: BenchResult[];
if (render) {
  ({ machine: info, results } = saved.parse(JSON.parse(await Bun.file(latestJson).text())));
} else {
  const fresh: BenchResult[] = [];
  for (const bench of only.length > 0 ? only : BENCHES) fresh.push(await runBench(bench));
  // A partial run keeps the other benchmarks' last results (each row says when it ran).
  const earlier =
    only.length > 0 && (await Bun.file(latestJson).exists())
      ? saved.parse(JSON.parse(await Bun.file(latestJson).text())).results
      : [];
  results = BENCHES.flatMap((bench) => {
    const result = fresh.find((r) => r.bench === bench) ?? earlier.find((r) => r.bench === bench);
    return result ? [result] : [];
  });
  info = machine();
  mkdirSync(RESULTS_DIR, { recursive: true });
  await Bun.write(latestJson, `${JSON.stringify({ machine: info, results }, null, 2)}\n`);
}
const table = markdown(info, results);
await Bun.write(join(RESULTS_DIR, "latest.md"), table);
await updateReadme(table);
// The files are committed: formatted as `biome check` expects them.
Bun.spawnSync(
  [
    join(REPO_ROOT, "node_modules", ".bin", "biome"),
    "format",
    "--write",
    latestJson,
    join(RESULTS_DIR, "latest.md"),
    README,
  ],
  { cwd: REPO_ROOT, stdout: "ignore", stderr: "inherit" },
);
console.log("bench: wrote bench-results/latest.json, bench-results/latest.md and the README's table");
console.log(
  JSON.stringify(Object.fromEntries(results.map((r) => [r.bench, r.ok ? r.result : { error: r.error }]))),
);
