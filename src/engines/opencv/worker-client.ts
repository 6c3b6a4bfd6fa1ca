/**
 * One Python worker process and its request/reply traffic. Replies match requests by id;
 * a worker that exits rejects every pending request with one line saying so, never a hang.
 * While idle the process is unref'd, so a forgotten worker cannot keep Node alive (it exits
 * itself when its stdin closes, or with its parent through PR_SET_PDEATHSIG).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DnnperfError } from '../../errors.js';
import { encodeFrame, type Frame, FrameReader } from './frames.js';
import { WORKER_REPLIES, type WorkerCommand, type WorkerReply, type WorkerRequests } from './protocol.js';
import { cannotImportCv2, pythonNotFound } from './python.js';

/**
 * worker.py sits beside this module in src/; the build copies only .ts output to dist/, so
 * from dist/engines/opencv/ it is found through the package root (three levels up from both).
 */
export function workerScriptPath(): string {
  const beside = fileURLToPath(new URL('./worker.py', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../../src/engines/opencv/worker.py', import.meta.url));
}

/** Enough of the worker's stderr to explain a crash. */
const STDERR_TAIL_BYTES = 4096;

type Pending = { cmd: string; resolve: (f: Frame) => void; reject: (e: Error) => void };

export class WorkerClient {
  private readonly reader = new FrameReader();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  /** Set once the process is gone: every later request fails with it. */
  private deathReason: string | undefined;
  private readonly deathListeners: Array<() => void> = [];

  private constructor(
    readonly python: string,
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
  ) {}

  /** Starts the worker in `env` and waits for its ready line (or its one-line reason for not starting). */
  static start(python: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkerClient> {
    const child = spawn(python, [workerScriptPath()], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const client = new WorkerClient(python, child);
    const ready = new Promise<Frame>((resolve, reject) => client.pending.set(0, { cmd: 'start', resolve, reject }));
    client.wire();
    return ready.then(
      () => client,
      (e: unknown) => {
        client.child.kill('SIGKILL');
        throw e;
      },
    );
  }

  /** Sends one command; resolves with the validated reply and its blobs, rejects with the worker's one-line error. */
  async request<C extends WorkerCommand>(
    cmd: C,
    payload: WorkerRequests[C],
    blobs: readonly Uint8Array[] = [],
  ): Promise<{ reply: WorkerReply<C>; blobs: Buffer[] }> {
    if (this.deathReason) throw new DnnperfError('E_ENGINE', this.deathReason);
    const id = this.nextId++;
    const answered = new Promise<Frame>((resolve, reject) => this.pending.set(id, { cmd, resolve, reject }));
    this.holdAlive();
    for (const chunk of encodeFrame({ id, cmd, ...payload }, blobs)) this.child.stdin.write(chunk);
    const frame = await answered;
    const parsed = WORKER_REPLIES[cmd].safeParse(frame.header);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DnnperfError(
        'E_ENGINE',
        `OpenCV worker (${this.python}): its reply to '${cmd}' does not match the protocol (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}): worker.py and the engine are from different dnnperf versions; reinstall dnnperf`,
      );
    }
    // WORKER_REPLIES[cmd] parsed it: TypeScript cannot narrow the schema map's union by cmd itself.
    return { reply: parsed.data as WorkerReply<C>, blobs: frame.blobs };
  }

  /** The worker's process id: the process that holds OpenCV's CUDA context, maps cuDNN and owns device memory. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Called once the process is gone (crashed, killed or closed). */
  onDeath(listener: () => void): void {
    if (this.deathReason) listener();
    else this.deathListeners.push(listener);
  }

  /** Closes stdin (the worker exits on EOF) and waits for the process to end. */
  async close(): Promise<void> {
    if (this.deathReason) return;
    const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.holdAlive();
    this.child.stdin.end();
    await exited;
  }

  private wire(): void {
    const { child } = this;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of this.reader.push(chunk)) this.settle(frame);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    // EPIPE on a dead worker's stdin: the 'close' handler reports it.
    child.stdin.on('error', () => {});
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? pythonNotFound(this.python) : `cannot start the OpenCV worker with '${this.python}': ${e.message}`;
      this.die(why);
    });
    // 'close' rather than 'exit': it comes after stdout is drained, so a last reply is not lost.
    child.on('close', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      // OpenCV's info lines (logged at INFO for fallback detection) say nothing about a crash.
      const last = this.stderrTail
        .split('\n')
        .filter((l) => l.trim() && !/^\[\s*INFO:/.test(l))
        .at(-1);
      this.die(`OpenCV worker (${this.python}, pid ${child.pid}) ${how}`, last ? `; its last stderr line: ${last.trim()}` : '');
    });
  }

  private settle(frame: Frame): void {
    const id = frame.header.id as number;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.letGo();
    if (frame.header.ok) p.resolve(frame);
    else if (frame.header.fatal === 'import') p.reject(new DnnperfError('E_ENGINE', cannotImportCv2(this.python, String(frame.header.error))));
    else p.reject(new DnnperfError('E_ENGINE', String(frame.header.error)));
  }

  private die(reason: string, detail = ''): void {
    if (this.deathReason) return;
    this.deathReason = reason + detail;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new DnnperfError('E_ENGINE', p.cmd === 'start' ? reason + detail : `${reason} during '${p.cmd}'${detail}`));
    }
    for (const listener of this.deathListeners.splice(0)) listener();
  }

  private holdAlive(): void {
    this.child.ref();
    for (const pipe of this.pipes()) pipe.ref();
  }

  private letGo(): void {
    if (this.pending.size > 0) return;
    this.child.unref();
    for (const pipe of this.pipes()) pipe.unref();
  }

  /** The reading pipes are what keep the event loop busy (they are net.Sockets). */
  private pipes(): Socket[] {
    return [this.child.stdout as Socket, this.child.stderr as Socket];
  }
}
