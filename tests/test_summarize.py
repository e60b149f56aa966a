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
from pipeline.stages.summarize import SummarizeStage, TopicMatcher
from pipeline.text.ranking import Weights, rank_sentences, sentence_flags

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
    assert 2 <= len(summary["indexes"]) <= 5  # summarize.sentences; no translations, so no budgets
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


def test_by_default_a_fourth_and_fifth_sentence_are_taken_only_where_the_budgets_hold_them():
    # A summary's length is its words: five sentences of 5-word translations fit 120 English words, five of 28 do not
    # (the summary keeps four), a narrower budget keeps three and a wider one takes the fifth again; the figure keeps
    # the last place.
    assert summarize(market_record([5] * len(MARKET)))["summary"]["indexes"] == [1, 3, 4, 5, 7]
    long = market_record([5] + [28] * (len(MARKET) - 1))
    assert summarize(long)["summary"]["indexes"] == [1, 3, 4, 7]
    assert summarize(long, en_words=90)["summary"]["indexes"] == [1, 3, 4]
    assert summarize(long, en_words=150)["summary"]["indexes"] == [1, 3, 4, 5, 7]


def test_sentence_count_is_configurable():
    assert len(summarize(example_record(), sentences=2)["summary"]["indexes"]) == 2


# An invented market opening: the lead, a figure, a quote, a thank-you, ... and a factual health sentence deep down.
MARKET = [
    "Wali Kota Sukamaju Resmikan Pasar Rakyat Cempaka",
    "Pemerintah Kota Sukamaju meresmikan Pasar Rakyat Cempaka di Kecamatan Cempaka, Senin (3/3/2025).",
    "\"Kami berharap pasar ini ramai, bersih, dan menjadi kebanggaan warga kota,\" kata Wali Kota Sukamaju Budi Hartono.",
    "Dalam sambutannya, Budi juga mengucapkan terima kasih kepada warga dan panitia pembangunan pasar.",
    "Pasar dua lantai itu menampung 240 pedagang dan dibangun dengan anggaran Rp12,5 miliar dari APBD.",
    "Pedagang lama mendapat kios tanpa biaya sewa selama enam bulan pertama setelah pasar dibuka.",
    "Kepala Dinas Perdagangan Sukamaju, Rina Wulandari, mengatakan pasar buka setiap hari sejak subuh.",
    "Di lantai dua, Dinas Kesehatan membuka pos pemeriksaan gratis bagi 300 pedagang lansia setiap Rabu.",
    "Acara ditutup dengan doa bersama dan pemotongan tumpeng oleh wali kota dan tokoh masyarakat.",
]


def market_record(lengths: list[int] | None = None) -> dict:
    """MARKET as a normalize record; with `lengths`, placeholder English translations of that many words."""
    sentences = [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body"}
                 for i, text in enumerate(MARKET)]
    record = {"id": "market", "sentences": sentences}
    if lengths is not None:
        record["translations"] = {"en": [" ".join([f"EN#{i}"] * n) for i, n in enumerate(lengths)]}
    return record


def test_by_default_the_last_place_goes_to_the_first_later_sentence_with_a_figure():
    """The lead without quotes, its last place given to a figure (what readers picked on real pages labelled after
    the rule was written down): the thank-you the lead would keep makes way for the market's size and cost."""
    summary = summarize(market_record(), sentences=2)["summary"]
    assert summary["indexes"] == [1, 4] and summary["method"] == "lead-quotes-fragments+figure"
    assert summarize(market_record(), sentences=2, method="lead")["summary"]["indexes"] == [1, 3]
    assert summarize(market_record(), sentences=3)["summary"]["indexes"] == [1, 3, 4]  # the figure after the second
    # No later sentence states a figure: the lead's own choice.
    record = market_record()
    for index in (4, 7):
        record["sentences"][index] = {**record["sentences"][index], "text": MARKET[5]}
    assert summarize(record, sentences=2)["summary"]["indexes"] == [1, 3]


def test_the_figure_sentence_keeps_within_the_budgets():
    # The first figure (sentence 4) would break a 30-word budget: the next one that fits (sentence 7) takes its place.
    lengths = [5, 10, 10, 10, 25, 10, 10, 10, 10]
    assert summarize(market_record(lengths), sentences=2)["summary"]["indexes"] == [1, 4]
    assert summarize(market_record(lengths), sentences=2, en_words=30)["summary"]["indexes"] == [1, 7]


