/**
 * Replays test/cli/bad-inputs.txt through the built CLI (npm test builds dist/ first), all
 * lines in one process (test/cli/replay.mjs): each gives its exit code, at most one line on
 * stderr with the expected fragment and no stack trace, and leaves the scratch folder as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBuiltinModel } from '../../src/models/builtin/write.js';
import { GraphBuilder } from '../../src/models/onnx/graph-builder.js';
import { suiteRun } from '../compare/fixtures.js';
import { cutLastLine, saveRun } from '../helpers/run-folders.js';
import { plainFile, procPath, sysPath } from '../helpers/special-paths.js';
import { tempDir } from '../helpers/tmp.js';

interface Case {
  line: number;
  exit: number;
  text: string;
  env: Record<string, string>;
  args: string[];
  fragment: string;
}

/** Shell-like words: single and double quotes group, '' is an empty word. */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function parseCases(text: string, place: (s: string) => string): Case[] {
  return text.split('\n').flatMap((raw, i): Case[] => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return [];
    const parts = line.split(' | ');
    if (parts.length !== 3) throw new Error(`bad-inputs.txt:${i + 1}: want '<exit> | <command> | <fragment>', got ${JSON.stringify(line)}`);
    const all = words(place(parts[1]!));
    const env: Record<string, string> = {};
    while (all[0] && /^[A-Z_][A-Z0-9_]*=/.test(all[0])) {
      const kv = all.shift()!;
      env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    }
    return [{ line: i + 1, exit: Number(parts[0]), text: parts[1]!, env, args: all, fragment: place(parts[2]!) }];
  });
}

function emptyGraph(path: string): string {
  const g = new GraphBuilder('void', 1);
  g.output(g.input('x', 'float32', ['batch', 4]), 'float32', ['batch', 4]);
  writeFileSync(path, g.toBytes());
  return path;
}

function dynamicModel(path: string): string {
  const g = new GraphBuilder('dyn', 1);
  g.output(g.node('Relu', [g.input('x', 'float32', ['batch', 3, 'h', 'w'])], {}, 'y'), 'float32', ['batch', 3, 'h', 'w']);
  writeFileSync(path, g.toBytes());
  return path;
}

const scratch = tempDir('dnnperf-bad-inputs-');
let cases: Case[] = [];
let results: Array<{ code: number; stdout: string; stderr: string; changed: string[] }> = [];

beforeAll(async () => {
  const out = join(scratch, 'out');
  saveRun(out, suiteRun('taken', 3, 1));
  mkdirSync(join(out, 'notrun'));
  writeFileSync(join(out, 'notrun', 'notes.txt'), 'mine\n');
  const cut = saveRun(join(scratch, 'runs'), suiteRun('cut', 2, 6));
  cutLastLine(cut);
  mkdirSync(join(scratch, 'empty-dir'));
  mkdirSync(join(scratch, 'cache'));
  const places: Record<string, string> = {
    model: (await writeBuiltinModel('mlp-mini', scratch)).path,
    dyn: dynamicModel(join(scratch, 'dyn.onnx')),
    void: emptyGraph(join(scratch, 'void.onnx')),
    dir: join(scratch, 'empty-dir'),
    file: plainFile(scratch),
    run: saveRun(join(scratch, 'runs'), suiteRun('base', 1, 6)),
    cut,
    out,
    proc: procPath() ?? '/proc-is-not-procfs-here',
    sys: sysPath() ?? '/sys-is-not-sysfs-here',
  };
  const place = (s: string) => s.replace(/\{(\w+)\}/g, (m, name: string) => places[name] ?? m);
  cases = parseCases(readFileSync(join(import.meta.dirname, 'bad-inputs.txt'), 'utf8'), place);
  const base = { DNNPERF_CACHE_DIR: join(scratch, 'cache'), GITHUB_STEP_SUMMARY: '', NO_COLOR: '1' };
  const job = join(tempDir('dnnperf-replay-job-'), 'job.json');
  writeFileSync(job, JSON.stringify({ scratch, lines: cases.map((c) => ({ args: c.args, env: { ...base, ...c.env } })) }));
  const stdout = execFileSync(process.execPath, [join(import.meta.dirname, 'replay.mjs'), job], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  results = JSON.parse(stdout.trim().split('\n').pop()!);
}, 120_000);

describe('bad-inputs.txt through the CLI', () => {
  it('has cases, each parsed', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(results).toHaveLength(cases.length);
  });

  it('every line: its exit code, one line on stderr with the fragment, no stack, nothing on disk changed', () => {
    const failures = cases.flatMap((c, i) => {
      const r = results[i]!;
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      const problems = [
        r.code !== c.exit ? `exit ${r.code}, want ${c.exit}` : '',
        lines.length !== 1 ? `${lines.length} stderr lines` : '',
        !r.stderr.includes(c.fragment) ? 'fragment not found' : '',
        /\n\s+at /.test(r.stderr) ? 'a stack trace' : '',
        r.changed.length > 0 ? `changed on disk: ${r.changed.join(', ')}` : '',
      ].filter(Boolean);
      return problems.length > 0 ? [`bad-inputs.txt:${c.line} ${c.text}\n  ${problems.join('; ')}\n  stderr: ${r.stderr.trim()}\n  want: ${c.fragment}`] : [];
    });
    expect(failures.join('\n')).toBe('');
  });
});
