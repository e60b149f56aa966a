"""Key facts translated: the roles, organisations and places of an article's facts go through the translate
stage's routes pooled with its sentences, land in summarize's facts aligned with the Indonesian, and the brief
shows them beside it.

The copy model (conftest.copy_model) gives back its input, so every phrase's translation must be the phrase as
the model reads it (typos and abbreviations as in `mt_input`): alignment is checked exactly. The random toy
models (conftest.toy_models) check that pooling the phrases changes no sentence's translation.
"""

from __future__ import annotations

import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from conftest import spy_on_routes

from pipeline.brief.profile import load_profile
from pipeline.brief.render import build_brief
from pipeline.config import BriefConfig, load_config
from pipeline.stages.normalize import NormalizeStage
from pipeline.stages.summarize import SummarizeStage
from pipeline.stages.translate import TranslateStage
from pipeline.text.facts import extract_facts
from pipeline.text.facts.phrases import fact_phrases, item_translations

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "bekasi-japan-visit.txt"
GLOSSARY = REPO / "configs" / "glossaries" / "bekasi-japan.tsv"
PROFILE = REPO / "configs" / "profiles" / "bekasi-japan.yaml"
FAST = {"threads": 1, "num_beams": 1, "max_new_tokens_ratio": 1.0, "max_new_tokens_offset": 8}
TARGETS = ("en", "ja")


def config_for(models: dict[str, str], tmp_path: Path, summarize: dict | None = None, **translate):
    return load_config({"translate": {
        "routes": {"en": {"model": models["en"], "source": "id"}, "ja": {"model": models["ja"], "source": "en"}},
        "cache": str(tmp_path / "cache.sqlite"), **FAST, **translate}, "summarize": summarize or {},
        "brief": {"pdf": False}})


def stage_for(models: dict[str, str], tmp_path: Path, summarize: dict | None = None, **translate) -> TranslateStage:
    stage = TranslateStage(config_for(models, tmp_path, summarize, **translate))
    stage.check()
    stage.setup()
    return stage


def record(article_id: str, *sentences: str, **extra) -> dict:
    """A normalize record as translate reads it: the first sentence is the headline."""
    return {"schema": 1, "id": article_id, "source_hash": f"h-{article_id}", "title": sentences[0], "lang": "id",
            "flags": [], "origin": f"test.jsonl:{article_id}",
            "sentences": [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body", "paragraph": i}
                          for i, text in enumerate(sentences)], **extra}


@pytest.fixture(scope="module")
def example() -> dict:
    """examples/bekasi-japan-visit.txt as the normalize stage makes it."""
    stage = NormalizeStage(load_config({}))
    stage.check()
    stage.setup()
    title, text = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)
    [normalized] = stage.process([{"id": "bekasi", "title": title, "text": text, "source": "faktajaya",
                                   "url": None, "published": None, "origin": "example:1"}])
    return normalized


@pytest.fixture
def copy(copy_model):
    return {"en": str(copy_model), "ja": str(copy_model)}


@pytest.fixture
def toy(toy_models):
    return {"en": str(toy_models / "id-en"), "ja": str(toy_models / "en-ja")}


OTHERS = [
    record("a", "Kunjungan kerja ke Bekasi", "Wali kota menerima tamu dari Jepang.", "Mereka membahas kerja sama."),
    record("b", "Banjir di Bekasi", "Kepala Dinas Kesehatan Kota Bekasi, Budi Santoso, meninjau lokasi banjir.",
           "Hujan turun sejak pagi."),
]


