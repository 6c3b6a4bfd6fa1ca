/**
 * Replays command lines through the built CLI (dist/cli/main.js, what bin/dnnperf runs) in
 * this one process: each line's exit code, stdout and stderr, and whether anything under the
 * scratch folder changed. One process for all lines keeps the replay list cheap to grow
 * (a process per line costs about half a second of CPU). Used by bad-inputs.test.ts:
 *   node test/cli/replay.mjs <job.json>   (job: { scratch, lines: [{ args, env }] }) -> JSON on stdout
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const { main } = await import(new URL('../../dist/cli/main.js', import.meta.url).href);
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function snapshot(root) {
  const out = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const s = lstatSync(path);
      if (s.isDirectory()) {
        out[relative(root, path)] = 'dir';
        walk(path);
      } else out[relative(root, path)] = s.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'other';
    }
  };
  walk(root);
  return out;
}

function changes(before, after) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

const realStdout = process.stdout.write.bind(process.stdout);
const realStderr = process.stderr.write.bind(process.stderr);
process.chdir(job.scratch);
const results = [];
for (const line of job.lines) {
  const saved = Object.fromEntries(Object.keys(line.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, line.env);
  let stdout = '';
  let stderr = '';
  process.stdout.write = (chunk) => {
    stdout += String(chunk);
    return true;
  };
  process.stderr.write = (chunk) => {
    stderr += String(chunk);
    return true;
  };
  const before = snapshot(job.scratch);
  let code;
  try {
    code = await main(['node', 'dnnperf', ...line.args], (t) => {
      stderr += t;
    });
  } finally {
    process.stdout.write = realStdout;
    process.stderr.write = realStderr;
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  results.push({ code, stdout, stderr, changed: changes(before, snapshot(job.scratch)) });
}
realStdout(`${JSON.stringify(results)}\n`);
// Engines may hold native handles or workers: the replay is over.
process.exit(0);
