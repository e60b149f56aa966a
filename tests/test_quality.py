"""Per-sentence quality flags: each fires on a clear failure and stays quiet on a good translation."""

from pathlib import Path

import pytest

from pipeline.text.quality import FLAGS, count_flags, sentence_flags

REPO = Path(__file__).resolve().parent.parent
NTREX = REPO / "pipeline" / "evaluate" / "data" / "ntrex"

POPULATION = "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa."


def test_empty_output_for_a_real_source():
    assert sentence_flags(POPULATION, "  ", "id", "en") == ["empty"]
    assert sentence_flags("", "", "id", "en") == []


# --- numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, output, src, tgt",
    [
        (POPULATION, "Bekasi City has a population of more than 2.4 million people.", "id", "en"),
        (POPULATION, "ブカシ市の人口は240万人を超える。", "id", "ja"),
        ("Bekasi City has more than 2.4 million people.", "ブカシ市の人口は240万人を超える。", "en", "ja"),
        ("Biayanya Rp1.500.000 per orang.", "The cost is Rp1,500,000 per person.", "id", "en"),
        ("The cost is Rp1,500,000 per person.", "費用は一人150万ルピア。", "en", "ja"),
        ("Dana Rp1,2 miliar cair.", "Funds of Rp1.2 billion were disbursed.", "id", "en"),
        ("Funds of Rp120 million.", "1億2000万ルピアの資金。", "en", "ja"),
        ("Kunjungan pada Kamis (24/8/2023).", "The visit on Thursday, August 24, 2023.", "id", "en"),
        ("The visit on Thursday (24/8/2023).", "2023年8月24日（木）の訪問。", "en", "ja"),
        ("Dibuka pukul 06.00 WIB.", "It opens at 6 a.m. WIB.", "id", "en"),
        ("Rapat pukul 19.30 WIB.", "The meeting is at 7:30 p.m. WIB.", "id", "en"),
        ("The meeting is at 19:30.", "会議は午後7時半から。", "en", "ja"),
        ("Ada 3 mal.", "There are three malls.", "id", "en"),
        ("There are 3 malls.", "モールは三つある。", "en", "ja"),
        ("Ada tiga mal.", "There are malls.", "id", "en"),  # a number in words is optional
        ("Jaraknya 1 mil.", "It is a mile away.", "id", "en"),
        ("Sold for £125m.", "1億2500万ポンドで売却。", "en", "ja"),
        ("Ada １２ orang.", "There are 12 people.", "id", "en"),  # full-width digits
    ],
)
def test_same_number_in_another_notation_is_not_missing(source, output, src, tgt):
    assert "number_missing" not in sentence_flags(source, output, src, tgt)


@pytest.mark.parametrize(
    "source, output, src, tgt",
    [
        (POPULATION, "Bekasi City has a population of more than 24 million people.", "id", "en"),
        (POPULATION, "Bekasi City has a population of more than 2.4 people.", "id", "en"),
        (POPULATION, "Bekasi City has a large population.", "id", "en"),
        ("Biayanya Rp1.500.000 per orang.", "The cost is Rp15,000 per person.", "id", "en"),
        ("The cost is Rp1,500,000 per person.", "費用は一人15万ルピア。", "en", "ja"),
        ("Kunjungan pada Kamis (24/8/2023).", "The visit on Thursday, August 24.", "id", "en"),
        ("Rapat pukul 19.30 WIB.", "The meeting is at 7 p.m. WIB.", "id", "en"),
        ("Dana Rp1,2 miliar cair.", "1億2000万ルピアの資金。", "id", "ja"),
    ],
)
def test_dropped_or_changed_number_is_missing(source, output, src, tgt):
    assert "number_missing" in sentence_flags(source, output, src, tgt)


# --- length -----------------------------------------------------------------------------------------------

LONG_SOURCE = (
    "Pada kesempatan itu, Asisten Pemerintahan membuka acara tersebut sekaligus memberikan ucapan selamat "
    "datang dan memaparkan program kerja sama kedua kota."
)
GOOD_ENGLISH = (
    "On that occasion, the Assistant for Governance opened the event, welcomed the guests and presented the "
    "cooperation program of the two cities."
)
GOOD_JAPANESE = "その際、行政担当補佐官が開会し、歓迎の言葉を述べるとともに、両市の協力プログラムについて説明した。"


def test_good_lengths_are_not_flagged():
    assert sentence_flags(LONG_SOURCE, GOOD_ENGLISH, "id", "en") == []
    assert sentence_flags(GOOD_ENGLISH, GOOD_JAPANESE, "en", "ja") == []
    assert sentence_flags("Jepang", "Japan", "id", "en") == []  # one word against one word
    assert sentence_flags("Bekasi City", "ブカシ市", "en", "ja") == []


