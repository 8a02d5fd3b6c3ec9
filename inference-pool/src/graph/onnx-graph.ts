import { onnx } from "onnx-proto";

export type ModelProto = onnx.ModelProto;
export const DataType = onnx.TensorProto.DataType;

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** The opset of the default ("ai.onnx") domain the model was exported for. */
export function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === "ai.onnx");
  return entry ? Number(entry.version) : 0;
}

type AttributeValue = number | number[] | string;

/**
 * Appends nodes and constants to a model's graph with names that cannot collide with the
 * exporter's (every name gets the `streamlens/` prefix and a counter).
 */
export class GraphEditor {
  private counter = 0;
  readonly graph: onnx.GraphProto;

  constructor(readonly model: ModelProto) {
    if (!model.graph) throw new Error("the ONNX model has no graph");
    this.graph = model.graph as onnx.GraphProto;
  }

  name(hint: string): string {
    this.counter += 1;
    return `streamlens/${hint}_${this.counter}`;
  }

  int64s(hint: string, values: number[]): string {
    return this.initializer(hint, { dataType: DataType.INT64, dims: [values.length], int64Data: values });
  }

  /** A float32 constant; `dims` lets it broadcast (e.g. [1, 3, 1, 1] for per-channel values). */
  floats(hint: string, values: number[], dims: number[] = [values.length]): string {
    return this.initializer(hint, { dataType: DataType.FLOAT, dims, floatData: values });
  }

  /** Adds one node and returns the name of its output (`output`, or a fresh one). */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    output = this.name(opType.toLowerCase()),
  ): string {
    this.graph.node.push(
      onnx.NodeProto.create({
        opType,
        name: this.name(`${opType}_node`),
        input: inputs,
        output: [output],
        attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
      }),
    );
    return output;
  }

  /** Points every node that read `from` at `to` instead (the graph outputs are left alone). */
  rewireConsumers(from: string, to: string, except: Set<onnx.INodeProto> = new Set()) {
    for (const node of this.graph.node) {
      if (except.has(node)) continue;
      node.input = (node.input ?? []).map((name) => (name === from ? to : name));
    }
  }

  private initializer(hint: string, tensor: onnx.ITensorProto): string {
    const name = this.name(hint);
    this.graph.initializer.push(onnx.TensorProto.create({ ...tensor, name }));
    return name;
  }
}

function attribute(name: string, value: AttributeValue): onnx.AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === "string") {
    return onnx.AttributeProto.create({
      name,
      type: AttributeType.STRING,
      s: new TextEncoder().encode(value),
    });
  }
  if (Array.isArray(value))
    return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: value });
  return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value });
}

/** The declared type of a graph input or output, or an error naming what is missing. */
export function tensorType(value: onnx.IValueInfoProto): onnx.TypeProto.ITensor {
  const tensor = value.type?.tensorType;
  if (!tensor) throw new Error(`${value.name} is not a tensor`);
  return tensor;
}

/**
 * The graph's first input that is not a weight: older exporters (IR < 4, PaddlePaddle's
 * among them) list every initializer as an input too.
 */
export function imageInputName(model: ModelProto): string {
  const weights = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const input = (model.graph?.input ?? []).find((i) => i.name && !weights.has(i.name));
  if (!input?.name) throw new Error("the model declares no input");
  return input.name;
}
