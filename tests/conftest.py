"""Fixtures and helpers shared by the test modules: toy MarianMT models, built once per test session; the
headless Chromium the brief tests open pages in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.evaluate.toy_models import build_copy_model, build_toy_models

# Tests are deterministic: property tests draw the same examples on every run and replay none from a local
# database, so a run on CI is the run a developer sees.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

CHROMIUM = Path("/usr/bin/chromium")  # where scripts/install_chromium.sh puts it


@pytest.fixture(scope="session")
def toy_models(tmp_path_factory) -> Path:
    """A folder with tiny random-weight models (id-en, en-ja) and pipeline.yaml using them
    (see pipeline/evaluate/toy_models.py)."""
    return build_toy_models(tmp_path_factory.mktemp("toy_models"), "tiny")


@pytest.fixture(scope="session")
def copy_model(tmp_path_factory) -> Path:
    """A MarianMT folder whose model copies its input: outputs can be checked against inputs exactly."""
    return build_copy_model(tmp_path_factory.mktemp("copy_model"))


def spy_on_routes(stage) -> dict[str, list[str]]:
    """What each route's engine is asked to translate, by language, as the stage runs."""
    seen: dict[str, list[str]] = {}
    for lang, route in stage.routes.items():
        def spy(texts, progress=None, _lang=lang, _translate=route.engine.translate):
            seen.setdefault(_lang, []).extend(texts)
            return _translate(texts, progress)
        route.engine.translate = spy
    return seen


def needs(tool: str | Path) -> str:
    """The tool's path; without it the test fails under CI (which installs it) and is skipped elsewhere."""
    found = shutil.which(str(tool))
    if found is None:
        message = f"{tool} is missing (scripts/install_chromium.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run this test")
        pytest.skip(message)
    return found


def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess:
    """Headless Chromium on a 1200 x 1600 window, with a profile of its own and no network chatter."""
    command = [needs(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={user_data}", "--window-size=1200,1600", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)
