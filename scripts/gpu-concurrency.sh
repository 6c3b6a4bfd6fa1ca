#!/usr/bin/env bash
# Throughput under concurrency on the GPU machine (issue 13): ResNet-50 (torchvision, random
# weights) on ort:cuda, ort:cuda/fp16 and OpenCV's CUDA backend (cuda/cuda and cuda/cuda_fp16,
# the CUDA cv2 of ../shared/opencv-cuda/), batch 1, 8, 32 x concurrency 1, 2, 4, 8, N sessions
# (N InferenceSessions in N threads; N cv::dnn::Nets in N Python threads). Writes the run, its
# report and the README table under the folder given:
#   source .gpu/pN/stage.sh && scripts/gpu-concurrency.sh <out-folder>
# Needs dist/ (npm run build) and the cv2 archive: $CV2_CUDA_TAR, or shared/opencv-cuda/ or
# ../shared/opencv-cuda/ beside the working tree. WITH_SHARED=1 adds onnxruntime's one-session
# mode (one InferenceSession, N calls in flight) at concurrency 2, 4, 8: about 90 s more.
set -uo pipefail
OUT=${1:?usage: scripts/gpu-concurrency.sh <out-folder>}
RUN_ID=${RUN_ID:-h200-concurrency}
# Device time: the run is cut here, whatever happens (the report still renders what finished).
RUN_BUDGET_S=${RUN_BUDGET_S:-360}
MODELS=/tmp/dnnperf-tv
CV2_DIR=/tmp/cv2-cuda
mkdir -p "$OUT" "$MODELS" "$CV2_DIR"
log() { echo "gpu-concurrency: $*" | tee -a "$OUT/concurrency.log"; }

# Protocol, chosen to fit about 6 minutes of device time (see the estimate below):
# sequential points: warm-up 0.5 s, 0.5 to 2 s of samples; closed loops: windows of 0.5 s
# (and 50 requests), stable when the last 3 agree within 10%, cut at 2 s of windows.
WARMUP_S=0.5; MIN_S=0.5; MAX_S=2; WINDOW_S=0.5
BATCHES=1,8,32; LEVELS=1,2,4,8
MODES=sessions; [[ "${WITH_SHARED:-0}" == 1 ]] && MODES=sessions,shared

