import { onnx } from "onnx-proto";
import type { DecoderConfig } from "../decoders/decoder-for.ts";
import { DataType, GraphEditor, type ModelProto, tensorType } from "./onnx-graph.ts";

/**
 * Channels of a reduced output row, for every decoder that has a reduction: the four raw box
 * values as the head produced them, the final score, and the best class index (as float).
 */
export const REDUCED_CHANNELS = 6;
export const REDUCED_OUTPUT = "streamlens/reduced";

const LAST = 2 ** 31 - 1;

/**
 * Cuts the detector head's output inside the graph to 6 channels per candidate (box, score,
 * class) instead of 4 + 1 + classes: 14× less to copy out of the model for COCO, which on a
 * GPU is most of the time after the upload. The scoring is the decoder's own
 * (YOLOX: objectness · best class; FastestDet: objectness^a · best class^b), so the decoder's
 * reduced path gives the same detections. Returns false for layouts without a reduction.
 */
export function reduceOutput(model: ModelProto, decoder: DecoderConfig): boolean {
  if (decoder.kind === "yolox") {
    replaceOutput(model, decoder.output, (editor, head) => {
      // head: [B, anchors, 5 + classes]
      const slice = (from: number, to: number) =>
        editor.node("Slice", [
          head,
          editor.int64s("starts", [from]),
          editor.int64s("ends", [to]),
          editor.int64s("axes", [2]),
        ]);
      const box = slice(0, 4);
      const objectness = slice(4, 5);
      const classes = slice(5, LAST);
      const best = editor.node("ReduceMax", [classes], { axes: [2], keepdims: 1 });
      const index = editor.node("Cast", [editor.node("ArgMax", [classes], { axis: 2, keepdims: 1 })], {
        to: DataType.FLOAT,
      });
      const score = editor.node("Mul", [objectness, best]);
      return editor.node("Concat", [box, score, index], { axis: 2 }, REDUCED_OUTPUT);
    });
    return true;
  }
  if (decoder.kind === "fastestdet") {
    replaceOutput(model, decoder.output, (editor, head) => {
      // head: [B, 5 + classes, rows, columns]
      const slice = (from: number, to: number) =>
        editor.node("Slice", [
          head,
          editor.int64s("starts", [from]),
          editor.int64s("ends", [to]),
          editor.int64s("axes", [1]),
        ]);
      const objectness = slice(0, 1);
      const box = slice(1, 5);
      const classes = slice(5, LAST);
      const best = editor.node("ReduceMax", [classes], { axes: [1], keepdims: 1 });
      const index = editor.node("Cast", [editor.node("ArgMax", [classes], { axis: 1, keepdims: 1 })], {
        to: DataType.FLOAT,
      });
      const score = editor.node("Mul", [
        editor.node("Pow", [objectness, editor.floats("obj_power", [decoder.objPower], [])]),
        editor.node("Pow", [best, editor.floats("cls_power", [decoder.clsPower], [])]),
      ]);
      return editor.node("Concat", [box, score, index], { axis: 1 }, REDUCED_OUTPUT);
    });
    return true;
  }
  return false;
}

function replaceOutput(
  model: ModelProto,
  outputName: string | undefined,
  build: (editor: GraphEditor, head: string) => string,
) {
  const editor = new GraphEditor(model);
  const head = outputName ? editor.graph.output.find((o) => o.name === outputName) : editor.graph.output[0];
  if (!head?.name) throw new Error(`the model has no output ${outputName ?? ""}`);
  build(editor, head.name);
  const dims = tensorType(head).shape?.dim ?? [];
  const channelAxis = dims.length === 3 ? 2 : 1; // YOLOX rows [B, anchors, C]; FastestDet planes [B, C, H, W]
  editor.graph.output = [
    onnx.ValueInfoProto.create({
      name: REDUCED_OUTPUT,
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: { dim: dims.map((d, axis) => (axis === channelAxis ? { dimValue: REDUCED_CHANNELS } : d)) },
        },
      },
    }),
  ];
}
