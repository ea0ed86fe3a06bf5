/**
 * A small ONNX writer for the bench: the protobuf wire format of the few messages an inference graph needs (ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), from onnx/onnx.proto's field numbers. It lets
 * `npm run bench` build a model of a few million parameters into a temporary folder without Python or a download.
 */

type Bytes = Uint8Array;

function varint(value: number | bigint): number[] {
  // int64 fields: a negative value is its 64-bit two's complement (ten bytes).
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

const utf8 = (text: string): Bytes => new TextEncoder().encode(text);

/** One message: fields appended in order. */
class Message {
  private readonly parts: Bytes[] = [];

  private tag(field: number, wire: number): void {
    this.parts.push(Uint8Array.from(varint((field << 3) | wire)));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.parts.push(Uint8Array.from(varint(value)));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(bytes);
    return this;
  }

  bytes(field: number, value: Bytes): this {
    this.tag(field, 2);
    this.parts.push(Uint8Array.from(varint(value.length)), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8(value));
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.encode());
  }

  encode(): Bytes {
    const length = this.parts.reduce((sum, part) => sum + part.length, 0);
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

export const FLOAT = 1;
export const INT64 = 7;

export type AttributeValue = number | readonly number[] | { readonly float: number };

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface TensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A graph input or output: its element type and dimensions (a string is a symbolic dimension). */
export interface ValueSpec {
  readonly name: string;
  readonly type: typeof FLOAT | typeof INT64;
  readonly dims: readonly (number | string)[];
}

function attribute(name: string, value: AttributeValue): Message {
  const message = new Message().string(1, name);
  if (typeof value === 'number') return message.int(3, value).int(20, 2);
  if ('float' in value) return message.float(2, value.float).int(20, 1);
  for (const item of value as readonly number[]) message.int(8, item);
  return message.int(20, 7);
}

function tensor(spec: TensorSpec): Message {
  const message = new Message();
  for (const dim of spec.dims) message.int(1, dim);
  return message
    .int(2, spec.data instanceof Float32Array ? FLOAT : INT64)
    .string(8, spec.name)
    .bytes(9, new Uint8Array(spec.data.buffer, spec.data.byteOffset, spec.data.byteLength));
}

function valueInfo(spec: ValueSpec): Message {
  const shape = new Message();
  for (const dim of spec.dims) shape.message(1, typeof dim === 'number' ? new Message().int(1, dim) : new Message().string(2, dim));
  const tensorType = new Message().int(1, spec.type).message(2, shape);
  return new Message().string(1, spec.name).message(2, new Message().message(1, tensorType));
}

/** The bytes of an ONNX model (IR version 8, the default opset at `opset`). */
export function encodeModel(graph: { name: string; nodes: readonly NodeSpec[]; initializers: readonly TensorSpec[]; inputs: readonly ValueSpec[]; outputs: readonly ValueSpec[] }, opset = 17): Bytes {
  const g = new Message();
  graph.nodes.forEach((node, i) => {
    const n = new Message();
    for (const input of node.inputs) n.string(1, input);
    for (const output of node.outputs) n.string(2, output);
    n.string(3, `${node.op}_${i}`).string(4, node.op);
    for (const [name, value] of Object.entries(node.attributes ?? {})) n.message(5, attribute(name, value));
    g.message(1, n);
  });
  g.string(2, graph.name);
  for (const init of graph.initializers) g.message(5, tensor(init));
  for (const input of graph.inputs) g.message(11, valueInfo(input));
  for (const output of graph.outputs) g.message(12, valueInfo(output));
  return new Message().int(1, 8).string(2, 'foundation-models-bench').message(7, g).message(8, new Message().string(1, '').int(2, opset)).encode();
}
