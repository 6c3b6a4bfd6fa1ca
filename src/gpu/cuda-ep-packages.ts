/**
 * CUDA execution provider builds published on the npm registry, keyed by the onnxruntime
 * version they were built from. A provider must match the onnxruntime-node core exactly,
 * or it refuses to load; the installer also checks the version string inside the library.
 */
export interface CudaEpPackage {
  /** npm spec to `npm pack`. */
  spec: string;
  /** Folder inside the tarball that holds the provider libraries. */
  libDir: string;
  /** CUDA major the libraries link against (libcudart.so.<major>). */
  cudaMajor: number;
  cudnnMajor: number;
}

export const CUDA_EP_PACKAGES: Readonly<Record<string, CudaEpPackage>> = {
  // Verified on an H100: ResNet-50 ran on this build's CUDA provider in FP32 and FP16.
  '1.29.0': { spec: 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9', libDir: 'package/Plugins/Linux/x64', cudaMajor: 13, cudnnMajor: 9 },
};
