/**
 * Tables a reader of a GPU run needs beside the charts: per configuration, the device memory
 * of the process that held the GPU context, the CUDA libraries it loaded, TF32, and the clock
 * after sampling; and what each per-layer profile's node times measure.
 */
import type { Section } from './problems.js';
import type { OkEntry, ReportData } from './report-data.js';

const MIB = 1024 * 1024;

/** What a profile's `timing` means, in words a reader cannot mistake for kernel time when it is not. */
export const TIMING_MEANING: Record<string, string> = {
  cpu: 'CPU time per node',
  'host-dispatch': 'host-side dispatch per node (asynchronous launches): NOT kernel time',
  synchronous: 'synchronous launches (CUDA_LAUNCH_BLOCKING=1): per node its launches, kernels and one wait each; more than kernel time',
};

/** The same, short enough for a chart's panel header. */
export const TIMING_SHORT: Record<string, string> = {
  cpu: 'CPU time',
  'host-dispatch': 'host dispatch, not kernel time',
  synchronous: 'synchronous launches: launch + kernel + wait',
};

interface Libs {
  cudnn?: string;
  cublas?: string;
  cudaRuntime?: string;
  cudnnBuilds?: Array<{ dir: string; version?: string }>;
  mixedCudnn?: string;
  reason?: string;
}

function cudnnCell(libs: Libs | undefined): string | null {
  if (!libs) return null;
  if (libs.reason) return `unknown: ${libs.reason}`;
  const builds = libs.cudnnBuilds ?? [];
  if (builds.length === 0) return 'none mapped';
  return builds.map((b) => `${b.version ?? 'version unknown'} (${b.dir})`).join(' + ');
}

function gpuRow(e: OkEntry) {
  const r = e.result;
  const libs = r.loadedLibraries as Libs | undefined;
  return [
    e.label,
    r.memory.deviceBytes !== undefined ? r.memory.deviceBytes / MIB : null,
    r.memory.deviceMethod ?? r.memory.deviceNote ?? null,
    r.memory.devicePid ?? null,
    cudnnCell(libs),
    libs?.cublas ?? null,
    libs?.cudaRuntime ?? null,
    libs?.mixedCudnn ? `yes: ${libs.mixedCudnn}` : libs ? 'no' : null,
    r.tf32 ? `${r.tf32.enabled === null ? 'unknown' : r.tf32.enabled ? 'allowed' : 'off'}: ${r.tf32.basis}` : null,
    r.machine?.gpu?.after.smClockMHz ?? null,
  ];
}

export function detailSections(data: ReportData): Section[] {
  const gpu = data.ok.filter((e) => e.result.loadedLibraries || e.result.tf32 || e.result.memory.deviceBytes !== undefined || e.result.memory.deviceNote);
  const profiled = data.ok.filter((e) => e.result.layers);
  const sections: Section[] = [];
  if (gpu.length > 0) {
    sections.push({
      heading:
        'GPU configurations: device memory (peak of the process holding the GPU context), cuDNN and CUDA libraries it mapped, TF32, SM clock after sampling',
      table: {
        columns: [
          'configuration',
          'device memory (MiB)',
          'memory method',
          'pid read',
          'cuDNN loaded (folder)',
          'cuBLAS',
          'CUDA runtime',
          'two cuDNN builds in one process',
          'TF32',
          'SM clock after sampling (MHz, machine probe)',
        ],
        rows: gpu.map(gpuRow),
      },
    });
  }
  if (profiled.length > 0) {
    sections.push({
      heading: 'Per-layer timing: what the node times measure, and their sum against the end-to-end median',
      table: {
        columns: [
          'configuration',
          'timing',
          'meaning',
          'sum of node medians (ms)',
          'end-to-end median (ms)',
          "profiled runs' own end-to-end (ms)",
          'sum / end-to-end',
        ],
        rows: profiled.map((e) => {
          const l = e.result.layers!;
          return [
            e.label,
            l.timing,
            TIMING_MEANING[l.timing] ?? l.timing,
            l.sumMedianMs,
            l.endToEndMedianMs,
            l.profiledEndToEndMedianMs ?? null,
            l.endToEndMedianMs > 0 ? l.sumMedianMs / l.endToEndMedianMs : null,
          ];
        }),
      },
    });
  }
  return sections;
}
