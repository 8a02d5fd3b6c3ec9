// Public surface of @streamlens/inference-pool: frames in, detections out, on ONNX Runtime.
export type { PixelDetection } from "./decoders/types.ts";
export {
  type DetectedFrame,
  Detector,
  type DetectorOptions,
  type FrameDetections,
  type FrameOutcome,
  resolveLanes,
} from "./detector.ts";
export { ALL_REWRITES, type GraphRewrites, type PreparedModel, prepareModel } from "./graph/prepare-model.ts";
export { BUILTIN_MODELS } from "./models/catalog.ts";
export { COCO_CLASSES } from "./models/coco.ts";
export { ensureModelFile } from "./models/model-store.ts";
export { resolveModelSpec } from "./models/resolve-spec.ts";
export { type ModelSpec, modelRef, modelSpecSchema } from "./models/spec.ts";
export { type FrameImage, frameImage, type PixelType, preprocess } from "./preprocess.ts";
export {
  type DeviceProvider,
  EXECUTION_PROVIDERS,
  type ExecutionProvider,
  loadSession,
} from "./runtime/session.ts";
export { type InferenceConfig, inferenceConfigSchema, inferenceSettings } from "./settings.ts";
export { createInferenceStage, type InferenceStage, type InferenceStageOptions } from "./stage.ts";
export { toDetections } from "./to-detections.ts";
export { type InferenceStats, InferenceWorker, type InferenceWorkerOptions } from "./worker.ts";
