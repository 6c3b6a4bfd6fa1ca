#!/usr/bin/env bash
# OpenCV DNN's CUDA backend on the H200 (issue 12), in phases that each fit one device command
# (< 9 min) and resume where the last one stopped: every job is skipped once done, and a job is
# only started when the phase's time budget still holds its estimate. Results stay in $RUNS
# (/tmp, kept while the machine stays warm) and every phase packs what is done into $OUT, so a
# reset machine loses no finished job. Run on the H200 after `source .gpu/pN/stage.sh`, with
# dist/ built and the CUDA cv2 archive in .cv2/ (both git-ignored: carry them).
#
#   scripts/gpu-h200.sh estimate          the jobs in order, their time estimates, what is done
#   scripts/gpu-h200.sh phase1|phase2|phase3
#                                         each runs the jobs not done yet, in order, starting only those whose
#                                         estimate fits what is left of PHASE_BUDGET_S (510 s); the order is
#                                         setup (models, cv2, list/env, OpenCV's fallback log), main shards 1-4,
#                                         cuDNN 9.14 vs 9.19, fallback models, TF32 off, built-in family, agreement
#   scripts/gpu-h200.sh finish            merge, report, summary, cuDNN comparisons, baseline (CPU is enough:
#                                         unpack $OUT/h200-runs.tgz into $RUNS on any machine first)
#
# DRY_RUN=1: the same plumbing on a machine without GPU or CUDA cv2, in about a minute: built-in
# models instead of torchvision's, /usr/bin/python3's cv2 for both OpenCV engines, tiny budgets.
#
# What is cut to fit ~14 min of device time (the full matrix is ~18 min): the per-layer pass
# runs on trial 1 only; measuring is short (warm-up >= 0.3 s, 0.3-1 s of samples, >= 10 samples
# unless 1 s is up first, so CPU batch 32 has few samples); the built-in family runs at batch 1,
# one trial, no per-layer pass; the cuDNN pair covers batch 1; TF32-off covers onnxruntime at
# batch 1 and 8, one trial; the agreement check covers OpenCV CUDA at batch 1, 8 and 32 (AGREE_BATCHES).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
DRY=${DRY_RUN:-0}
OUT=${OUT:-/tmp/dnnperf-out}
RUNS=${RUNS:-/tmp/dnnperf-h200}
MODELS=${MODELS:-/tmp/dnnperf-tv}
PHASE_BUDGET_S=${PHASE_BUDGET_S:-510}
mkdir -p "$OUT" "$RUNS/logs" "$RUNS/done" "$MODELS"
T0=$(date +%s)
LOG="$RUNS/logs/gpu-h200.log"
log() { echo "gpu-h200: $*" | tee -a "$LOG"; }
left() { echo $((PHASE_BUDGET_S - ($(date +%s) - T0))); }
# The time a step may take: what is left of the phase, less a margin to pack the results.
cap() { local c=$(($(left) - 10)); ((c > 5)) && echo "$c" || echo 5; }
DNNPERF=(node bin/dnnperf)

# --- the machine -----------------------------------------------------------------------------
PY=/opt/torch/.venv/bin/python3
CV2=/tmp/cv2-cuda
TORCH_SP=/opt/torch/.venv/lib/python3.12/site-packages
TORCH_CUDNN=$TORCH_SP/nvidia/cudnn/lib
CUDA_LIB=/usr/local/cuda-13.0/targets/x86_64-linux/lib
SYS_LIB=/usr/lib/x86_64-linux-gnu
PROTOCOL=(--warmup-time 0.3 --warmup-runs 2 --min-time 0.3 --max-time 1 --min-samples 10 --profile-runs 5 --config-timeout 90 --no-fetch --no-report)
BIG=("$MODELS/resnet50.onnx" "$MODELS/mobilenet_v2.onnx")
FAMILY=(resnet-mini mobilenetv2-mini transformer-mini mlp-mini detector-mini)
RNN=("$MODELS/lstm.onnx" "$MODELS/gru.onnx")
RNN_BATCH=16
MAIN_SHARDS=4
TRIALS=${TRIALS:-3}
CUDNN_BACKENDS=cv914:cuda/cuda,cv914:cuda/cuda_fp16,cv919:cuda/cuda,cv919:cuda/cuda_fp16,ort914:cuda,ort914:cuda/fp16,ort919:cuda,ort919:cuda/fp16
FALLBACK_BACKENDS=ort:cpu,ort:cuda,cv410:cuda/cuda,cv410:cuda/cuda_fp16,cv410:opencv/cpu
TF32_BACKENDS=ort:cuda,ort:cuda/fp16
if [[ $DRY == 1 ]]; then
  # No GPU, no CUDA cv2: the CUDA configurations are recorded as unavailable, everything else runs.
  PY=/usr/bin/python3
  PROTOCOL=(--warmup-time 0.02 --warmup-runs 2 --min-time 0.03 --max-time 0.15 --min-samples 5 --profile-runs 2 --config-timeout 60 --no-fetch --no-report)
  BIG=(tiny-op)
  FAMILY=(mlp-mini)
  RNN=(tiny-op)
  RNN_BATCH=1
  MAIN_SHARDS=2
  CUDNN_BACKENDS=cv914:opencv/cpu,cv919:opencv/cpu,ort914:cpu,ort919:cpu
  FALLBACK_BACKENDS=ort:cpu,cv410:cuda/cuda,cv410:opencv/cpu
  TF32_BACKENDS=ort:cpu
