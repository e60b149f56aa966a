#!/usr/bin/env bash
# Set up (idempotent) and run the whole pipeline on the bundled example articles into runs/example.
# Where the translation models cannot be had (no Hugging Face Hub access and nothing cached), it says so and
# still makes the Indonesian summaries and brief with the stages that need no model.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "eval" || exit $?
# brief.pdf needs Chromium and the Japanese fonts; without them the run still writes brief.html and brief.md.
bash scripts/install_chromium.sh >/dev/null 2>&1 \
  || echo "demo: could not install Chromium and fonts (scripts/install_chromium.sh: apt, sudo); no brief.pdf" >&2
out=${1:-runs/example}
.venv/bin/pipeline run examples/ --config configs/default.yaml --out "$out"
status=$?
if [ $status -eq 2 ]; then
  echo "demo: translation models unavailable (message above); running the model-free stages only" >&2
  .venv/bin/pipeline run examples/ --config configs/default.yaml --out "$out" --stages normalize,summarize,brief
  status=$?
fi
[ $status -eq 0 ] && echo "demo: open $out/brief.html (records in $out/*.jsonl)"
exit $status
