/** The machine and software each run was measured on, as one table (a column per run). */

import type { RunManifest } from '../results/schema.js';
import type { Table } from './charts/chart.js';
import type { ReportData } from './report-data.js';

const GIB = 2 ** 30;

function describe(m: RunManifest): Array<[string, string]> {
  const env = m.environment;
  const cpu = `${env.cpu.model}, ${env.cpu.cores} cores${env.cpu.governor ? `, governor ${env.cpu.governor}` : ''}`;
  const gpus = env.gpus.map((g) => `${g.index}: ${g.name}${g.driver ? `, driver ${g.driver}` : ''}`).join('; ');
  const engines = Object.entries(env.engines)
    .map(([name, e]) => `${name} ${e.version}`)
    .join(', ');
  const extra = Object.entries(env.extra)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return [
    ['run id', m.runId],
    ['suite', m.suite],
    ['created', m.createdAt],
    ['machine key', env.machineKey],
    ['host', env.hostname],
    ['CPU', cpu],
    ['memory (GiB)', (env.memoryBytes / GIB).toFixed(1)],
    ['GPUs', gpus || 'none'],
    ['engines', engines || 'none'],
    ['OS', `${env.os.platform} ${env.os.release} ${env.os.arch}`],
    ['Node', env.node],
    ['dnnperf', `${env.toolVersion}${env.gitSha ? ` (${env.gitSha.slice(0, 12)})` : ''}`],
    ['other', extra || 'none'],
  ];
}

export function environmentTable(data: ReportData): Table {
  const columns = data.runs.map((r) => describe(r.manifest));
  return {
    columns: ['', ...data.runs.map((r) => r.manifest.runId)],
    rows: (columns[0] ?? []).map(([field], i) => [field, ...columns.map((c) => c[i]![1])]),
  };
}
