/**
 * Engine options `env.NAME=value`: environment variables for one engine's processes only,
 * so two installations that differ in where their libraries come from (a `PYTHONPATH` for
 * another cv2, an `LD_LIBRARY_PATH` for another cuDNN) run side by side in one run:
 *   --engine cv410=opencv:python=/opt/torch/.venv/bin/python3,env.PYTHONPATH=/tmp/cv2-cuda
 *   --engine cudnn919=ort:env.LD_LIBRARY_PATH=/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib
 * A value replaces the variable for that engine's processes (the shell expands `$LD_LIBRARY_PATH`
 * when the old value should stay behind the new folder).
 */
import { DnnperfError } from '../errors.js';

export const ENV_OPTION_PREFIX = 'env.';

/**
 * Variables recorded with every result as the process that ran the model saw them: library
 * lookup (which cv2, which cuDNN), synchronous launches and TF32, plus every `env.*` option.
 */
export const RECORDED_ENV = [
  'LD_LIBRARY_PATH',
  'PYTHONPATH',
  'CUDA_VISIBLE_DEVICES',
  'CUDA_LAUNCH_BLOCKING',
  'CUDA_MODULE_LOADING',
  'NVIDIA_TF32_OVERRIDE',
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type EngineOptionValues = Record<string, string | number | boolean>;

export const isEnvOption = (key: string): boolean => key.startsWith(ENV_OPTION_PREFIX);

/** The `env.*` options as a variable -> value map; a bad variable name is E_BACKEND naming it. */
export function engineEnv(options: EngineOptionValues, engine = 'engine'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!isEnvOption(key)) continue;
    const name = key.slice(ENV_OPTION_PREFIX.length);
    if (!NAME.test(name)) {
      throw new DnnperfError(
        'E_BACKEND',
        `${engine} option '${key}': '${name}' is not an environment variable name (letters, digits, _): e.g. env.LD_LIBRARY_PATH=/opt/cudnn/lib`,
      );
    }
    env[name] = String(value);
  }
  return env;
}

/** The options that are not `env.*`, for an engine's own checks. */
export function withoutEnv(options: EngineOptionValues): EngineOptionValues {
  return Object.fromEntries(Object.entries(options).filter(([key]) => !isEnvOption(key)));
}

/** The names to record: RECORDED_ENV and the engine's own env options. */
export function recordedNames(env: Record<string, string>): string[] {
  return [...new Set([...RECORDED_ENV, ...Object.keys(env)])];
}

/** The recorded variables that are set in `env`. */
export function pickRecorded(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] !== undefined ? [[n, env[n]!]] : [])));
}
