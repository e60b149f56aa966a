"""The summarize stage on the example article: extractive summaries, alignment, budgets, profiles, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.config import load_config
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.resources import folder_hash
from pipeline.brief.profile import load_profile
from pipeline.records import RecordError
from pipeline.stages.summarize import SummarizeStage, TopicMatcher, rank_sentences

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bekasi-japan-visit.txt"
PROFILE = ROOT / "configs" / "profiles" / "bekasi-japan.yaml"


def example_record() -> dict:
    """The example article shaped like a normalize record, split by hand: dateline and "(red)" removed,
    paragraphs cut after a period before a capital, except after "Prof." and "ms."."""
    headline, *paragraphs = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs[0] = paragraphs[0].split(" – ", 1)[1]
    paragraphs[-1] = paragraphs[-1].replace("(red)", "")
    sentences = [{"text": headline, "mt_input": headline, "kind": "headline", "paragraph": 0}]
    for number, paragraph in enumerate(paragraphs, 1):
        for text in re.split(r"(?<!Prof\.)(?<!ms\.)(?<=[.”])\s+(?=[A-Z“])", paragraph):
            sentences.append({"text": text, "mt_input": text, "kind": "body", "paragraph": number})
    return {"id": "bekasi-japan-visit", "origin": "examples/bekasi-japan-visit.txt:1", "sentences": sentences}


def with_placeholders(record: dict, en_words: int = 1, ja_chars: int = 4) -> dict:
    """PLACEHOLDERS, not translations: slot i holds "EN#i" / "JA#i" (padded to a length) so that tests can
    check which sentence's translation lands where, and how long a summary is."""
    count = len(record["sentences"])
    return {**record, "translations": {
        "en": [" ".join([f"EN#{i}"] + ["x"] * (en_words - 1)) for i in range(count)],
        "ja": [f"JA#{i}".ljust(ja_chars, "_") for i in range(count)]}}


def summarize(record: dict, **options) -> dict:
    output = SummarizeStage(load_config({"summarize": options})).process([record])[0]
    assert isinstance(output, dict), output
    return output


def write_profile(folder: Path, **changes) -> Path:
    data = {"name": "Test delegation", "organisation": "Test city", "languages": ["ja", "en"],
            "topics": {"technology": ["teknologi", "technology"]}, **changes}
    path = folder / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_example_summary_covers_the_visit_from_the_lead():
    record = example_record()
    output = summarize(record)
    summary = output["summary"]
    assert 2 <= len(summary["indexes"]) <= 3
    assert summary["indexes"] == sorted(summary["indexes"]) and 0 not in summary["indexes"]  # never the headline
    lead = summary["id"][0]
    assert "Lintong Dianto" in lead and "kunjungan kerja dari Negara Jepang" in lead and "Kamis (24/8/2023)" in lead
    assert summary["id"] == [record["sentences"][i]["text"] for i in summary["indexes"]]
    assert summary["translated"] is False and "en" not in summary and "ja" not in summary
    assert output["relevance"] == 0.0 and summary["topics"] == []
    assert output["sentences"] == record["sentences"]  # the input record is carried over
    assert summarize(example_record()) == output  # deterministic


def test_translations_are_taken_aligned_with_the_chosen_sentences():
    summary = summarize(with_placeholders(example_record()))["summary"]
    assert summary["en"] == [f"EN#{i}" for i in summary["indexes"]]
    assert summary["ja"] == [f"JA#{i}" for i in summary["indexes"]]
    assert summary["translated"] is True


def test_a_missing_translation_is_kept_as_null_and_marks_the_summary_untranslated():
    record = example_record()
    record["translations"] = {"en": [None] * len(record["sentences"])}
    summary = summarize(record)["summary"]
    assert summary["en"] == [None] * len(summary["indexes"]) and summary["translated"] is False


@pytest.mark.parametrize("budget", [{"en_words": 25}, {"ja_chars": 70}])
def test_each_language_budget_cuts_the_lowest_ranked_sentences(budget):
    record = with_placeholders(example_record(), en_words=10, ja_chars=30)
    full = summarize(record, sentences=3)["summary"]
    cut = summarize(record, sentences=3, **budget)["summary"]
    assert len(full["indexes"]) == 3 and len(cut["indexes"]) == 2
    assert sum(len(text.split()) for text in cut["en"]) <= budget.get("en_words", 90)
    assert sum(len(text) for text in cut["ja"]) <= budget.get("ja_chars", 300)
    assert 1 in cut["indexes"]  # the best-ranked (lead) sentence stays


def test_at_least_one_sentence_is_kept_however_small_the_budget():
    summary = summarize(with_placeholders(example_record(), en_words=10), en_words=1)["summary"]
    assert summary["indexes"] == [1]


def test_sentence_count_is_configurable():
    assert len(summarize(example_record(), sentences=2)["summary"]["indexes"]) == 2


