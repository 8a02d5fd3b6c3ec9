// One thread of bench:inference's ceiling: a session of its own running ready inputs, nothing
// else; the main thread starts all lanes together and adds up their frames.
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";

/** A model input as plain data (tensors do not cross threads). */
export type PlainFeed = Record<
  string,
  { type: "uint8" | "float32"; data: Uint8Array | Float32Array; dims: number[] }
>;

export interface LimitLaneData {
  bytes: Uint8Array;
  /** Every input, in shared memory. */
  feeds: PlainFeed[];
  threads: number;
  /** The next input to run, shared by all limit threads: Atomics.add hands each out once. */
  next: Int32Array;
}

if (parentPort) {
  const { bytes, feeds, threads, next } = workerData as LimitLaneData;
  const session = await ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
  });
  const tensors = feeds.map((feed) =>
    Object.fromEntries(
      Object.entries(feed).map(([name, t]) => [
        name,
        t.type === "uint8"
          ? new ort.Tensor("uint8", t.data as Uint8Array, t.dims)
          : new ort.Tensor("float32", t.data as Float32Array, t.dims),
      ]),
    ),
  );
  for (const feed of tensors.slice(0, 3)) await session.run(feed);
  parentPort.postMessage("ready");
  // On each "go", inputs until none is left, for as many rounds as the bench runs: the session
  // stays warm from round to round, as our path's lanes do.
  parentPort.on("message", async () => {
    let ran = 0;
    for (let i = Atomics.add(next, 0, 1); i < tensors.length; i = Atomics.add(next, 0, 1)) {
      await session.run(tensors[i] as (typeof tensors)[number]);
      ran += 1;
    }
    parentPort?.postMessage(ran);
  });
}
