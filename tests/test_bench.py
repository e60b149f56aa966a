"""`pipeline bench` end to end on the tiny toy models: every system side by side, the JSON shape, bad options.

No timing is asserted: speeds depend on the machine. What is asserted is what a reader of the table relies on.
"""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate.bench import SYSTEMS
from pipeline.cli import main

pytest.importorskip("ctranslate2")  # pipeline-ct2 and pipeline-fast need the optional `ct2` extra


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache" / "translations.sqlite"))


def test_bench_compares_every_system_with_the_baseline(toy_models, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--models", str(toy_models), "--sentences", "8", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    systems = {system["name"]: system for system in report["systems"]}
    assert list(systems) == list(SYSTEMS)
    for system in systems.values():
        assert {"name", "sentences_per_s", "target_tokens_per_s", "peak_rss_mb", "same_as_baseline",
                "speedup"} <= set(system)
        assert system["sentences_per_s"] > 0 and system["target_tokens_per_s"] > 0 and system["peak_rss_mb"] > 0
    assert systems["baseline"]["same_as_baseline"] == 1.0 and systems["baseline"]["speedup"] == 1.0
    # float32, sorted and batched differently, each sentence to its own length limit: the model card's output.
    assert systems["pipeline-exact"]["same_as_baseline"] == 1.0
    assert systems["pipeline-ct2"]["engine"]["engine"] == "ctranslate2"
    fast = systems["pipeline-fast"]["engine"]
    assert [fast["engine"], fast["precision"]] == fast["fast"]["choice"]
    for name in list(SYSTEMS)[1:]:
        assert 0 <= systems[name]["overhead_share"] <= 1 and systems[name]["warm_cache_speedup"] > 1
    assert report["signature"].startswith("bench-translate|") and "sentences:8" in report["signature"]
    assert report["machine"]["cores"] >= 1
    assert any(check["target"].startswith("pipeline-exact >= 1.6x") for check in report["targets"])
    table = capsys.readouterr().out
    assert all(name in table for name in SYSTEMS)


@pytest.mark.parametrize("options, message", [
    (["--sentences", "0"], "--sentences: give 1 to 1997"),
    (["--systems", "pipeline-exact,pipeline-turbo"], "--systems: unknown pipeline-turbo"),
])
def test_bad_options_are_clear_errors(toy_models, options, message, capsys):
    assert main(["bench", "--models", str(toy_models), *options]) == 2
    assert message in capsys.readouterr().err


def test_a_models_folder_without_its_config_is_a_clear_error(tmp_path, capsys):
    assert main(["bench", "--models", str(tmp_path), "--sentences", "2"]) == 2
    assert "no pipeline.yaml" in capsys.readouterr().err
