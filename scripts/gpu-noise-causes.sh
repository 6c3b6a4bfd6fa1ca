#!/usr/bin/env bash
# Why do per-process medians of ResNet-50 batch 1 spread by 20-25% on the H200 with the SM
# clock at its maximum in every process (scripts/gpu-noise.sh)? Two candidate causes, each
# measured over 6 processes (one device command, ~3 min; after scripts/gpu-noise.sh, which
# leaves ResNet-50 and the CUDA cv2 in /tmp):
#   1. cuDNN's algorithm choice per process: a plain PyTorch loop with cudnn.benchmark on
#      (algorithms timed and picked in each process, as onnxruntime's default EXHAUSTIVE search
#      does) against off (heuristics, the same choice every time).
#   2. CPU placement of the host side (batch 1 is launch-bound): dnnperf's ort:cuda and
#      cv410:cuda/cuda with every process pinned to cores 2-3 (taskset) against unpinned.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
OUT=${OUT:-/tmp/dnnperf-out}
MODELS=${MODELS:-/tmp/dnnperf-tv}
CV2=${CV2:-/tmp/cv2-cuda}
PY=/opt/torch/.venv/bin/python3
RUNS=/tmp/dnnperf-noise-causes
mkdir -p "$OUT" "$RUNS"
{ lscpu | grep -E 'Model name|^CPU\(s\)|NUMA'; nvidia-smi topo -m 2>/dev/null | head -4; } > "$OUT/gpu-noise-causes-machine.txt" 2>&1

for bench in 1 0; do
  for p in 1 2 3 4 5 6; do
    "$PY" - "$bench" <<'PY'
import sys, time, statistics, torch, torchvision
torch.backends.cudnn.benchmark = sys.argv[1] == '1'
torch.manual_seed(0)
m = torchvision.models.resnet50(weights=None).eval().cuda()
x = torch.randn(1, 3, 224, 224, device='cuda')
with torch.inference_mode():
    end = time.time() + 2
    while time.time() < end:
        m(x)
    torch.cuda.synchronize()
    ts = []
    for _ in range(300):
        t = time.perf_counter(); m(x); torch.cuda.synchronize(); ts.append((time.perf_counter() - t) * 1e3)
print(f'torch cudnn.benchmark={sys.argv[1]}: median {statistics.median(ts):.3f} ms')
PY
  done
done 2>&1 | grep median | tee "$OUT/gpu-noise-causes.txt"

E=(--engine "cv410=opencv:python=$PY,env.PYTHONPATH=$CV2,env.LD_LIBRARY_PATH=$CV2:${LD_LIBRARY_PATH:-/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu}")
for pin in none 2-3; do
  pre=(); [[ $pin != none ]] && pre=(taskset -c "$pin")
  rm -rf "${RUNS:?}/pin-$pin"
  "${pre[@]}" node bin/dnnperf run --model "$MODELS/resnet50.onnx" "${E[@]}" --backend ort:cuda,cv410:cuda/cuda --batch 1 --trials 6 --no-layers --no-report --no-fetch \
    --warmup-time 0.2 --min-time 0.3 --max-time 2 --out "$RUNS" --run-id "pin-$pin" > "$OUT/gpu-noise-causes-pin-$pin.log" 2>&1
  node -e '
const fs = require("fs");
const rs = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).filter((r) => r.status === "ok");
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const spec of [...new Set(rs.map((r) => r.config.spec))]) {
  const ms = rs.filter((r) => r.config.spec === spec).map((r) => med(r.samplesMs));
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const sd = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / (ms.length - 1));
  console.log(`dnnperf ${spec} pinned ${process.argv[2]}: per-process medians ${ms.map((x) => x.toFixed(3)).join(", ")} ms; CV ${(100 * sd / mean).toFixed(1)}%`);
}' "$RUNS/pin-$pin/results.jsonl" "$pin" | tee -a "$OUT/gpu-noise-causes.txt"
done
