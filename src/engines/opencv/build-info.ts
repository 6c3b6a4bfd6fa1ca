/**
 * The fields of cv2.getBuildInformation() that decide what OpenCV DNN can run, for the
 * environment record. A field the text lacks (Debian's build prints no CUDA line at all)
 * reads 'NO (not in build information)'.
 */
export interface OpenCvBuild {
  cuda: string;
  cudnn: string;
  opencl: string;
  parallelFramework: string;
  inferenceEngine: string;
  cpuBaseline: string;
  cpuDispatched: string;
  lapack: string;
}

const ABSENT = 'NO (not in build information)';

/** The build information's `Key: value` lines, first occurrence of each key wins. */
export function buildFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+?):\s+(\S.*?)\s*$/.exec(line);
    if (m && !fields.has(m[1]!)) fields.set(m[1]!, m[2]!);
  }
  return fields;
}

export function parseBuildInformation(text: string): OpenCvBuild {
  const f = buildFields(text);
  const pick = (...keys: string[]): string => keys.map((k) => f.get(k)).find((v) => v !== undefined) ?? ABSENT;
  return {
    cuda: pick('NVIDIA CUDA'),
    cudnn: pick('cuDNN'),
    opencl: pick('OpenCL'),
    parallelFramework: pick('Parallel framework'),
    inferenceEngine: pick('Inference Engine', 'OpenVINO'),
    cpuBaseline: pick('Baseline'),
    cpuDispatched: pick('Dispatched code generation'),
    lapack: pick('Lapack'),
  };
}

/** True when a build field says the feature is in (it starts with YES). */
export const builtWith = (field: string): boolean => /^YES\b/.test(field);