fi
# The CUDA cv2 through PYTHONPATH and its folder on LD_LIBRARY_PATH (its libprotobuf); the machine's
# OpenCV 5.0 is what the same python imports without them. Engine options apply to that engine only.
E_CV410="cv410=opencv:python=$PY,env.PYTHONPATH=$CV2,env.LD_LIBRARY_PATH=$CV2:${LD_LIBRARY_PATH:-$CUDA_LIB:$SYS_LIB}"
E_CV50="cv50=opencv:python=$PY"
# cuDNN 9.14 (the system's) against 9.19 (PyTorch's wheel): two aliases differing only in LD_LIBRARY_PATH.
E_CV914="cv914=opencv:python=$PY,env.PYTHONPATH=$CV2,env.LD_LIBRARY_PATH=$CV2:$SYS_LIB:$CUDA_LIB"
E_CV919="cv919=opencv:python=$PY,env.PYTHONPATH=$CV2,env.LD_LIBRARY_PATH=$CV2:$TORCH_CUDNN:$CUDA_LIB"
E_ORT914="ort914=ort:env.LD_LIBRARY_PATH=$SYS_LIB:$CUDA_LIB"
E_ORT919="ort919=ort:env.LD_LIBRARY_PATH=$TORCH_CUDNN:$CUDA_LIB:$SYS_LIB"
ENGINES=(--engine "$E_CV410" --engine "$E_CV50")

models() { for m in "$@"; do printf -- '--model\0%s\0' "$m"; done; }

# A run folder is complete when every planned configuration has a result line.
complete() {
  node -e 'const fs=require("fs");const d=process.argv[1];const m=JSON.parse(fs.readFileSync(d+"/run.json","utf8"));
    const n=fs.existsSync(d+"/results.jsonl")?fs.readFileSync(d+"/results.jsonl","utf8").split("\n").filter(Boolean).length:0;
    process.exit(n===m.configurations.length?0:1)' "$1" 2>/dev/null
}

# dnnperf_run <id> <dnnperf run args...>: a run into $RUNS/<id>; a cut one is kept aside, never appended to.
dnnperf_run() {
  local id=$1; shift
  if [[ -e "$RUNS/$id" ]]; then mv "$RUNS/$id" "$RUNS/$id.cut-$(date +%s)"; fi
  timeout "$(cap)" "${DNNPERF[@]}" run --run-id "$id" -o "$RUNS" "${PROTOCOL[@]}" "$@" > "$RUNS/logs/$id.txt" 2>&1
  local rc=$?
  log "$id: exit $rc, $(wc -l < "$RUNS/$id/results.jsonl" 2>/dev/null || echo 0) results"
  complete "$RUNS/$id"
}

gpu_warm() {
  # GPU clocks idle at 345 MHz and reach 1980 MHz only after tens of seconds of work (probe,
  # 2026-12-02): load the GPU for a few seconds before measuring, so the first configurations
  # are not measured while clocks ramp (each result records the SM clock after its sampling).
  [[ $DRY == 1 ]] && return 0
  timeout 30 "$PY" - <<'PY' >> "$LOG" 2>&1 || true
import time, torch
a = torch.randn(8192, 8192, device='cuda')
t = time.time()
while time.time() - t < 8:
    a = (a @ a).clamp_(-1, 1)
torch.cuda.synchronize()
print('gpu warm-up done')
PY
}

