/**
 * Measures which ONNX ops each OpenCV's ONNX importer knows, so a model OpenCV rejects can be
 * told whether a newer OpenCV takes its op: one single-node model per ONNX op is given to
 * `cv2.dnn.readNetFromONNX` in every python named; an op is unknown to a version when the
 * importer answers `Can't create layer ... of type "<op>"` (a known op may still reject
 * this minimal node's form: that counts as known). The result is merged into
 * src/engines/opencv/onnx-op-support.ts, one entry per OpenCV version.
 *
 *   npx tsx scripts/opencv-onnx-ops.ts /usr/bin/python3 /opt/cv410/bin/python3 ...
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENCV_ONNX_OP_SUPPORT, type OpenCvOpSupport } from '../src/engines/opencv/onnx-op-support.js';
import { GraphBuilder } from '../src/models/onnx/graph-builder.js';

/** The ai.onnx operators of ONNX 1.18 (opset 23), by name. */
const ONNX_OPS = `Abs Acos Acosh Add AffineGrid And ArgMax ArgMin Asin Asinh Atan Atanh Attention AveragePool
BatchNormalization Bernoulli BitShift BitwiseAnd BitwiseNot BitwiseOr BitwiseXor BlackmanWindow Cast CastLike Ceil Celu
CenterCropPad Clip Col2Im Compress Concat ConcatFromSequence Constant ConstantOfShape Conv ConvInteger ConvTranspose Cos
Cosh CumSum DFT DeformConv DepthToSpace DequantizeLinear Det Div Dropout DynamicQuantizeLinear Einsum Elu Equal Erf Exp
Expand EyeLike Flatten Floor GRU Gather GatherElements GatherND Gelu Gemm GlobalAveragePool GlobalLpPool GlobalMaxPool
Greater GreaterOrEqual GridSample GroupNormalization HammingWindow HannWindow HardSigmoid HardSwish Hardmax Identity If
ImageDecoder InstanceNormalization IsInf IsNaN LRN LSTM LayerNormalization LeakyRelu Less LessOrEqual Log LogSoftmax Loop
LpNormalization LpPool MatMul MatMulInteger Max MaxPool MaxRoiPool MaxUnpool Mean MeanVarianceNormalization
MelWeightMatrix Min Mish Mod Mul Multinomial Neg NegativeLogLikelihoodLoss NonMaxSuppression NonZero Not OneHot Optional
OptionalGetElement OptionalHasElement Or PRelu Pad Pow QLinearConv QLinearMatMul QuantizeLinear RMSNormalization RNN
RandomNormal RandomNormalLike RandomUniform RandomUniformLike Range Reciprocal ReduceL1 ReduceL2 ReduceLogSum
ReduceLogSumExp ReduceMax ReduceMean ReduceMin ReduceProd ReduceSum ReduceSumSquare RegexFullMatch Relu Reshape Resize
ReverseSequence RoiAlign RotaryEmbedding Round STFT Scan Scatter ScatterElements ScatterND Selu SequenceAt
SequenceConstruct SequenceEmpty SequenceErase SequenceInsert SequenceLength SequenceMap Shape Shrink Sigmoid Sign Sin Sinh
Size Slice Softmax SoftmaxCrossEntropyLoss Softplus Softsign SpaceToDepth Split SplitToSequence Sqrt Squeeze StringConcat
StringNormalizer StringSplit Sub Sum Swish Tan Tanh TensorScatter TfIdfVectorizer ThresholdedRelu Tile TopK Transpose Trilu
Unique Unsqueeze Upsample Where Xor`.split(/\s+/);

/** Tries each model in its own interpreter state; one JSON line per op: known, unknown or error text. */
const PROBE = String.raw`
import json, sys, cv2
print(json.dumps({"version": cv2.__version__}), flush=True)
for line in sys.stdin:
    op, path = line.split("\t", 1)
    try:
        cv2.dnn.readNetFromONNX(path.strip())
        verdict = "known"
    except cv2.error as e:
        verdict = "unknown" if ('of type "%s"' % op) in str(e) else "known"
    print(json.dumps({"op": op, "verdict": verdict}), flush=True)
`;

