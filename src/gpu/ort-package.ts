/**
 * The installed onnxruntime-node: its folder, version, the folders holding its native
 * binding (where provider libraries must sit) and the CUDA builds its own installer offers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface OrtPackageInfo {
  dir: string;
  version: string;
  /** `bin/napi-v*\/<platform>/<arch>` folders that hold onnxruntime_binding.node. */
  bindingDirs: string[];
}

export function ortPackageInfo(
  dir: string = dirname(require.resolve('onnxruntime-node/package.json')),
  platform = process.platform,
  arch = process.arch,
): OrtPackageInfo {
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const bin = join(dir, 'bin');
  const napis = existsSync(bin) ? readdirSync(bin).filter((n) => n.startsWith('napi-v')) : [];
  const bindingDirs = napis.map((n) => join(bin, n, platform, arch)).filter((d) => existsSync(join(d, 'onnxruntime_binding.node')));
  return { dir, version, bindingDirs };
}

/**
 * CUDA majors onnxruntime-node's own installer can fetch for this platform, from its
 * script/install-metadata.js (1.29.0: `cuda12` only).
 */
export function ortInstallerFlavours(dir: string, platform = process.platform, arch = process.arch): string[] {
  const metadataPath = join(dir, 'script', 'install-metadata.js');
  if (!existsSync(metadataPath)) return [];
  const metadata = require(metadataPath) as { requirements?: Record<string, string[]> };
  return metadata.requirements?.[`${platform}/${arch}`] ?? [];
}

/** `cuda12` -> 12. */
export const flavourCudaMajor = (flavour: string): number | undefined => {
  const m = /^cuda(\d+)$/.exec(flavour);
  return m ? Number(m[1]) : undefined;
};