def test_every_role_organisation_and_place_gets_its_copy_aligned_with_its_fact(copy, tmp_path, example):
    records = [example, *OTHERS]
    stage = stage_for(copy, tmp_path, use_cache=False, batch_tokens=96, max_batch_sentences=4)
    translated = stage.process(records)
    summarized = SummarizeStage(stage.config).process(translated)
    for given, output, summary in zip(records, translated, summarized):
        facts = extract_facts(given)
        # The translate record: each phrase of the facts (not names, not figures), each target, once.
        assert set(output["fact_translations"]) == set(TARGETS)
        for lang in TARGETS:
            assert list(output["fact_translations"][lang]) == fact_phrases(facts)
            assert all(text == stage.phrase_input(phrase) for phrase, text in output["fact_translations"][lang].items())
        # Summarize moves them into the facts, each list aligned with the facts it translates.
        assert "fact_translations" not in summary
        assert {key: summary["facts"][key] for key in facts} == facts
        copies = lambda items: [stage.phrase_input(item) if item else None for item in items]  # noqa: E731
        for lang in TARGETS:
            aligned = summary["facts"]["translations"][lang]
            assert aligned["places"] == copies(facts["places"])
            assert aligned["organisations"] == copies(facts["organisations"])
            assert aligned["roles"] == copies([person["role"] for person in facts["people"]])
    facts = summarized[0]["facts"]
    role = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    position = [person["role"] for person in facts["people"]].index(role)
    assert facts["people"][position]["name"] == "Dicky Irawan"
    assert facts["translations"]["ja"]["roles"][position] == role  # copied: the very words of the fact
    assert item_translations(facts, "people")[position] == {"en": role, "ja": role}
    # A phrase is read as a sentence is: abbreviations expanded and typos fixed, like `mt_input`.
    organisations = dict(zip(facts["organisations"], facts["translations"]["en"]["organisations"]))
    assert organisations["Polres Metro Bekasi Kota"] == "Kepolisian Resor Metro Bekasi Kota"


def test_a_glossary_term_takes_the_glossarys_translation_without_the_model(copy, tmp_path, example):
    stage = stage_for(copy, tmp_path, use_cache=False, glossary=str(GLOSSARY))
    seen = spy_on_routes(stage)
    [output] = stage.process([example])
    en, ja = output["fact_translations"]["en"], output["fact_translations"]["ja"]
    assert (en["Kota Bekasi"], ja["Kota Bekasi"]) == ("Bekasi City", "ブカシ市")
    assert (en["Jepang"], ja["Jepang"]) == ("Japan", "日本")
    assert (en["Pemkot Bekasi"], ja["Pemkot Bekasi"]) == ("Bekasi City Government", "ブカシ市政府")  # a variant
    assert (en["Meiju University"], ja["Meiju University"]) == ("Meiji University", "明治大学")
    for term in ("Kota Bekasi", "Bekasi City", "Jepang", "Japan", "Meiju University", "Meiji University"):
        assert term not in seen["en"] + seen["ja"]  # never given to a model as a text of its own
    # A phrase holding a term goes through the model with the term enforced, as a sentence does.
    role = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    assert (en[role], ja[role]) == ("Kepala Investment and One-Stop Integrated Services Agency",
                                    "Kepala 投資・ワンストップ統合サービス局")
    assert "Kepala Investment and One-Stop Integrated Services Agency" in seen["en"]


def test_fact_phrases_are_cached_with_the_sentences_and_a_rerun_is_all_hits(copy, tmp_path, example):
    first = stage_for(copy, tmp_path)
    outputs = first.process([example, *OTHERS])
    phrases = {stage_input for o in outputs for stage_input in map(first.phrase_input, o["fact_translations"]["en"])}
    generated = first.describe()
    assert generated["fact_phrases_generated"]["en"] > 0
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        cached = {source for (source,) in db.execute("SELECT source FROM translations WHERE namespace = ?",
                                                     [first.routes["en"].namespace])}
    assert phrases <= cached

    again = stage_for(copy, tmp_path)
    assert again.process([example, *OTHERS]) == outputs
    assert again.describe()["sentences_generated"] == {"en": 0, "ja": 0}
    assert again.describe()["fact_phrases_generated"] == {"en": 0, "ja": 0}
    assert again.describe()["cache"]["misses"] == 0 and again.describe()["cache"]["hits"] > 0


