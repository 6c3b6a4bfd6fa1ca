#!/usr/bin/env bash
# Issue 11's loaded-machine check with onnxruntime: baseline (12 trials), an A/A gate on the idle
# machine, then the same gate while two busy loops share the 2 cores. Outputs in $O (/tmp/dnnperf-busy).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
O=${O:-/tmp/dnnperf-busy}; rm -rf "$O"; mkdir -p "$O"
node bin/dnnperf run default --trials 12 --no-layers --warmup-time 0.2 --min-time 0.3 --max-time 2 -o $O/runs --run-id base12 > $O/base12.txt 2>&1; echo "base exit $?"
node bin/dnnperf baseline save $O/runs/base12 --baselines $O/baselines > $O/save.txt 2>&1; echo "save exit $?"
node bin/dnnperf gate default --baselines $O/baselines -o $O/runs --run-id aa --markdown $O/aa.md > $O/aa.txt 2>&1; echo "A/A gate exit $?"
yes > /dev/null & a=$!; yes > /dev/null & b=$!
node bin/dnnperf gate default --baselines $O/baselines -o $O/runs --run-id busy --markdown $O/busy.md > $O/busy.txt 2>&1; echo "busy gate exit $?"
kill $a $b
