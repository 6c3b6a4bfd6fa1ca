/**
 * Runs one job in a child process of its own and supervises it: a per-configuration
 * timeout, a crash (exit without an answer) or an abort (Ctrl-C) becomes that job's
 * failure with a reason, and the child's stderr is kept for diagnostics (engines report
 * fallbacks there: onnxruntime's node-placement warnings, OpenCV's "switching to CPU").
 */
import { fork } from 'node:child_process';
import type { MeasureJob } from '../measure/job.js';
import type { SupervisorPhase } from '../results/schema.js';
import { childEntry } from './child-entry.js';
import { withoutAslr } from './no-aslr.js';

export type ChildOutcome<T> = { kind: 'answer'; answer: T; stderr: string } | { kind: 'failed'; phase: SupervisorPhase; reason: string; stderr: string };

const STDERR_KEEP = 64 * 1024;

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}

export function runInChild<T>(
  job: MeasureJob,
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; signal?: AbortSignal; addressRandomization?: 'on' | 'off' },
): Promise<ChildOutcome<T>> {
  const entry = childEntry();
  return new Promise((resolve) => {
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      ...(options.addressRandomization === 'off' ? withoutAslr(entry.execArgv) : {}),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    let answer: { value: T } | undefined;
    let settled = false;
    const finish = (outcome: ChildOutcome<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const fail = (phase: SupervisorPhase, reason: string) => {
      child.kill('SIGKILL');
      finish({ kind: 'failed', phase, reason, stderr });
    };
    const onAbort = () => fail('interrupted', 'interrupted (Ctrl-C) while this configuration was running');
    const timer = setTimeout(
      () => fail('timeout', `no result after ${Math.round(options.timeoutMs / 1000)} s: killed (raise --config-timeout if the model is this slow)`),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', () => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    child.on('message', (m) => {
      answer = { value: m as T };
    });
    // 'close' (not 'exit'): by then the IPC channel has delivered every message.
    child.on('close', (code, signal) => {
      if (answer) return finish({ kind: 'answer', answer: answer.value, stderr });
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const last = lastLine(stderr);
      fail('crash', `the measuring process ${how} before reporting${last ? `: ${last}` : ''}`);
    });
    child.on('error', (e) => fail('crash', `could not start the measuring process: ${e.message}`));
    child.send(job);
  });
}
