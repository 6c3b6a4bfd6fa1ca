/** The built-in model family by id: generated here, so the default suite runs offline. */
import { detectorMini } from './detector-mini.js';
import { matmul5ms } from './matmul-5ms.js';
import { mlpMini } from './mlp-mini.js';
import { mobilenetv2Mini } from './mobilenetv2-mini.js';
import { resnetMini } from './resnet-mini.js';
import { tinyOp } from './tiny-op.js';
import { transformerMini } from './transformer-mini.js';
import type { BuiltinModel } from './types.js';

export const BUILTIN_MODELS: Record<string, BuiltinModel> = Object.fromEntries(
  [resnetMini, mobilenetv2Mini, transformerMini, mlpMini, detectorMini, tinyOp, matmul5ms].map((m) => [m.id, m]),
);

/** The seed built-in models are written with unless told otherwise. */
export const DEFAULT_SEED = 1;
