// One session lane (see lane-pool.ts): a worker thread holding its own copy of the model. Frames
// in, outcomes out; preprocessing, the model and decoding all run here, off the main thread.
import { workerData } from "node:worker_threads";
import { detectChunk, type FrameOutcome, type RunnerModel } from "../model-runner.ts";
import type { FrameImage } from "../preprocess.ts";
import { type DeviceProvider, openSession } from "../runtime/session.ts";
import { FrameArena, type FrameSlot } from "./frame-arena.ts";

export interface LaneData {
  bytes: Uint8Array;
  model: RunnerModel;
  provider: DeviceProvider;
  intraOpThreads: number;
  /** Frames per session.run: a task's frames run in chunks of this many (1 on CPU). */
  runBatch: number;
  /** The frame arena the main thread writes into (see frame-arena.ts). */
  arena: SharedArrayBuffer;
}

/** A frame as a lane receives it: in the arena, or its own bytes when the arena was full. */
export type LaneFrame = ({ slot: FrameSlot } | { bytes: Uint8Array }) & {
  /** Raw rgb24 pixels of this size; without it, an encoded image. */
  rgb24?: { width: number; height: number };
};

export interface LaneTask {
  frames: LaneFrame[];
  thresholds: number[];
}

const { bytes, model, provider, intraOpThreads, runBatch, arena } = workerData as LaneData;
// Loaded once when the lane starts; ONNX Runtime's run blocks this thread, not the main one.
const session = await openSession(bytes, provider, intraOpThreads);

/**
 * Raw pixels are read in place: only the resize reads them, copying them in. An encoded image
 * goes to sharp as a copy of its own (a few dozen KB): handed views of shared memory, sharp kept
 * the pool's RSS growing under Bun (14 % over ten minutes of bench:soak; 30 MiB in 2,400 frames
 * of a local loop, where copies held steady).
 */
function frameImage(frame: LaneFrame): FrameImage {
  const data = "slot" in frame ? FrameArena.view(arena, frame.slot) : frame.bytes;
  if (frame.rgb24) return { format: "rgb24", data, ...frame.rgb24 };
  return "slot" in frame ? data.slice() : data;
}

export default async function run({ frames, thresholds }: LaneTask): Promise<FrameOutcome[]> {
  const images = frames.map(frameImage);
  const outcomes: FrameOutcome[] = [];
  for (let i = 0; i < images.length; i += runBatch)
    outcomes.push(
      ...(await detectChunk(
        session,
        model,
        images.slice(i, i + runBatch),
        thresholds.slice(i, i + runBatch),
      )),
    );
  return outcomes;
}