# --- jobs ------------------------------------------------------------------------------------
job_setup() {
  "${DNNPERF[@]}" list > "$RUNS/logs/list.txt" 2>&1
  "${DNNPERF[@]}" env > "$RUNS/logs/env.txt" 2>&1
  if [[ $DRY == 1 ]]; then log "dry run: no cv2 archive, no torchvision export"; return 0; fi
  local archive; archive=$(ls .cv2/*.tar.xz 2>/dev/null | head -1)
  [[ -n "$archive" ]] || { log "no CUDA cv2 archive in .cv2/ (carry it there)"; return 1; }
  rm -rf "$CV2" && mkdir -p "$CV2" && tar xJf "$archive" -C "$CV2" --strip-components=1
  PYTHONPATH=$CV2 LD_LIBRARY_PATH=$CV2:$LD_LIBRARY_PATH "$PY" -c 'import cv2; print("cv2", cv2.__version__, cv2.__file__, cv2.dnn.getAvailableTargets(cv2.dnn.DNN_BACKEND_CUDA))' >> "$LOG" 2>&1
  { nvidia-smi; nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,clocks_event_reasons.active --format=csv; ls -d "$TORCH_SP"/nvidia_*dist-info "$TORCH_SP"/nvidia/*/lib; } > "$RUNS/logs/machine.txt" 2>&1
  timeout "$(cap)" "$PY" - "$MODELS" <<'PY' >> "$LOG" 2>&1 || return 1
import sys, torch, torchvision
out = sys.argv[1]
def export(model, x, name, **kw):
    kw = dict(input_names=['input'], output_names=['output'], opset_version=13, **kw)
    try:
        torch.onnx.export(model, x, f'{out}/{name}.onnx', dynamo=False, **kw)
    except TypeError:  # torch from before the dynamo switch
        torch.onnx.export(model, x, f'{out}/{name}.onnx', **kw)
for name in ['resnet50', 'mobilenet_v2']:
    torch.manual_seed(0)  # the same random weights on every export
    export(getattr(torchvision.models, name)(weights=None).eval(), torch.randn(1, 3, 224, 224), name,
           dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}})
class Rnn(torch.nn.Module):
    """x: [seq, 64]. The batch axis of 1 is added inside the graph: cv2's Python binding cannot pass a
    3-D array to a net (it reads it as a 2-D image with channels), and OpenCV's CUDA backend has no
    LSTM/GRU, so these layers run on the CPU inside the CUDA net: the fallback to record."""
    def __init__(self, kind):
        super().__init__()
        self.rnn = getattr(torch.nn, kind)(64, 128)
        self.fc = torch.nn.Linear(128, 10)
    def forward(self, x):
        y, _ = self.rnn(x.unsqueeze(1))
        return self.fc(y.squeeze(1))
for kind in ['LSTM', 'GRU']:
    torch.manual_seed(0)
    export(Rnn(kind).eval(), torch.randn(16, 64), kind.lower())
print('exported', torch.__version__, torchvision.__version__)
PY
  # What OpenCV itself prints for the LSTM net on CUDA (stdout's INFO and stderr's WARN lines):
  # the fixture test/fixtures/h200-probe/opencv-4.10-cuda-lstm.log is to be replaced by this file.
  for m in lstm gru; do
    OPENCV_LOG_LEVEL=INFO PYTHONPATH=$CV2 LD_LIBRARY_PATH=$CV2:$LD_LIBRARY_PATH timeout 60 "$PY" -c "
import cv2, numpy as np
net = cv2.dnn.readNetFromONNX('$MODELS/$m.onnx')
net.setPreferableBackend(cv2.dnn.DNN_BACKEND_CUDA); net.setPreferableTarget(cv2.dnn.DNN_TARGET_CUDA)
net.setInput(np.random.default_rng(0).standard_normal((16, 64)).astype(np.float32))
print('output shape', net.forward().shape, flush=True)
" > "$RUNS/logs/opencv-fallback-$m.log" 2>&1
    log "$m on cv2 CUDA: $(grep -c 'fallback to the CPU implementation' "$RUNS/logs/opencv-fallback-$m.log") fallback line(s)"
  done
  ls -la "$MODELS" >> "$LOG"
}

job_main() { # shard i of MAIN_SHARDS: the suite's matrix (7 backends x 2 models x batch 1, 8, 32), TRIALS trials
  local i=$1 extra=()
  [[ $DRY == 1 ]] && { mapfile -d '' extra < <(models "${BIG[@]}"); extra+=(--batch 1); }
  dnnperf_run "h200-main-s$i" h200 "${ENGINES[@]}" "${extra[@]}" --trials "$TRIALS" --shard "$i/$MAIN_SHARDS"
}

