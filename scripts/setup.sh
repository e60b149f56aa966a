#!/usr/bin/env bash
# Idempotent setup of .venv: a CPU build of torch unless an NVIDIA GPU is present (or TORCH_VARIANT=cuda),
# then this package with the extras named in $1 (default: eval,test). A stamp skips the work when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-eval,test}
python=${PYTHON:-python3}
torch_spec=${TORCH_SPEC:-torch==2.13.0}

[ -x .venv/bin/python ] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip install --disable-pip-version-check -q)
# pip's output without the notes about unreachable indexes; the command's own exit status.
quiet() {
  local output status=0
  output=$("$@" 2>&1) || status=$?
  grep -v -E "^WARNING: (Location|Retrying)" <<<"$output" || true
  return "$status"
}

if ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
  variant=${TORCH_VARIANT:-auto}
  if [ "$variant" = auto ]; then
    if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then variant=cuda; else variant=cpu; fi
  fi
  echo "setup: installing $torch_spec ($variant build)"
  if [ "$variant" = cpu ] && [ "$(uname -s)" = Linux ]; then
    # PyPI's Linux wheels bundle CUDA (several GB); PyTorch's CPU index has the small build.
    quiet "${pip[@]}" "$torch_spec" --index-url https://download.pytorch.org/whl/cpu --timeout 20 --retries 1 \
      || quiet "${pip[@]}" "$torch_spec"
  else
    quiet "${pip[@]}" "$torch_spec"
  fi
fi

stamp=".venv/.setup-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras//,/-}"
if [ ! -f "$stamp" ]; then
  echo "setup: installing the pipeline package [$extras]"
  quiet "${pip[@]}" -e ".[$extras]"
  .venv/bin/python -c "import pipeline, torch, transformers"
  rm -f .venv/.setup-* && touch "$stamp"
fi
