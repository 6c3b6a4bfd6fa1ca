#!/usr/bin/env bash
# GPU validation on the H100 (issue 6), in two calls that each fit the device's 10-minute
# limit. Run after `source .gpu/pN/stage.sh` (see ../shared/gpu/README.md).
#   scripts/gpu-validate.sh run     export ResNet-50 and MobileNetV2 with torchvision (random
#                                   weights), run suites/h100.json (built-in family + those two,
#                                   ort:cpu / ort:cuda / ort:cuda/fp16, batch 1, 8, 32)
#   scripts/gpu-validate.sh finish  plain-loop agreement, report, baseline; pack into $OUT
set -uo pipefail
OUT=${OUT:-/tmp/dnnperf-out}
RUNS=/tmp/dnnperf-gpu-runs
RUN="$RUNS/h100-validation"
mkdir -p "$OUT" "$RUNS" /tmp/dnnperf-tv
log() { echo "gpu-validate: $*" | tee -a "$OUT/validate.log"; }

case "${1:-}" in
run)
  log "exporting torchvision models"
  python3 - <<'PY' 2>&1 | tail -3 | tee -a "$OUT/validate.log"
import torch, torchvision
for name in ['resnet50', 'mobilenet_v2']:
    model = getattr(torchvision.models, name)(weights=None).eval()
    x = torch.randn(1, 3, 224, 224)
    kwargs = dict(input_names=['input'], output_names=['logits'], opset_version=17,
                  dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
    try:
        torch.onnx.export(model, x, f'/tmp/dnnperf-tv/{name}.onnx', dynamo=False, **kwargs)
    except TypeError:  # torch from before the dynamo switch
        torch.onnx.export(model, x, f'/tmp/dnnperf-tv/{name}.onnx', **kwargs)
    print('exported', name, 'torch', torch.__version__, 'torchvision', torchvision.__version__)
PY
  node bin/dnnperf list > "$OUT/list.txt" 2>&1
  node bin/dnnperf env > "$OUT/env.txt" 2>&1
  rm -rf "$RUN"
  log "run (budget ${RUN_BUDGET_S:-540} s)"
  timeout "${RUN_BUDGET_S:-540}" node bin/dnnperf run h100 --run-id h100-validation -o "$RUNS" \
    --min-time 0.5 --max-time 2 --warmup-time 0.5 --profile-runs 10 --no-report > "$OUT/run.txt" 2>&1
  log "run exit $? with $(wc -l < "$RUN/results.jsonl") results"
  ;;
finish)
  log "plain-loop agreement"
  timeout "${AGREE_BUDGET_S:-300}" npx tsx bench/plain-loop-agreement.ts "$RUN" --seconds 1 > "$OUT/agreement.txt" 2>&1
  log "agreement exit $?"
  node bin/dnnperf report "$RUN" > "$OUT/report.txt" 2>&1
  node bin/dnnperf baseline save "$RUN" --suite h100 > "$OUT/baseline.txt" 2>&1
  log "baseline exit $?"
  cp -r baselines "$RUN/baselines-out"
  tar czf "$OUT/h100-validation.tgz" -C "$RUNS" h100-validation
  log "packed $(du -sh "$OUT/h100-validation.tgz" | cut -f1)"
  ;;
*) echo "usage: scripts/gpu-validate.sh run|finish" >&2; exit 2 ;;
esac
