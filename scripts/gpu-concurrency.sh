#!/usr/bin/env bash
# Throughput under concurrency on the GPU machine (issue 13): ResNet-50 (torchvision, random
# weights) on ort:cuda, ort:cuda/fp16 and OpenCV's CUDA backend (cuda/cuda and cuda/cuda_fp16,
# the CUDA cv2 of ../shared/opencv-cuda/), batch 1, 8, 32 x concurrency 1, 2, 4, 8, N sessions
# (N InferenceSessions in N threads; N cv::dnn::Nets in N Python threads). Writes the run, its
# report and the README table under the folder given:
#   source .gpu/pN/stage.sh && scripts/gpu-concurrency.sh <out-folder>
# Needs dist/ (npm run build) and the cv2 archive: $CV2_CUDA_TAR, or .cv2/*.tar.xz (as for
# scripts/gpu-h200.sh), shared/opencv-cuda/ or ../shared/opencv-cuda/. WITH_SHARED=1 adds
# onnxruntime's one-session mode (one InferenceSession, N calls in flight) at concurrency 2, 4, 8:
# about 90 s more. DRY_RUN=1: the plumbing without a GPU (the built-in resnet-mini, no export;
# the CUDA configurations are recorded unavailable with the reason).
set -uo pipefail
OUT=${1:?usage: scripts/gpu-concurrency.sh <out-folder>}
RUN_ID=${RUN_ID:-h200-concurrency}
# Device time: the run is cut here, whatever happens (the report still renders what finished).
RUN_BUDGET_S=${RUN_BUDGET_S:-360}
MODELS=/tmp/dnnperf-tv
MODEL=$MODELS/resnet50.onnx
CV2_DIR=/tmp/cv2-cuda
DRY=${DRY_RUN:-0}
PY=/opt/torch/.venv/bin/python3; [[ -x "$PY" ]] || PY=$(command -v python3)
[[ $DRY == 1 ]] && { MODEL=resnet-mini; PY=/usr/bin/python3; }
mkdir -p "$OUT" "$MODELS" "$CV2_DIR"
log() { echo "gpu-concurrency: $*" | tee -a "$OUT/concurrency.log"; }

# Protocol 2 (warm-up until stable and the SM clock settled), as reports/examples/h200-concurrency/ was measured;
# timings chosen to fit about 6 minutes of device time (see the estimate below):
# sequential points: warm-up 0.5 s, 0.5 to 2 s of samples; closed loops: windows of 0.5 s
# (and 50 requests), stable when the last 3 agree within 10%, cut at 2 s of windows.
WARMUP_S=0.5; MIN_S=0.5; MAX_S=2; WINDOW_S=0.5
BATCHES=1,8,32; LEVELS=1,2,4,8
MODES=sessions; [[ "${WITH_SHARED:-0}" == 1 ]] && MODES=sessions,shared
# The dry run measures the CPU too, briefly, so the closed-loop path runs end to end.
[[ $DRY == 1 ]] && { BATCHES=1; LEVELS=1,2; WINDOW_S=0.1; MAX_S=0.5; }

