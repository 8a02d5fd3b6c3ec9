import type { Frame, PixelFormat } from "@streamlens/core";
import { FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { locateTools, type SampledFrame, sampleFrames } from "@streamlens/ingest";

/** Where the inference benches find models: the detector folders the services read, else the fixtures. */
export const BENCH_MODEL_DIRS = (
  process.env.STREAMLENS_DETECTOR_DIR ?? process.env.STREAMLENS_MODELS_DIR
)?.split(":") ?? [FIXTURE_MODELS];

/**
 * Real frames for the inference benches: the fixture video sampled the way ingest does
 * (768x432 at 1 fps from keyframes, as JPEGs or raw rgb24), spread over four streams of 1 fps
 * each, repeated up to `count`.
 */
export async function fixtureFrames(count: number, format: PixelFormat = "jpeg"): Promise<Frame[]> {
  const tools = await locateTools({ ffmpegPath: process.env.FFMPEG_PATH, pathVar: process.env.PATH });
  const sampled: SampledFrame[] = [];
  for await (const f of sampleFrames({
    ffmpeg: tools.ffmpeg,
    input: fixture("video/one-by-one-person-detection.mp4"),
    label: "fixture",
    fps: 1,
    decode: "keyframes",
    format,
  })) {
    sampled.push(f);
    if (sampled.length >= count) break;
  }
  if (sampled.length === 0) throw new Error("the fixture video gave no frames");
  const start = Date.UTC(2026, 0, 1);
  const streams = 4;
  return Array.from({ length: count }, (_, i) => {
    const f = sampled[i % sampled.length] as (typeof sampled)[number];
    // Each stream at 1 fps, as ingest samples by default: frame time sets how often the pool
    // encodes a snapshot (one per stream per 10 s of frames), so it must run at the real rate.
    const ts = start + Math.floor(i / streams) * 1000;
    return {
      stream_id: `cam-${i % streams}`,
      seq: ts,
      frame_ts: new Date(ts).toISOString(),
      width: f.width,
      height: f.height,
      live: false,
      pixel_format: f.format,
      image: f.image,
    };
  });
}
