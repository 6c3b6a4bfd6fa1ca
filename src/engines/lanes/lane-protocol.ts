/** What the closed loop's thread and a lane's worker thread (lane-worker.ts) share. */
import type { Execution } from '../../results/schema.js';
import type { TensorMap } from '../../tensors.js';
import type { BackendTarget, EngineInstance, OpenOptions } from '../engine.js';

export interface LaneWorkerData {
  instance: EngineInstance;
  modelPath: string;
  backend: BackendTarget;
  options: OpenOptions;
  inputSets: TensorMap[];
  lane: number;
  epoch: bigint;
  ring: SharedArrayBuffer[];
  /** Int32 word: WAIT, RUN, STOP. */
  control: SharedArrayBuffer;
  /** Send the first run's outputs back (lane 0 only: they feed the output checks). */
  wantOutputs: boolean;
}

export const WAIT = 0;
export const RUN = 1;
export const STOP = 2;

export type LaneMessage =
  | { type: 'ready'; createMs: number; firstRunMs: number; outputs?: TensorMap; execution: Execution }
  | { type: 'error'; phase: 'create' | 'first-run' | 'request'; message: string }
  | { type: 'stopped' };