@pytest.mark.parametrize("fragment", ["Jayapura.", "BIRO ADPIM.", "1.Kabupaten Pati.", "May 17, 2024",
                                      "Bagian Ke: 02 (Selesai)."])
def test_the_lead_passes_over_a_fragment_the_page_left_in_the_body(fragment):
    # A place, a desk's name or a list item the cleaner kept as a body sentence is no summary line.
    record = market_record()
    record["sentences"].insert(2, {"text": fragment, "mt_input": fragment, "kind": "body"})
    summary = summarize(record, sentences=3)["summary"]
    assert fragment not in summary["id"] and len(summary["id"]) == 3
    assert summary["id"] == [MARKET[1], MARKET[3], MARKET[4]]


def test_a_quote_that_carries_the_headlines_news_stays_in_the_lead():
    # The headline reports what was said: the quote is the news, not noise. Words of the attribution ("kata Wali
    # Kota Sukamaju") do not count, and two shared words ("pasar", "kota") are too few to make an echo.
    said = "Wali Kota Sukamaju: Pasar Cempaka Buka Sampai Malam, Pedagang Kaki Lima Ditata"
    record = market_record()
    record["sentences"][2] = {**record["sentences"][2], "text": "\"Mulai pekan depan Pasar Cempaka buka sampai malam "
                              "dan pedagang kaki lima ditata di lantai dua,\" kata Wali Kota Sukamaju Budi Hartono."}
    record["sentences"][0] = {**record["sentences"][0], "text": said}
    assert summarize(record, method="lead", sentences=3)["summary"]["indexes"] == [1, 2, 3]
    assert summarize(market_record(), method="lead", sentences=3)["summary"]["indexes"] == [1, 3, 4]  # no echo


def test_the_ranker_puts_quotes_and_ceremony_below_factual_sentences():
    indexes = summarize(market_record(), method="ranked", sentences=3)["summary"]["indexes"]
    assert 1 in indexes and 4 in indexes  # who did what, where and when; the figures
    assert 2 not in indexes and 3 not in indexes  # the quote and the thank-you, which Lead-3 would take
    flags = sentence_flags(MARKET[3])
    assert flags["ceremony"] and not flags["quote"] and sentence_flags(MARKET[2])["quote"]
    assert sentence_flags(MARKET[4])["figures"] and sentence_flags(MARKET[1])["when"] and sentence_flags(MARKET[1])["did"]
    assert sentence_flags("Kata Lintong.")["attribution"] and sentence_flags("Apa perlu diruwat lagi?")["question"]
    assert sentence_flags("Hal itu disampaikan Wali Kota Bekasi saat menghadiri rapat di balai kota.")["attribution"]


@pytest.mark.parametrize("flag, text", [
    ("quote", "“Kami siap bekerja sama dengan Jepang dalam bidang pelayanan publik dan kesehatan,” ujarnya."),
    ("ceremony", "Wali Kota menyampaikan terima kasih dan selamat datang kepada rombongan dari Jepang."),
    ("short", "Rombongan berjumlah tujuh."),
])
def test_a_noisy_sentence_ranks_below_the_factual_one_after_it(flag, text):
    texts = ["Pemerintah Kota Bekasi menerima delegasi dari Kota Sakai, Jepang, Kamis (24/7/2025).", text,
             "Kedua kota sepakat melatih 60 kader posyandu lansia mulai Februari."]
    assert sentence_flags(text)[flag]
    assert rank_sentences(texts, 2) == [0, 2]
    assert rank_sentences(texts, 2, Weights(noise=0.0, facts=0.0)) == [0, 1]  # without the signals: the lead


@pytest.mark.parametrize("method", ["lead", "lead_figure", "ranked"])
def test_the_delegations_interest_is_a_line_beside_the_summary_not_in_it(tmp_path, method):
    # The health post (sentence 7) is what a health delegation wants to know, but not the market's news: it is
    # shown beside the summary, which stays as without a profile, in every language the record has.
    lengths = [5] * len(MARKET)
    plain = summarize(market_record(lengths), method=method, sentences=3)["summary"]
    assert 7 not in plain["indexes"] and plain["interest"] is None
    profile = write_profile(tmp_path, topics={"health": ["kesehatan", "lansia", "health"]})
    output = summarize(market_record(lengths), profile=str(profile), method=method, sentences=3)
    summary = output["summary"]
    assert summary["indexes"] == plain["indexes"]
    assert summary["interest"] == {"index": 7, "topics": ["health"], "id": MARKET[7],
                                   "en": output["translations"]["en"][7]}
    assert summary["topics"] == ["health"] and output["relevance"] == 1.0
    switched_off = summarize(market_record(), profile=str(profile), method=method, interest_line=False,
                             sentences=3)["summary"]
    assert switched_off["interest"] is None and switched_off["topics"] == ["health"]
    no_interest = write_profile(tmp_path, topics={"fisheries": ["perikanan"]})  # nothing on its topics
    none = summarize(market_record(), profile=str(no_interest), method=method, sentences=3)["summary"]["interest"]
    assert none is None


