#!/usr/bin/env bash
# Set up (idempotent) and run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "eval,test,ct2,ray"
# The PDF and browser tests need Chromium and the fonts; where they cannot be installed those tests skip (CI: fail).
bash scripts/install_chromium.sh >/dev/null 2>&1 \
  || echo "test: could not install Chromium and fonts (scripts/install_chromium.sh: apt, sudo); browser tests skip" >&2
exec .venv/bin/python -m pytest tests "$@"
