/** `--help` states each command's own defaults, generated from the constants the code uses. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_TRIALS } from '../../src/compare/compare.js';
import { GATE_PROTOCOL } from '../../src/gate/gate.js';
import { DEFAULT_PROTOCOL } from '../../src/measure/protocol-defaults.js';
import { DEFAULT_TRIALS } from '../../src/run/options.js';

const BIN = join(import.meta.dirname, '../../bin/dnnperf');
const help = (command: string): string =>
  spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '400' } }).stdout.replace(/\s+/g, ' ');

describe('help shows the defaults that apply', () => {
  it('run: the run protocol and one trial', () => {
    const h = help('run');
    expect(h).toContain(`--min-time <s> minimum measured seconds per configuration (default ${DEFAULT_PROTOCOL.minTimeMs / 1000})`);
    expect(h).toContain(`--max-time <s> maximum measured seconds per configuration (default ${DEFAULT_PROTOCOL.maxTimeMs / 1000})`);
    expect(h).toContain(`--trials <n> processes per configuration, interleaved (default ${DEFAULT_TRIALS})`);
  });

  it("gate: the gate's shorter protocol and its trials, not run's", () => {
    const h = help('gate');
    const gate = { ...DEFAULT_PROTOCOL, ...GATE_PROTOCOL };
    expect(gate.minTimeMs).not.toBe(DEFAULT_PROTOCOL.minTimeMs);
    expect(DEFAULT_GATE_TRIALS).not.toBe(DEFAULT_TRIALS);
    expect(h).toContain(`--min-time <s> minimum measured seconds per configuration (default ${gate.minTimeMs / 1000})`);
    expect(h).toContain(`--max-time <s> maximum measured seconds per configuration (default ${gate.maxTimeMs / 1000})`);
    expect(h).toContain(`--warmup-time <s> minimum warm-up seconds (default ${gate.warmupMs / 1000})`);
    expect(h).toContain(`--trials <n> processes per configuration, interleaved (default ${DEFAULT_GATE_TRIALS})`);
  });
});
