"""Engines and precisions: CTranslate2 gives torch's output, conversions and `fast` are done once, bad settings fail."""

from __future__ import annotations

import sys
from importlib import metadata
from types import SimpleNamespace

import pytest

from pipeline.config import RouteConfig, TranslateConfig, load_config
from pipeline.errors import ConfigError
from pipeline.mt.calibration import CALIBRATION_ROUNDS, load_engine
from pipeline.mt.plan import dtype_for, resolve_plans
from pipeline.mt.sources import check_available
from pipeline.stages.translate import TranslateStage

ctranslate2 = pytest.importorskip("ctranslate2")  # the optional `ct2` extra

SETTING = "translate.routes.en.model"
SENTENCES = ["Kota Bekasi.",
             "Pemerintah Kota Bekasi menerima kunjungan kerja dari Jepang terkait program pertukaran regional.",
             "Wali Kota meresmikan pasar baru.",
             "Ya.",
             "Dinas Kesehatan mencatat 340 kasus demam berdarah selama bulan Januari di tiga kecamatan."]


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    """Conversions and calibrations go to the test's own folder, never to the user's cache."""
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache" / "translations.sqlite"))
    return tmp_path / "cache"


@pytest.fixture
def source(toy_models):
    return check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING)


def candidates(engine: str = "auto") -> list[str]:
    """`fast`'s candidates on this CPU, as backend/precision."""
    plans = resolve_plans(TranslateConfig(engine=engine, precision="fast", device="cpu"))
    return [f"{plan.backend}/{plan.precision}" for plan in plans]


@pytest.mark.parametrize("num_beams", [1, 4])
def test_ctranslate2_translates_as_torch_does(source, num_beams):
    options = TranslateConfig(threads=1, num_beams=num_beams, max_new_tokens_ratio=1.0, max_new_tokens_offset=8)
    torch_outputs = load_engine(source, resolve_plans(options)).translate(SENTENCES)
    ct2 = load_engine(source, resolve_plans(options.model_copy(update={"engine": "ctranslate2"})))
    assert ct2.describe()["engine"] == "ctranslate2" and ct2.describe()["dtype"] == "float32"  # exact
    assert ct2.translate(SENTENCES) == torch_outputs
    assert len(set(torch_outputs)) > 1 and all(torch_outputs)  # real, distinct outputs were compared


@pytest.mark.parametrize("engine", ["torch", "ctranslate2"])
@pytest.mark.parametrize("num_beams", [1, 4])
def test_a_sentence_translates_the_same_in_a_batch_as_alone(source, engine, num_beams):
    """The output limit is each sentence's own, so a cached translation never depends on its batch-mates."""
    options = TranslateConfig(engine=engine, threads=1, num_beams=num_beams, max_new_tokens_ratio=1.0,
                              max_new_tokens_offset=2)
    model = load_engine(source, resolve_plans(options))
    batched = model.translate(SENTENCES)
    assert batched == [model.translate([sentence])[0] for sentence in SENTENCES]
    # A random model hardly ever stops by itself: "Ya." ran to its own short limit, not the longest sentence's.
    assert len(batched[3]) < len(batched[1]) / 2


def test_conversion_is_done_once_per_model_and_quantization(source, cache_folder, monkeypatch):
    conversions = []
    convert = ctranslate2.converters.TransformersConverter.convert

    def counted(self, output_dir, *args, **kwargs):
        conversions.append(kwargs.get("quantization"))
        return convert(self, output_dir, *args, **kwargs)

    monkeypatch.setattr(ctranslate2.converters.TransformersConverter, "convert", counted)
    options = TranslateConfig(engine="ctranslate2", precision="int8", threads=1, num_beams=1)
    first = load_engine(source, resolve_plans(options)).translate(SENTENCES[:2])
    assert load_engine(source, resolve_plans(options)).translate(SENTENCES[:2]) == first
    assert conversions == ["int8"]
    load_engine(source, resolve_plans(options.model_copy(update={"precision": "exact"})))
    assert conversions == ["int8", "float32"]
    converted = sorted(path.name for path in (cache_folder / "ct2").iterdir())
    assert len(converted) == 2 and not any(name.startswith(".") for name in converted)  # no half-written folder


