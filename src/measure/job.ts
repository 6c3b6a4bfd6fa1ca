/** What the supervisor sends a measuring child: one configuration, fully resolved. */
import type { ConfigSpec, DType, ProtocolOptions } from '../results/schema.js';
import type { EngineInstance } from '../engines/registry.js';

export interface MeasureJob {
  mode: 'measure' | 'profile';
  config: ConfigSpec;
  /** The model file this configuration runs (the FP16 conversion for FP16 targets). */
  modelPath: string;
  /** The FP32 source model, for the accuracy reference. */
  referenceModelPath: string;
  /** The model's inputs as its ONNX file declares them (the dtypes to generate). */
  inputs: Array<{ name: string; dtype: DType }>;
  engine: EngineInstance;
  protocol: ProtocolOptions;
  /** Busy-wait this percent of each timed run inside the timed window (RunOptions.injectSlowdownPct). Default: none. */
  injectSlowdownPct?: number;
}

/** A failure inside the child, stored as data (never thrown past the run). */
export interface JobFailure {
  status: 'failed';
  phase: string;
  reason: string;
}
