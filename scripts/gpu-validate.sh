#!/usr/bin/env bash
# GPU validation on the H100 (issue 6), in two calls that each fit the device's 10-minute
# limit. Run after `source .gpu/pN/stage.sh`, which unpacks node, node_modules and the CUDA
# provider staged on the GPU machine and sets PATH and LD_LIBRARY_PATH.
#   scripts/gpu-validate.sh run     export ResNet-50 and MobileNetV2 with torchvision (random
#                                   weights), run suites/h100.json (built-in family + those two,
#                                   ort:cpu / ort:cuda / ort:cuda/fp16, batch 1, 8, 32)
#   scripts/gpu-validate.sh finish  report and baseline of that run; pack into $OUT
#   scripts/gpu-validate.sh agree   export the models, then the harness against a plain timing
#                                   loop, interleaved, for every configuration of the suite
set -uo pipefail
OUT=${OUT:-/tmp/dnnperf-out}
RUNS=/tmp/dnnperf-gpu-runs
RUN="$RUNS/h100-validation"
mkdir -p "$OUT" "$RUNS" /tmp/dnnperf-tv
log() { echo "gpu-validate: $*" | tee -a "$OUT/validate.log"; }

export_models() {
  log "exporting torchvision models"
  python3 - <<'PY' 2>&1 | tail -3 | tee -a "$OUT/validate.log"
import torch, torchvision
for name in ['resnet50', 'mobilenet_v2']:
    torch.manual_seed(0)  # the same random weights on every export
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
}

case "${1:-}" in
run)
  export_models
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
agree)
  export_models
  log "torch's own FP16 against FP32 on the same random weights (is an FP16 accuracy loss the model's or the converter's?)"
  python3 - <<'PY' 2>&1 | tee -a "$OUT/validate.log"
import torch, torchvision
for name in ['resnet50', 'mobilenet_v2']:
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval().cuda()
    x = torch.rand(8, 3, 224, 224, device='cuda') * 2 - 1
    with torch.no_grad():
        ref = model(x).float()
        half = model.half()(x.half()).float()
    rel = ((half - ref).norm() / ref.norm()).item()
    cos = torch.nn.functional.cosine_similarity(half.flatten(), ref.flatten(), dim=0).item()
    print(f'torch fp16 vs fp32 {name}: |ref| max {ref.abs().max().item():.3e}, rel L2 {rel:.3e}, cosine {cos:.6f}, fp16 all zero: {bool((half == 0).all())}')
PY
  timeout "${AGREE_BUDGET_S:-480}" node --import tsx bench/plain-loop-agreement.ts h100 --round-ms 200 > "$OUT/agreement.txt" 2>&1
  log "agreement exit $?"
  ;;
*) echo "usage: scripts/gpu-validate.sh run|finish|agree" >&2; exit 2 ;;
esac
