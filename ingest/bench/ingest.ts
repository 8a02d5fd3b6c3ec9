// `bun run bench:ingest`: CPU seconds of the ffmpeg child sampling a file in each decode mode,
// measured in the same run on the same file, with the frames each mode delivered. The file is
// a long-GOP copy of the fixture (a key frame every 10 s) made into a temp dir, where decoding
// key frames only is the sparse decode worth having. Rounds alternate the order of the modes,
// so a busy machine slows them alike. Last line: one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { samplingFpsSchema } from "@streamlens/core";
import { benchOptions, countOption, fixture } from "@streamlens/core/testing";
import { buildSampleArgs, chooseDecode, type DecodeMode, locateTools, probeMedia } from "@streamlens/ingest";
import { z } from "zod";

const options = benchOptions({
  file: z.string().min(1).default(fixture("video/one-by-one-person-detection.mp4")),
  fps: z.coerce.number().pipe(samplingFpsSchema).default(1),
  gopSeconds: z.coerce.number().positive().default(10),
  rounds: countOption(3),
});
const { fps, gopSeconds, rounds } = options;
const tools = await locateTools({
  ffmpegPath: process.env.FFMPEG_PATH,
  ffprobePath: process.env.FFPROBE_PATH,
  pathVar: process.env.PATH,
});
if (!tools.ffprobe) throw new Error("bench:ingest needs ffprobe to measure key frame spacing");
const ffprobe = tools.ffprobe;

/** Runs ffmpeg to completion and returns its CPU seconds (user + system) and stdout bytes. */
async function runFfmpeg(args: string[]): Promise<{ cpu: number; stdout: Uint8Array; stderr: string }> {
  const proc = Bun.spawn([tools.ffmpeg, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).bytes(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${args.join(" ")}\n${stderr.slice(-2000)}`);
  const usage = proc.resourceUsage();
  if (!usage) throw new Error("no resource usage for ffmpeg");
  return { cpu: Number(usage.cpuTime.total) / 1e6, stdout, stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const dir = mkdtempSync(join(tmpdir(), "streamlens-bench-ingest-"));
try {
  // A fixed key frame interval and no scene-cut key frames: the long GOP of a typical camera.
  const input = join(dir, `gop-${gopSeconds}s.mp4`);
  const sourceProbe = await probeMedia({ ffprobe, input: options.file, timeoutMs: 20_000 });
  const gopFrames = Math.round(gopSeconds * (sourceProbe?.fps ?? 25));
  await runFfmpeg([
    ...["-hide_banner", "-nostdin", "-y", "-i", options.file, "-map", "0:v:0", "-an"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-g", String(gopFrames), "-keyint_min", String(gopFrames)],
    ...["-sc_threshold", "0", input],
  ]);
  const probe = await probeMedia({ ffprobe, input, timeoutMs: 20_000 });
  const durationS = probe?.durationS ?? 0;
  const keyframeFps = probe?.maxKeyframeGapS ? 1 / probe.maxKeyframeGapS : undefined;

  const sample = (decode: DecodeMode, rate: number) =>
    buildSampleArgs({ ffmpeg: tools.ffmpeg, input, label: "bench", fps: rate, decode, maxWidth: 1280 });
  const variants: Array<{ name: string; decode: DecodeMode; fps: number }> = [
    {
      name: `auto (${chooseDecode("auto", probe, fps).decode})`,
      decode: chooseDecode("auto", probe, fps).decode,
      fps,
    },
    { name: "keyframes", decode: "keyframes", fps },
    { name: "noref", decode: "noref", fps },
    { name: "all", decode: "all", fps },
  ];
  // Like for like: at the key frame rate both modes deliver the same frames.
  if (keyframeFps && keyframeFps < fps) {
    const rate = +keyframeFps.toFixed(4);
    variants.push({ name: `keyframes @${rate}`, decode: "keyframes", fps: rate });
    variants.push({ name: `all @${rate}`, decode: "all", fps: rate });
  }

  console.log(`bench:ingest  ${options.file} re-encoded with a key frame every ${gopSeconds} s`);
  console.log(
    `  ${probe?.width}x${probe?.height} ${probe?.codec} ${probe?.fps} fps, ${durationS} s, key frames ≤${probe?.maxKeyframeGapS} s apart, reference frames ≤${probe?.maxReferenceGapS?.toFixed(2)} s apart; asking ${fps} fps`,
  );
  console.log("  (a shared machine: CPU times are noisy; ratios compare runs of the same rounds)");
  const cpu = new Map<string, number[]>();
  const frames = new Map<string, number>();
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      const run = await runFfmpeg(sample(variant.decode, variant.fps));
      cpu.set(variant.name, [...(cpu.get(variant.name) ?? []), run.cpu]);
      frames.set(variant.name, (run.stderr.match(/Parsed_showinfo\S* .*\bn:\s*\d+/g) ?? []).length);
    }
  }
  for (const variant of variants) {
    const asked = Math.ceil(durationS * variant.fps);
    const notice = chooseDecode(variant.decode, probe, variant.fps).notice;
    console.log(
      `  ${variant.name.padEnd(22)} ${median(cpu.get(variant.name) as number[]).toFixed(3)} CPU s, ${frames.get(variant.name)} frames of ${asked} asked (${variant.fps} fps)${notice ? `; notice: ${notice}` : ""}`,
    );
  }
  const at = (name: string) => median(cpu.get(name) as number[]);
  const sparse = at("keyframes");
  const everyFrame = at("all");
  const rate = keyframeFps && keyframeFps < fps ? +keyframeFps.toFixed(4) : undefined;
  const result = {
    fps,
    gop_s: gopSeconds,
    rounds,
    auto: chooseDecode("auto", probe, fps).decode,
    frames: Object.fromEntries(frames),
    cpu_s: Object.fromEntries(variants.map((v) => [v.name, +at(v.name).toFixed(3)])),
    sparse_over_all: +(sparse / everyFrame).toFixed(3),
    ...(rate
      ? { sparse_over_all_at_keyframe_rate: +(at(`keyframes @${rate}`) / at(`all @${rate}`)).toFixed(3) }
      : {}),
  };
  console.log(
    `  sparse (keyframes) / decoding every frame at ${fps} fps: ${result.sparse_over_all.toFixed(3)}×${rate ? `; at the key frame rate ${rate} fps: ${result.sparse_over_all_at_keyframe_rate?.toFixed(3)}×` : ""}`,
  );
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
