/**
 * Loads onnxruntime-node: the project's own copy, or another installation given by path
 * (`--engine ort130=ort:module=/opt/ort-1.30/node_modules/onnxruntime-node`) so two
 * versions can be compared. Each configuration runs in its own process, so two native
 * libraries never meet.
 */

import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DnnperfError } from '../../errors.js';

export type OrtModule = typeof import('onnxruntime-node');

const require = createRequire(import.meta.url);

export function ortPackageDir(modulePath?: string): string {
  const entry = modulePath ? join(modulePath, 'package.json') : 'onnxruntime-node/package.json';
  try {
    return dirname(require.resolve(entry));
  } catch {
    throw new DnnperfError('E_ENGINE', `onnxruntime-node not found at ${modulePath ?? 'node_modules'}: run npm ci, or fix the engine's module= path`);
  }
}

export function loadOrt(modulePath?: string): OrtModule {
  return require(ortPackageDir(modulePath)) as OrtModule;
}

export function ortVersion(modulePath?: string): string {
  return (require(join(ortPackageDir(modulePath), 'package.json')) as { version: string }).version;
}

/** The folder holding this platform's native binding (where provider libraries must sit). */
export function ortBindingDir(modulePath?: string): string | undefined {
  const bin = join(ortPackageDir(modulePath), 'bin');
  if (!existsSync(bin)) return undefined;
  for (const napi of readdirSync(bin)) {
    const dir = join(bin, napi, process.platform, process.arch);
    if (existsSync(join(dir, 'onnxruntime_binding.node'))) return dir;
  }
  return undefined;
}