job_cudnn() { # the same configurations under cuDNN 9.14 and 9.19, interleaved in one run, no per-layer pass
  local m; mapfile -d '' m < <(models "${BIG[@]}")
  dnnperf_run h200-cudnn h200 "${m[@]}" --batch 1 --trials "$TRIALS" --no-layers \
    --engine "$E_CV914" --engine "$E_CV919" --engine "$E_ORT914" --engine "$E_ORT919" \
    --backend "$CUDNN_BACKENDS"
}

job_fallback() { # LSTM/GRU on OpenCV CUDA (their layers fall back to the CPU), beside onnxruntime CUDA
  local m; mapfile -d '' m < <(models "${RNN[@]}")
  dnnperf_run h200-fallback h200 "${m[@]}" "${ENGINES[@]}" --batch "$RNN_BATCH" --trials 1 --backend "$FALLBACK_BACKENDS"
}

job_tf32off() { # onnxruntime CUDA FP32 without TF32 (NVIDIA_TF32_OVERRIDE=0): accuracy and speed of real FP32
  local m; mapfile -d '' m < <(models "${BIG[@]}")
  dnnperf_run h200-tf32off h200 "${m[@]}" --batch 1,8 --trials 1 --no-layers --option tf32=off --backend "$TF32_BACKENDS"
}

job_family() { # the built-in family on the 7 backends, batch 1, one trial, protocol 2 (as the committed example)
  local m; mapfile -d '' m < <(models "${FAMILY[@]}")
  dnnperf_run h200-family h200 "${m[@]}" "${ENGINES[@]}" --batch 1 --trials 1 --no-layers --protocol 2
}

job_agree() { # plain net.forward() loop in the worker against the harness, interleaved, same net and inputs
  local runner
  if [[ -d node_modules/tsx ]]; then runner=(node --import tsx bench/plain-loop-agreement.ts)
  elif [[ -f .bench-build/bench/plain-loop-agreement.js ]]; then runner=(node .bench-build/bench/plain-loop-agreement.js)
  else log "agreement: neither tsx nor .bench-build (npm run build:bench) here: skipped"; return 1; fi
  local m=() b=cv410:cuda/cuda,cv410:cuda/cuda_fp16 batches=${AGREE_BATCHES:-1,8,32}
  mapfile -d '' m < <(models "${BIG[@]}")
  [[ $DRY == 1 ]] && { b=cv410:opencv/cpu,ort:cpu; batches=1; }
  timeout "$(cap)" "${runner[@]}" suites/h200.json --round-ms 150 --engine "$E_CV410" --backend "$b" --batch "$batches" "${m[@]}" \
    > "$RUNS/logs/agreement.txt" 2>&1
  local rc=$?
  log "agreement: exit $rc; $(tail -1 "$RUNS/logs/agreement.txt")"
  [[ $rc == 0 ]]
}

# name estimate_s command...
JOBS=(
  "setup 60 job_setup"
  "main-s1 110 job_main 1" "main-s2 110 job_main 2" "main-s3 110 job_main 3" "main-s4 110 job_main 4"
  "cudnn 140 job_cudnn" "fallback 35 job_fallback" "tf32off 35 job_tf32off"
  "family 90 job_family" "agree 120 job_agree"
)
if [[ $DRY == 1 ]]; then
  JOBS=("setup 5 job_setup" "main-s1 15 job_main 1" "main-s2 15 job_main 2" "cudnn 15 job_cudnn" "fallback 8 job_fallback"
    "tf32off 8 job_tf32off" "family 8 job_family" "agree 10 job_agree")
fi

pack() {
  tar czf "$OUT/h200-runs.tgz" -C "$RUNS" . 2>/dev/null
  cp "$LOG" "$OUT/gpu-h200.log" 2>/dev/null
  estimate > "$OUT/status.txt"
}

estimate() {
  local total=0 todo=0
  for j in "${JOBS[@]}"; do
    read -r name est _ <<< "$j"
    total=$((total + est))
    if [[ -e "$RUNS/done/$name" ]]; then echo "done  $name"; else echo "todo  $name  ~${est} s"; todo=$((todo + est)); fi
  done
  echo "estimate: ${total} s for all jobs, ${todo} s left (each phase stops starting jobs ${PHASE_BUDGET_S} s after it began)"
}

