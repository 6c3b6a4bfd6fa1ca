/**
 * ONNX test data sets, the layout of ONNX Model Zoo archives and onnxruntime_perf_test:
 * `test_data_set_<k>/input_<i>.pb` and `output_<i>.pb` beside the model. A folder given with
 * `--inputs-from` is either one such set or holds several.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DnnperfError } from '../../errors.js';

export interface TestDataSet {
  dir: string;
  /** `input_<i>.pb` in index order. */
  inputs: string[];
  /** `output_<i>.pb` in index order (none when the set has no reference outputs). */
  outputs: string[];
}

const SET_DIR = /^test_data_set_(\d+)$/;

function numbered(dir: string, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}_(\\d+)\\.pb$`);
  return readdirSync(dir)
    .flatMap((f) => {
      const m = pattern.exec(f);
      return m ? [{ f, i: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.i - b.i)
    .map(({ f }) => join(dir, f));
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

function readSet(dir: string): TestDataSet {
  return { dir, inputs: numbered(dir, 'input'), outputs: numbered(dir, 'output') };
}

/** The sets in `dir` (itself a set, or a folder of `test_data_set_*`), in set order; [] when there are none. */
export function findTestDataSets(dir: string): TestDataSet[] {
  if (!isDir(dir)) return [];
  const own = readSet(dir);
  if (own.inputs.length > 0) return [own];
  return readdirSync(dir)
    .flatMap((f) => {
      const m = SET_DIR.exec(f);
      return m && isDir(join(dir, f)) ? [{ f, k: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.k - b.k)
    .map(({ f }) => readSet(join(dir, f)))
    .filter((s) => s.inputs.length > 0);
}

/** Like findTestDataSets, for a folder the user named: none there is an error. */
export function requireTestDataSets(dir: string, label: string): TestDataSet[] {
  if (!isDir(dir)) throw new DnnperfError('E_INPUT', `${label}: no such folder ${dir}: check the path`);
  const sets = findTestDataSets(dir);
  if (sets.length === 0) {
    throw new DnnperfError('E_INPUT', `${label}: ${dir} holds no input_<i>.pb files and no test_data_set_<k>/ folders: give an ONNX test data set folder`);
  }
  return sets;
}