cv2_tar() {
  for f in "${CV2_CUDA_TAR:-}" .cv2/*.tar.xz shared/opencv-cuda/cv2-*-cuda*.tar.xz ../shared/opencv-cuda/cv2-*-cuda*.tar.xz; do
    [[ -n "$f" && -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

# 1. ResNet-50 from torchvision, exported the way scripts/gpu-validate.sh does; a few seconds of
#    matmuls afterwards so the first configurations do not run at the idle SM clock.
if [[ $DRY == 1 ]]; then log "dry run: the built-in resnet-mini instead of ResNet-50"; else
log "exporting ResNet-50 with torchvision"
"$PY" - <<'PY' 2>&1 | tail -3 | tee -a "$OUT/concurrency.log"
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
fi

# 2. The CUDA cv2 through PYTHONPATH and its folder on LD_LIBRARY_PATH (its libprotobuf), as
#    engine options of that engine only (scripts/gpu-h200.sh does the same).
ENGINES=(); BACKENDS=ort:cuda,ort:cuda/fp16; LIST_ENV=()
[[ $DRY == 1 ]] && BACKENDS=ort:cpu,$BACKENDS
if tar=$(cv2_tar); then
  tar xJf "$tar" -C "$CV2_DIR" --strip-components=1
  CV_LD=$CV2_DIR:${LD_LIBRARY_PATH:-/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu}
  PYTHONPATH=$CV2_DIR LD_LIBRARY_PATH=$CV_LD "$PY" -c 'import cv2; print("cv2", cv2.__version__, "CUDA targets", list(cv2.dnn.getAvailableTargets(cv2.dnn.DNN_BACKEND_CUDA)))' 2>&1 | tail -1 | tee -a "$OUT/concurrency.log"
  ENGINES=(--engine "cvcuda=opencv:python=$PY,env.PYTHONPATH=$CV2_DIR,env.LD_LIBRARY_PATH=$CV_LD")
  BACKENDS=$BACKENDS,cvcuda:cuda/cuda,cvcuda:cuda/cuda_fp16
  LIST_ENV=(env "PYTHONPATH=$CV2_DIR" "LD_LIBRARY_PATH=$CV_LD" "DNNPERF_PYTHON=$PY")
else
  log "no CUDA cv2 archive found (CV2_CUDA_TAR, .cv2/, shared/opencv-cuda/, ../shared/opencv-cuda/): OpenCV left out"
fi

"${LIST_ENV[@]}" node bin/dnnperf list > "$OUT/list.txt" 2>&1
node bin/dnnperf env > "$OUT/env.txt" 2>&1

# 3. The estimate, per configuration: a process with CUDA and the engine loaded (about 2 s), the
#    sessions' setup (onnxruntime's in parallel threads, about 1 s; OpenCV's Nets one after another,
#    about 1 s and 0.3 s more per Net), the warm-up, at most MAX_S of samples or windows, and at
#    concurrency 1 the FP32 CPU reference for the accuracy check (about 1 s).
estimate=$(BACKENDS=$BACKENDS MODES=$MODES BATCHES=$BATCHES LEVELS=$LEVELS python3 - "$WARMUP_S" "$MAX_S" <<'PY'
import os, sys
warm, cap = float(sys.argv[1]), float(sys.argv[2])
backends = os.environ['BACKENDS'].split(',')
shared = 'shared' in os.environ['MODES']
total = n = 0
for b in backends:
    for batch in os.environ['BATCHES'].split(','):
        for c in map(int, os.environ['LEVELS'].split(',')):
            setup = 1 + 0.3 * (c - 1) if b.startswith('cvcuda') else 1
            runs = 2 if (c > 1 and shared and b.startswith('ort')) else 1
            total += runs * (2 + setup + warm + cap + (1 if c == 1 else 0))
            n += runs
print(n, round(total))
PY
)
read -r n_cfg est_s <<<"$estimate"
log "plan: $(basename "$MODEL" .onnx) x $BACKENDS x batch $BATCHES x concurrency $LEVELS ($MODES): $n_cfg configurations;" \
  "estimate at most about $est_s s of device time for the sweep (less where points get stable early), cut at $RUN_BUDGET_S s; export and report add about 40 s"

# 4. The sweep, then the report of whatever finished, and the README table.
RUNS=$OUT/runs
rm -rf "${RUNS:?}/$RUN_ID"
start=$(date +%s)
timeout "$RUN_BUDGET_S" node bin/dnnperf run --model "$MODEL" "${ENGINES[@]}" --backend "$BACKENDS" \
  --batch "$BATCHES" --concurrency "$LEVELS" --concurrency-mode "$MODES" --window-time "$WINDOW_S" \
  --warmup-time "$WARMUP_S" --min-time "$MIN_S" --max-time "$MAX_S" --config-timeout 60 --no-layers --no-report --protocol 2 \
  --run-id "$RUN_ID" -o "$RUNS" > "$OUT/run.txt" 2>&1
log "run exit $? after $(( $(date +%s) - start )) s with $(wc -l < "$RUNS/$RUN_ID/results.jsonl" 2>/dev/null || echo 0) results"
node bin/dnnperf report "$RUNS/$RUN_ID" > "$OUT/report.txt" 2>&1
log "report exit $?: $RUNS/$RUN_ID/report.html"
node scripts/concurrency-table.mjs "$RUNS/$RUN_ID" > "$OUT/concurrency-table.md" 2>&1
cat "$OUT/concurrency-table.md"
log "done in $(( $(date +%s) - start )) s after the export"
