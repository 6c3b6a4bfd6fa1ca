#!/usr/bin/env bash
# The GPU side of issue 11 on the H200 (one device command, ~3 min): per-process medians of
# ResNet-50 batch 1 under protocol 1 (fixed warm-up) and protocol 2 (warm-up until the SM clock
# settles), 6 processes each, on ort:cuda and, when the CUDA cv2 is unpacked in $CV2 (by
# `scripts/gpu-h200.sh` setup), on OpenCV's cuda/cuda. Each protocol starts from an idle GPU.
# Run after `source .gpu/pN/stage.sh` with dist/ built and ResNet-50 at $MODELS/resnet50.onnx.
#   scripts/gpu-noise.sh        doctor, idle clocks, the two runs, the per-process figures; all into $OUT
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
OUT=${OUT:-/tmp/dnnperf-out}
MODELS=${MODELS:-/tmp/dnnperf-tv}
RUNS=${RUNS:-/tmp/dnnperf-noise}
CV2=${CV2:-/tmp/cv2-cuda}
PY=/opt/torch/.venv/bin/python3
mkdir -p "$OUT" "$RUNS"
node bin/dnnperf doctor > "$OUT/gpu-doctor.txt" 2>&1
BACKENDS=ort:cuda ENGINES=()
if [[ -d "$CV2" ]]; then
  ENGINES=(--engine "cv410=opencv:python=$PY,env.PYTHONPATH=$CV2,env.LD_LIBRARY_PATH=$CV2:${LD_LIBRARY_PATH:-/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu}")
  BACKENDS=$BACKENDS,cv410:cuda/cuda
fi
for protocol in 1 2; do
  # Let the clocks fall back to idle first, as on a fresh CI machine.
  sleep 20
  nvidia-smi --query-gpu=clocks.sm,clocks.max.sm,clocks_event_reasons.active,persistence_mode --format=csv > "$OUT/gpu-idle-clocks-p$protocol.csv" 2>&1
  rm -rf "${RUNS:?}/cuda-noise-p$protocol"
  node bin/dnnperf run --model "$MODELS/resnet50.onnx" "${ENGINES[@]}" --backend "$BACKENDS" --batch 1 --trials 6 --no-layers --no-report --no-fetch \
    --protocol "$protocol" --warmup-time 0.2 --min-time 0.3 --max-time 2 --out "$RUNS" --run-id "cuda-noise-p$protocol" > "$OUT/gpu-noise-run-p$protocol.log" 2>&1
  node -e '
const fs = require("fs");
const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log(`protocol ${process.argv[2]}`);
for (const spec of [...new Set(lines.map((r) => r.config.spec))]) {
  const ok = lines.filter((r) => r.config.spec === spec && r.status === "ok");
  for (const r of ok) {
    const g = r.warmup.gpuClock;
    const m = r.machine?.gpu;
    console.log(`  ${spec} trial ${r.config.trial}: median ${med(r.samplesMs).toFixed(3)} ms, warm-up ${r.warmup.ms.toFixed(0)} ms` +
      (g ? ` (clock ${g.smClockMHz ?? "?"} of ${g.maxSmClockMHz ?? "?"} MHz, settled ${g.settled}, waited ${g.waitedMs.toFixed(0)} ms)` : "") +
      `, SM clock during sampling ${m ? `${m.before.smClockMHz} -> ${m.after.smClockMHz}` : "?"} MHz${r.machine?.disturbance ? `, DISTURBED: ${r.machine.disturbance}` : ""}`);
  }
  const ms = ok.map((r) => med(r.samplesMs));
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const sd = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / (ms.length - 1));
  console.log(`  ${spec} per-process medians: ${ms.map((x) => x.toFixed(3)).join(", ")} ms; CV ${(100 * sd / mean).toFixed(1)}%`);
}
' "$RUNS/cuda-noise-p$protocol/results.jsonl" "$protocol" | tee -a "$OUT/gpu-noise.txt"
done
