import { type ModelProto, tensorType } from "./onnx-graph.ts";

/**
 * Gives a model exported with a fixed batch of 1 a symbolic batch axis on its image input and
 * its outputs. Only the declared shapes change: exporters such as YOLOX's compute every
 * reshape from `Shape`, so the graph already runs at any batch; the recorded intermediate
 * shapes (value_info, hints for shape inference) still say 1 and are dropped so ORT infers
 * them again. Whether the graph truly runs batched is proven by running it (see the tests and
 * `Detector.load`, which checks a batch of 2 before trusting it).
 */
export function makeBatchDynamic(model: ModelProto, inputName: string): boolean {
  const graph = model.graph;
  const input = graph?.input?.find((i) => i.name === inputName);
  if (!graph || !input) throw new Error(`the model has no input named ${inputName}`);
  const first = tensorType(input).shape?.dim?.[0];
  if (!first || first.dimParam || Number(first.dimValue ?? 0) !== 1) return false;
  const outputs = (graph.output ?? []).map((o) => tensorType(o).shape?.dim?.[0]);
  if (outputs.some((dim) => !dim || (!dim.dimParam && Number(dim.dimValue ?? 0) !== 1))) return false;
  for (const dim of [first, ...outputs]) {
    if (!dim || dim.dimParam) continue;
    dim.dimValue = undefined;
    dim.dimParam = "batch";
  }
  graph.valueInfo = [];
  return true;
}
