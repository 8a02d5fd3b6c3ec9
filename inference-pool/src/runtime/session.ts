import { type Logger, StreamlensError } from "@streamlens/core";
import * as ort from "onnxruntime-node";

export type ExecutionProvider = "cpu" | "cuda" | "tensorrt";

// ORT's own logger prints native errors for every GPU provider it cannot load; the fallback
// below reports that in one line instead, and real failures still arrive as exceptions.
ort.env.logLevel = "fatal";

const CHAINS: Record<ExecutionProvider, ort.InferenceSession.ExecutionProviderConfig[]> = {
  cpu: ["cpu"],
  cuda: ["cuda", "cpu"],
  // TensorRT builds engines for the shapes it sees; CUDA covers the nodes TensorRT cannot take.
  tensorrt: [
    { name: "tensorrt", fp16Enable: true } as ort.InferenceSession.ExecutionProviderConfig,
    "cuda",
    "cpu",
  ],
};

export interface LoadedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
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
 * Opens a model on the asked-for execution provider; when that cannot load (no GPU, no CUDA
 * libraries), falls back to CPU with one warning. Never fails for lack of a GPU.
 */
export async function loadSession(
  path: string,
  provider: ExecutionProvider,
  intraOpThreads: number,
  logger: Logger,
): Promise<LoadedSession> {
  if (provider !== "cpu") {
    try {
      return {
        session: await ort.InferenceSession.create(path, options(CHAINS[provider], intraOpThreads)),
        provider,
      };
    } catch (error) {
      logger.warn(
        { asked: provider, reason: (error as Error).message.split("\n")[0] },
        `execution provider ${provider} is unavailable here, running on CPU`,
      );
    }
  }
  try {
    return {
      session: await ort.InferenceSession.create(path, options(CHAINS.cpu, intraOpThreads)),
      provider: "cpu",
    };
  } catch (cause) {
    const message = (cause as Error).message;
    const notOnnx = /Protobuf parsing failed|ModelProto|not a valid/i.test(message);
    throw new StreamlensError(
      notOnnx ? "invalid-model" : "model-load-failed",
      notOnnx ? `${path} is not an ONNX model (${message})` : `cannot load ${path}: ${message}`,
      { cause },
    );
  }
}

/** Whether the model's image input takes any batch size (a symbolic or -1 first axis). */
export function hasDynamicBatch(session: ort.InferenceSession, inputName: string): boolean {
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  if (!meta?.isTensor) return false;
  const first = meta.shape[0];
  return typeof first !== "number" || first < 0;
}
