"""The translate stage on toy models: alignment, the pivot, the cache, long sentences, glossary, bad records.

Random-weight models (toy_models) produce garbage, so those tests check structure; the copy model
(copy_model) returns its input, so with it every output can be checked against its own sentence.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from importlib import metadata
from types import SimpleNamespace

import pytest
from conftest import spy_on_routes

from pipeline.config import load_config
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.records import RecordError
from pipeline.stages.translate import TranslateStage, split_to_fit

FAST = {"threads": 1, "num_beams": 1, "max_new_tokens_ratio": 1.0, "max_new_tokens_offset": 8}


def record(article_id: str, *sentences: str, flags: list[str] | None = None) -> dict:
    """A normalize record as translate reads it: the first sentence is the headline."""
    return {"schema": 1, "id": article_id, "source_hash": f"h-{article_id}", "title": sentences[0], "lang": "id",
            "flags": flags or [], "origin": f"test.jsonl:{article_id}",
            "sentences": [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body", "paragraph": i}
                          for i, text in enumerate(sentences)]}


def stage_for(models: dict[str, str], tmp_path, summarize: dict | None = None, **translate) -> TranslateStage:
    """A set-up stage with routes en <- id and ja <- en through the given model folders."""
    config = load_config({"translate": {
        "routes": {"en": {"model": models["en"], "source": "id"}, "ja": {"model": models["ja"], "source": "en"}},
        "cache": str(tmp_path / "cache.sqlite"), **FAST, **translate}, "summarize": summarize or {}})
    stage = TranslateStage(config)
    stage.check()
    stage.setup()
    return stage


@pytest.fixture
def toy(toy_models):
    return {"en": str(toy_models / "id-en"), "ja": str(toy_models / "en-ja")}


@pytest.fixture
def copy(copy_model):
    return {"en": str(copy_model), "ja": str(copy_model)}


RECORDS = [
    record("a", "Kunjungan kerja ke Bekasi", "Wali kota menerima tamu dari Jepang.", "Mereka membahas kerja sama."),
    record("b", "Banjir di Bekasi", "Mereka membahas kerja sama.", "Hujan turun sejak pagi."),
    record("c", "Pasar baru dibuka"),
]


def test_every_sentence_gets_one_translation_per_target_aligned(toy, tmp_path):
    stage = stage_for(toy, tmp_path, use_cache=False)
    outputs = stage.process(RECORDS)
    assert [o["id"] for o in outputs] == ["a", "b", "c"]
    for output, given in zip(outputs, RECORDS):
        assert {k: output[k] for k in given} == given  # the normalize record is kept whole
        for lang in ("en", "ja"):
            assert len(output["translations"][lang]) == len(given["sentences"])
            assert all(isinstance(text, str) for text in output["translations"][lang])
            assert len(output["translation_flags"][lang]) == len(given["sentences"])
    # The sentence both records share gets one translation, wherever it stands.
    assert outputs[0]["translations"]["ja"][2] == outputs[1]["translations"]["ja"][1]
    assert stage.size(RECORDS[0]) == 3


def test_outputs_land_on_their_own_sentences(copy, tmp_path):
    """With the copy model every output must equal its input, across records, batches and both routes."""
    sentences = [f"Kota nomor {n} menerima {n * 7} tamu dari Jepang pada hari ke {n}." for n in range(12)]
    records = [record(str(n), *sentences[n::4]) for n in range(4)] + [record("dup", sentences[3], sentences[0])]
    stage = stage_for(copy, tmp_path, use_cache=False, batch_tokens=64, max_batch_sentences=3)
    for output, given in zip(stage.process(records), records):
        expected = [s["mt_input"] for s in given["sentences"]]
        assert output["translations"] == {"en": expected, "ja": expected}
    assert stage.describe()["sentences_generated"] == {"en": 12, "ja": 12}  # each distinct sentence once


def test_the_pivot_reads_the_english_output_and_translates_nothing_twice(toy, tmp_path):
    stage = stage_for(toy, tmp_path, use_cache=False)
    seen = spy_on_routes(stage)
    outputs = stage.process(RECORDS)
    phrases = {phrase for o in outputs for phrase in o["fact_translations"]["en"]}  # key facts: places here
    assert phrases == {"Jepang"}
    distinct_sources = {s["mt_input"] for r in RECORDS for s in r["sentences"]} | phrases
    assert sorted(seen["en"]) == sorted(distinct_sources)
    english = {text for o in outputs for text in [*o["translations"]["en"], *o["fact_translations"]["en"].values()]}
    assert sorted(seen["ja"]) == sorted(english)


def test_a_rerun_is_served_from_the_cache(toy, tmp_path):
    first = stage_for(toy, tmp_path)
    outputs = first.process(RECORDS)
    assert first.describe()["sentences_generated"]["en"] == 6
    assert first.describe()["fact_phrases_generated"]["en"] == 1  # "Jepang", a place of the key facts
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        namespaces = dict(db.execute("SELECT namespace, COUNT(*) FROM translations GROUP BY namespace").fetchall())
    assert namespaces[first.routes["en"].namespace] == 7

    again = stage_for(toy, tmp_path)
    assert again.process(RECORDS) == outputs
    assert again.describe()["sentences_generated"] == {"en": 0, "ja": 0}
    assert again.describe()["fact_phrases_generated"] == {"en": 0, "ja": 0}

    other_beams = stage_for(toy, tmp_path, num_beams=2)  # other settings, other namespace: no stale reuse
    other_beams.process(RECORDS[2:])
    assert other_beams.describe()["sentences_generated"]["en"] == 1


def upgrade(monkeypatch, package: str) -> None:
    """As if `package` had been upgraded since the cache was filled (for the versions the namespace names)."""
    def version(name: str) -> str:
        return "99.0" if name == package else metadata.version(name)

    monkeypatch.setattr("pipeline.mt.plan.metadata",
                        SimpleNamespace(version=version, PackageNotFoundError=metadata.PackageNotFoundError))


@pytest.mark.parametrize("package, decides", [("torch", True), ("transformers", True), ("ctranslate2", False)])
def test_an_upgrade_of_a_package_that_decides_the_output_is_a_cache_miss(toy, tmp_path, monkeypatch, package,
                                                                         decides):
    first = stage_for(toy, tmp_path)
    first.process(RECORDS)
    upgrade(monkeypatch, package)
    again = stage_for(toy, tmp_path)
    assert (again.routes["en"].namespace != first.routes["en"].namespace) == decides
    again.process(RECORDS)
    assert again.describe()["sentences_generated"]["en"] == (6 if decides else 0)  # torch does not run ctranslate2


def test_a_sentence_over_the_input_limit_is_split_translated_and_rejoined(copy, toy, tmp_path):
    long = ("Pemerintah kota menerima delegasi dari Osaka pada hari Kamis, tetapi rapat ditunda karena hujan; "
            "para tamu kemudian mengunjungi pasar, sekolah dan rumah sakit di pusat kota")
    short = "Rapat selesai."
    stage = stage_for(copy, tmp_path, use_cache=False, max_input_tokens=16)
    [output] = stage.process([record("x", short, long)])
    assert output["translations"]["en"] == [short, long]  # each part copied, rejoined into the sentence
    assert "split" in output["translation_flags"]["en"][1] and "split" not in output["translation_flags"]["en"][0]

    stage = stage_for(toy, tmp_path, use_cache=False, max_input_tokens=16)
    [output] = stage.process([record("x", short, long)])
    assert "split" in output["translation_flags"]["en"][1] and output["translations"]["en"][1]


def test_split_to_fit_prefers_clause_boundaries():
    def fits_words(limit):
        return lambda text: len(text.split()) <= limit

    text = "satu dua tiga empat, lima enam tujuh delapan; sembilan sepuluh"
    assert split_to_fit(text, fits_words(4)) == ["satu dua tiga empat,", "lima enam tujuh delapan;",
                                                 "sembilan sepuluh"]
    assert split_to_fit("a b c d e f", fits_words(3)) == ["a b c", "d e f"]
    stage_words = TranslateStage(load_config({})).clause_words["id"]
    assert split_to_fit("hujan turun deras sejak pagi karena angin kencang", fits_words(5), stage_words) == [
        "hujan turun deras sejak pagi", "karena angin kencang"]
    unspaced = "あ" * 10
    parts = split_to_fit(unspaced, lambda text: len(text) <= 3)
    assert "".join(parts) == unspaced and all(len(part) <= 3 for part in parts)


def test_glossary_terms_reach_both_outputs(copy, tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("id\ten\tja\nPemkot Bekasi\tBekasi City Government\tブカシ市役所\n", encoding="utf-8")
    stage = stage_for(copy, tmp_path, use_cache=False, glossary=str(glossary))
    [output] = stage.process([record("g", "Pemkot Bekasi menyambut tamu")])
    assert output["translations"]["en"] == ["Bekasi City Government menyambut tamu"]
    assert output["translations"]["ja"] == ["ブカシ市役所 menyambut tamu"]
    assert "glossary_missed" not in output["translation_flags"]["ja"][0]
    assert stage.settings()["glossary"] == stage.glossary.fingerprint()


def test_the_plan_is_resolved_once_and_is_what_the_engines_run(toy, tmp_path, monkeypatch):
    from pipeline.mt import plan

    devices = []
    pick_device = plan.pick_device
    monkeypatch.setattr(plan, "pick_device", lambda requested: devices.append(requested) or pick_device(requested))
    stage = stage_for(toy, tmp_path, use_cache=False)
    stage.process(RECORDS[2:])
    assert devices == ["auto"] and len(stage.plans) == 1
    assert all(route.engine.plan is stage.plans[0] for route in stage.routes.values())


def profile_with_glossary(tmp_path, glossary: str) -> str:
    """A delegation profile whose glossary (beside it) holds `glossary`'s rows."""
    (tmp_path / "profile-terms.tsv").write_text(f"id\ten\tja\n{glossary}", encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: Visit\norganisation: City\nlanguages: [ja, en]\ntopics: {trade: [perdagangan]}\n"
                       "glossary: profile-terms.tsv\n", encoding="utf-8")
    return str(profile)


