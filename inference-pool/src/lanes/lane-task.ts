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
  /** The frame arena the main thread writes into (see frame-arena.ts). */
  arena: SharedArrayBuffer;
}

/**
 * A frame as a lane receives it: in the arena, or, when the arena was full, in shared memory of
 * its own (every lane of the batch holds it; none gets a copy).
 */
export type LaneFrame = ({ slot: FrameSlot } | { bytes: Uint8Array }) & {
  /** Raw rgb24 pixels of this size; without it, an encoded image. */
  rgb24?: { width: number; height: number };
};

/**
 * One batch, sent to every lane it needs: each lane takes the next `take` frames from the shared
 * counter `next` until none is left, so lanes finish a batch within one take of each other
 * whatever each frame costs (a fixed split left one lane idle while the other ran up to a chunk
 * of frames more).
 */
export interface LaneTask {
  frames: LaneFrame[];
  thresholds: number[];
  next: Int32Array;
  take: number;
}

/** The frames a lane ran: from `from` on, one outcome each, in order. */
export interface LaneRun {
  from: number;
  outcomes: FrameOutcome[];
}

const { bytes, model, provider, intraOpThreads, arena } = workerData as LaneData;
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
  return data.slice();
}

export default async function run({ frames, thresholds, next, take }: LaneTask): Promise<LaneRun[]> {
  const runs: LaneRun[] = [];
  for (let from = Atomics.add(next, 0, take); from < frames.length; from = Atomics.add(next, 0, take)) {
    const to = Math.min(frames.length, from + take);
    const outcomes = await detectChunk(
      session,
      model,
      frames.slice(from, to).map(frameImage),
      thresholds.slice(from, to),
    );
    runs.push({ from, outcomes });
  }
  return runs;
}
