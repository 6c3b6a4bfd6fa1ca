/**
 * Which nodes and inputs stay float32 in a converted model. The block list follows the one
 * in onnxconverter-common's float16 converter (ops whose float inputs are really indices,
 * sizes or random draws), plus control flow, whose subgraphs this converter does not rewrite,
 * plus ops whose half results overflow or lose their meaning on ordinary inputs.
 * LayerNormalization and Softmax are converted: onnxruntime's CPU and CUDA float16 kernels
 * accumulate in float32 (transformer-mini agrees with FP32 to a relative L2 error under 1e-3).
 */
export const DEFAULT_FP16_BLOCK_LIST: readonly string[] = [
  // Index- and size-producing or consuming ops where half precision changes results.
  'NonMaxSuppression',
  'TopK',
  'RoiAlign',
  'Range',
  'CumSum',
  'Upsample',
  // Numerically sensitive: exp(x) overflows half above x = 11, squares above 256, products
  // and sums of squares sooner; log of values near half's underflow is meaningless.
  'Exp',
  'Log',
  'Pow',
  'Softplus',
  'ReduceSumSquare',
  'ReduceL2',
  'ReduceLogSumExp',
  'ReduceProd',
  // Random generators and dtype-attribute ops: their float outputs are set by attributes.
  'RandomNormal',
  'RandomUniform',
  'RandomNormalLike',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
  'EyeLike',
  // Control flow: subgraphs are not converted, so their interface must stay float32.
  'If',
  'Loop',
  'Scan',
];

/**
 * Float inputs that must stay float32 whatever the node's precision, by op type: Resize's roi
 * and scales are tensor(float) in the spec (and scales of 2.0 must not become 1.999).
 */
export const FP32_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Resize: [1, 2],
};

/** Float outputs that are float32 whatever the node's precision: LayerNormalization's Mean and InvStdDev (type U). */
export const FP32_OUTPUTS: Readonly<Record<string, readonly number[]>> = {
  LayerNormalization: [1, 2],
};

export interface Fp16Options {
  /** Op types kept in float32. Default: DEFAULT_FP16_BLOCK_LIST. */
  blockList?: readonly string[];
  /** Node names kept in float32 in addition to the block list. Default: none. */
  keepNodes?: readonly string[];
}
