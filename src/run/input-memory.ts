/**
 * Batch and shape sizes checked against the memory their inputs alone would take, before any
 * child starts: `--batch 1e9` should be one line now, not a V8 RangeError per configuration.
 * The inputs are a lower bound of what a configuration needs (activations scale with them).
 */
import { constants } from 'node:buffer';
import { totalmem } from 'node:os';
import { DnnperfError } from '../errors.js';
import { DTYPE_BYTES } from '../models/onnx/dtype.js';
import type { DType } from '../results/schema.js';

const GIB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GIB).toPrecision(3)} GiB`;
const fmt = (dims: readonly number[]) => dims.join('x');

export interface InputMemoryCheck {
  model: string;
  batch: number;
  inputs: ReadonlyArray<{ name: string; dtype: DType }>;
  shapes: Record<string, number[]>;
  /** Input sets held at once (protocol.inputSets). */
  sets: number;
  /** Host memory, bytes. Default: os.totalmem(). */
  memoryBytes?: number;
}

/** Throws E_SHAPE when one input cannot exist as a typed array, or all of them exceed the machine's memory. */
export function checkInputMemory(c: InputMemoryCheck): void {
  const memory = c.memoryBytes ?? totalmem();
  const fix = 'use a smaller --batch or --shape';
  let total = 0;
  for (const input of c.inputs) {
    const dims = c.shapes[input.name]!;
    const elements = dims.reduce((a, b) => a * b, 1);
    // Typed arrays hold at most buffer.constants.MAX_LENGTH elements (2^32 on Node 20, 2^53 - 1 on Node 22 and 24, where the memory check below is what refuses a huge input).
    if (!Number.isSafeInteger(elements) || elements > constants.MAX_LENGTH) {
      throw new DnnperfError(
        'E_SHAPE',
        `batch ${c.batch}: input '${input.name}' of ${c.model} would be ${fmt(dims)} = ${elements.toExponential(2)} elements, more than one tensor can hold (${constants.MAX_LENGTH}): ${fix}`,
      );
    }
    total += elements * DTYPE_BYTES[input.dtype];
  }
  if (total * c.sets > memory) {
    const shapes = c.inputs.map((i) => `${i.name} ${fmt(c.shapes[i.name]!)} ${i.dtype}`).join(', ');
    throw new DnnperfError(
      'E_SHAPE',
      `batch ${c.batch}: the inputs of ${c.model} (${shapes}) take ${gib(total)}, x${c.sets} input sets = ${gib(total * c.sets)}, more than this machine's ${gib(memory)} of memory: ${fix}`,
    );
  }
}
