"""Fixtures shared by the test modules: toy MarianMT models, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.toy_models import build_copy_model, build_toy_models


@pytest.fixture(scope="session")
def toy_models(tmp_path_factory) -> Path:
    """A folder with tiny random-weight models (id-en, en-ja) and pipeline.yaml using them
    (see pipeline/evaluate/toy_models.py)."""
    return build_toy_models(tmp_path_factory.mktemp("toy_models"), "tiny")


@pytest.fixture(scope="session")
def copy_model(tmp_path_factory) -> Path:
    """A MarianMT folder whose model copies its input: outputs can be checked against inputs exactly."""
    return build_copy_model(tmp_path_factory.mktemp("copy_model"))