run_jobs() {
  [[ $DRY == 1 ]] || command -v nvidia-smi > /dev/null || { log "no nvidia-smi: not the GPU machine (DRY_RUN=1 for the plumbing)"; exit 2; }
  [[ -f dist/cli/main.js ]] || { log "dist/ missing: npm run build, and carry dist"; exit 2; }
  # A reset machine lost /tmp: take the runs back from the last pack carried in .h200-runs/, and
  # redo the setup when the models or the unpacked cv2 are gone.
  if [[ -z "$(ls -A "$RUNS/done" 2>/dev/null)" && -f .h200-runs/h200-runs.tgz ]]; then
    tar xzf .h200-runs/h200-runs.tgz -C "$RUNS" && log "restored the finished jobs from .h200-runs/h200-runs.tgz"
  fi
  if [[ $DRY != 1 ]] && { [[ ! -f "${BIG[0]}" ]] || [[ ! -d "$CV2" ]]; }; then rm -f "$RUNS/done/setup"; fi
  log "phase $PHASE: $(estimate | tail -1)"
  local warmed=0
  for want in "$@"; do
    for j in "${JOBS[@]}"; do
      read -r name est fn args <<< "$j"
      [[ "$name" == "$want" ]] || continue
      if [[ -e "$RUNS/done/$name" ]]; then log "$name: done already"; continue; fi
      if (($(left) < est)); then log "$name: ~$est s does not fit the $(left) s left of this phase: next phase"; continue; fi
      if [[ $name != setup && $warmed == 0 ]]; then gpu_warm; warmed=1; fi
      local s0; s0=$(date +%s)
      # Each long step inside a job runs under `timeout $(cap)`: the phase never outruns its budget.
      # shellcheck disable=SC2086
      if $fn $args 2>>"$LOG"; then touch "$RUNS/done/$name"; fi
      log "$name: $(($(date +%s) - s0)) s (estimate $est s), $( [[ -e "$RUNS/done/$name" ]] && echo done || echo 'NOT complete: rerun the phase')"
      pack
    done
  done
  pack
  log "phase $PHASE done in $(($(date +%s) - T0)) s; $(estimate | tail -1)"
}

finish() {
  local main=() s
  for ((s = 1; s <= MAIN_SHARDS; s++)); do [[ -d "$RUNS/h200-main-s$s" ]] && main+=("$RUNS/h200-main-s$s"); done
  rm -rf "$RUNS/h200-main"
  "${DNNPERF[@]}" merge "${main[@]}" -o "$RUNS/h200-main" > "$RUNS/logs/merge.txt" 2>&1; log "merge: exit $?"
  "${DNNPERF[@]}" report "$RUNS/h200-main" > "$RUNS/logs/report-main.txt" 2>&1; log "report main: exit $?"
  local others=()
  for r in h200-family h200-fallback h200-tf32off h200-cudnn; do [[ -d "$RUNS/$r" ]] && others+=("$RUNS/$r"); done
  for r in "${others[@]}"; do "${DNNPERF[@]}" report "$r" > "$RUNS/logs/report-$(basename "$r").txt" 2>&1; log "report $(basename "$r"): exit $?"; done
  if [[ -d "$RUNS/h200-cudnn" ]]; then
    for pair in "cv914 cv919" "ort914 ort919"; do
      read -r ref head <<< "$pair"
      "${DNNPERF[@]}" compare "$RUNS/h200-cudnn" --reference "$ref" --head "$head" --no-step-summary \
        --markdown "$RUNS/cudnn-$ref-vs-$head.md" --json-file "$RUNS/cudnn-$ref-vs-$head.json" > "$RUNS/logs/compare-$ref-$head.txt" 2>&1
      log "compare $ref vs $head: exit $?"
    done
  fi
  "${DNNPERF[@]}" baseline save "$RUNS/h200-main" --suite h200 --baselines "$RUNS/baselines" > "$RUNS/logs/baseline.txt" 2>&1; log "baseline: exit $?"
  tar czf "$OUT/h200-final.tgz" -C "$RUNS" --exclude='./done' . 2>/dev/null
  log "finished: $RUNS/h200-main/report.html, $RUNS/cudnn-*.md, $RUNS/baselines; everything in $OUT/h200-final.tgz"
}

PHASE=${1:-}
case "$PHASE" in
  estimate) estimate ;;
  phase1 | phase2 | phase3 | all) run_jobs setup main-s1 main-s2 main-s3 main-s4 cudnn fallback tf32off family agree ;;
  finish) finish ;;
  *) echo "usage: scripts/gpu-h200.sh estimate|phase1|phase2|phase3|all|finish   (DRY_RUN=1 for the plumbing without a GPU)" >&2; exit 2 ;;
esac
