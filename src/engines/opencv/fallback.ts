/**
 * No silent fallback: OpenCV switches a net from CUDA to CPU, CUDA_FP16 to CUDA or OpenCL to
 * CPU with nothing but a log line, and then runs. The worker captures its stderr around
 * loading and the first forward, and reads the target each layer was set up for; this
 * module turns both into what actually ran.
 */
import type { RunReport } from './protocol.js';
import type { OpenCvPair } from './targets.js';

export interface Detected {
  actual: OpenCvPair;
  fallback: boolean;
  notes: string[];
  /** Layers that run on the CPU inside a CUDA net. */
  cpuLayers: string[];
}

const CPU: OpenCvPair = { backend: 'opencv', target: 'cpu' };

/** OpenCV's own switches, in the order it applies them. */
const SWITCHES: Array<{ re: RegExp; to: (p: OpenCvPair) => OpenCvPair }> = [
  { re: /(not built with CUDA backend|unable to use CUDA backend); switching to CPU/, to: () => CPU },
  { re: /OpenCL target .*switching to CPU/, to: () => CPU },
  { re: /switching to OpenCL with fp32 precision/, to: (p) => ({ ...p, target: 'opencl' }) },
  { re: /does not support FP16 target; switching to FP32 target/, to: (p) => ({ ...p, target: 'cuda' }) },
  // OpenCV 5's new graph engine drops backend and target requests and runs on the CPU.
  { re: /(Back-ends|Targets) are not supported by the new graph engine/, to: () => CPU },
];

const CPU_LAYER = /CUDA backend will fallback to the CPU implementation for the layer "([^"]*)" of type (\S+)/;
/** A switch this module does not know yet: flagged, never ignored. */
const UNKNOWN_SWITCH = /switching to/i;

/** `[ WARN:0@0.1] global ./modules/dnn/src/net_impl.cpp (179) setUpNet <message>` -> `<message>`. */
export function logMessage(line: string): string {
  const m = /^\[\s*[A-Z]+:[^\]]*\]\s+(?:global\s+)?\S+(?:\s+\(\d+\))?\s+\S+\s+(.*)$/.exec(line.trim());
  return (m ? m[1]! : line).trim();
}

export function detectFallback(requested: OpenCvPair, report: RunReport): Detected {
  let actual = { ...requested };
  const notes: string[] = [];
  const cpuLayers: string[] = [];
  let unknown = false;
  let logged = false;
  for (const line of report.log.split('\n')) {
    const msg = logMessage(line);
    if (!msg) continue;
    const layer = CPU_LAYER.exec(msg);
    if (layer) {
      if (layer[2] !== '__NetInputLayer__') cpuLayers.push(layer[1]!);
      continue;
    }
    const sw = SWITCHES.find((s) => s.re.test(msg));
    if (sw) {
      actual = sw.to(actual);
      logged = true;
      notes.push(`OpenCV: ${msg}`);
    } else if (UNKNOWN_SWITCH.test(msg)) {
      unknown = true;
      notes.push(`OpenCV (unrecognized fallback message): ${msg}`);
    }
  }
  // The layers' targets catch a switch OpenCV did not log; a logged one already says more.
  const targets = report.layerTargets;
  if (!logged && targets && targets.length === 1 && targets[0] !== actual.target) {
    notes.push(`layers were set up for target ${targets[0]} while ${actual.target} was expected`);
    actual = targets[0] === 'cpu' && actual.backend === 'cuda' ? CPU : { ...actual, target: targets[0]! };
  }
  if (cpuLayers.length > 0) {
    notes.push(`${cpuLayers.length} layer(s) fell back to the CPU implementation inside the CUDA net: ${cpuLayers.join(', ')}`);
  }
  const switched = actual.backend !== requested.backend || actual.target !== requested.target;
  return { actual, fallback: switched || unknown || cpuLayers.length > 0, notes, cpuLayers };
}
