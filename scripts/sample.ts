// `bun run sample <source> [--out DIR]`: ingest alone. Samples frames from one source and prints
// each frame's header as a JSON line (with the JPEG's path when --out is given), so that
// `bun run detect` can read them: bun run sample clip.mp4 --out frames | bun run detect
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  createLogger,
  defineSetting,
  defineSettings,
  describeError,
  flagOptions,
  loadSettings,
  parseCommandLine,
} from "@streamlens/core";
import { Ingest, ingestSettings, parseSourceRef } from "@streamlens/ingest";
import { z } from "zod";
import { pathWithTools } from "./tooling.ts";

const sampleSettings = defineSettings("sample", {
  out: defineSetting({
    flag: "out",
    arg: "DIR",
    description: "write each frame's JPEG into DIR (its path goes into the JSON line)",
    schema: z.string().min(1).optional(),
  }),
  durationSeconds: defineSetting({
    flag: "duration",
    arg: "S",
    unit: "s",
    description: "stop a live source after this long",
    schema: z.coerce.number().positive().optional(),
  }),
});

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    Bun.argv.slice(2),
    flagOptions(ingestSettings, sampleSettings),
    { command: "bun run sample", positionals: true },
  );
  const [source] = positionals;
  if (!source || positionals.length > 1)
    throw new Error("usage: bun run sample <source> [--fps N] [--max-width N] [--out DIR] [--duration S]");
  const sources = { env: process.env, flags: values };
  const config = loadSettings(ingestSettings, sources);
  const options = loadSettings(sampleSettings, sources);
  const out = options.out ? resolve(options.out) : undefined;
  if (out) mkdirSync(out, { recursive: true });
  const ingest = new Ingest({
    config,
    logger: createLogger({ level: "warn", name: "sample" }),
    pathVar: pathWithTools(process.env.PATH),
    emit: async (frame) => {
      const { image, ...header } = frame;
      const extension = frame.pixel_format === "jpeg" ? "jpg" : "rgb";
      const file = out ? join(out, `${frame.stream_id}-${frame.seq}.${extension}`) : undefined;
      if (file) await Bun.write(file, image);
      process.stdout.write(
        `${JSON.stringify({ ...header, bytes: image.length, ...(file ? { file } : {}) })}\n`,
      );
    },
  });
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  if (options.durationSeconds) setTimeout(() => stop.abort(), options.durationSeconds * 1000);
  const status = await ingest.start(parseSourceRef(source), stop.signal).done;
  process.stderr.write(
    `sample: ${status.id} ${status.state}, ${status.framesRead} frames${status.lastError ? `: ${status.lastError.message}` : ""}\n`,
  );
  return status.state === "failed" ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`sample: ${describeError(error)}\n`);
    process.exit(2);
  },
);