def test_profile_topics_raise_a_sentence_into_the_summary(tmp_path):
    technology = next(i for i, s in enumerate(example_record()["sentences"]) if "teknologi" in s["text"])
    assert technology not in summarize(example_record())["summary"]["indexes"]
    output = summarize(example_record(), profile=str(write_profile(tmp_path)))
    assert technology in output["summary"]["indexes"]
    assert output["summary"]["method"] == "pacsum+lead+topics"
    assert output["summary"]["topics"] == ["technology"] and output["relevance"] == 1.0


def test_relevance_is_the_share_of_profile_topics_the_article_mentions(tmp_path):
    profile = write_profile(tmp_path, topics={"technology": ["teknologi"], "fisheries": ["perikanan", "fishery"]})
    output = summarize(example_record(), profile=str(profile))
    assert output["summary"]["topics"] == ["technology"] and output["relevance"] == 0.5


def test_english_keywords_match_the_english_translation_and_indonesian_ones_any_word_form():
    matcher = TopicMatcher({"services": ["pelayanan publik", "public service"], "health": ["health"]})
    assert matcher.topics_in("Layanan publik di Bekasi.") == {"services"}  # same stems as "pelayanan"
    assert matcher.topics_in("Teks lain.", english="placeholder about a public service") == {"services"}
    assert matcher.topics_in("Teks lain.", english=None) == set()


def test_shipped_bekasi_profile_loads():
    profile = load_profile(PROFILE)
    assert profile.languages == ["ja", "en"]
    assert profile.glossary == (ROOT / "configs" / "glossaries" / "bekasi-japan.tsv").resolve()
    assert {"public services", "health and welfare"} <= set(profile.topics)
    output = summarize(example_record(), profile=str(PROFILE))
    assert output["relevance"] > 0.5 and 1 in output["summary"]["indexes"]


def test_unknown_profile_key_is_a_config_error_naming_it(tmp_path):
    path = write_profile(tmp_path, topcis=["typo"])
    with pytest.raises(ConfigError, match="topcis: unknown key"):
        load_profile(path)
    with pytest.raises(ConfigError, match="topcis"):
        SummarizeStage(load_config({"summarize": {"profile": str(path)}}))


@pytest.mark.parametrize("changes, message", [
    ({"languages": ["ja", "ja"]}, "languages repeated: ja"),
    ({"languages": ["Japanese"]}, "languages.0"),
    ({"topics": {"empty": []}}, "topics without keywords: empty"),
])
def test_bad_profile_values_are_config_errors(tmp_path, changes, message):
    with pytest.raises(ConfigError, match=message):
        load_profile(write_profile(tmp_path, **changes))


def test_missing_profile_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="profile file not found"):
        load_profile(tmp_path / "nope.yaml")


@pytest.mark.parametrize("texts, expected", [
    ([], []),
    (["Judul saja"], []),
    (["Judul", "Kota Bekasi menerima tamu dari Jepang."], [1]),
    (["Judul", "Dan itu.", "12 3", "Kota Bekasi menerima tamu dari Jepang."], [1, 2, 3]),  # no content words
])
def test_short_articles_are_summarised_without_error(texts, expected):
    sentences = [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body"}
                 for i, text in enumerate(texts)]
    output = summarize({"id": "short", "sentences": sentences})
    assert output["summary"]["indexes"] == expected
    assert set(output["facts"]) == {"date", "places", "people", "organisations", "figures"}


def test_bad_records_become_errors_and_the_batch_goes_on():
    good = example_record()
    misaligned = {**example_record(), "id": "misaligned", "translations": {"en": ["EN#0"]}}
    records = [{"id": "no-sentences", "origin": "in.jsonl:2"}, good, misaligned, "not a record",
               {"id": "bad-kind", "sentences": [{"text": "x", "kind": "caption"}]}]
    outputs = SummarizeStage(load_config({})).process(records)
    assert [type(output) for output in outputs] == [RecordError, dict, RecordError, RecordError, RecordError]
    assert outputs[0].id == "no-sentences" and outputs[0].origin == "in.jsonl:2" and "'sentences'" in outputs[0].message
    assert outputs[1]["summary"]["indexes"]
    assert f"translations['en'] has 1 entries for {len(good['sentences'])} sentences" in outputs[2].message
    assert "mapping" in outputs[3].message
    assert "sentences[0]" in outputs[4].message and outputs[4].stage == "summarize"


def test_rank_sentences_puts_the_lead_first_and_skips_near_repeats():
    texts = ["Wali Kota Bekasi meresmikan pasar baru di Bekasi Timur.",
             "Wali Kota Bekasi meresmikan pasar baru di Bekasi Timur.",
             "Pasar baru itu menampung 300 pedagang dari Bekasi Timur."]
    assert rank_sentences(texts, 2, lead_weight=2.0) == [0, 2]
    assert rank_sentences([], 3, lead_weight=2.0) == []


