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


def spy_on_routes(stage) -> dict[str, list[str]]:
    """What each route's engine is asked to translate, by language, as the stage runs."""
    seen: dict[str, list[str]] = {}
    for lang, route in stage.routes.items():
        def spy(texts, progress=None, _lang=lang, _translate=route.engine.translate):
            seen.setdefault(_lang, []).extend(texts)
            return _translate(texts, progress)
        route.engine.translate = spy
    return seen
