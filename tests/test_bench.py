"""`pipeline bench` end to end on the tiny toy models: every system side by side, the JSON shape, bad options.

No timing is asserted: speeds depend on the machine. What is asserted is what a reader of the table relies on.
"""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.cli import main
from pipeline.evaluate.bench import SYSTEMS, echo_vocabulary_map
from pipeline.evaluate.bench_report import code_revision

pytest.importorskip("ctranslate2")  # pipeline-ct2 and pipeline-fast need the optional `ct2` extra


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache" / "translations.sqlite"))


@pytest.fixture(scope="module")
def mapped_models(toy_models, tmp_path_factory):
    """The tiny toys with vocabulary maps, as the echo toy has them."""
    folder = tmp_path_factory.mktemp("mapped") / "models"
    shutil.copytree(toy_models, folder)
    for route in ("id-en", "en-ja"):
        echo_vocabulary_map(folder / route)
    return folder


def test_bench_compares_every_system_with_the_baseline_over_rounds(mapped_models, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--models", str(mapped_models), "--sentences", "6", "--rounds", "2",
                 "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    systems = {system["name"]: system for system in report["systems"]}
    assert list(systems) == list(SYSTEMS)
    for system in systems.values():
        assert {"name", "sentences_per_s", "target_tokens_per_s", "peak_rss_mb", "same_as_baseline",
                "speedup", "one_off_s"} <= set(system)
        rate = system["sentences_per_s"]
        assert len(rate["rounds"]) == 2 and 0 < rate["min"] <= rate["median"] <= rate["max"]
        assert system["peak_rss_mb"] > 0 and system["one_off_s"]["load"] > 0 and system["same_every_round"]
    assert systems["baseline"]["same_as_baseline"] == 1.0 and systems["baseline"]["speedup"]["rounds"] == [1.0, 1.0]
    # float32, sorted and batched differently, each sentence to its own length limit: the model card's output.
    assert systems["pipeline-exact"]["same_as_baseline"] == 1.0
    ct2 = systems["pipeline-ct2"]
    assert ct2["engine"]["engine"] == "ctranslate2" and ct2["one_off_s"]["convert"] > 0
    assert "NTREX" in ct2["engine"]["vocabulary_map"]["made_from"]  # the map's provenance, as in a manifest
    fast = systems["pipeline-fast"]
    assert [fast["engine"]["engine"], fast["engine"]["precision"]] == fast["engine"]["fast"]["choice"]
    assert fast["one_off_s"]["calibrate"] > 0 and set(fast["fast_choice"]) == {"en", "ja"}
    for name in list(SYSTEMS)[1:]:
        assert 0 <= systems[name]["overhead_share"] <= 1 and systems[name]["warm_cache_speedup"] > 1
    signature = report["signature"]
    assert signature.startswith("bench-translate|toy:folder:models|") and "|sentences:6|rounds:2|" in signature
    assert f"|code:{report['code_revision']}|" in signature
    assert report["machine"]["cores"] >= 1 and report["setup"]["wall_seconds"] > 0
    assert any(check["target"].startswith("pipeline-fast >= 6.0x") for check in report["targets"])
    table = capsys.readouterr().out
    assert all(name in table for name in SYSTEMS) and "one-off" in table


def test_a_vocabulary_map_serves_approximate_precisions_only_and_is_part_of_the_conversion(mapped_models, toy_models):
    """Used for int8 where the model folder has one and the config allows it; never for exact."""
    from pipeline.config import RouteConfig, TranslateConfig
    from pipeline.mt.calibration import load_engine
    from pipeline.mt.ct2_engine import VMAP_FILE, converted_model
    from pipeline.mt.plan import resolve_plans
    from pipeline.mt.sources import check_available

    def engine(folder, precision, **options):
        source = check_available(RouteConfig(model=str(folder / "id-en")), "translate.routes.en.model")
        settings = TranslateConfig(engine="ctranslate2", precision=precision, threads=1, num_beams=2, **options)
        return load_engine(source, resolve_plans(settings))

    mapped = engine(mapped_models, "int8")
    assert mapped.vmap == mapped_models / "id-en" / VMAP_FILE and mapped.search["use_vmap"]
    assert mapped.describe()["vocabulary_map"]["best"] > 0
    converted = converted_model(mapped.source, "int8", mapped.vmap)
    assert (converted / VMAP_FILE).is_file() and converted != converted_model(mapped.source, "int8")
    assert engine(mapped_models, "exact").vmap is None  # exact: the model card's output, over every token
    assert engine(mapped_models, "int8", vocabulary_map=False).vmap is None  # switched off in the config
    plain = engine(toy_models, "int8")
    assert plain.vmap is None and "vocabulary_map" not in plain.describe()
    lines = (mapped_models / "id-en" / VMAP_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("\t") and all(len(line.split("\t")) == 2 for line in lines)
    sentences = ["Pemerintah Kota Bekasi menerima kunjungan kerja.", "Ya."]
    assert len(mapped.translate(sentences)) == 2


def test_the_code_revision_names_a_commit_or_the_version_and_a_hash_of_the_sources():
    revision = code_revision()
    assert revision and " " not in revision
    assert revision == code_revision()  # the same code, the same name


@pytest.mark.parametrize("options, message", [
    (["--sentences", "0"], "--sentences: give 1 to 1997"),
    (["--systems", "pipeline-exact,pipeline-turbo"], "--systems: unknown pipeline-turbo"),
    (["--rounds", "0"], "--rounds: give 1 or more"),
])
def test_bad_options_are_clear_errors(toy_models, options, message, capsys):
    assert main(["bench", "--models", str(toy_models), *options]) == 2
    assert message in capsys.readouterr().err


def test_a_models_folder_without_its_config_is_a_clear_error(tmp_path, capsys):
    assert main(["bench", "--models", str(tmp_path), "--sentences", "2"]) == 2
    assert "no pipeline.yaml" in capsys.readouterr().err


def test_the_report_writes_paths_under_home_from_tilde_so_committed_results_name_no_machine(tmp_path, monkeypatch):
    from pipeline.evaluate.bench_report import _home_as_tilde

    monkeypatch.setenv("HOME", str(tmp_path / "someone"))
    report = {"setup": {"models": str(tmp_path / "someone" / ".cache" / "toy-echo")},
              "systems": [{"engine": {"ref": str(tmp_path / "someone-else" / "m"), "num_beams": 4}}]}
    assert _home_as_tilde(report) == {"setup": {"models": "~/.cache/toy-echo"},
                                      "systems": [{"engine": {"ref": str(tmp_path / "someone-else" / "m"),
                                                              "num_beams": 4}}]}


def test_translations_made_with_a_vocabulary_map_are_cached_apart_from_those_without(mapped_models, tmp_path):
    """The map may change a translation: a run with it must not reuse what a run without it cached, nor the reverse."""
    from pipeline.config import load_config
    from pipeline.stages.translate import TranslateStage

    def namespace(**options):
        config = load_config({"translate": {
            "routes": {"en": {"model": str(mapped_models / "id-en"), "source": "id"}}, "targets": ["en"],
            "engine": "ctranslate2", "precision": "int8", "threads": 1, "cache": str(tmp_path / "cache.sqlite"),
            "facts": False, **options}})
        stage = TranslateStage(config)
        stage.check()
        stage.setup()
        return stage.routes["en"].namespace

    assert namespace() != namespace(vocabulary_map=False)