def test_truncated_output_is_too_short():
    assert sentence_flags(LONG_SOURCE, "On that occasion, the Assistant opened", "id", "en") == ["too_short"]
    assert sentence_flags(GOOD_ENGLISH, "その際、補佐官が開会した。", "en", "ja") == ["too_short"]


def test_run_on_output_is_too_long():
    run_on = GOOD_ENGLISH + " The mayor also said that the city will continue to develop public services. " * 2
    assert sentence_flags(LONG_SOURCE, run_on, "id", "en") == ["too_long"]
    assert sentence_flags(
        "Kunjungan kerja.", "Work visit to the city government offices of Bekasi in West Java province.", "id", "en"
    ) == ["too_long"]
    assert sentence_flags(
        "Work visit.", "ブカシ市役所への公式な視察訪問が行われ、市長が歓迎の挨拶を述べた。", "en", "ja"
    ) == ["too_long"]


def test_unknown_language_pair_gets_no_length_flags():
    assert sentence_flags(LONG_SOURCE, "Ok.", "id", "ko") == []


# --- copies -----------------------------------------------------------------------------------------------


def test_echoed_source_is_copied():
    assert sentence_flags(LONG_SOURCE, LONG_SOURCE, "id", "en") == ["copied_source"]
    assert sentence_flags(GOOD_ENGLISH, GOOD_ENGLISH, "en", "ja") == ["copied_source"]
    headline = "Pemkot Bekasi Terima Kunker Negara Jepang Terkait Program Pertukaran Regional"
    assert sentence_flags(headline, headline.upper(), "id", "en") == ["copied_source"]
    partly = "On that occasion, " + LONG_SOURCE.split(", ", 1)[1]  # translated only its first words
    assert sentence_flags(LONG_SOURCE, partly, "id", "en") == ["copied_source"]


def test_copied_names_are_not_a_copy():
    assert sentence_flags("Prof. Kikuchi Masao", "Prof. Kikuchi Masao", "id", "en") == []
    assert sentence_flags("Lintong Dianto, Innayatullah.", "Lintong Dianto, Innayatullah.", "id", "en") == []
    # loanwords shared by a correct translation
    assert "copied_source" not in sentence_flags(
        "Program digital dan data online untuk media sosial.",
        "Digital programs and online data for social media.",
        "id",
        "en",
    )


# --- repetition -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output, tgt",
    [
        ("The mayor said the the the the city will grow.", "en"),
        ("The mayor said in the city in the city in the city of Bekasi.", "en"),
        ("市長は、ブカシ市のブカシ市のブカシ市の発展について述べた。", "ja"),
        ("市長はははははと述べた。", "ja"),
    ],
)
def test_loops_are_repetition(output, tgt):
    assert "repetition" in sentence_flags("Wali Kota mengatakan kota akan berkembang pesat.", output, "id", tgt)


@pytest.mark.parametrize(
    "output, tgt",
    [
        ("The mayor said that the city, the region and the nation will grow.", "en"),
        ("It was very, very, very good.", "en"),
        ("経済はますます発展し、人々は時々集まる。", "ja"),
        ("「ノーーーーーー」と彼女は書いた。", "ja"),
        ("人口は1000000人を超えた。", "ja"),
    ],
)
def test_ordinary_text_is_not_repetition(output, tgt):
    assert "repetition" not in sentence_flags("Wali Kota mengatakan kota akan berkembang pesat.", output, "id", tgt)


def test_repetition_already_in_the_source_is_not_flagged():
    assert sentence_flags("Ha ha ha ha ha, katanya.", "Ha ha ha ha ha, he said.", "id", "en") == []


# --- counts and references ---------------------------------------------------------------------------------


def test_count_flags_counts_sentences_per_flag():
    assert count_flags([["empty"], [], ["number_missing", "too_short"], ["number_missing"]]) == {
        "empty": 1,
        "number_missing": 2,
        "too_short": 1,
    }
    assert count_flags([]) == {}


def test_human_translations_are_rarely_flagged():
    """On 1,997 human news translations the flags stay rare: they mark outliers, not ordinary sentences."""
    read = lambda name: (NTREX / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    indonesian, english, japanese = (
        read("newstest2019-ref.ind.txt"),
        read("newstest2019-src.eng.txt"),
        read("newstest2019-ref.jpn.txt"),
    )
    for sources, outputs, src, tgt in ((indonesian, english, "id", "en"), (english, japanese, "en", "ja")):
        counts = count_flags(sentence_flags(s, o, src, tgt) for s, o in zip(sources, outputs))
        assert set(counts) <= set(FLAGS)
        assert sum(counts.values()) <= len(sources) // 100, (src, tgt, counts)
