/** What the supervisor sends a measuring child: one configuration, fully resolved. */

import type { EngineInstance } from '../engines/registry.js';
import type { PlannedInput } from '../models/inputs/plan-inputs.js';
import type { ConfigSpec, LoadProtocol, ProtocolOptions } from '../results/schema.js';
import type { ExpectedOutputsJob } from './expected-outputs.js';

export interface MeasureJob {
  mode: 'measure' | 'profile';
  config: ConfigSpec;
  /** The model file this configuration runs (the FP16 conversion for FP16 targets). */
  modelPath: string;
  /** The FP32 source model, for the accuracy reference. */
  referenceModelPath: string;
  /** The model's inputs as its ONNX file declares them, each with where its values come from. */
  inputs: PlannedInput[];
  /** Times each file input is repeated along dim 0 to fill the batch. Default: none. */
  tiles?: Record<string, number>;
  /** Input sets to rotate, when test data sets fix them. Default: the protocol's `inputSets`. */
  inputSets?: number;
  /** Reference outputs to check, when every input comes from a test data set. */
  expected?: ExpectedOutputsJob;
  engine: EngineInstance;
  protocol: ProtocolOptions;
  /** Busy-wait this percent of each timed run inside the timed window (RunOptions.injectSlowdownPct). Default: none. */
  injectSlowdownPct?: number;
  /** Closed-loop windows, for configurations with concurrency > 1. */
  loadProtocol?: LoadProtocol;
}
