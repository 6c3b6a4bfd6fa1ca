/**
 * Which python runs the worker: the `python` engine option (`--engine cv=opencv:python=<exe>`), else
 * DNNPERF_PYTHON, else the first candidate that imports cv2 (Debian's cv2 lives under
 * /usr/bin/python3 while the `python3` first on PATH may be a pyenv one without it).
 */
import { execFile } from 'node:child_process';
import { DnnperfError } from '../../errors.js';

export const PYTHON_ENV = 'DNNPERF_PYTHON';
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3', 'python'] as const;
const IMPORT_CHECK_TIMEOUT_MS = 30_000;

/** How to point dnnperf at a python with cv2 (there is no --python flag: the engine option is the way). */
export const PYTHON_FIX = `set ${PYTHON_ENV}=<python with cv2>, or declare one as an engine: --engine cv=opencv:python=<python with cv2> --backend cv:opencv/cpu`;

export const cannotImportCv2 = (python: string, why: string): string =>
  `${python} cannot import cv2 (${why}): install python3-opencv (Debian) or pip's opencv-python-headless for it, or ${PYTHON_FIX}`;

export const pythonNotFound = (python: string): string => `python executable '${python}' not found: ${PYTHON_FIX}`;

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
  throw new DnnperfError('E_ENGINE', `no python with cv2 found (tried ${candidates.join(', ')}): install python3-opencv (Debian), or ${PYTHON_FIX}`);
}