function writeModels(dir: string): Array<{ op: string; path: string }> {
  return ONNX_OPS.map((op) => {
    const g = new GraphBuilder(`probe-${op}`, 1);
    const x = g.input('x', 'float32', [1, 3, 8, 8]);
    g.output(g.node(op, [x], {}, 'probe'), 'float32', [1, 3, 8, 8]);
    const path = join(dir, `${op}.onnx`);
    writeFileSync(path, g.toBytes());
    return { op, path };
  });
}

/** One python: its OpenCV version and the ops its importer does not know. A crash of the importer skips that op. */
function probe(python: string, models: Array<{ op: string; path: string }>): { version: string; support: OpenCvOpSupport } {
  let version = '';
  const unknown: string[] = [];
  const unanswered: string[] = [];
  let rest = models;
  while (rest.length > 0) {
    let out = '';
    try {
      out = execFileSync(python, ['-c', PROBE], {
        input: rest.map((m) => `${m.op}\t${m.path}\n`).join(''),
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'ignore'],
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const lines = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { version?: string; op?: string; verdict?: string });
    version ||= lines[0]?.version ?? '';
    const answered = lines.filter((l) => l.op);
    for (const l of answered) if (l.verdict === 'unknown') unknown.push(l.op!);
    // A crash stops the interpreter: that op stays unanswered (neither known nor unknown), the rest go on.
    const crashed = rest[answered.length];
    if (crashed) unanswered.push(crashed.op);
    rest = rest.slice(answered.length + 1);
  }
  if (!version) throw new Error(`${python} did not report a cv2 version: is cv2 importable there?`);
  return { version, support: { unknown: unknown.sort(), unanswered } };
}

/** A string array wrapped at about 110 characters, continuation lines indented by `indent`. */
function list(items: readonly string[], indent: number): string {
  if (items.length === 0) return '[]';
  const lines: string[] = [];
  let line = '';
  for (const item of items.map((i) => `'${i}'`)) {
    if (line && line.length + item.length > 110) {
      lines.push(line);
      line = '';
    }
    line += line ? ` ${item},` : `${item},`;
  }
  lines.push(line);
  const pad = ' '.repeat(indent);
  return `[\n${lines.map((l) => pad + l).join('\n')}\n${' '.repeat(indent - 2)}]`;
}

const pythons = process.argv.slice(2);
if (pythons.length === 0) {
  process.stderr.write('usage: npx tsx scripts/opencv-onnx-ops.ts <python with cv2>...\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'dnnperf-opencv-ops-'));
try {
  const models = writeModels(dir);
  const versions: Record<string, OpenCvOpSupport> = { ...OPENCV_ONNX_OP_SUPPORT.versions };
  for (const python of pythons) {
    const { version, support } = probe(python, models);
    versions[version] = support;
    process.stderr.write(
      `${python}: OpenCV ${version}: ${models.length} ops tried, ${support.unknown.length} unknown to its importer, ${support.unanswered.length} crashed it (${support.unanswered.join(', ')})\n`,
    );
  }
  const sorted = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
  const file = join(import.meta.dirname, '../src/engines/opencv/onnx-op-support.ts');
  writeFileSync(
    file,
    `/**
 * Which ONNX ops each OpenCV version's ONNX importer does not know, measured by
 * scripts/opencv-onnx-ops.ts (one single-node model per ONNX op given to readNetFromONNX).
 * Generated: run the script with more pythons to add versions; do not edit by hand.
 */

export interface OpenCvOpSupport {
  /** Ops the importer answered "Can't create layer ... of type" for. */
  unknown: string[];
  /** Ops whose minimal node crashed the importer: not known either way. */
  unanswered: string[];
}

export const OPENCV_ONNX_OP_SUPPORT: { ops: string[]; versions: Record<string, OpenCvOpSupport> } = {
  ops: ${list(ONNX_OPS, 4)},
  versions: {
${Object.entries(sorted)
  .map(([v, x]) => `    '${v}': {\n      unknown: ${list(x.unknown, 8)},\n      unanswered: ${list(x.unanswered, 8)},\n    },`)
  .join('\n')}
  },
};
`,
  );
  process.stderr.write(`wrote ${file}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
