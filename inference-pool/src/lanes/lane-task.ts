// One session lane (see lane-pool.ts): a worker thread holding its own copy of the model. Frames
// in, outcomes out; preprocessing, the model and decoding all run here, off the main thread.
import { workerData } from "node:worker_threads";
import { detectChunk, type FrameOutcome, type RunnerModel } from "../model-runner.ts";
import type { FrameImage } from "../preprocess.ts";
import { type DeviceProvider, openSession } from "../runtime/session.ts";

export interface LaneData {
  bytes: Uint8Array;
  model: RunnerModel;
  provider: DeviceProvider;
  intraOpThreads: number;
}

export interface LaneTask {
  images: FrameImage[];
  thresholds: number[];
}

const { bytes, model, provider, intraOpThreads } = workerData as LaneData;
// Loaded once when the lane starts; ONNX Runtime's run blocks this thread, not the main one.
const session = await openSession(bytes, provider, intraOpThreads);

export default function run({ images, thresholds }: LaneTask): Promise<FrameOutcome[]> {
  return detectChunk(session, model, images, thresholds);
}