def test_no_interest_line_when_the_summary_already_speaks_of_a_topic(tmp_path):
    profile = write_profile(tmp_path, topics={"trade": ["pasar", "pedagang"]})  # the lead is about the market
    summary = summarize(market_record(), profile=str(profile))["summary"]
    assert summary["topics"] == ["trade"] and summary["interest"] is None


@pytest.mark.parametrize("method", ["lead", "lead_figure", "ranked"])
def test_budgets_choose_shorter_sentences_not_a_stub(method):
    # The lead's translation is 85 words: with any other it breaks a 90-word budget. Cutting the summary at the
    # first sentence that does not fit would leave the lead alone; the shorter sentences are chosen instead.
    lengths = [5, 85, 10, 10, 10, 10, 10, 10, 10]
    summary = summarize(market_record(lengths), en_words=90, method=method, sentences=3)["summary"]
    assert len(summary["indexes"]) == 3 and 1 not in summary["indexes"]
    assert sum(len(text.split()) for text in summary["en"]) <= 90
    # A long translation further down is passed over for the next best sentence that fits.
    lengths = [5, 20, 10, 10, 60, 10, 10, 10, 10]
    long = lengths.index(60)
    full = summarize(market_record([5] + [10] * 8), en_words=90, method=method, sentences=3)["summary"]["indexes"]
    cut = summarize(market_record(lengths), en_words=50, method=method, sentences=3)["summary"]
    assert long in full and long not in cut["indexes"] and len(cut["indexes"]) == 3 and 1 in cut["indexes"]
    assert sum(len(text.split()) for text in cut["en"]) <= 50
    # One sentence only when no two fit together; the best one when none fits.
    long_ones = market_record([5] + [60] * 8)
    assert len(summarize(long_ones, en_words=90, method=method, sentences=3)["summary"]["indexes"]) == 1
    assert summarize(long_ones, en_words=10, method=method, sentences=3)["summary"]["indexes"] == [1]


def test_select_is_deterministic_and_ties_go_to_the_earlier_sentence():
    texts = ["Satu dua tiga empat lima enam.", "Tujuh delapan sembilan sepuluh sebelas dua belas.",
             "Tiga belas empat belas lima belas enam belas."]
    flat = Weights(lead=0.0, centrality=0.0, topics=0.0, facts=0.0, noise=0.0)
    assert rank_sentences(texts, 3, flat) == [0, 1, 2]
    assert [summarize(market_record(), sentences=2) for _ in range(2)] == [summarize(market_record(), sentences=2)] * 2


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
    assert rank_sentences(texts, 2) == [0, 2]
    assert rank_sentences([], 3) == []


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


# `pipeline eval summary` on tiny sets: an NTREX-layout folder and invented gold pages ----------------------------

def write_tiny_ntrex(folder: Path) -> Path:
    (folder / "DOCUMENT_IDS.tsv").write_text("a\na\na\nb\nb\nc\n", encoding="utf-8")
    (folder / "newstest2019-ref.ind.txt").write_text(
        "Bekasi menerima tamu Jepang\nBekasi menerima tamu Jepang di balai kota.\nCuaca cerah.\n"
        "Judul b\nIsi b.\nHanya judul tanpa isi\n", encoding="utf-8")
    return folder