cv2_tar() {
  for f in "${CV2_CUDA_TAR:-}" shared/opencv-cuda/cv2-*-cuda*.tar.xz ../shared/opencv-cuda/cv2-*-cuda*.tar.xz; do
    [[ -n "$f" && -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

# 1. ResNet-50 from torchvision, exported the way scripts/gpu-validate.sh does; a few seconds of
#    matmuls afterwards so the first configurations do not run at the idle SM clock.
log "exporting ResNet-50 with torchvision"
python3 - <<'PY' 2>&1 | tail -3 | tee -a "$OUT/concurrency.log"
import time, torch, torchvision
torch.manual_seed(0)
model = torchvision.models.resnet50(weights=None).eval()
x = torch.randn(1, 3, 224, 224)
kwargs = dict(input_names=['input'], output_names=['logits'], opset_version=17,
              dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
try:
    torch.onnx.export(model, x, '/tmp/dnnperf-tv/resnet50.onnx', dynamo=False, **kwargs)
except TypeError:
    torch.onnx.export(model, x, '/tmp/dnnperf-tv/resnet50.onnx', **kwargs)
print('exported resnet50, torch', torch.__version__, 'torchvision', torchvision.__version__)
if torch.cuda.is_available():
    a = torch.randn(4096, 4096, device='cuda')
    end = time.time() + 3
    while time.time() < end:
        a = (a @ a).clamp_(-1, 1)
    torch.cuda.synchronize()
    print('GPU spun for 3 s to raise its clocks')
PY

# 2. The CUDA cv2, behind a python wrapper that puts it first on the path (an engine option for
#    the environment would do the same: --engine alias=opencv:python=...,env.PYTHONPATH=...).
ENGINES=(); BACKENDS=ort:cuda,ort:cuda/fp16; LIST_PYTHON=${DNNPERF_PYTHON:-}
if tar=$(cv2_tar); then
  tar xJf "$tar" -C "$CV2_DIR" --strip-components=1
  PY=/opt/torch/.venv/bin/python3; [[ -x "$PY" ]] || PY=$(command -v python3)
  cat > "$CV2_DIR/python3-cuda" <<SH
#!/bin/sh
export PYTHONPATH=$CV2_DIR\${PYTHONPATH:+:\$PYTHONPATH}
export LD_LIBRARY_PATH=$CV2_DIR\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
exec $PY "\$@"
SH
  chmod +x "$CV2_DIR/python3-cuda"
  "$CV2_DIR/python3-cuda" -c 'import cv2; print("cv2", cv2.__version__, "CUDA targets", list(cv2.dnn.getAvailableTargets(cv2.dnn.DNN_BACKEND_CUDA)))' 2>&1 | tail -1 | tee -a "$OUT/concurrency.log"
  ENGINES=(--engine "cvcuda=opencv:python=$CV2_DIR/python3-cuda")
  LIST_PYTHON=$CV2_DIR/python3-cuda
  BACKENDS=$BACKENDS,cvcuda:cuda/cuda,cvcuda:cuda/cuda_fp16
else
  log "no CUDA cv2 archive found (CV2_CUDA_TAR, shared/opencv-cuda/, ../shared/opencv-cuda/): OpenCV left out"
fi

DNNPERF_PYTHON=$LIST_PYTHON node bin/dnnperf list > "$OUT/list.txt" 2>&1
node bin/dnnperf env > "$OUT/env.txt" 2>&1

# 3. The estimate, per configuration: a process with CUDA and the engine loaded (about 2 s), the
#    sessions' setup (onnxruntime's in parallel threads, about 1 s; OpenCV's Nets one after another,
#    about 1 s and 0.3 s more per Net), the warm-up, at most MAX_S of samples or windows, and at
#    concurrency 1 the FP32 CPU reference for the accuracy check (about 1 s).
estimate=$(BACKENDS=$BACKENDS MODES=$MODES python3 - "$WARMUP_S" "$MAX_S" <<'PY'
import os, sys
warm, cap = float(sys.argv[1]), float(sys.argv[2])
backends = os.environ['BACKENDS'].split(',')
shared = 'shared' in os.environ['MODES']
total = n = 0
for b in backends:
    for batch in (1, 8, 32):
        for c in (1, 2, 4, 8):
            setup = 1 + 0.3 * (c - 1) if b.startswith('cvcuda') else 1
            runs = 2 if (c > 1 and shared and b.startswith('ort')) else 1
            total += runs * (2 + setup + warm + cap + (1 if c == 1 else 0))
            n += runs
print(n, round(total))
PY
)
read -r n_cfg est_s <<<"$estimate"
log "plan: ResNet-50 x $BACKENDS x batch $BATCHES x concurrency $LEVELS ($MODES): $n_cfg configurations;" \
  "estimate at most about $est_s s of device time for the sweep (less where points get stable early), cut at $RUN_BUDGET_S s; export and report add about 40 s"

# 4. The sweep, then the report of whatever finished, and the README table.
RUNS=$OUT/runs
rm -rf "${RUNS:?}/$RUN_ID"
start=$(date +%s)
timeout "$RUN_BUDGET_S" node bin/dnnperf run --model "$MODELS/resnet50.onnx" "${ENGINES[@]}" --backend "$BACKENDS" \
  --batch "$BATCHES" --concurrency "$LEVELS" --concurrency-mode "$MODES" --window-time "$WINDOW_S" \
  --warmup-time "$WARMUP_S" --min-time "$MIN_S" --max-time "$MAX_S" --config-timeout 60 --no-layers --no-report \
  --run-id "$RUN_ID" -o "$RUNS" > "$OUT/run.txt" 2>&1
log "run exit $? after $(( $(date +%s) - start )) s with $(wc -l < "$RUNS/$RUN_ID/results.jsonl" 2>/dev/null || echo 0) results"
node bin/dnnperf report "$RUNS/$RUN_ID" > "$OUT/report.txt" 2>&1
log "report exit $?: $RUNS/$RUN_ID/report.html"
node scripts/concurrency-table.mjs "$RUNS/$RUN_ID" > "$OUT/concurrency-table.md" 2>&1
cat "$OUT/concurrency-table.md"
log "done in $(( $(date +%s) - start )) s after the export"
