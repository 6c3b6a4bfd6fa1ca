/**
 * Output paths no run may write, for root too (a chmod 0555 folder does not stop root):
 * a file where a folder is expected, paths on kernel file systems (/proc, /sys), and a
 * read-only file system made with an unprivileged user and mount namespace (`unshare -rm`),
 * where the machine allows one.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PROC_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;

/** A plain file in `dir`: `--out <it>` or `--out <it>/sub` must be refused. */
export function plainFile(dir: string, name = 'a-file'): string {
  const path = join(dir, name);
  writeFileSync(path, 'not a folder\n');
  return path;
}

function onFileSystem(path: string, magic: number): boolean {
  try {
    return process.platform === 'linux' && statfsSync(path).type === magic;
  } catch {
    return false;
  }
}

/** A missing path under procfs (where Node's recursive mkdir never returns), or undefined off Linux. */
export const procPath = (): string | undefined => (onFileSystem('/proc', PROC_MAGIC) ? '/proc/dnnperf-test' : undefined);
/** A missing path under sysfs, or undefined when /sys is not sysfs here. */
export const sysPath = (): string | undefined => (onFileSystem('/sys', SYSFS_MAGIC) ? '/sys/dnnperf-test' : undefined);

export interface ReadOnlyMount {
  /** Runs `command args...` with `folder` mounted as an empty read-only file system. */
  run(folder: string, command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
}

/**
 * A read-only mount through `unshare --user --map-root-user --mount`, or the reason there is
 * none (no unshare, or user namespaces switched off, as on some CI runners).
 */
export function readOnlyMount(probeDir: string): ReadOnlyMount | { unavailable: string } {
  // sh -c '<script>' <folder> <command> <args...>: $0 is the folder, "$@" the command.
  const wrap = (script: string, folder: string, rest: readonly string[] = []) => [
    '--user',
    '--map-root-user',
    '--mount',
    'sh',
    '-c',
    `mount -t tmpfs -o ro dnnperf-ro "$0" && ${script}`,
    folder,
    ...rest,
  ];
  const probe = spawnSync('unshare', wrap('! touch "$0/x" 2>/dev/null', probeDir), { encoding: 'utf8' });
  if (probe.error) return { unavailable: `unshare cannot run here (${probe.error.message})` };
  if (probe.status !== 0) return { unavailable: `no read-only mount in a user namespace here: ${probe.stderr.trim() || `unshare exited ${probe.status}`}` };
  return {
    run: (folder, command, args, options = {}) =>
      spawnSync('unshare', wrap('exec "$@"', folder, [command, ...args]), { encoding: 'utf8', cwd: options.cwd, env: options.env }),
  };
}