def test_eval_scores_the_body_against_the_headline_per_document(tmp_path, capsys):
    import json

    from pipeline import __version__
    from pipeline.cli import main
    from pipeline.evaluate.summary import IndonesianTokenizer

    folder, out = write_tiny_ntrex(tmp_path), tmp_path / "rouge.json"
    assert main(["eval", "summary", "--set", "ntrex", str(folder), "--sentences", "1", "--folds", "2",
                 "--bootstrap", "50", "--seeds", "2", "--json", str(out)]) == 0
    [report] = json.loads(out.read_text(encoding="utf-8"))
    results = {r["method"]: r for r in report["results"]}
    assert list(results) == ["lead", "random", "default", "cv2"] and report["documents"] == 2
    # a: 4 of 7 summary words are the headline's 4 (F1 8/11); b: "b" of "isi b" vs "judul b" (F1 1/2); c: no body
    assert results["lead"]["ROUGE-1"] == pytest.approx(100 * (8 / 11 + 1 / 2) / 2, abs=0.01)
    assert results["lead"]["signature"] == (f"set:ntrex:{folder.name}|docs:2|n:1|metric:ROUGE-1+ROUGE-2+ROUGE-L|"
                                            f"config:{load_config(None).fingerprint()}|version:{__version__}|method:lead")
    assert results["random"]["signature"].endswith("|seeds:2|method:random")
    assert results["default"]["same_as_lead"] == 2 and results["default"]["vs_lead"]["ROUGE-1"] == 0
    assert set(results["cv2"]["ci95"]) == {"ROUGE-1", "ROUGE-2", "ROUGE-L"} and len(results["cv2"]["fold_weights"]) == 2
    assert "ROUGE-1" in capsys.readouterr().out
    assert IndonesianTokenizer(stemmed=True).tokenize("Pelayanan publik, 2023!") == ["layan", "publik"]


def test_cross_validation_runs_on_a_tiny_page_set_and_is_deterministic(tmp_path):
    import json

    from pipeline.cli import main

    pages = tmp_path / "pages.jsonl"
    rows = [{"id": f"p{number}", "event": f"e{number // 2}", "text": "\n".join(MARKET),
             "summary_hint": ["meresmikan Pasar Rakyat Cempaka", "menampung 240 pedagang"]} for number in range(4)]
    pages.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    reports = []
    for name in ("one.json", "two.json"):
        assert main(["eval", "summary", "--set", "pages", str(pages), "--folds", "2", "--bootstrap", "100",
                     "--sentences", "3", "--json", str(tmp_path / name)]) == 0
        reports.append(json.loads((tmp_path / name).read_text(encoding="utf-8")))
    assert reports[0] == reports[1]  # seeded: folds, bootstrap and random baseline
    [report] = reports[0]
    results = {r["method"]: r for r in report["results"]}
    # Lead-3 takes the quote and finds the first hint only; the default passes over the quote and reaches the
    # figures, and so do the weights chosen on the other fold.
    assert report["labels"] == 8 and results["lead"]["hints"] == 4 and results["default"]["hints"] == 8
    assert results["default"]["ci95"]["hints"] == [4, 4] and results["cv2"]["hints"] == 8


def test_folds_keep_an_event_together_and_the_grid_starts_with_the_shipped_weights():
    from pipeline.evaluate.summary import Document, fold_of, weight_grid

    documents = [Document(str(i), f"event{i // 2}", {}) for i in range(10)]
    folds = fold_of(documents, 3, seed=0)
    assert all(folds[i] == folds[i + 1] for i in range(0, 10, 2)) and set(folds) == {0, 1, 2}
    assert fold_of(documents, 3, seed=0) == folds
    grid = weight_grid(Weights())
    assert grid[0] == Weights() and len(set(grid)) == len(grid)
    assert Weights(centrality=0.0, topics=0.0, facts=0.0, noise=0.0) in grid  # plain lead order is a choice


def test_a_second_readers_sentences_are_scored_against_the_first_readers_hints(tmp_path, monkeypatch):
    """The ceiling a hint score is read against: what a second reader's own picks cover of the first's."""
    import json

    from pipeline.evaluate.summary import SetEvaluation, hint_metric, page_documents

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    from eval.summary_agreement import compare

    def gold(name, hints_per_page):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": f"p{i}", "text": "\n".join(MARKET), "summary_hint": hints}) + "\n"
                                for i, hints in enumerate(hints_per_page)), encoding="utf-8")
        return path

    first = gold("a.jsonl", [["meresmikan Pasar Rakyat Cempaka", "menampung 240 pedagang"]] * 2)
    second = gold("b.jsonl", [["meresmikan Pasar Rakyat Cempaka", "menampung 240 pedagang"],
                              ["meresmikan Pasar Rakyat Cempaka", "pos pemeriksaan gratis"]])
    config = load_config(None)
    stage = SummarizeStage(config)
    a, b = (SetEvaluation(page_documents(path, config), stage, hint_metric(), 3) for path in (first, second))
    report = compare(a, b, resamples=100, seed=0)
    assert report["labels"] == 4 and report["other reader"]["hints"] == 3  # page 2: B picked another figure
    assert report["lead"]["hints"] == 2 and report["default"]["hints"] == 4  # Lead-3 takes the quote