def test_a_phrase_that_is_also_a_sentence_is_translated_once(copy, tmp_path):
    stage = stage_for(copy, tmp_path, use_cache=False)
    seen: list[str] = []
    route = stage.routes["en"]

    def spy(texts, progress=None, _translate=route.engine.translate):
        seen.extend(texts)
        return _translate(texts, progress)

    route.engine.translate = spy
    given = record("d", "Banjir melanda kota", "Kota Bekasi", "Air naik sejak pagi.",
                   dateline={"outlet": "FAKTAJAYA.COM", "place": "KOTA BEKASI"})
    [output] = stage.process([given])
    assert output["fact_translations"]["en"]["Kota Bekasi"] == "Kota Bekasi"
    assert seen.count("Kota Bekasi") == 2  # once per route: both routes run the one copy model
    assert stage.describe()["fact_phrases_generated"]["en"] == 0  # the sentence needed it anyway


def test_sentence_translations_are_the_same_with_fact_translation_off(toy, tmp_path, example):
    """Pooled phrases share batches with the sentences (small batches here, to mix them), and change none of
    their translations or flags: each text's output depends on its own length only."""
    records = [example, *OTHERS]
    small = {"use_cache": False, "batch_tokens": 128, "max_batch_sentences": 5}
    on = stage_for(toy, tmp_path, **small)
    off = stage_for(toy, tmp_path, facts=False, **small)
    with_facts, without = on.process(records), off.process(records)
    assert on.describe()["fact_phrases_generated"]["en"] > 0
    for a, b in zip(with_facts, without):
        assert a["translations"] == b["translations"]
        assert a["translation_flags"] == b["translation_flags"]
        assert "fact_translations" in a and "fact_translations" not in b
    assert on.describe()["flags"] == off.describe()["flags"]  # flags are the sentences' only
    assert on.describe()["sentences_generated"] == off.describe()["sentences_generated"]
    assert "fact_phrases_generated" not in off.describe()
    assert on.settings() != off.settings()  # turning it off redoes the stage
    [summary] = SummarizeStage(off.config).process(without[:1])
    assert "translations" not in summary["facts"]


def test_records_without_facts_or_untranslated_are_left_alone(copy, tmp_path):
    plain = record("c", "Pasar baru dibuka")
    english = record("en", "City welcomes visitors", "The mayor met them.", flags=["not_indonesian"])
    unreadable = record("x", "Judul", "Kalimat.")
    del unreadable["sentences"][1]["kind"]  # translate needs only mt_input; facts cannot be read
    outputs = stage_for(copy, tmp_path, use_cache=False).process([plain, english, unreadable])
    assert outputs[0]["fact_translations"] == {"en": {}, "ja": {}}
    assert "fact_translations" not in outputs[1]
    assert outputs[2]["fact_translations"] == {"en": {}, "ja": {}}
    assert outputs[2]["translations"]["en"] == ["Judul", "Kalimat."]
    [summary] = SummarizeStage(load_config({})).process(outputs[:1])
    assert summary["facts"]["translations"] == {lang: {"places": [], "organisations": [], "roles": []}
                                                for lang in TARGETS}


def fact_items(html: str, kind: str) -> list[tuple[str | None, str | None, str]]:
    """Each fact of one kind in brief.html: (translation language, translation, original)."""
    [listing] = re.findall(rf'<dd class="fact-{kind}"><ul>(.*?)</ul></dd>', html)
    items = []
    for item in re.findall(r"<li>(.*?)</li>", listing):
        translation = re.search(r'<span class="fact-translation" lang="(\w+)">(.*?)</span>', item)
        original = re.search(r'<span class="fact-original" lang="id">(.*?)</span>', item)
        items.append((translation and translation[1], translation and unescape(translation[2]),
                      unescape(original[1])))
    return items


def example_brief(copy: dict[str, str], tmp_path: Path, example: dict) -> tuple[Path, list[dict]]:
    """The example's brief for the Bekasi delegation (Japanese first), translated by the copy model; and the
    summarize records it was made from."""
    config = config_for(copy, tmp_path, summarize={"profile": str(PROFILE)}, use_cache=False)
    stage = TranslateStage(config)
    stage.check()
    stage.setup()  # the profile's glossary, as in configs/default.yaml
    summarized = SummarizeStage(config).process(stage.process([example]))
    build_brief(summarized, tmp_path / "brief", profile=load_profile(PROFILE), config=BriefConfig(pdf=False))
    return tmp_path / "brief" / "brief.html", summarized


