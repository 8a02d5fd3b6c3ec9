import { type Logger, StreamlensError } from "@streamlens/core";
import * as ort from "onnxruntime-node";

/** The providers a model can run on, as ONNX Runtime names them. */
export const DEVICE_PROVIDERS = ["tensorrt", "cuda", "webgpu", "cpu"] as const;
export type DeviceProvider = (typeof DEVICE_PROVIDERS)[number];

/** What users ask for: a provider by name, or `gpu` for the best one that loads here. */
export const EXECUTION_PROVIDERS = ["cpu", "gpu", "webgpu", "cuda", "tensorrt"] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

// ORT's own logger prints native errors for every GPU provider it cannot load; the fallback
// below reports that in one line instead, and real failures still arrive as exceptions.
ort.env.logLevel = "fatal";

/** The providers to try, in order, for what was asked (CPU comes last in every case). */
const CANDIDATES: Record<ExecutionProvider, DeviceProvider[]> = {
  cpu: [],
  gpu: ["tensorrt", "cuda", "webgpu"],
  webgpu: ["webgpu"],
  cuda: ["cuda"],
  tensorrt: ["tensorrt"],
};

/**
 * The session options' provider list for one device provider: ORT places every node the
 * device cannot take on the providers after it.
 */
const CHAINS: Record<DeviceProvider, ort.InferenceSession.ExecutionProviderConfig[]> = {
  cpu: ["cpu"],
  // TensorRT builds engines for the shapes it sees; CUDA covers the nodes TensorRT cannot take.
  tensorrt: [
    { name: "tensorrt", fp16Enable: true } as ort.InferenceSession.ExecutionProviderConfig,
    "cuda",
    "cpu",
  ],
  cuda: ["cuda", "cpu"],
  // Dawn picks the first adapter; on Linux that is the Vulkan driver of the GPU.
  webgpu: ["webgpu", "cpu"],
};

export interface LoadedSession {
  session: ort.InferenceSession;
  /** The provider the session actually runs on. */
  provider: DeviceProvider;
}

/** A model to open: its bytes (possibly rewritten in memory) and where they came from. */
export interface ModelSource {
  path: string;
  bytes: Uint8Array;
}

function options(
  providers: ort.InferenceSession.ExecutionProviderConfig[],
  intraOpThreads: number,
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: providers,
    graphOptimizationLevel: "all",
    logSeverityLevel: 3,
    ...(intraOpThreads > 0 ? { intraOpNumThreads: intraOpThreads } : {}),
  };
}

/**
 * The reason a provider did not load, for one log line: ORT prefixes its messages with source
 * locations and assertion text, while the reader needs the sentence that says what failed.
 */
const reasonOf = (error: unknown) => {
  const line = ((error as Error).message ?? String(error)).split("\n")[0] ?? "";
  return line.replace(/^.*?(Failed to .*)$/, "$1");
};

/**
 * Opens a model on the asked-for execution provider, trying each candidate in order; when
 * none loads (no GPU, no CUDA libraries, no Vulkan driver), falls back to CPU with one warning
 * that names why. Never fails for lack of a GPU.
 */
export async function loadSession(
  model: ModelSource,
  asked: ExecutionProvider,
  intraOpThreads: number,
  logger: Logger,
): Promise<LoadedSession> {
  const reasons: string[] = [];
  for (const provider of CANDIDATES[asked]) {
    try {
      const session = await ort.InferenceSession.create(
        model.bytes,
        options(CHAINS[provider], intraOpThreads),
      );
      return { session, provider };
    } catch (error) {
      reasons.push(`${provider}: ${reasonOf(error)}`);
    }
  }
  if (reasons.length > 0) {
    logger.warn({ asked, reasons }, `execution provider ${asked} is unavailable here, running on CPU`);
  }
  try {
    return {
      session: await ort.InferenceSession.create(model.bytes, options(CHAINS.cpu, intraOpThreads)),
      provider: "cpu",
    };
  } catch (cause) {
    const message = (cause as Error).message;
    const notOnnx = /Protobuf parsing failed|ModelProto|not a valid/i.test(message);
    throw new StreamlensError(
      notOnnx ? "invalid-model" : "model-load-failed",
      notOnnx ? `${model.path} is not an ONNX model (${message})` : `cannot load ${model.path}: ${message}`,
      { cause },
    );
  }
}

/**
 * One more session on a provider already known to load here (a lane's copy of the model), so
 * no fallback and no warning: the first session said all there was to say.
 */
export function openSession(
  bytes: Uint8Array,
  provider: DeviceProvider,
  intraOpThreads: number,
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, options(CHAINS[provider], intraOpThreads));
}

/** Whether the model's image input takes any batch size (a symbolic or -1 first axis). */
export function hasDynamicBatch(session: ort.InferenceSession, inputName: string): boolean {
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  if (!meta?.isTensor) return false;
  const first = meta.shape[0];
  return typeof first !== "number" || first < 0;
}
