"""Key facts without a model: the example article's date, people, places, organisations and figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.text.facts import extract_facts

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bekasi-japan-visit.txt"


def record_of(*body: str, headline: str = "Judul berita", **fields) -> dict:
    sentences = [{"text": headline, "kind": "headline"}] + [{"text": text, "kind": "body"} for text in body]
    return {"id": "test", "sentences": sentences, **fields}


@pytest.fixture(scope="module")
def example_facts() -> dict:
    """The example with one sentence per paragraph (the facts do not depend on sentence splitting)."""
    headline, *paragraphs = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return extract_facts(record_of(*paragraphs, headline=headline))


def person(facts: dict, name: str) -> dict:
    matches = [p for p in facts["people"] if p["name"] == name]
    assert len(matches) == 1, f"{name} found {len(matches)} times in {facts['people']}"
    return matches[0]


def test_example_people_have_names_titles_and_roles(example_facts):
    assert person(example_facts, "Lintong Dianto") == {
        "name": "Lintong Dianto", "title": None, "role": "Asisten Pemerintahan Kota Bekasi"}
    assert person(example_facts, "Kikuchi Masao")["title"] == "Prof."
    assert "Meiju University" in person(example_facts, "Kikuchi Masao")["role"]
    assert person(example_facts, "Yamasaki Yukiko")["title"] is None  # "ms." dropped, "yukiko" capitalised
    assert person(example_facts, "Yamasaki Yukiko")["role"].startswith("Acting Director")
    assert person(example_facts, "Dicky Irawan")["role"] == (
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
    assert person(example_facts, "Innayatullah")["role"] == "Asisten Pembangunan dan Kesejahteraan Masyarakat"
    assert len(example_facts["people"]) == 5  # Lintong Dianto and Dicky Irawan are named twice, listed once


def test_example_date_places_organisations_and_figures(example_facts):
    assert example_facts["date"] == "2023-08-24"  # "Kamis (24/8/2023)"
    assert {"Kota Bekasi", "Jepang", "Kota Osaka", "Singapura", "Indonesia"} <= set(example_facts["places"])
    assert "Bekasi" not in example_facts["places"]  # part of "Kota Bekasi"
    assert {"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Meiju University", "Pemerintah Kota Bekasi",
            "Polres Metro Bekasi Kota"} <= set(example_facts["organisations"])
    figures = {figure["text"]: figure for figure in example_facts["figures"]}
    assert figures["2,4 juta jiwa"]["value"] == 2_400_000 and figures["2,4 juta jiwa"]["unit"] == "jiwa"
    assert figures["3 Mall Pelayanan Publik (MPP)"]["value"] == 3
    assert not any("2023" in text for text in figures)  # the date is not a figure


def test_known_single_word_agencies_are_organisations_with_their_place():
    facts = extract_facts(record_of("Warga antre di Samsat Kota Bekasi, kata petugas Bapenda.",
                                    "KPU membuka posko bersama BPJS Kesehatan dan Satpol PP."))
    assert facts["organisations"] == ["Samsat Kota Bekasi", "Bapenda", "KPU", "BPJS Kesehatan", "Satpol PP"]
    assert "Bekasi" not in facts["places"] and facts["people"] == []


def test_record_date_wins_and_written_dates_are_read():
    assert extract_facts(record_of("Rapat pada 5 Januari 2024.", date="2024-02-01"))["date"] == "2024-02-01"
    assert extract_facts(record_of("Rapat pada 5 Januari 2024."))["date"] == "2024-01-05"
    assert extract_facts(record_of("Senin (31/2/2023) batal, Selasa (1/3/2023) jadi."))["date"] == "2023-03-01"
    assert extract_facts(record_of("Tidak ada tanggal."))["date"] is None


@pytest.mark.parametrize("text, figure, value, unit", [
    ("Anggaran Rp12,5 miliar sudah cair.", "Rp12,5 miliar", 12_500_000_000, "Rp"),
    ("Sebanyak 1.500 orang hadir.", "1.500 orang", 1500, "orang"),
    ("Naik 30 persen tahun ini.", "30 persen", 30, "persen"),
    ("Lahan 2,75 hektare disiapkan.", "2,75 hektare", 2.75, "hektare"),
])
def test_figures_keep_their_written_form_and_read_indonesian_numbers(text, figure, value, unit):
    [found] = extract_facts(record_of(text))["figures"]
    assert (found["text"], found["value"], found["unit"]) == (figure, value, unit)


def test_bare_numbers_and_years_are_not_figures():
    assert extract_facts(record_of("Pada tahun 2023 nomor 12 menang."))["figures"] == []


@pytest.mark.parametrize("text, name, title, role", [
    ("Kepala Dinas Kesehatan Kota Bekasi, dr. Tanti Rohilawati mengatakan hal itu.",
     "Tanti Rohilawati", "dr.", "Kepala Dinas Kesehatan Kota Bekasi"),
    ("Gubernur Jawa Barat Ridwan Kamil meninjau lokasi.", "Ridwan Kamil", None, "Gubernur Jawa Barat"),
    ("Wali Kota Bekasi Tri Adhianto bertemu warga.", "Tri Adhianto", None, "Wali Kota Bekasi"),
    ("Duta Besar Jepang untuk Indonesia, Kanasugi Kenji, hadir.", "Kanasugi Kenji", None,
     "Duta Besar Jepang untuk Indonesia"),
    ("Acara dihadiri Mr. john SMITH dari Tokyo.", "John Smith", None, None),
])
def test_people_in_common_news_patterns(text, name, title, role):
    facts = extract_facts(record_of(text))
    assert facts["people"] == [{"name": name, "title": title, "role": role}]


def test_headline_is_not_read_for_people_and_dateline_place_is_kept():
    facts = extract_facts(record_of("Warga berkumpul di lapangan.",
                                    headline="Wali Kota Bekasi Tri Adhianto Tinjau Banjir",
                                    dateline={"outlet": "FAKTAJAYA.COM", "place": "KOTA BEKASI"}))
    assert facts["people"] == [] and facts["places"] == ["Kota Bekasi"]


def test_empty_article_has_empty_facts():
    assert extract_facts({"id": "empty", "sentences": []}) == {
        "date": None, "places": [], "people": [], "organisations": [], "figures": []}