def test_fast_calibrates_once_and_the_manifest_records_its_choice(toy_models, cache_folder, monkeypatch):
    config = load_config(toy_models / "pipeline.yaml")
    config.translate.targets = ["en"]
    config.translate.precision = "fast"
    config.translate.cache = cache_folder / "translations.sqlite"
    names = candidates()
    assert "ctranslate2/int8" in names and "torch/int8" in names

    stage = TranslateStage(config)
    output = stage.process([{"id": "a", "sentences": [{"mt_input": text} for text in SENTENCES]}])[0]
    assert len(output["translations"]["en"]) == len(SENTENCES)
    fast = stage.describe()["models"]["translate.en"]["fast"]
    assert "/".join(fast["choice"]) in names and fast["calibrated_now"]
    assert sorted(fast["sentences_per_s"]) == sorted(names)
    assert stage.describe()["models"]["translate.en"]["engine"] == fast["choice"][0]
    assert stage.routes["en"].engine.plan.fast and [plan.fast for plan in stage.plans] == [True] * len(names)

    passes = []
    monkeypatch.setattr("pipeline.mt.calibration.calibrate", lambda engine: passes.append(engine.plan.backend) or 1.0)
    again = load_engine(stage.routes["en"].source, stage.plans)
    assert again.fast["choice"] == fast["choice"] and not again.fast["calibrated_now"] and passes == []

    # `pipeline bench` measures again: every candidate, taking turns, in each round.
    fresh = load_engine(stage.routes["en"].source, stage.plans, recalibrate=True)
    assert fresh.fast["calibrated_now"] and len(passes) == CALIBRATION_ROUNDS * len(names)
    assert passes[:len(names)] == passes[len(names):2 * len(names)]


def test_engines_do_not_share_cached_translations(toy_models, cache_folder):
    """A cached torch translation is not served to a CTranslate2 int8 run, whose output may differ."""
    records = [{"id": "a", "sentences": [{"mt_input": text} for text in SENTENCES]}]
    generated = []
    for engine, precision in [("torch", "exact"), ("ctranslate2", "int8"), ("ctranslate2", "int8")]:
        config = load_config(toy_models / "pipeline.yaml")
        config.translate.targets = ["en"]
        config.translate.engine, config.translate.precision = engine, precision
        config.translate.cache = cache_folder / "translations.sqlite"
        stage = TranslateStage(config)
        stage.process(records)
        generated.append(stage.generated["en"])
    assert generated == [len(SENTENCES), len(SENTENCES), 0]


@pytest.mark.parametrize("package, decides", [("ctranslate2", True), ("transformers", True), ("torch", False)])
def test_an_upgrade_of_a_package_that_decides_ctranslate2s_output_is_a_cache_miss(toy_models, cache_folder,
                                                                                  monkeypatch, package, decides):
    records = [{"id": "a", "sentences": [{"mt_input": text} for text in SENTENCES]}]
    config = load_config(toy_models / "pipeline.yaml")
    config.translate.targets = ["en"]
    config.translate.engine, config.translate.precision = "ctranslate2", "int8"
    config.translate.cache = cache_folder / "translations.sqlite"
    TranslateStage(config).process(records)

    def version(name: str) -> str:  # as if `package` had been upgraded since
        return "99.0" if name == package else metadata.version(name)

    monkeypatch.setattr("pipeline.mt.plan.metadata",
                        SimpleNamespace(version=version, PackageNotFoundError=metadata.PackageNotFoundError))
    again = TranslateStage(config)
    again.process(records)
    assert again.generated["en"] == (len(SENTENCES) if decides else 0)


def test_a_precision_the_engine_cannot_run_is_a_clear_config_error(monkeypatch):
    with pytest.raises(ConfigError, match=r"translate.precision: bf16 \(bfloat16\) is not supported by ctranslate2 "
                                          r"on cpu here; with engine ctranslate2 use exact, int8"):
        resolve_plans(TranslateConfig(engine="ctranslate2", precision="bf16", device="cpu"))
    with pytest.raises(ConfigError, match="fp16 .* not supported by ctranslate2 on cpu"):
        resolve_plans(TranslateConfig(engine="ctranslate2", precision="fp16", device="cpu"))
    with pytest.raises(ConfigError, match="fp16 needs a GPU"):
        resolve_plans(TranslateConfig(engine="torch", precision="fp16", device="cpu"))
    with pytest.raises(ConfigError, match="int8 with engine torch .* runs on a CPU only"):
        dtype_for("torch", "int8", "cuda")
    [plan] = resolve_plans(TranslateConfig(engine="ctranslate2", precision="int8", device="cpu"))
    assert (plan.backend, plan.precision, plan.dtype, plan.fast) == ("ctranslate2", "int8", "int8", False)


def test_ctranslate2_missing_is_named_with_its_extra_and_fast_does_without_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if the `ct2` extra were not installed
    with pytest.raises(ConfigError, match=r"ctranslate2 is not installed; install the `ct2` extra"):
        resolve_plans(TranslateConfig(engine="ctranslate2", precision="int8"))
    assert "ctranslate2/int8" not in candidates() and "torch/int8" in candidates()
    with pytest.raises(ConfigError, match="ctranslate2 is not installed"):
        candidates("ctranslate2")
