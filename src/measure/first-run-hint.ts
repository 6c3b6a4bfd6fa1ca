/**
 * The hint added to a first-run failure when some inputs were random: names the inputs whose
 * values most likely matter (input-uses.ts) and the `--input` flags that would set them.
 */
import { readFileSync } from 'node:fs';
import { errorMessage } from '../errors.js';
import { inputsNeedingValues } from '../models/inputs/input-uses.js';
import { decodeModel } from '../models/onnx/decode.js';
import type { MeasureJob } from './job.js';

/** At most this many inputs are named, so the reason stays one readable line. */
const MAX_NAMED = 4;

export function firstRunHint(job: Pick<MeasureJob, 'inputs' | 'referenceModelPath'>): string | undefined {
  const random = job.inputs.filter((i) => (i.values?.kind ?? 'random') === 'random').map((i) => i.name);
  if (random.length === 0) return undefined;
  let needs: ReturnType<typeof inputsNeedingValues>;
  try {
    needs = inputsNeedingValues(decodeModel(readFileSync(job.referenceModelPath)))
      .filter((n) => random.includes(n.input))
      .slice(0, MAX_NAMED);
  } catch (e) {
    return `hint: inputs ${random.join(', ')} were random (the graph could not be read to say which matter: ${errorMessage(e)}): give values with --input NAME=<spec>`;
  }
  if (needs.length === 0) {
    return `hint: inputs ${random.map((n) => `'${n}'`).join(', ')} were random: if the model needs real values, give them with --input NAME=<spec> (a number, int:LOW..HIGH, @file.npy, @file.pb) or --inputs-from <test data folder>`;
  }
  const named = needs.map((n) => `'${n.input}' (${n.why})`).join(', ');
  return `hint: random values likely do not suit ${named}: give them with ${needs.map((n) => `--input ${n.input}=${n.example}`).join(' ')}`;
}
