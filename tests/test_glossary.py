"""The glossary: loading (and rejecting) files, finding terms in a source, and enforcing them in an output."""

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.text.glossary import Glossary

REPO = Path(__file__).resolve().parent.parent
BEKASI = REPO / "configs" / "glossaries" / "bekasi-japan.tsv"


@pytest.fixture(scope="module")
def bekasi():
    return Glossary.load(BEKASI)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def targets(terms):
    return [term.target for term in terms]


# --- prepare ---------------------------------------------------------------------------------------------


def test_longest_term_wins(bekasi):
    text, terms = bekasi.prepare("Pemerintah Kota Bekasi menyambut tamu di Kota Bekasi.", "id", "en")
    assert text == "Bekasi City Government menyambut tamu di Bekasi City."
    assert targets(terms) == ["Bekasi City Government", "Bekasi City"]


def test_matching_ignores_case_and_spacing_but_needs_whole_words(bekasi):
    text, terms = bekasi.prepare("Departemen kota  OSAKA dan warga Osakan; ms. Yamasaki yukiko.", "id", "en")
    assert text == "Departemen Osaka City dan warga Osakan; ms. Yamasaki Yukiko."
    assert targets(terms) == ["Osaka City", "Yamasaki Yukiko"]


def test_source_variants_are_recognised_and_terms_listed_once(bekasi):
    text, terms = bekasi.prepare("3 Mall Pelayanan Publik dan Mal Pelayanan Publik baru.", "id", "en")
    assert text == "3 Public Service Mall dan Public Service Mall baru."
    assert targets(terms) == ["Public Service Mall"]


def test_japanese_target_keeps_the_english_term_for_the_model(bekasi):
    text, terms = bekasi.prepare("The mayor of bekasi met the Bekasi City Government.", "en", "ja")
    assert text == "The Mayor of Bekasi met the Bekasi City Government."
    assert targets(terms) == ["ブカシ市長", "ブカシ市政府"]


def test_pivot_second_hop_finds_what_the_first_hop_enforced(bekasi):
    _, id_terms = bekasi.prepare("Wali Kota Bekasi tiba di Jepang.", "id", "en")
    english, flags = bekasi.enforce("The mayor of Bekasi arrived in Japan.", id_terms, "id", "en")
    assert (english, flags) == ("The Mayor of Bekasi arrived in Japan.", [])
    _, en_terms = bekasi.prepare(english, "en", "ja")
    assert targets(en_terms) == ["ブカシ市長", "日本"]


def test_empty_glossary_and_missing_language_change_nothing(bekasi):
    assert Glossary.empty().prepare("Kota Bekasi", "id", "en") == ("Kota Bekasi", [])
    assert bekasi.prepare("Kota Bekasi", "id", "ko") == ("Kota Bekasi", [])


# --- enforce ---------------------------------------------------------------------------------------------


def test_enforce_in_english_fixes_case_and_copied_source_terms(bekasi):
    _, terms = bekasi.prepare("Wali Kota di Mal Pelayanan Publik Kota Bekasi.", "id", "en")
    output, flags = bekasi.enforce("The mayor at the public service mall of Kota Bekasi.", terms, "id", "en")
    assert output == "The Mayor at the Public Service Mall of Bekasi City."
    assert flags == []


def test_enforce_in_english_flags_a_term_the_model_dropped(bekasi):
    _, terms = bekasi.prepare("Kota Bekasi menyambut Jepang.", "id", "en")
    output, flags = bekasi.enforce("The city welcomed Japan.", terms, "id", "en")
    assert output == "The city welcomed Japan."
    assert flags == ["glossary_missed"]


def test_enforce_in_japanese_replaces_copies_and_transliterations(bekasi):
    _, terms = bekasi.prepare(
        "The Bekasi City Government met Kikuchi Masao at the Command Center of Bekasi City.", "en", "ja"
    )
    output, flags = bekasi.enforce(
        "Bekasi City Governmentは、ベカシ市のコマンド・センターでキクチマサオと会った。", terms, "en", "ja"
    )
    assert output == "ブカシ市政府は、ブカシ市のコマンドセンターでキクチ・マサオと会った。"
    assert flags == []


