// `bun run detect [image...]`: the inference pool alone. Runs the detector on image files (or on
// frame headers with a "file" field, one JSON object per line on stdin, as `bun run sample`
// prints) and prints one detections message (as analytics reads it) per image as a JSON line.
import { basename, extname } from "node:path";
import {
  createLogger,
  type Detections,
  describeError,
  exitCodeOf,
  flagOptions,
  formatIssues,
  frameHeaderSchema,
  loadSettings,
  parseCommandLine,
  toStreamId,
} from "@streamlens/core";
import { Detector, inferenceSettings, resolveModelSpec, toDetections } from "@streamlens/inference-pool";
import { z } from "zod";

// `live` only matters on the bus (frame age); `bun run sample` prints it as a JSON boolean.
const stdinFrame = frameHeaderSchema.omit({ live: true }).extend({ file: z.string().min(1) });

async function* inputs(paths: string[]) {
  for (const path of paths) {
    const mtime = (await Bun.file(path).stat()).mtimeMs;
    const seq = Math.round(mtime);
    yield {
      stream_id: toStreamId(basename(path, extname(path))),
      seq,
      frame_ts: new Date(seq).toISOString(),
      file: path,
    };
  }
  if (paths.length > 0) return;
  let line = 0;
  for await (const text of console) {
    line += 1;
    if (text.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`stdin line ${line} is not JSON`);
    }
    const parsed = stdinFrame.safeParse(json);
    if (!parsed.success) throw new Error(`stdin line ${line}: ${formatIssues(parsed.error)}`);
    yield parsed.data;
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(Bun.argv.slice(2), flagOptions(inferenceSettings), {
    command: "bun run detect",
    positionals: true,
  });
  const config = loadSettings(inferenceSettings, { env: process.env, flags: values });
  const logger = createLogger({ level: "warn", name: "detect" });
  const detector = await Detector.load(await resolveModelSpec(config.model), { ...config, logger });
  try {
    for await (const frame of inputs(positionals)) {
      const image = await Bun.file(frame.file).bytes();
      const [result] = await detector.detect([image]);
      if (!result) continue;
      const detections: Detections = toDetections(frame, result, detector);
      process.stdout.write(`${JSON.stringify(detections)}\n`);
    }
  } finally {
    await detector.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`detect: ${describeError(error)}\n`);
    process.exit(exitCodeOf(error));
  },
);
