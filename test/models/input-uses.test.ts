/** Which inputs need real values: found by walking the graph, If/Loop subgraphs included. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstRunHint } from '../../src/measure/first-run-hint.js';
import { inputsNeedingValues } from '../../src/models/inputs/input-uses.js';
import { decodeModel } from '../../src/models/onnx/decode.js';
import { attr, GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import { DataType } from '../../src/models/onnx/proto.js';
import { writeBranchingModel } from '../helpers/branching-model.js';
import { tempDir } from '../helpers/tmp.js';

function textModel() {
  const g = new GraphBuilder('text', 1);
  g.input('ids', 'int64', ['N', 'S']);
  g.input('seq_len', 'int64', []);
  g.input('image', 'float32', ['N', 4]);
  const table = g.weight('embedding', [100, 8], 1);
  const ids32 = g.node('Cast', ['ids'], { to: attr.int(DataType.INT32) }, 'ids32');
  g.output(g.node('Gather', [table, ids32], {}, 'embedded'), 'float32', ['N', 'S', 8]);
  const zero = g.int64s('zero', [], [0]);
  const one = g.int64s('one', [], [1]);
  g.output(g.node('Range', [zero, 'seq_len', one], {}, 'positions'), 'int64', ['S']);
  // The image's shape, not its values, decides this Reshape: not a reason to ask for values.
  const shape = g.node('Shape', ['image'], {}, 'image_shape');
  g.output(g.node('Reshape', ['image', shape], {}, 'same'), 'float32', ['N', 4]);
  return g.build();
}

describe('inputsNeedingValues', () => {
  it('finds an int64 scalar that decides an If, and leaves the data input alone', () => {
    const model = decodeModel(readFileSync(writeBranchingModel(tempDir())));
    expect(inputsNeedingValues(model)).toEqual([{ input: 'mode', why: 'int64 scalar; feeds an If condition', example: '<value>' }]);
  });

  it('finds token ids by the table they index (through a Cast) and a scalar that sizes a Range; Shape stops the walk', () => {
    expect(inputsNeedingValues(textModel())).toEqual([
      { input: 'ids', why: 'indexes a 100-entry table (Gather)', example: 'int:0..99' },
      { input: 'seq_len', why: 'int64 scalar; feeds a shape computation (Range operand 1)', example: '<value>' },
    ]);
  });
});

describe('firstRunHint', () => {
  const path = writeBranchingModel(tempDir());
  it('names the random inputs that matter and the --input flag', () => {
    const inputs = [
      { name: 'x', dtype: 'float32' as const, values: { kind: 'random' as const } },
      { name: 'mode', dtype: 'int64' as const, values: { kind: 'random' as const } },
    ];
    expect(firstRunHint({ inputs, referenceModelPath: path })).toBe(
      "hint: random values likely do not suit 'mode' (int64 scalar; feeds an If condition): give them with --input mode=<value>",
    );
  });
  it('says nothing when no input was random, and names the random ones when the graph shows nothing', () => {
    const given = { kind: 'spec' as const, spec: { kind: 'zeros' as const } };
    expect(
      firstRunHint({
        inputs: [
          { name: 'mode', dtype: 'int64', values: given },
          { name: 'x', dtype: 'float32', values: given },
        ],
        referenceModelPath: path,
      }),
    ).toBeUndefined();
    expect(
      firstRunHint({
        inputs: [
          { name: 'mode', dtype: 'int64', values: given },
          { name: 'x', dtype: 'float32', values: { kind: 'random' } },
        ],
        referenceModelPath: path,
      }),
    ).toBe(
      "hint: inputs 'x' were random: if the model needs real values, give them with --input NAME=<spec> (a number, int:LOW..HIGH, @file.npy, @file.pb) or --inputs-from <test data folder>",
    );
  });
});
