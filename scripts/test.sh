#!/usr/bin/env bash
# Set up (idempotent) and run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "eval,test,ct2,ray"
exec .venv/bin/python -m pytest tests "$@"
