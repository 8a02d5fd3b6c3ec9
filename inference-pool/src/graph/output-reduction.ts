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
  const layout = headLayout(decoder);
  if (!layout) return false;
  const editor = new GraphEditor(model);
  const outputs = editor.graph.output;
  const head = layout.output ? outputs.find((o) => o.name === layout.output) : outputs[0];
  if (!head?.name) throw new Error(`the model has no output ${layout.output ?? ""}`);
  const { axis } = layout;
  const slice = (from: number, to: number) =>
    editor.node("Slice", [
      head.name as string,
      editor.int64s("starts", [from]),
      editor.int64s("ends", [to]),
      editor.int64s("axes", [axis]),
    ]);
  const box = slice(...layout.box);
  const objectness = slice(...layout.objectness);
  const classes = slice(5, LAST);
  const best = editor.node("ReduceMax", [classes], { axes: [axis], keepdims: 1 });
  const index = editor.node("Cast", [editor.node("ArgMax", [classes], { axis, keepdims: 1 })], {
    to: DataType.FLOAT,
  });
  const score = layout.score(editor, objectness, best);
  editor.node("Concat", [box, score, index], { axis }, REDUCED_OUTPUT);
  const dims = tensorType(head).shape?.dim ?? [];
  editor.graph.output = [
    onnx.ValueInfoProto.create({
      name: REDUCED_OUTPUT,
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: { dim: dims.map((d, i) => (i === axis ? { dimValue: REDUCED_CHANNELS } : d)) },
        },
      },
    }),
  ];
  return true;
}

/** Where a head keeps its channels, which of them are the box and objectness, and its score. */
interface HeadLayout {
  /** The head's output by name; the model's first output when unnamed. */
  output: string | undefined;
  axis: number;
  box: [number, number];
  objectness: [number, number];
  score(editor: GraphEditor, objectness: string, bestClass: string): string;
}

function headLayout(decoder: DecoderConfig): HeadLayout | undefined {
  switch (decoder.kind) {
    case "yolox":
      // [B, anchors, x y w h obj classes…]; score = objectness · best class
      return {
        output: decoder.output,
        axis: 2,
        box: [0, 4],
        objectness: [4, 5],
        score: (editor, objectness, best) => editor.node("Mul", [objectness, best]),
      };
    case "fastestdet":
      // [B, obj x y w h classes…, rows, columns]; score = objectness^a · best class^b
      return {
        output: decoder.output,
        axis: 1,
        box: [1, 5],
        objectness: [0, 1],
        score: (editor, objectness, best) =>
          editor.node("Mul", [
            editor.node("Pow", [objectness, editor.floats("obj_power", [decoder.objPower], [])]),
            editor.node("Pow", [best, editor.floats("cls_power", [decoder.clsPower], [])]),
          ]),
      };
    default:
      return undefined;
  }
}