def test_enforce_in_japanese_accepts_a_listed_variant_and_writes_the_canonical_form(bekasi):
    _, terms = bekasi.prepare("The Bekasi City Government.", "en", "ja")
    assert bekasi.enforce("ブカシ市役所。", terms, "en", "ja") == ("ブカシ市政府。", [])


def test_enforce_in_japanese_does_not_write_a_suffix_twice(bekasi):
    _, terms = bekasi.prepare("Officials of Osaka City.", "en", "ja")
    assert bekasi.enforce("オーサカ市の職員。", terms, "en", "ja") == ("大阪市の職員。", [])


def test_enforce_in_japanese_flags_an_unverifiable_rendering_and_leaves_other_names(bekasi):
    _, terms = bekasi.prepare("Kikuchi Masao visited Indonesia.", "en", "ja")
    output, flags = bekasi.enforce("菊池正夫はインドネシアとカナダを訪問した。", terms, "en", "ja")
    assert output == "菊池正夫はインドネシアとカナダを訪問した。"
    assert flags == ["glossary_missed"]


def test_enforce_without_terms_is_a_no_op(bekasi):
    assert bekasi.enforce("ブカシ市", [], "en", "ja") == ("ブカシ市", [])


# --- loading -----------------------------------------------------------------------------------------------


def test_bekasi_glossary_loads_and_fingerprint_tracks_content_not_comments(tmp_path, bekasi):
    assert bekasi.languages == ["en", "id", "ja"] and len(bekasi) >= 10
    text = BEKASI.read_text(encoding="utf-8")
    commented = Glossary.load(write(tmp_path, "commented.tsv", "# another comment\n" + text))
    changed = Glossary.load(write(tmp_path, "changed.tsv", text.replace("ブカシ市\n", "ベカシ市\n")))
    assert commented.fingerprint() == bekasi.fingerprint()
    assert changed.fingerprint() != bekasi.fingerprint()
    assert Glossary.empty().fingerprint() != bekasi.fingerprint()


@pytest.mark.parametrize(
    "body, message",
    [
        ("Kota Bekasi\tBekasi City\n", r"bad\.tsv:4: expected 3 tab-separated columns \(id, en, ja\), found 2"),
        ("Kota Bekasi\t\tブカシ市\n", r"bad\.tsv:4: empty 'en' term"),
        ("Kota Bekasi\tBekasi City|\tブカシ市\n", r"bad\.tsv:4: empty 'en' term"),
        ("Bekasi\tBekasi\tブカシ\nbekasi\tBekasi\tベカシ\n", r"bad\.tsv:5: id term 'bekasi' is already on line 4"),
    ],
    ids=["column-count", "empty-cell", "empty-variant", "conflicting-duplicate"],
)
def test_malformed_tsv_line_is_named(tmp_path, body, message):
    path = write(tmp_path, "bad.tsv", "# comment\nid\ten\tja\n\n" + body)
    with pytest.raises(ConfigError, match=message):
        Glossary.load(path)


def test_identical_duplicate_rows_are_accepted(tmp_path):
    glossary = Glossary.load(write(tmp_path, "dup.tsv", "id\ten\nJepang\tJapan\njepang\tjapan\n"))
    assert len(glossary) == 1


def test_bad_header_and_missing_file_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"bad\.tsv:1: 'source term' is not a language code"):
        Glossary.load(write(tmp_path, "bad.tsv", "source term\ttarget\nKota\tCity\n"))
    with pytest.raises(ConfigError, match="glossary file not found"):
        Glossary.load(tmp_path / "absent.tsv")
    with pytest.raises(ConfigError, match="unknown glossary format"):
        Glossary.load(write(tmp_path, "terms.csv", "id,en\n"))


