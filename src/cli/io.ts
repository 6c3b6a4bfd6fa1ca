/**
 * Where a command writes: every command takes a CommandIo (tests pass their own and read
 * what was written), so only processIo touches process.stdout, process.stderr and process.env.
 */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** stderr when it is a terminal: progress bars draw on it. Absent: progress is plain lines through stderr(). */
  terminal?: NodeJS.WritableStream;
}

export const processIo: CommandIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
};

/** The terminal to draw bars on, unless NO_COLOR is set or TERM is dumb (logs and CI pages stay readable). */
export function barTerminal(io: CommandIo): NodeJS.WritableStream | undefined {
  if (!io.terminal || (io.env['NO_COLOR'] ?? '') !== '' || io.env['TERM'] === 'dumb') return undefined;
  return io.terminal;
}
