/**
 * Which python runs the worker: the `python` engine option (`--python`), else
 * DNNPERF_PYTHON, else the first candidate that imports cv2 (Debian's cv2 lives under
 * /usr/bin/python3 while the `python3` first on PATH may be a pyenv one without it).
 */
import { execFile } from 'node:child_process';
import { DnnperfError } from '../../errors.js';

export const PYTHON_ENV = 'DNNPERF_PYTHON';
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3', 'python'] as const;
const IMPORT_CHECK_TIMEOUT_MS = 30_000;

export const cannotImportCv2 = (python: string, why: string): string =>
  `${python} cannot import cv2 (${why}): install python3-opencv (Debian) or pass --python <exe with cv2>`;

function importsCv2(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import cv2'], { timeout: IMPORT_CHECK_TIMEOUT_MS, env }, (err) => resolve(!err));
  });
}

/**
 * An explicit python is returned as is: the worker itself reports a missing executable or
 * cv2 with the exact reason. Only the automatic choice is checked here, in the environment
 * the worker will get (`env`: the process's, with the engine's env.* options over it).
 */
export async function resolvePython(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = PYTHON_CANDIDATES,
): Promise<string> {
  const explicit = option ?? env[PYTHON_ENV];
  if (explicit) return explicit;
  for (const candidate of candidates) {
    if (await importsCv2(candidate, env)) return candidate;
  }
  throw new DnnperfError(
    'E_ENGINE',
    `no python with cv2 found (tried ${candidates.join(', ')}): install python3-opencv (Debian), or pass --python <exe with cv2> or set ${PYTHON_ENV}`,
  );
}