def test_yaml_glossary_with_other_languages_and_variant_lists(tmp_path):
    path = write(
        tmp_path,
        "terms.yaml",
        "# Korean delegation\n"
        "- {id: Kota Bekasi, en: Bekasi City, ko: 브카시시}\n"
        "- id: [Mal Pelayanan Publik, Mall Pelayanan Publik]\n"
        "  en: Public Service Mall\n"
        "  ko: 공공서비스몰\n",
    )
    glossary = Glossary.load(path)
    assert glossary.languages == ["en", "id", "ko"]
    text, terms = glossary.prepare("Mall Pelayanan Publik di Kota Bekasi", "id", "en")
    assert text == "Public Service Mall di Bekasi City"
    _, terms = glossary.prepare("Public Service Mall in Bekasi City", "en", "ko")
    assert targets(terms) == ["공공서비스몰", "브카시시"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {id: Kota Bekasi, en: Bekasi City}\n- {id: Jepang, en: ''}\n", r"terms\.yaml:2: empty 'en' term"),
        ("- {id: Kota Bekasi, en: Bekasi City}\n- Jepang\n", r"terms\.yaml:2: a term must be a mapping"),
        ("- {id: Kota Bekasi}\n", r"terms\.yaml:1: a term needs at least two languages"),
        ("- {id: Jepang, en: 3}\n", r"terms\.yaml:1: the 'en' term must be text"),
        ("id: Jepang\nen: Japan\n", r"terms\.yaml:1: expected a list of terms"),
        ("- {id: Jepang, en: Japan\n", r"terms\.yaml: not valid YAML"),
    ],
    ids=["empty-term", "not-a-mapping", "one-language", "not-text", "not-a-list", "syntax"],
)
def test_malformed_yaml_entry_is_named(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        Glossary.load(write(tmp_path, "terms.yaml", text))


# --- merging (translate.glossary with the delegation profile's) ------------------------------------------------


def test_merge_adds_the_other_glossarys_new_terms_and_keeps_shared_ones_once(tmp_path, bekasi):
    profile = Glossary.load(write(tmp_path, "profile.tsv", "id\ten\tja\nKota Bekasi\tBekasi City\tブカシ市\n"
                                                           "Dinas Kesehatan\tHealth Office\t保健局\n"))
    merged = bekasi.merge(profile)
    assert len(merged) == len(bekasi) + 1 and merged.rows[:len(bekasi)] == bekasi.rows
    assert merged.origin == f"{BEKASI} + {tmp_path / 'profile.tsv'}"
    assert merged.prepare("Kota Bekasi dan Dinas Kesehatan", "id", "en")[0] == "Bekasi City dan Health Office"
    assert merged.fingerprint() not in (bekasi.fingerprint(), profile.fingerprint())


def test_merging_a_glossary_with_itself_or_an_empty_one_changes_nothing(bekasi):
    for merged in (bekasi.merge(Glossary.load(BEKASI)), bekasi.merge(Glossary.empty())):
        assert merged.fingerprint() == bekasi.fingerprint() and merged.origin == str(BEKASI)
    alone = Glossary.empty().merge(bekasi)
    assert alone.fingerprint() == bekasi.fingerprint() and alone.origin == str(BEKASI)


@pytest.mark.parametrize("row, term", [
    ("Kota Bekasi\tCity of Bekasi\tブカシ市", "'Kota Bekasi'"),  # same source term, another target
    ("Bekasi Town\tBekasi City\tブカシ町", "'Bekasi City'"),  # the pivot's source term, another Japanese
], ids=["id-term", "en-term"])
def test_a_term_the_two_glossaries_translate_differently_names_both_files_and_the_term(tmp_path, bekasi, row,
                                                                                         term):
    profile = write(tmp_path, "profile.tsv", f"id\ten\tja\n{row}\n")
    with pytest.raises(ConfigError) as raised:
        bekasi.merge(Glossary.load(profile))
    message = str(raised.value)
    assert str(BEKASI) in message and str(profile) in message and term in message
    assert "differently" in message
