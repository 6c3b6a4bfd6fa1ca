/**
 * A model whose path depends on an int64 scalar input, like the real models that fail under
 * random inputs: y = If(mode == 7, then: x, else: Reshape(x, [-1, 5])). The else branch
 * fails at run time for x of 1x3 (3 values are no multiple of 5), so random values for
 * `mode` (0 or 1) fail the first run and `--input mode=7` runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, GraphBuilder } from '../../src/models/onnx/graph-builder.js';

export function writeBranchingModel(dir: string): string {
  const then = new GraphBuilder('then', 1);
  then.output(then.node('Identity', ['x'], {}, 'then_y'), 'float32', ['a', 'b']);
  const otherwise = new GraphBuilder('else', 2);
  const shape = otherwise.int64s('bad_shape', [2], [-1, 5]);
  otherwise.output(otherwise.node('Reshape', ['x', shape], {}, 'else_y'), 'float32', ['c', 'd']);

  const g = new GraphBuilder('branching', 3);
  g.input('x', 'float32', ['N', 3]);
  g.input('mode', 'int64', []);
  const seven = g.int64s('seven', [], [7]);
  const cond = g.node('Equal', ['mode', seven], {}, 'is_seven');
  const y = g.node('If', [cond], { then_branch: attr.graph(then.graph()), else_branch: attr.graph(otherwise.graph()) }, 'y');
  g.output(y, 'float32', ['e', 'f']);
  const path = join(dir, 'branching.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}