def test_settings_change_when_the_profile_does(tmp_path):
    first = SummarizeStage(load_config({"summarize": {"profile": str(write_profile(tmp_path))}})).settings()
    changed = write_profile(tmp_path, topics={"technology": ["teknologi", "digital"]})
    second = SummarizeStage(load_config({"summarize": {"profile": str(changed)}})).settings()
    assert first != second


def test_goes_through_the_normalize_stage():
    from pipeline.stages.normalize import NormalizeStage

    config = load_config({"summarize": {"profile": str(PROFILE)}})
    title, text = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)
    normalize = NormalizeStage(config)
    normalize.check()
    normalize.setup()
    [record] = normalize.process([{"id": "bekasi", "title": title, "text": text, "source": "faktajaya",
                                   "url": None, "published": None, "origin": "example:1"}])
    output = summarize(record, profile=str(PROFILE))
    assert "Lintong Dianto" in output["summary"]["id"][0]
    assert output["facts"]["date"] == "2023-08-24" and "Kota Bekasi" in output["facts"]["places"]


# Optional abstractive summary, with a tiny randomly initialised BART built here -----------------------------

@pytest.fixture(scope="module")
def tiny_seq2seq(tmp_path_factory) -> Path:
    """A 2-layer BART with random weights and a word-level tokenizer: output is noise; only plumbing is tested."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    vocabulary = ["<pad>", "<s>", "</s>", "<unk>", *"kota bekasi jepang kunjungan kerja pelayanan publik".split()]
    word_level = Tokenizer(models.WordLevel({word: i for i, word in enumerate(vocabulary)}, unk_token="<unk>"))
    word_level.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=word_level, pad_token="<pad>", bos_token="<s>",
                                        eos_token="</s>", unk_token="<unk>", model_max_length=64)
    config = BartConfig(vocab_size=len(vocabulary), d_model=16, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
                        max_position_embeddings=64, pad_token_id=0, bos_token_id=1, eos_token_id=2,
                        decoder_start_token_id=2, forced_eos_token_id=2)
    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny-bart")
    tokenizer.save_pretrained(folder)
    BartForConditionalGeneration(config).save_pretrained(folder)
    return folder


def test_abstractive_summary_is_added_when_configured(tiny_seq2seq):
    stage = SummarizeStage(load_config({"summarize": {"abstractive_model": str(tiny_seq2seq),
                                                      "abstractive_max_new_tokens": 5}}))
    stage.check()
    stage.setup()
    headline_only = {"id": "h", "sentences": [{"text": "Judul", "mt_input": "Judul", "kind": "headline"}]}
    article, empty = stage.process([example_record(), headline_only])
    assert isinstance(article["summary"]["abstractive"], str)
    assert "abstractive" not in empty["summary"]  # nothing to summarise
    assert stage.describe()["abstractive_model"] == str(tiny_seq2seq)
    assert stage.describe()["abstractive_revision"] == folder_hash(tiny_seq2seq)  # in the manifest
    assert "abstractive" not in summarize(example_record())["summary"]  # off by default


def test_unloadable_abstractive_model_fails_before_any_work(tmp_path):
    stage = SummarizeStage(load_config({"summarize": {"abstractive_model": str(tmp_path / "no-model")}}))
    with pytest.raises(ModelUnavailableError, match="abstractive_model"):
        stage.check()


# ROUGE evaluation (`pipeline eval summary`) on a tiny folder in the NTREX layout -----------------------------

def test_eval_scores_the_body_against_the_headline_per_document(tmp_path, capsys):
    import json

    from pipeline import __version__
    from pipeline.cli import main
    from pipeline.evaluate.summary import IndonesianTokenizer

    (tmp_path / "DOCUMENT_IDS.tsv").write_text("a\na\na\nb\nb\nc\n", encoding="utf-8")
    (tmp_path / "newstest2019-ref.ind.txt").write_text(
        "Bekasi menerima tamu Jepang\nBekasi menerima tamu Jepang di balai kota.\nCuaca cerah.\n"
        "Judul b\nIsi b.\nHanya judul tanpa isi\n", encoding="utf-8")
    out = tmp_path / "rouge.json"
    assert main(["eval", "summary", "--ntrex", str(tmp_path), "--seeds", "2", "--json", str(out)]) == 0
    results = {r["method"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert list(results) == ["lead", "pacsum+lead:2", "random"]
    # a: 4 of 7 summary words are the headline's 4 (F1 8/11); b: "b" of "isi b" vs "judul b" (F1 1/2); c: no body
    assert results["lead"]["rouge1"] == pytest.approx(100 * (8 / 11 + 1 / 2) / 2, abs=0.01)
    assert results["lead"]["signature"] == f"rouge:1/2/L|tok:id-sastrawi|n:1|docs:2|version:{__version__}|method:lead"
    assert results["random"]["signature"].endswith("|method:random|seeds:2")
    assert "ROUGE-1" in capsys.readouterr().out
    assert IndonesianTokenizer(stemmed=True).tokenize("Pelayanan publik, 2023!") == ["layan", "publik"]
