/** Every command writes through the CommandIo it is given: nothing reaches process.stdout. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envCommand } from '../../src/cli/commands/env.js';
import { listCommand } from '../../src/cli/commands/list.js';
import type { CommandIo } from '../../src/cli/io.js';

function io(): CommandIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    env: {},
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
  };
  return o;
}

afterEach(() => vi.restoreAllMocks());

describe('commands write to their CommandIo', () => {
  it('list --json: the engines as JSON on io.stdout, none on process.stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const out = io();
    expect(await listCommand({ json: true }, out)).toBe(0);
    const mock = (JSON.parse(out.out) as Array<{ engine: string; backends: Array<{ spec: string; available: boolean }> }>).find((e) => e.engine === 'mock');
    expect(mock?.backends).toContainEqual({ spec: 'mock:cpu', available: true });
    expect(write).not.toHaveBeenCalled();
  }, 60_000);

  it('env: the machine key line on io.stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const out = io();
    expect(await envCommand({}, out)).toBe(0);
    expect(out.out).toMatch(/^machine key {2}\S+\n/);
    expect(write).not.toHaveBeenCalled();
  }, 60_000);
});
