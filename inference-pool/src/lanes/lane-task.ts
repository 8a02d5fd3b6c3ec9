// One session lane (see lane-pool.ts): a worker thread holding its own copy of the model. Frames
// in, outcomes out; preprocessing, the model and decoding all run here, off the main thread.
import { workerData } from "node:worker_threads";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { detectChunk, type FrameOutcome, type RunnerModel } from "../model-runner.ts";
import type { FrameImage } from "../preprocess.ts";
import { type DeviceProvider, openSession } from "../runtime/session.ts";

export interface LaneData {
  bytes: Uint8Array;
  model: RunnerModel;
  provider: DeviceProvider;
  intraOpThreads: number;
  /** Frames per session.run: a task's frames run in chunks of this many (1 on CPU). */
  runBatch: number;
}

export interface LaneTask {
  images: FrameImage[];
  thresholds: number[];
}

/** The outcomes, and the frames' buffers moved back to the main thread for its next frames. */
export interface LaneResult {
  outcomes: FrameOutcome[];
  buffers: ArrayBuffer[];
}

const { bytes, model, provider, intraOpThreads, runBatch } = workerData as LaneData;
// Loaded once when the lane starts; ONNX Runtime's run blocks this thread, not the main one.
const session = await openSession(bytes, provider, intraOpThreads);

export default async function run({ images, thresholds }: LaneTask) {
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
  // The frames are read (decoded or resized into the model input): their buffers go back.
  const buffers = images.map(
    (image) => (image instanceof Uint8Array ? image : image.data).buffer as ArrayBuffer,
  );
  const result: LaneResult = { outcomes, buffers };
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
