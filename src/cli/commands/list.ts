/** `dnnperf list`: engines, their versions, and every backend/target with why it cannot run here. */
import type { Command } from '@commander-js/extra-typings';
import { createEngine, ENGINE_KINDS } from '../../engines/registry.js';
import { errorMessage } from '../../errors.js';
import { type CommandIo, processIo } from '../io.js';

interface EngineListing {
  engine: string;
  version?: string;
  error?: string;
  backends: Array<{ spec: string; available: boolean; reason?: string; notes?: string[] }>;
}

export async function listEngines(): Promise<EngineListing[]> {
  const out: EngineListing[] = [];
  for (const kind of Object.keys(ENGINE_KINDS)) {
    const engine = createEngine({ alias: kind, kind, options: {} });
    try {
      const info = await engine.info();
      out.push({ engine: kind, version: info.version, backends: await engine.probe() });
    } catch (e) {
      out.push({ engine: kind, error: errorMessage(e), backends: [] });
    } finally {
      await engine.dispose?.();
    }
  }
  return out;
}

export function registerListCommand(program: Command) {
  program
    .command('list')
    .description('show engines and the backend/target pairs available here, with the reason for those that are not')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      process.exitCode = await listCommand(flags);
    });
}

/** Prints every engine and backend/target pair (JSON with --json); returns the exit code. */
export async function listCommand(flags: { json?: boolean }, io: CommandIo = processIo): Promise<number> {
  const list = await listEngines();
  if (flags.json) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  for (const e of list) {
    io.stdout(`${e.engine} ${e.version ?? ''}${e.error ? `  unavailable: ${e.error}` : ''}\n`);
    for (const b of e.backends) {
      io.stdout(`  ${b.available ? 'yes' : 'no '}  ${b.spec.padEnd(24)}${b.reason ? ` ${b.reason}` : ''}\n`);
      for (const note of b.notes ?? []) io.stdout(`         note: ${note}\n`);
    }
  }
  return 0;
}
