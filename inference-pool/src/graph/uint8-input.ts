import { DataType, GraphEditor, type ModelProto, tensorType } from "./onnx-graph.ts";

/** Per-channel multiply-add, in the model's channel order: value = byte · scale[c] + offset[c]. */
export interface ByteNormalization {
  scale: [number, number, number];
  offset: [number, number, number];
}

/**
 * Makes the model take 8-bit pixels: the image input becomes uint8 and a `Cast` (plus the
 * per-channel normalisation, when it is not the identity) feeds what the input fed before.
 * Preprocessing then hands over bytes: a quarter of the float32 upload to a GPU, and the
 * conversion runs where the model runs. The input keeps its name so feeds do not change.
 */
export function takeUint8Input(model: ModelProto, inputName: string, normalization: ByteNormalization) {
  const editor = new GraphEditor(model);
  const input = editor.graph.input.find((i) => i.name === inputName);
  if (!input) throw new Error(`the model has no input named ${inputName}`);
  const type = tensorType(input);
  if (type.elemType !== DataType.FLOAT) throw new Error(`input ${inputName} is not float32`);
  type.elemType = DataType.UINT8;

  const before = new Set(editor.graph.node);
  let value = editor.node("Cast", [inputName], { to: DataType.FLOAT });
  const { scale, offset } = normalization;
  if (scale.some((s) => s !== 1))
    value = editor.node("Mul", [value, editor.floats("scale", scale, [1, 3, 1, 1])]);
  if (offset.some((o) => o !== 0))
    value = editor.node("Add", [value, editor.floats("offset", offset, [1, 3, 1, 1])]);
  editor.rewireConsumers(inputName, value, new Set([...editor.graph.node].filter((n) => !before.has(n))));
  // The new nodes must come first: ONNX requires nodes in topological order.
  const added = editor.graph.node.filter((n) => !before.has(n));
  editor.graph.node = [...added, ...editor.graph.node.filter((n) => before.has(n))];
}