def test_the_brief_shows_each_translated_fact_beside_the_indonesian(copy, tmp_path, example):
    page, summarized = example_brief(copy, tmp_path, example)
    html = page.read_text(encoding="utf-8")

    places = fact_items(html, "places")
    assert ("ja", "ブカシ市", "Kota Bekasi") in places and ("ja", "日本", "Jepang") in places
    organisations = fact_items(html, "organisations")
    assert ("ja", "投資・ワンストップ統合サービス局", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu") \
        in organisations
    people = fact_items(html, "people")
    assert ("ja", "Dicky Irawan (Kepala 投資・ワンストップ統合サービス局)",
            "Dicky Irawan (Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu)") in people
    # One element per fact, each holding its original; the translation beside it unless it is the same words
    # (the copy model gives "Samsat" back unchanged: shown once).
    assert [original for _, _, original in places] == summarized[0]["facts"]["places"]
    assert (None, None, "Samsat") in organisations
    markdown = (tmp_path / "brief" / "brief.md").read_text(encoding="utf-8")
    assert "ブカシ市 (Kota Bekasi)" in markdown


# Run in a copy of the page whose policy allows inline scripts: the brief itself runs nothing. It writes, for every fact with a translation, the
# translation's text, the original's, and where the browser put the end of the one and the start of the other.
MEASURE_FACTS = """<script>
addEventListener("load", () => {
  const facts = [...document.querySelectorAll("li")].filter(li => li.querySelector(".fact-translation"));
  document.body.dataset.facts = JSON.stringify(facts.map(li => {
    const translation = li.querySelector(".fact-translation"), original = li.querySelector(".fact-original");
    const end = [...translation.getClientRects()].pop(), start = original.getClientRects()[0];
    return {lang: translation.lang, translation: translation.textContent, original: original.textContent,
            originalLang: original.lang, end: [end.right, end.top, end.bottom], start: [start.left, start.top]};
  }));
});
</script>"""


def test_headless_chromium_shows_the_japanese_facts_beside_the_indonesian(copy, tmp_path, example):
    import json

    from conftest import chromium

    page, summarized = example_brief(copy, tmp_path, example)
    measured = tmp_path / "measured.html"
    html = page.read_text(encoding="utf-8")
    assert "default-src 'none'; style-src 'unsafe-inline'" in html  # the brief runs nothing; its copy may
    measured.write_text(html.replace("style-src 'unsafe-inline'", "style-src 'unsafe-inline'; script-src 'unsafe-inline'")
                        .replace("</body>", MEASURE_FACTS + "</body>"), encoding="utf-8")
    dom = chromium("--dump-dom", "--virtual-time-budget=5000", measured.as_uri(), user_data=tmp_path / "chromium").stdout
    facts = json.loads(unescape(re.search(r'data-facts="([^"]*)"', dom)[1]))
    shown = {(fact["translation"], fact["original"]) for fact in facts}
    assert ("ブカシ市", "Kota Bekasi") in shown and ("日本", "Jepang") in shown
    assert ("投資・ワンストップ統合サービス局", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu") in shown
    # Aligned: the copy model gives back what it reads, so each Japanese slot holds its own Indonesian fact
    # (glossary terms excepted, which take the glossary's Japanese).
    translations = summarized[0]["facts"]["translations"]["ja"]
    assert sum(text is not None for texts in translations.values() for text in texts) >= len(facts) > 5
    for fact in facts:
        assert (fact["lang"], fact["originalLang"]) == ("ja", "id")
        right, top, bottom = fact["end"]
        left, start_top = fact["start"]
        # Side by side: the Indonesian starts on the line where the Japanese ends, to its right.
        assert top - 1 <= start_top < bottom and left >= right, fact
