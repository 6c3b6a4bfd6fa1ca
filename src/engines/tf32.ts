/**
 * FP32 means FP32: whether an FP32 configuration on a CUDA GPU may run its matrix products
 * and convolutions as TF32 (tensor cores, 10-bit mantissa, compute capability 8.0 and newer),
 * recorded with every CUDA result, and the `tf32=off` configuration option that turns it off.
 *
 * onnxruntime's CUDA provider enables TF32 by default (`use_tf32=1`) and the onnxruntime-node
 * binding cannot pass provider options (ort/providers.ts), so `tf32=off` sets
 * NVIDIA_TF32_OVERRIDE=0 for the measuring process, the switch NVIDIA documents for its
 * libraries (cuBLAS, cuDNN) to never use TF32 whatever the application asked for.
 */
import { DnnperfError } from '../errors.js';
import type { Tf32 } from '../results/schema.js';

export const TF32_OPTION = 'tf32';
export const TF32_OVERRIDE_ENV = 'NVIDIA_TF32_OVERRIDE';
/** `default`: whatever the engine does (recorded); `off`: NVIDIA_TF32_OVERRIDE=0. */
export const TF32_VALUES = ['default', 'off'] as const;

type ConfigOptions = Record<string, string | number | boolean>;

/** E_BAD_ARGUMENT for a tf32 value other than off/default. */
export function checkTf32Option(options: ConfigOptions): void {
  const v = options[TF32_OPTION];
  if (v !== undefined && !(TF32_VALUES as readonly string[]).includes(String(v))) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--option tf32=${String(v)} is not one of ${TF32_VALUES.join(', ')}: use tf32=off for FP32 math without TF32`);
  }
}

/** The variables the measuring process needs for this configuration's tf32 option. */
export function tf32Env(options: ConfigOptions): Record<string, string> {
  return String(options[TF32_OPTION] ?? 'default') === 'off' ? { [TF32_OVERRIDE_ENV]: '0' } : {};
}

/** The override as the model's process saw it, when it decides; undefined when the engine's own choice stands. */
export function tf32Override(processEnv: Record<string, string>): Tf32 | undefined {
  if (processEnv[TF32_OVERRIDE_ENV] !== '0') return undefined;
  return { enabled: false, basis: `${TF32_OVERRIDE_ENV}=0 in the process that ran the model: NVIDIA's cuBLAS and cuDNN never use TF32` };
}
