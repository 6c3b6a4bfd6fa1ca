#!/usr/bin/env bash
# The GPU side of issue 11, for the coordinator on the H200 (one device command, ~4 min): does
# the warm-up now wait for the SM clock, and how far apart are per-process medians with it?
# Run after `source .gpu/pN/stage.sh` (node, node_modules and the CUDA provider) with dist/
# built, and ResNet-50 exported to $MODELS/resnet50.onnx (scripts/gpu-h200.sh setup does it).
#   scripts/gpu-noise.sh        doctor, then 6 processes of ResNet-50 batch 1 on ort:cuda with the
#                               gate's protocol, then the per-process figures; all into $OUT
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
OUT=${OUT:-/tmp/dnnperf-out}
MODELS=${MODELS:-/tmp/dnnperf-tv}
RUNS=${RUNS:-/tmp/dnnperf-noise}
mkdir -p "$OUT" "$RUNS"
node bin/dnnperf doctor > "$OUT/gpu-doctor.txt" 2>&1
# The idle clock first (the run then starts from it, as a CI job on a fresh machine would).
nvidia-smi --query-gpu=clocks.sm,clocks.max.sm,clocks_throttle_reasons.active,persistence_mode --format=csv > "$OUT/gpu-idle-clocks.csv" 2>&1
node bin/dnnperf run --model "$MODELS/resnet50.onnx" --backend ort:cuda --batch 1 --trials 6 --no-layers --no-report --no-fetch \
  --warmup-time 0.2 --min-time 0.3 --max-time 2 --out "$RUNS" --run-id cuda-noise > "$OUT/gpu-noise-run.log" 2>&1
node -e '
const fs = require("fs");
const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const ok = lines.filter((r) => r.status === "ok");
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const r of ok) {
  const g = r.warmup.gpuClock ?? {};
  const m = r.machine?.gpu;
  console.log(`trial ${r.config.trial}: median ${med(r.samplesMs).toFixed(3)} ms, warm-up ${r.warmup.ms.toFixed(0)} ms (clock ${g.smClockMHz ?? "?"} of ${g.maxSmClockMHz ?? "?"} MHz, settled ${g.settled}, waited ${g.waitedMs ?? 0} ms), SM clock during sampling ${m ? `${m.before.smClockMHz} -> ${m.after.smClockMHz}` : "?"} MHz${r.machine?.disturbance ? `, DISTURBED: ${r.machine.disturbance}` : ""}`);
}
const ms = ok.map((r) => med(r.samplesMs));
const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
const sd = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / (ms.length - 1));
console.log(`per-process medians: ${ms.map((x) => x.toFixed(3)).join(", ")} ms; CV ${(100 * sd / mean).toFixed(1)}%`);
' "$RUNS/cuda-noise/results.jsonl" | tee "$OUT/gpu-noise.txt"
