// `bun run bench:ingest`: CPU seconds ffmpeg spends sampling 1 fps from a file the way ingest
// does (key frames only when they suffice), against decoding every frame (`-f null`), measured
// in the same run, on the same file. Last line: one JSON object.
import { samplingFpsSchema } from "@streamlens/core";
import { benchOptions, countOption, fixture } from "@streamlens/core/testing";
import { buildSampleArgs, chooseDecode, type DecodeMode, locateTools, probeMedia } from "@streamlens/ingest";
import { z } from "zod";

const options = benchOptions({
  file: z.string().min(1).default(fixture("video/one-by-one-person-detection.mp4")),
  fps: z.coerce.number().pipe(samplingFpsSchema).default(1),
  rounds: countOption(3),
});
const { file: input, fps, rounds } = options;
const tools = await locateTools({
  ffmpegPath: process.env.FFMPEG_PATH,
  ffprobePath: process.env.FFPROBE_PATH,
  pathVar: process.env.PATH,
});

/** Runs ffmpeg to completion, discarding its output, and returns its CPU seconds (user + system). */
async function cpuSeconds(args: string[]): Promise<{ cpu: number; bytes: number }> {
  const proc = Bun.spawn([tools.ffmpeg, ...args], { stdin: "ignore", stdout: "pipe", stderr: "ignore" });
  let bytes = 0;
  for await (const chunk of proc.stdout) bytes += chunk.length;
  const code = await proc.exited;
  if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${args.join(" ")}`);
  const usage = proc.resourceUsage();
  if (!usage) throw new Error("no resource usage for ffmpeg");
  return { cpu: Number(usage.cpuTime.total) / 1e6, bytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const probe = tools.ffprobe
  ? await probeMedia({ ffprobe: tools.ffprobe, input, timeoutMs: 20_000 })
  : undefined;
const chosen = chooseDecode("auto", probe, fps);
const sample = (decode: DecodeMode) =>
  buildSampleArgs({ ffmpeg: tools.ffmpeg, input, label: "bench", fps, decode, maxWidth: 1280 });
const variants: Array<[string, string[]]> = [
  [`ours (${chosen})`, sample(chosen)],
  ["ours, decoding every frame", sample("all")],
  ["full decode (-f null)", ["-hide_banner", "-nostdin", "-i", input, "-map", "0:v:0", "-f", "null", "-"]],
  [
    "full decode, 1 thread",
    ["-hide_banner", "-nostdin", "-threads", "1", "-i", input, "-map", "0:v:0", "-f", "null", "-"],
  ],
];

console.log(`bench:ingest  ${input}`);
console.log(
  `  ${probe?.width}x${probe?.height} ${probe?.codec} ${probe?.fps} fps, ${probe?.durationS} s, key frame every ≤${probe?.maxKeyframeGapS} s; sampling ${fps} fps`,
);
const results = new Map<string, number[]>();
for (let round = 0; round < rounds; round += 1) {
  for (const [name, args] of variants) {
    const { cpu } = await cpuSeconds(args);
    results.set(name, [...(results.get(name) ?? []), cpu]);
  }
}
for (const [name, runs] of results)
  console.log(`  ${name.padEnd(30)} ${median(runs).toFixed(3)} CPU s (median of ${runs.length})`);
const sampled = median(results.get(`ours (${chosen})`) as number[]);
const full = median(results.get("full decode (-f null)") as number[]);
console.log(
  JSON.stringify({
    sampled_cpu_s: +sampled.toFixed(3),
    full_decode_cpu_s: +full.toFixed(3),
    ratio: +(sampled / full).toFixed(3),
  }),
);
