import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsafeEntryReason } from '../../src/models/fetch/extract-archive.js';
import { fetchModel } from '../../src/models/fetch/index.js';
import { modelEntry, seededBytes, serveBytes, startTestServer, type TestServer } from '../helpers/http-server.js';

const MODEL = seededBytes(5_000, 3);
let work: string;
let server: TestServer | undefined;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'dnnperf-archive-'));
  await mkdir(join(work, 'src', 'bundle'), { recursive: true });
  await writeFile(join(work, 'src', 'bundle', 'model.onnx'), MODEL);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(work, { recursive: true, force: true });
});

/** Packs `paths` (relative to work/src, or absolute) keeping them as given, like a hostile bundle would. */
async function bundle(paths: string[]): Promise<Buffer> {
  const file = join(work, 'bundle.tar.gz');
  await tar.c({ gzip: true, file, cwd: join(work, 'src'), preservePaths: true, portable: true }, paths);
  return readFile(file);
}

async function fetchBundle(data: Buffer) {
  server = await startTestServer({ '/bundle.tar.gz': serveBytes(data) });
  const entry = modelEntry('bundle-1', data, [`${server.url}/bundle.tar.gz`], { modelPath: 'test/bundle.tar.gz', archive: { member: 'bundle/model.onnx' } });
  return fetchModel(entry, { cacheDir: join(work, 'cache'), attempts: 1, env: {} });
}

describe('.tar.gz bundles', () => {
  it('are verified, then extracted once into <cache>/<id>/<stem>/', async () => {
    await symlink('model.onnx', join(work, 'src', 'bundle', 'alias.onnx')); // a link that stays inside is fine
    const data = await bundle(['bundle']);
    const r = await fetchBundle(data);
    expect(r.path).toBe(join(work, 'cache', 'bundle-1', 'bundle', 'bundle', 'model.onnx'));
    expect(Buffer.compare(await readFile(r.path), MODEL)).toBe(0);
    expect((await readdir(join(work, 'cache', 'bundle-1'))).sort()).toEqual(['bundle', 'bundle.tar.gz']);
    const again = await fetchModel(modelEntry('bundle-1', data, [], { modelPath: 'test/bundle.tar.gz', archive: { member: 'bundle/model.onnx' } }), {
      cacheDir: join(work, 'cache'),
      env: {},
    });
    expect(again).toMatchObject({ fromCache: true, path: r.path });
  });

  it('with a ../ entry are refused before anything is written', async () => {
    await writeFile(join(work, 'evil.txt'), 'x');
    const data = await bundle(['bundle/model.onnx', '../evil.txt']);
    await rm(join(work, 'evil.txt'));
    await expect(fetchBundle(data)).rejects.toThrow(
      `archive ${join(work, 'cache', 'bundle-1', 'bundle.tar.gz')} of model bundle-1 has entries that would be written outside its folder: "../evil.txt" (path leaves the folder); the bundle was refused and nothing extracted: fetch from a trusted mirror (--mirror <url>) or run a local copy with \`dnnperf run --model <path>\``,
    );
    expect(existsSync(join(work, 'evil.txt'))).toBe(false);
    expect(existsSync(join(work, 'cache', 'evil.txt'))).toBe(false);
    expect(await readdir(join(work, 'cache', 'bundle-1'))).toEqual(['bundle.tar.gz']); // no extraction folder, no temp folder
  });

  it('that are no tar archive name the model and the manifest entry to fix', async () => {
    await expect(fetchBundle(MODEL)).rejects.toThrow(
      /^archive .*bundle\.tar\.gz of model bundle-1 is not a readable \.tar\.gz \(TAR_[A-Z_]+: .*\): its manifest entry declares an archive for a file that is none; fix that entry's modelPath or archive field/,
    );
  });

  it('with an absolute-path entry are refused', async () => {
    const outside = join(work, 'abs', 'evil.txt');
    await mkdir(join(work, 'abs'));
    await writeFile(outside, 'x');
    const data = await bundle(['bundle/model.onnx', outside]);
    await rm(join(work, 'abs'), { recursive: true });
    await expect(fetchBundle(data)).rejects.toThrow(`${JSON.stringify(outside)} (absolute path)`);
    expect(existsSync(outside)).toBe(false);
  });

  it.each(['../../../outside', '/etc/passwd'])('with a symlink to %s are refused', async (target) => {
    await symlink(target, join(work, 'src', 'bundle', 'escape'));
    const data = await bundle(['bundle']);
    await expect(fetchBundle(data)).rejects.toThrow(`"bundle/escape" (symlink to ${target} leaves the folder)`);
  });
});

describe('unsafeEntryReason', () => {
  it.each([
    ['a/b.onnx', 'File', undefined, undefined],
    ['a/../b.onnx', 'File', undefined, undefined],
    ['a/../../b', 'File', undefined, 'path leaves the folder'],
    ['..', 'Directory', undefined, 'path leaves the folder'],
    ['/etc/passwd', 'File', undefined, 'absolute path'],
    ['C:/x', 'File', undefined, 'path leaves the folder'],
    ['a\\..\\..\\x', 'File', undefined, 'path leaves the folder'],
    ['a/l', 'SymbolicLink', '../b', undefined],
    ['a/l', 'SymbolicLink', '/etc/passwd', 'symlink to /etc/passwd leaves the folder'],
    ['a/h', 'Link', 'a/b.onnx', undefined],
    ['a/h', 'Link', '../x', 'hard link to ../x leaves the folder'],
    ['dev', 'CharacterDevice', undefined, 'CharacterDevice entries are not allowed'],
  ])('%s (%s -> %s): %s', (path, type, link, reason) => expect(unsafeEntryReason(path, type, link)).toBe(reason));
});