def test_the_profiles_glossary_is_merged_with_the_configs_and_enters_the_fingerprint(copy, tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("id\ten\tja\nPemkot Bekasi\tBekasi City Government\tブカシ市役所\n", encoding="utf-8")
    profile = profile_with_glossary(tmp_path, "Dinas Kesehatan\tHealth Office\t保健局\n")
    alone = stage_for(copy, tmp_path, use_cache=False, glossary=str(glossary))
    stage = stage_for(copy, tmp_path, summarize={"profile": profile}, use_cache=False, glossary=str(glossary))
    [output] = stage.process([record("g", "Pemkot Bekasi menyambut Dinas Kesehatan")])
    assert output["translations"]["en"] == ["Bekasi City Government menyambut Health Office"]
    assert output["translations"]["ja"] == ["ブカシ市役所 menyambut 保健局"]
    assert len(stage.glossary) == 2 and stage.settings()["glossary"] == stage.glossary.fingerprint()
    assert stage.settings()["glossary"] != alone.settings()["glossary"]  # a profile's terms redo the stage
    assert stage.describe()["glossary"]["path"] == f"{glossary} + {tmp_path / 'profile-terms.tsv'}"

    only_profile = stage_for(copy, tmp_path, summarize={"profile": profile}, use_cache=False)
    [output] = only_profile.process([record("g", "Dinas Kesehatan")])
    assert output["translations"]["en"] == ["Health Office"] and len(only_profile.glossary) == 1


def test_a_term_the_profiles_glossary_translates_otherwise_stops_the_run_before_any_work(copy, tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("id\ten\tja\nPemkot Bekasi\tBekasi City Government\tブカシ市役所\n", encoding="utf-8")
    profile = profile_with_glossary(tmp_path, "Pemkot Bekasi\tBekasi Municipality\tブカシ市役所\n")
    config = stage_for(copy, tmp_path, use_cache=False).config.model_copy(deep=True)
    config.translate.glossary, config.summarize.profile = glossary, profile
    stage = TranslateStage(config)
    with pytest.raises(ConfigError, match="id term 'Pemkot Bekasi' differently") as raised:
        stage.check()
    assert str(glossary) in str(raised.value) and str(tmp_path / "profile-terms.tsv") in str(raised.value)
    assert stage.cache is None and not stage.loaded


def test_non_indonesian_records_are_left_untranslated_unless_configured(toy, tmp_path):
    english = record("en", "City welcomes visitors", "The mayor met them.", flags=["not_indonesian"])
    [output] = stage_for(toy, tmp_path, use_cache=False).process([english])
    assert output["translations"] == {"en": [None, None], "ja": [None, None]}
    assert output["translation_flags"]["ja"] == [["not_translated"], ["not_translated"]]

    config = stage_for(toy, tmp_path, use_cache=False).config.model_copy(deep=True)
    config.normalize.translate_other_languages = True
    stage = TranslateStage(config)
    [output] = stage.process([english])
    assert all(isinstance(text, str) for text in output["translations"]["ja"])


def test_a_bad_record_is_reported_and_the_rest_of_the_batch_translated(toy, tmp_path):
    broken = record("bad", "Judul", "Kalimat.")
    del broken["sentences"][1]["mt_input"]
    outputs = stage_for(toy, tmp_path, use_cache=False).process([RECORDS[2], broken, {"id": "empty"}, RECORDS[0]])
    assert outputs[0]["id"] == "c" and outputs[3]["id"] == "a" and len(outputs[3]["translations"]["en"]) == 3
    assert isinstance(outputs[1], RecordError) and outputs[1].id == "bad"
    assert outputs[1].message == "sentence 2 has no 'mt_input' text" and outputs[1].origin == "test.jsonl:bad"
    assert isinstance(outputs[2], RecordError) and "no 'sentences' list" in outputs[2].message


def test_empty_sentences_translate_to_empty_text(toy, tmp_path):
    [output] = stage_for(toy, tmp_path, use_cache=False).process([record("e", "Judul", " ")])
    assert output["translations"]["en"][1] == "" and output["translations"]["ja"][1] == ""


def test_describe_and_settings_identify_models_and_generation(toy, tmp_path):
    stage = stage_for(toy, tmp_path, use_cache=False)
    outputs = stage.process(RECORDS)
    details = stage.describe()
    model = details["models"]["translate.en"]
    assert model["ref"] == toy["en"] and model["revision"].startswith("sha256:")
    assert (model["engine"], model["device"], model["dtype"], model["num_beams"]) == ("torch", "cpu", "float32", 1)
    assert details["models"]["translate.ja"]["source"] == "en"
    given = Counter(flag for o in outputs for flags in o["translation_flags"]["en"] for flag in flags)
    assert details["flags"]["en"] == dict(sorted(given.items()))

    settings = stage.settings()
    assert settings["routes"]["en"]["revision"] == model["revision"]
    assert settings == stage_for(toy, tmp_path, use_cache=False).settings()  # stable across runs
    assert settings != stage_for(toy, tmp_path, use_cache=False, num_beams=2).settings()


def test_configured_models_are_checked_before_any_work(toy, tmp_path):
    missing = {"en": str(tmp_path / "no-such-model"), "ja": toy["ja"]}
    with pytest.raises(ModelUnavailableError, match="translate.routes.en.model: model folder .* does not exist"):
        stage_for(missing, tmp_path)
    (tmp_path / "bert").mkdir()
    (tmp_path / "bert" / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ConfigError, match="translate.routes.ja.model: .* 'bert' model"):
        stage_for({"en": toy["en"], "ja": str(tmp_path / "bert")}, tmp_path)
