import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerReportCommand } from '../../src/cli/commands/report.js';
import { fixtureDir } from './helpers.js';

function program(): Command {
  const p = new Command('dnnperf').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerReportCommand(p);
  return p;
}

describe('dnnperf report', () => {
  let tmp: string;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'dnnperf-report-cli-'));
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('renders into --out and prints the page and summary paths; skipped charts go to stderr', async () => {
    await program().parseAsync(['node', 'dnnperf', 'report', fixtureDir('partial'), '--out', tmp]);
    expect(out.join('')).toBe(`${join(tmp, 'report.html')}\n${join(tmp, 'summary.md')}\n`);
    expect(existsSync(join(tmp, 'charts', 'latency.png'))).toBe(true);
    expect(err.join('')).toContain('dnnperf: chart skipped: fp16: no FP16 configuration');
  });

  it('a folder that is not a run is a DnnperfError naming the fix', async () => {
    await expect(program().parseAsync(['node', 'dnnperf', 'report', tmp])).rejects.toMatchObject({
      code: 'E_RESULTS',
      message: expect.stringMatching(/no run\.json here/),
    });
  });

  it('no run given is a usage error', async () => {
    await expect(program().parseAsync(['node', 'dnnperf', 'report'])).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});
