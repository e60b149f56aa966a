from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def test_unknown_key_is_named():
    with pytest.raises(ConfigError, match=r"translate\.modle: unknown key"):
        load_config({"translate": {"modle": "x"}})


def test_ill_typed_value_is_named():
    with pytest.raises(ConfigError, match=r"summarize\.sentences: .*integer"):
        load_config({"summarize": {"sentences": "three"}})


def test_nested_route_key_is_named():
    with pytest.raises(ConfigError, match=r"translate\.routes\.ja\.model: Field required"):
        load_config({"translate": {"routes": {"en": {"model": "a"}, "ja": {"source": "en"}}}})


def test_target_without_route_is_an_error():
    with pytest.raises(ConfigError, match="target 'ko' has no entry in translate.routes"):
        load_config({"translate": {"targets": ["en", "ko"]}})


def test_pivot_route_must_reach_indonesian():
    routes = {"en": {"model": "a", "source": "ja"}, "ja": {"model": "b", "source": "en"}}
    with pytest.raises(ConfigError, match="reads"):
        load_config({"translate": {"targets": ["ja"], "routes": routes}})


def test_relative_paths_resolve_against_the_config_file(tmp_path):
    (tmp_path / "models" / "id-en").mkdir(parents=True)
    config_file = tmp_path / "run.yaml"
    config_file.write_text("translate:\n  targets: [en]\n  routes: {en: {model: models/id-en}}\n"
                           "  glossary: terms.tsv\n", encoding="utf-8")
    config = load_config(config_file)
    assert config.translate.glossary == tmp_path / "terms.tsv"
    assert config.translate.routes["en"].model == str(tmp_path / "models" / "id-en")


def test_hub_ids_stay_hub_ids():
    config = load_config({})
    assert config.translate.routes["en"].model == "Helsinki-NLP/opus-mt-id-en"
    assert config.translate.routes["ja"].source == "en"


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("translate: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(bad)


def test_shipped_configs_load():
    config = load_config(REPO / "configs" / "default.yaml")
    assert config.translate.glossary.is_file()
    assert config.summarize.profile.is_file()
