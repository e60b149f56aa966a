"""Page furniture around an article (menus, widgets, bylines, captions, counters, related links, footers,
server output, repeats, datelines of many house styles) is removed and recorded; the story's sentences stay.

Every page here is invented (docs/page-noise.md describes the kinds); the gold-labelled synthetic pages are
scored through pipeline.evaluate.pages at the end.
"""

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.evaluate.ntrex import NTREX_DIR
from pipeline.evaluate.ntrex import articles as ntrex_articles
from pipeline.evaluate.pages import evaluate, load_gold
from pipeline.stages.normalize import NormalizeResources, normalize_article

SYNTHETIC = Path(__file__).resolve().parent / "data" / "pages" / "synthetic.jsonl"

HEADLINE = "Wali Kota Bekasi Terima Delegasi Kota Osaka"
LEAD = ("BEKASI, KABARKITA.COM – Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di Balai "
        "Kota Bekasi, Kamis (24/7/2025), untuk membahas kerja sama pengelolaan sampah.")
BODY = [
    "Delegasi yang dipimpin Wakil Wali Kota Osaka, Tanaka Hiroshi, berjumlah sembilan orang.",
    "“Kami ingin belajar dari Bekasi soal bank sampah yang dikelola warga,” kata Tanaka.",
    "Tri menjelaskan, Kota Bekasi kini memiliki 312 bank sampah di 56 kelurahan.",
    "Ia tak merinci nilai kerja sama itu.",
]


@pytest.fixture(scope="module")
def resources():
    return NormalizeResources.load(load_config({"normalize": {"language_check": False}}).normalize)


def normalize(resources, lines, title=None):
    return normalize_article({"id": "p1", "title": title, "text": "\n".join(lines)}, resources)


def texts(record):
    return [sentence["text"] for sentence in record["sentences"]]


def joined(record):
    return "\n".join(texts(record))


def removed(record, kind=None):
    return [entry["text"] for entry in record["removed"] if kind is None or entry["kind"] == kind]


def assert_story_kept(record):
    text = joined(record)
    assert "Tri Adhianto menerima delegasi Pemerintah Kota Osaka" in text
    for sentence in BODY:
        assert sentence in text, sentence


# The top of the page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("furniture, kind", [
    ("Beranda › Daerah › Bekasi", "menu"),
    ("BerandaNasionalDaerahPemerintahan", "menu"),
    ("Berita", None),
    ("Pencarian", "widget"),
    ("Rabu, 12 Mar 2025 08:15 WIB", "page_date"),
    ("Kamis, 24 Juli 2025 | 16:05 WITA", "page_date"),
    ("Monday, July 28, 2025 | Last Updated 2025-07-28T01:12:09Z", "page_date"),
    ("Reporter: Budi Santoso", "byline"),
    ("Penulis : Sari Wulandari", "byline"),
    ("Pewarta. : Dimas Santoso/RTS.", "byline"),
    ("author Redaksi", "byline"),
    ("Oleh Admin - 512 Dilihat", "byline"),
    ("Laporan wartawan Kabarkita, Andi Pratama", "byline"),
    ("791 view", "counter"),
    ("Bekasi205 Dilihat", "counter"),
    ("Dibaca 1.234 kali", "counter"),
    ("0 Komentar", "counter"),
    ("1199", "counter"),
    ("ADVERTISEMENT", "widget"),
    ("Tutup Iklan X", "widget"),
    ("share news", "widget"),
    ("URL berhasil dicopy", "widget"),
    ("Sebarkan artikel ini", "widget"),
    ("sosmed-whatsapp-white", "widget"),
    ("Ukuran Font: - +", "widget"),
    ("A A A", "widget"),
    ("You don't have javascript enabled.", "server"),
    ("Qw7ZrT2mKp9XvB4nLc8HyD3sJ6==", "garbage"),
    ("Foto: Dok. Humas Pemkot Bekasi", "caption"),
    ("(Foto: Humas Pemkot Bekasi)", "caption"),
])
def test_top_of_page_furniture_goes(resources, furniture, kind):
    record = normalize(resources, [furniture, HEADLINE, LEAD, *BODY])
    assert furniture not in joined(record)
    assert record["title"] == HEADLINE
    assert_story_kept(record)
    if kind:
        assert any(entry["kind"] == kind for entry in record["removed"]), record["removed"]


def test_a_byline_without_its_colon_is_no_headline(resources):
    record = normalize(resources, ["Reporter Sofyan Labolo", LEAD, *BODY])
    assert record["title"] is None and "Sofyan" not in joined(record)
    assert_story_kept(record)


def test_a_page_that_starts_mid_furniture_without_a_headline(resources):
    lines = ["Headline", ". Harga cabai rawit turun di pasar tradisional.", ". Harga cabai rawit turun di pasar tradisional.",
             "Banjir rob kembali menggenangi pesisir utara.", LEAD, *BODY]
    record = normalize(resources, lines)
    text = joined(record)
    assert "Harga cabai" not in text and "Banjir rob" not in text
    assert_story_kept(record)


def test_headline_repeated_around_a_byline_and_counter_keeps_one(resources):
    lines = ["Lebaran Hari Kedua", HEADLINE, "Nadia Safitri", "1.087 view", HEADLINE, LEAD, *BODY]
    record = normalize(resources, lines)
    assert record["title"] == HEADLINE and joined(record).count(HEADLINE) == 1
    assert "Nadia Safitri" not in joined(record) and "Lebaran Hari Kedua" not in joined(record)
    assert_story_kept(record)


def test_masthead_and_tagline_in_capitals_go(resources):
    record = normalize(resources, ["KABAR KITA", "JENDELA INFORMASI WARGA KOTA", HEADLINE, LEAD, *BODY])
    assert "JENDELA" not in joined(record) and "KABAR KITA" not in joined(record)
    assert "JENDELA INFORMASI WARGA KOTA" in removed(record, "tagline")


def test_captions_above_the_lead_go_and_a_render_date_is_recorded(resources):
    lines = ["Rabu, 12 Mar 2026 08:15 WIB", HEADLINE,
             "Wali Kota Bekasi Tri Adhianto menyalami Wakil Wali Kota Osaka di Balai Kota. (Foto: Humas Pemkot)",
             "Wali Kota Bekasi Tri Adhianto menyalami Wakil Wali Kota Osaka di Balai Kota. (Foto: Humas Pemkot)",
             LEAD, *BODY]
    record = normalize(resources, lines)
    assert "menyalami" not in joined(record)
    assert "Rabu, 12 Mar 2026 08:15 WIB" in removed(record, "page_date")  # date logic can still read it
    assert_story_kept(record)


# Datelines -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dateline, outlet, place", [
    ("BEKASI, KABARKITA.COM – ", "KABARKITA.COM", "BEKASI"),
    ("BEKASI, KABARKITA.COM — ", "KABARKITA.COM", "BEKASI"),
    ("BEKASI, KABARKITA.COM-", "KABARKITA.COM", "BEKASI"),
    ("BEKASI || KABARKITA.COM – ", "KABARKITA.COM", "BEKASI"),
    ("BEKASI | KABARKITA.COM – ", "KABARKITA.COM", "BEKASI"),
    ("Bekasi, Kabarkita.id – ", "Kabarkita.id", "Bekasi"),
    ("kabarkita.id - ", "kabarkita.id", None),
    ("kabarkita.com - kabarkita.com - ", "kabarkita.com", None),
    ("KABARKITA.ID ", "KABARKITA.ID", None),
    ("KABAR KITA. COM, BEKASI – ", "KABAR KITA. COM", "BEKASI"),
    ("BEKASI, KK - ", "KK", "BEKASI"),
    ("Bekasi, MC – ", "MC", "Bekasi"),
    ("Bekasi (Kabarkita) - ", "Kabarkita", "Bekasi"),
    ("Bekasi (Kabarkita-Jabar) - ", "Kabarkita-Jabar", "Bekasi"),      # the outlet's regional desk, hyphened
    ("BEKASI-KK. ", "KK", "BEKASI"),                                    # the outlet's code, closed by a period
    ("kabarkita.com (Bekasi) – ", "kabarkita.com", "Bekasi"),        # the place in the outlet's brackets
    ("Kabarkita/Kota Bekasi – ", "Kabarkita", "Kota Bekasi"),          # the outlet, a slash, the place
    ("BEKASI-", None, "BEKASI"),
    ("BEKASI -- ", None, "BEKASI"),
    ("Bekasi: ", None, "Bekasi"),
    # Forms met on real regional pages (outlet names invented):
    ("KABARKITA3.NET/ BEKASI – ", "KABARKITA3.NET", "BEKASI"),         # a slash between outlet and place
    ("BEKASI (Kabarkita): ", "Kabarkita", "BEKASI"),                   # a colon instead of a dash
    ("Bekasi, Jabar, Kabar24.id - ", "Kabar24.id", "Bekasi, Jabar"),   # a place, its province, the outlet
    ("Bekasi | ", None, "Bekasi"),                                     # a place and a pipe
    ("Kabarkita.id - Bekasi | ", "Kabarkita.id", "Bekasi"),            # the outlet, a dash, a place, a pipe
    ("KABARKITA.id | Bekasi – ", "KABARKITA.id", "Bekasi"),            # the outlet, a pipe, a place, a dash
    ("Kabarkita.com, Bekasi. ", "Kabarkita.com", "Bekasi"),            # closed by a period
    ("KABARKITA.CO.ID, BEKASI---", "KABARKITA.CO.ID", "BEKASI"),       # three hyphens, glued
    ("Kabarkita.com, BEKASI–", "Kabarkita.com", "BEKASI"),             # an en dash, glued
    ("Bekasi // Kabarkita.com - ", "Kabarkita.com", "Bekasi"),         # two slashes
    ("BEKASI, JAWA BARAT, Kabarkita.id – ", "Kabarkita.id", "BEKASI, JAWA BARAT"),  # the province in capitals
    ("BEKASI,KK–", "KK", "BEKASI"),                                    # no spaces at all
    ("BEKASI–", None, "BEKASI"),                                       # a place, an en dash, glued
    ("kabarkita.net, Bekasi, Jawa Barat – ", "kabarkita.net", "Bekasi, Jawa Barat"),  # two places
    ("KabarKita, Bekasi – ", "KabarKita", "Bekasi"),                   # an outlet name in CamelCase
    ("Bekasi, -", None, "Bekasi"),                                     # the outlet left out, the dash glued
    ("KabarKita-Bekasi| ", "KabarKita", "Bekasi"),                     # an outlet alone, then a place alone
    ("BEKASI, JABAR,- ", None, "BEKASI, JABAR"),                       # a place, its province, a comma and dash
    ("Bekasi Kabarkita.com – ", "Kabarkita.com", "Bekasi"),            # a place and a domain, no comma
    ("BEKASI-KABAR KITA, ", "KABAR KITA", "BEKASI"),                   # place-outlet in capitals, then a comma
    ("BEKASI, KABARKITA.ID | ", "KABARKITA.ID", "BEKASI"),             # a place, the domain, a pipe
    ("Bekasi, (KBK) – ", "KBK", "Bekasi"),                             # a comma before the bracketed outlet
    ("BEKASI, KABARKITA.JABAR.CO.ID-", "KABARKITA.JABAR.CO.ID", "BEKASI"),  # a regional subdomain, glued
    ("KABAR-JABAR.com, BEKASI - ", "KABAR-JABAR.com", "BEKASI"),       # a hyphen inside the outlet's name
    ("Kabarkita.com: ", "Kabarkita.com", None),                        # the outlet alone, then a colon
    ("BEKASI, Kabarkita | ", "Kabarkita", "BEKASI"),                   # a place, the outlet's name, a pipe
    ("kabarkita.bacakoran.co - BEKASI, ", "kabarkita.bacakoran.co", "BEKASI"),  # outlet, dash, place, comma
    ("KABARKITA - Bekasi: ", "KABARKITA", "Bekasi"),                   # the outlet, a dash, the place, a colon
    ("PolitikBEKASI – ", None, "BEKASI"),                              # a section's name glued to the place
    ("BEKASI, JAWA BARAT (Kabar KITA) – ", "Kabar KITA", "BEKASI, JAWA BARAT"),  # the province in capitals
    ("Bekasi (Kabar KABARKITA.co.id) – ", "Kabar KABARKITA.co.id", "Bekasi"),  # a name and the domain in brackets
    ("KabarKita- ", "KabarKita", None),                                # a CamelCase outlet, a hyphen glued
    ("Bekasi–(01/10/2020) ", None, "Bekasi"),                          # a place, a dash, the date in brackets
    ("kabarkita.com,- ", "kabarkita.com", None),                       # the outlet, a comma and a hyphen
    ("Kabarkita.com, Bekasi Jawa Barat_", "Kabarkita.com", "Bekasi Jawa Barat"),  # an underscore for the dash
    ("(Kabarkita)- ", "Kabarkita", None),                              # the outlet in brackets, its place above
    ("Kota Bekasi, Kabarkita.com l ", "Kabarkita.com", "Kota Bekasi"),  # a small L for the pipe
    ("KABARKITA || Bekasi, – ", "KABARKITA", "Bekasi"),                # two pipes, a comma before the dash
    ("BEKASI – KABARKITA.COM – ", "KABARKITA.COM", "BEKASI"),          # the place, then the domain, two dashes
    ("Bekasi KABARKITA – ", "KABARKITA", "Bekasi"),                    # a place and the outlet, no comma
    ("Bekasi, KK----- ", "KK", "Bekasi"),                              # a run of hyphens
    ("Kabar Kita, Bekasi, 2 Juni 2022 – ", "Kabar Kita", "Bekasi"),    # the outlet, the place, the date
    ("Bekasi, kabarkita.co. id – ", "kabarkita.co. id", "Bekasi"),     # a stray space in the domain
    ("KBK Bekasi - ", "KBK", "Bekasi"),                                # an outlet's initials, then the place
    ("Bekasi, KABAR KITA.net - ", "KABAR KITA.net", "Bekasi"),         # a spaced domain after the place
    ("Bekasi, Kabar Kita; ", "Kabar Kita", "Bekasi"),                  # a semicolon for the dash
    ("Bekasi - KABAR - ", "KABAR", "Bekasi"),                          # the place, the outlet, hyphens
    ("Bekasi, Jabar – Kabarkita.com. ", "Kabarkita.com", "Bekasi, Jabar"),  # the outlet closed by a period
    ("Bekasi!!!! Kabarkita.com – ", "Kabarkita.com", "Bekasi"),        # exclamation marks for a separator
    ("KABARKITA/BEKASI – ", "KABARKITA", "BEKASI"),                    # outlet and place in capitals, a slash
    ("BEKASI, kabarkita.co.id – Bekasi – ", "kabarkita.co.id", "Bekasi"),  # the place again after the outlet
    ("Bekasi-KabarKita (23/8/2013) ", "KabarKita", "Bekasi"),          # a CamelCase outlet and the date
    ("Sukamaju, Bekasi, Kominfo – ", "Kominfo", "Sukamaju, Bekasi"),   # two places and an agency
    ("Kabarkita.co.id~//- Bekasi – ", "Kabarkita.co.id", "Bekasi"),    # decoration after the outlet
    ("Bekasi, Kabarkita.com,_", "Kabarkita.com", "Bekasi"),            # a comma and an underscore
    ("BEKASI, KABAR KITA.- ", "KABAR KITA", "BEKASI"),                 # a period before the dash
    ("BEKASI, (KB).- ", "KB", "BEKASI"),                               # the same after a bracketed outlet
    ("Bekasi, Kabar-kita.com. ", "Kabar-kita.com", "Bekasi"),          # the domain closed by a period
    ("BEKASI (8/10/25), KBK – ", "KBK", "BEKASI"),                     # the place, the date, the outlet
    ("Bekasi-Kabarkita | ", "Kabarkita", "Bekasi"),                    # place-outlet and a pipe
    ("Kabarkita.com, Bekasi | ", "Kabarkita.com", "Bekasi"),           # outlet, place and a pipe
    ("BEKASI KABARKITA.CO–", "KABARKITA.CO", "BEKASI"),                # place and domain, the dash glued
    ("KABAR24, Bekasi – ", "KABAR24", "Bekasi"),                       # an outlet with digits
    ("K3, Bekasi ~ ", "K3", "Bekasi"),                                 # a tilde for the dash
    ("BEKASI [Kabarkita.id] – ", "Kabarkita.id", "BEKASI"),            # the outlet in square brackets
    ("KABARKITA.CO.ID, BEKASI: ", "KABARKITA.CO.ID", "BEKASI"),        # outlet, place and a colon
    ("Bekasi – kabarkita.com – ", "kabarkita.com", "Bekasi"),          # the place, then a lower-case domain
    ("Bekasi -- kabarkita.com, ", "kabarkita.com", "Bekasi"),          # the same, then a comma
    ("JABAR KABARKITA.CO Bekasi - ", "KABARKITA.CO", "Bekasi"),        # an edition's name, the domain, the place
    ("Bekasi, 7/8 (Kabarkita). ", "Kabarkita", "Bekasi"),              # the bracketed outlet closed by a period
    ("KabarKita – ", "KabarKita", None),                               # a CamelCase outlet and a dash
    ("kabarKita - ", "kabarKita", None),                               # the same, its first letter small
    ("BEKASI-kabarkita.com | ", "kabarkita.com", "BEKASI"),            # place, hyphen, domain, a pipe
    ("Kabarkita.com | Bekasi, ", "Kabarkita.com", "Bekasi"),           # domain, a pipe, the place and a comma
    ("AyoBekasi.com - Bekasi, ", "AyoBekasi.com", "Bekasi"),           # domain, a dash, the place and a comma
    ("kabarnews, Kota Bekasi – ", "kabarnews", "Kota Bekasi"),         # an outlet's name in lower case, no domain
    ("Bekasi, kabarnews-", "kabarnews", "Bekasi"),                     # the same after the place, a hyphen glued
    ("Bekasi, kabarnews (InfoPublik) – ", "kabarnews", "Bekasi"),      # and the agency it copies from
    ("BEKASI, (kabarkita). ", "kabarkita", "BEKASI"),                  # in brackets, closed by a period
    ("BEKASI - KABARKITA.Com; ", "KABARKITA.Com", "BEKASI"),           # closed by a semicolon
    ("(Kab. Bekasi), ", None, "Kab. Bekasi"),                          # the place in brackets
    (", Bekasi – ", None, "Bekasi"),                                   # the outlet before the comma left out
    ("Bekasi kabarkita.com, ", "kabarkita.com", "Bekasi"),             # place and domain, then a comma
    ("Kabarku.in, Bekasi – ", "Kabarku.in", "Bekasi"),                 # a .in domain
    ("KBK|BEKASI, JABAR – ", "KBK", "BEKASI, JABAR"),                  # an outlet's code and a pipe first
    ("BEKASI, JABAR KABARKITA.com–", "KABARKITA.com", "BEKASI, JABAR"),  # place, province, domain glued to a dash
    ("BEKASI - Kabarkita.com || ", "Kabarkita.com", "BEKASI"),         # two pipes after the domain
    ("Kota Bekasi, KABARKITA.COM || REGIONAL – ", "KABARKITA.COM", "Kota Bekasi"),  # and a section's name
    ("Kabarkita.id | Bekasi | ", "Kabarkita.id", "Bekasi"),           # the outlet, the place, each with a pipe
    ("Kabarkita.com || ", "Kabarkita.com", None),                      # the outlet alone and two pipes
    ("KOTA BEKASI | KABAR SENJA – ", "KABAR SENJA", "KOTA BEKASI"),    # two words of place, two of outlet
    ("BEKASI. ", None, "BEKASI"),                                      # a place in capitals closed by a period
    ("Bekasi-KB. ", "KB", "Bekasi"),                                   # a place and an outlet's code
    ("Bekasi, kabar RAKYAT – ", "kabar RAKYAT", "Bekasi"),             # an outlet's name half in capitals
    ("BEKASI, KABARKITA.com", "KABARKITA.com", "BEKASI"),               # nothing between the domain and the story
    ("Bekasi (24/7) ", None, "Bekasi"),                                # a place and the day it was filed, no dash
    ("KABAR-KITA.COM|BEKASI--", "KABAR-KITA.COM", "BEKASI"),           # a pipe, then two hyphens glued to the story
    ("Kab.Garut – ", None, "Kab.Garut"),                             # an abbreviated kind of region
    ("Bekasi – 16 Juni 2025 ", None, "Bekasi"),                        # a place, a dash, the date written out
    ("BEKASI-JABAR, Kabar Kita – ", "Kabar Kita", "BEKASI-JABAR"),      # a place and its province, hyphened
    ("Kabarkita - Bekasi - ", "Kabarkita", "Bekasi"),                  # an outlet's one-word name, a dash, the place
    ("KBK - Kota Bekasi | ", "KBK", "Kota Bekasi"),                    # the same closed by a pipe
    ("KABARKITA l BEKASI – ", "KABARKITA", "BEKASI"),                  # a lower-case l typed for the pipe
    ("KabarKita, Bekasi -– ", "KabarKita", "Bekasi"),                  # a hyphen before the en dash
    ("BEKASI.Kabarkita.com l ", "BEKASI.Kabarkita.com", None),         # a domain with its region, a small L
    ("Kabarkita.co.id – BEKASI-KK. ", "Kabarkita.co.id", "BEKASI"),     # then the place and the print edition's code
    ("Bekasi, 24 Juli 2025. ", None, "Bekasi"),                        # the place and the date written out, a period
    ("BKS, KABARKITA.com, ", "KABARKITA.com", "BKS"),                  # a comma after the domain
    ("Kabarkita.com, BEKASI ", "Kabarkita.com", "BEKASI"),             # the place in capitals, then the story
    ("KABAR-KITA.COM I BEKASI---", "KABAR-KITA.COM", "BEKASI"),        # a capital I typed for the pipe
    ("Kominfo-", "Kominfo", None),                                      # a government portal's press office
    ("Kota Bekasi, Kabar Kita | ", "Kabar Kita", "Kota Bekasi"),        # the outlet's name of two words, a pipe
    ("KabarkitaR4, Bekasi- ", "KabarkitaR4", "Bekasi"),                # an outlet's name with a digit in it
    ("Kabarkita–BEKASI ", "Kabarkita", "BEKASI"),                      # a dash glued between outlet and place
    ("KKNews, BEKASI— ", "KKNews", "BEKASI"),                          # an outlet's name in capitals and CamelCase
    ("Bekasi (22/07/2025) kabarkita.go.id - ", "kabarkita.go.id", "Bekasi"),  # the day it was filed, the portal
    ("Surabaya, Kabarkita.today – ", "Kabarkita.today", "Surabaya"),    # a newer top-level domain
    ("Kabar Plus, BEKASI - ", "Kabar Plus", "BEKASI"),                 # an outlet's name in Title Case, the place
    ("(kabarKominfo) – ", "kabarKominfo", None),                       # the outlet alone in brackets
    ("BEKASI, KABARKITA.COM. – ", "KABARKITA.COM", "BEKASI"),           # a period, a space, then the dash
    ("Kabarkita.com, BEKASI –– ", "Kabarkita.com", "BEKASI"),           # two en dashes
    ("Bekasi (6/3/2021): ", None, "Bekasi"),                           # the day it was filed and a colon
    ("KOTA BEKASI, JAWA BARAT || KABARKITA.COM || – ", "KABARKITA.COM", "KOTA BEKASI, JAWA BARAT"),  # pipes, a dash
    ("Bekasi – KK………..", "KK", "Bekasi"),                              # the outlet's code trailed by dots
    ("Bekasi (kabarkita.com)-", "kabarkita.com", "Bekasi"),           # the domain in brackets, a hyphen glued
    # Glued to the story's first word, the space its markup stood for lost:
    ("KOTA BEKASI", None, "KOTA BEKASI"),                               # a place in capitals
    ("Bekasi", None, "Bekasi"),                                         # in Title case (the story names it again)
    ("Bekasi, Jabar", None, "Bekasi, Jabar"),                           # a place and its province
    ("Bekasi, KB News", "KB News", "Bekasi"),                           # a place and the outlet's name
    ("KABAR Bekasi", "KABAR", "Bekasi"),                                # the outlet, then the place
    ("kabarkita.com | Bekasi", "kabarkita.com", "Bekasi"),              # the domain, a pipe, the place
    # Colons, codes and pipes:
    ("KABAR, Kota Bekasi: ", "KABAR", "Kota Bekasi"),                   # a broadcaster's code, the place, a colon
    ("BEKASI-KB: ", "KB", "BEKASI"),                                    # the place and the outlet's code, a colon
    ("BEKASI~KB. ", "KB", "BEKASI"),                                    # a tilde between them
    ("Kota Bekasi – kabarkita.com: ", "kabarkita.com", "Kota Bekasi"),  # the place, a dash, the domain, a colon
    ("BEKASI – Kabarkita.co | ", "Kabarkita.co", "BEKASI"),             # the place, a dash, the domain, a pipe
    ("KOTA BEKASI, – KABAR KITA. COM – ", "KABAR KITA. COM", "KOTA BEKASI"),  # a comma and a dash, a spaced domain
    ("kabarkita.comBEKASI-", "kabarkita.com", "BEKASI"),                # the domain glued to the place
    ("KABAR News - ", "KABAR News", None),                              # an outlet's name and a word of its kind
    ("Bekasi, Jawa Barat⚡Kabarkita – ", "Kabarkita", "Bekasi, Jawa Barat"),  # an emoji between place and outlet
    ("BEKASI, kbk – ", "kbk", "BEKASI"),                                # a three-letter code in lower case
    ("BEKASI, KBK,-- ", "KBK", "BEKASI"),                              # a comma before the dash
    ("BEKASI – BIRO HUMAS. ", "BIRO HUMAS", "BEKASI"),                 # a press office of two words, a period
    ("Kabarkita-BEKASI– ", "Kabarkita", "BEKASI"),                     # the outlet, a hyphen, the place, a dash
    ("Bekasi, KabarkitaTV. ", "KabarkitaTV", "Bekasi"),                 # a CamelCase outlet closed by a period
    ("BEKASI, KK.--", "KK", "BEKASI"),                                  # a period, then two hyphens glued
    ("Bekasi, 24 Juli 2025, kabarkita.com -", "kabarkita.com", "Bekasi"),  # the place, the date, the domain
    ("Hi!Bekasi - ", "Hi!Bekasi", None),                                # a portal's brand with an exclamation mark
    ("Bekasi (Jabar), KABARKITA.COM – ", "KABARKITA.COM", "Bekasi"),     # the province in brackets after the place
    ("Bekasi kabarkita.com, 25 Juli 2025 – ", "kabarkita.com", "Bekasi"),  # the place, the domain, the date
    ("kabarkita – BEKASI | ", "kabarkita", "BEKASI"),                  # the outlet's name in lower case, a pipe
    ("Kabar-kita, Bekasi- ", "Kabar-kita", "Bekasi"),                  # a hyphened name, a hyphen glued to the place
    ("Berita PolitikBekasi, 25 Juli 2025 - ", None, "Bekasi"),        # a section's name glued to the place, a date
    ("KbK | JABAR | Bekasi – ", "KbK", "Bekasi"),                      # an outlet's code, its region, pipes
    ("KabarKita.com, Bekasi, – ", "KabarKita.com", "Bekasi"),          # a comma before the dash
    ("kabarnews, ", "kabarnews", None),                                 # an outlet in lower case, a comma, no place
])
def test_datelines_in_many_house_styles(resources, dateline, outlet, place):
    lead = dateline + "Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di Balai Kota Bekasi."
    record = normalize(resources, [HEADLINE, lead, *BODY])
    assert record["dateline"] == {"outlet": outlet, "place": place}
    assert texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")
    assert {"kind": "dateline", "text": dateline.strip().replace("—", "–")} in record["removed"]  # dashes unified


@pytest.mark.parametrize("lead", ["Kabarkita.com - Kabupaten Bekasi, Provinsi Jawa Barat, adalah sentra industri.",
                                  "KABARKITA.COM - Bupati Bekasi, Ade Kuswara, meresmikan pasar baru di Cikarang."])
def test_a_place_of_two_words_after_a_domain_is_the_story_s_subject(resources, lead):
    record = normalize(resources, [HEADLINE, lead, *BODY])
    assert record["dateline"]["place"] is None
    assert texts(record)[1].startswith(("Kabupaten Bekasi, Provinsi", "Bupati Bekasi, Ade"))


@pytest.mark.parametrize("last", [
    ("Dalam acara itu, Tri Adhianto didampingi anggota DPRD Kota Bekasi I Made Ayu Sriani dan Ni Luh Putu "
     "Sari, Camat Bekasi Timur I Wayan Budi Santoso, Ketua LPM Margahayu AA Ngurah Agus Salim, Pengurus PKK, "
     "Ketua Karang Taruna ST Tunas Muda, serta warga setempat"),
    # cut off by the store's size limit mid-list of agencies, mostly capitals
    ("Setelah itu, Wali Kota bersama Sekretaris Daerah (Sekda) Kota Bekasi Arif Wibowo, jajaran Forum "
     "Koordinasi Pimpinan Daerah (Forkopimda) Kota Bekasi, Badan Penanggulangan Bencana Daerah (BPBD), Dinas "
     "Pekerjaan Umum (DPU) Kota Bek"),
])
def test_a_last_sentence_dense_with_names_that_lost_its_stop_is_story(resources, last):
    record = normalize(resources, [HEADLINE, LEAD, *BODY, last])
    assert texts(record)[-1] == last


def test_a_list_s_header_with_its_colon_is_story_however_many_names_it_holds(resources):
    items = ["• Tri Adhianto 2023-sekarang", "• Rahmat Effendi 2013-2023"]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Berikut daftar Wali Kota Bekasi:", *items, *BODY[1:]])
    assert "Berikut daftar Wali Kota Bekasi:" in texts(record)
    assert_story_kept(record)


def test_a_numbered_list_under_its_header_and_a_table_s_header_row_is_story(resources):
    items = ["1. Tri Adhianto 2023 - sekarang", "2. Rahmat Effendi 2013 - 2023"]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Berikut daftar wali kota dan masa jabatannya.",
                                   "No. Nama Wali Kota Masa Jabatan", *items, *BODY[1:]])
    assert all(item in texts(record) for item in items)
    assert_story_kept(record)


def test_a_list_under_a_header_that_lost_its_colon_is_story(resources):
    items = ["- Kelurahan Margahayu: 12 bank sampah", "- Kelurahan Duren Jaya: 9 bank sampah"]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Berikut kelurahan dengan bank sampah terbanyak",
                                   *items, *BODY[1:]])
    assert all(item in texts(record) for item in items)
    assert_story_kept(record)


def test_rows_of_a_label_and_its_figures_under_a_header_are_story(resources):
    # A damage report written as text: the first row ends with a stop, the others do not.
    rows = ["Kelurahan Margahayu: 34 rumah terdiri dari rusak ringan 30 unit dan rusak sedang 4 unit.",
            "Kelurahan Duren Jaya: 11 Rumah rusak ringan", "Kelurahan Aren Jaya: 7 Rumah rusak sedang"]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Data rumah terdampak menurut BPBD:", *rows, *BODY[1:]])
    assert all(row in texts(record) for row in rows)
    assert_story_kept(record)


def test_a_list_of_names_under_a_paragraph_that_ends_with_its_header_is_story(resources):
    names = ["- Yohanes Kewara", "- Maria Bupuni", "- Op. Gomgom Sitanggang"]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Tim SAR masih mencari tiga warga. Berikut data 3 "
                                   "orang yang masih dalam pencarian.", *names, *BODY[1:]])
    assert all(name in texts(record) for name in names)  # not bylines: the missing
    assert_story_kept(record)


@pytest.mark.parametrize("before", [BODY[0], BODY[0].rstrip(".")])
def test_a_link_between_a_sentence_and_its_stop_leaves_both_sentences_whole(resources, before):
    record = normalize(resources, [HEADLINE, LEAD, before, "Baca: Pemkot Bekasi Resmikan Pasar Baru",
                                   ". " + BODY[1], *BODY[2:]])
    assert before in texts(record) and BODY[1] in texts(record) and "." not in texts(record)
    assert "Pasar Baru" not in joined(record)


def test_a_story_paragraph_with_its_day_after_the_last_stop_is_no_caption(resources):
    # A caption is one sentence ending with its day in brackets; a paragraph of the story may carry its day after
    # its last stop, and was dropped as a caption with the only date the page had
    undated_lead = "Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di Balai Kota Bekasi."
    paragraph = ("Usai pertemuan, Tri mengatakan “Kami sepakat bertukar pengalaman soal bank sampah warga” "
                 "paparnya. Kamis (24/7/25)")
    record = normalize(resources, [HEADLINE, undated_lead, paragraph, *BODY])
    assert "Kami sepakat bertukar pengalaman" in joined(record) and record["date"] == "2025-07-24"


def test_a_dateline_alone_on_its_line_is_joined_to_the_lead(resources):
    record = normalize(resources, [HEADLINE, "BEKASI, KK -",
                                   "Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di Balai "
                                   "Kota Bekasi, Kamis (24/7/2025).", *BODY])
    assert record["dateline"] == {"outlet": "KK", "place": "BEKASI"}
    assert "BEKASI, KK" not in joined(record)


def test_a_dateline_below_a_teaser_and_a_pipe_still_opens_the_story(resources):
    teaser = "Sebagai tuan rumah, Pemkot Bekasi menyiapkan jamuan untuk delegasi Kota Osaka di Balai Kota."
    record = normalize(resources, [HEADLINE, teaser, "|", LEAD.replace("BEKASI, KABARKITA.COM –", "KABAR-JABAR.com, BEKASI -"),
                                   *BODY])
    assert record["dateline"] == {"outlet": "KABAR-JABAR.com", "place": "BEKASI"}
    assert "KABAR-JABAR" not in joined(record) and "|" not in texts(record)
    assert_story_kept(record)


@pytest.mark.parametrize("lead", ["Jakarta–Bandung kini terhubung kereta cepat yang melintas di Kabupaten Bekasi.",
                                  "Bekasi—Jakarta ditempuh satu jam dengan kereta cepat dari Stasiun Bekasi Timur."])
def test_a_glued_dash_between_two_places_is_no_dateline(resources, lead):
    record = normalize(resources, [HEADLINE, lead, *BODY])
    assert record["dateline"] is None and texts(record)[1] == lead.replace("—", "–")  # dashes unified


def test_a_bulleted_list_above_a_datelined_lead_is_no_story(resources):
    related = ["- Pemkot Bekasi Resmikan Pasar Baru di Bantargebang", "- Banjir Rendam Dua Kelurahan di Bekasi Utara",
               "- Wali Kota Tinjau Posyandu Lansia di Jatiasih"]
    teaser = ["- Delegasi Osaka belajar soal bank sampah warga. Kunjungan ini yang kedua dalam setahun."]
    for above in (related, teaser):
        record = normalize(resources, [HEADLINE, *above, LEAD, *BODY])
        assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
        assert texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")
        assert not any(text.startswith("- ") or "Bantargebang" in text for text in texts(record))


def test_a_captions_kicker_above_a_datelined_lead_is_no_dateline(resources):
    caption = "MENYAMBUT: Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di Balai Kota."
    record = normalize(resources, [HEADLINE, caption, LEAD, *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert "MENYAMBUT" not in joined(record) and texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")
    assert_story_kept(record)


def test_a_captions_kicker_above_a_lead_datelined_by_its_place_alone_is_no_dateline(resources):
    caption = "SAMBUT TAMU KOTA: Wali Kota Bekasi Tri Adhianto saat menerima delegasi Kota Osaka, Kamis (24/7)."
    lead = LEAD.replace("BEKASI, KABARKITA.COM –", "BEKASI –")
    record = normalize(resources, [HEADLINE, caption, lead, *BODY])
    assert record["dateline"] == {"outlet": None, "place": "BEKASI"}
    assert "SAMBUT" not in joined(record) and texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")
    assert_story_kept(record)


def test_captions_naming_officials_with_short_titles_above_the_lead_leave_the_story_whole(resources):
    # "Muh." and "Drs." are titles, not sentence ends: counted as such, two captions read as the story
    # already under way, the caption's kicker was taken for the dateline, and the real lead for another article.
    captions = ["PENYAMBUTAN: Wawali Muh. Anwar dan Ketua DPRD Drs. Budi Santoso saat menyambut Tanaka, Kamis (24/7).",
                "RESMI. Wakil Wali Kota Bekasi Muh. Anwar, Kepala Bappeda Drs. Budi Santoso, dan Wakil Wali Kota "
                "Osaka Tanaka Hiroshi saat menandatangani nota kerja sama di Balai Kota Bekasi."]
    record = normalize(resources, [*captions, LEAD, *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert "run_on_article" not in record["flags"]
    assert_story_kept(record)
    # Nor is the first caption a headline ended by a period: it ends with the day, as captions do
    assert "PENYAMBUTAN" not in joined(record) and "RESMI" not in joined(record)


def test_another_outlets_dateline_after_the_story_starts_another_story(resources):
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "KabarLain.id – “Ke mana pun Anda pergi, yang ada adalah kota.”"])
    assert texts(record)[-1] == BODY[-1] and "run_on_article" in record["flags"]


@pytest.mark.parametrize("paragraph", [
    "Sebelumnya, Taman Ex-Incinerator ini merupakan bekas tempat pengolahan sampah yang disulap menjadi taman.",
    "Ketua Majelis Jemaat, Gereja Emaus Oebelo-Tanah Merah, Pendeta Elsa bersama majelis mengunjungi korban banjir.",
])
def test_a_hyphened_name_in_the_story_is_no_other_story_s_dateline(resources, paragraph):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], paragraph, *BODY[1:]])
    assert paragraph in texts(record) and "run_on_article" not in record["flags"]
    assert_story_kept(record)


def test_a_standfirst_printed_again_as_the_lead_is_kept_once(resources):
    standfirst = "Wali Kota Bekasi menerima delegasi Kota Osaka untuk membahas pengelolaan sampah."
    record = normalize(resources, [HEADLINE, standfirst,
                                   "BEKASI, KABARKITA.COM – " + standfirst + " Rapat berlangsung dua jam di Balai Kota.",
                                   *BODY])
    assert joined(record).count(standfirst) == 1 and "Rapat berlangsung dua jam di Balai Kota." in texts(record)
    assert {"kind": "duplicate", "text": standfirst} in record["removed"]


@pytest.mark.parametrize("first_line", ["Bekasi", "Wali Kota Tri Adhianto menyambut tamu dari Osaka, Kamis (24/7/2025)",
                                        "POSE: Wali Kota Tri Adhianto menyambut tamu dari Osaka - Foto Dok Istimewa |"])
def test_a_place_or_a_caption_on_the_first_line_is_no_headline(resources, first_line):
    record = normalize(resources, [first_line, LEAD, *BODY])
    assert record["title"] != first_line


@pytest.mark.parametrize("above", [
    ["Aa Read Next : Pasar Baru Bantargebang Diresmikan Pekan Depan", HEADLINE],  # an app's next-story bar
    [HEADLINE, *["Tri Adhianto, Wali Kota Bekasi. (Kabar News/Budi Santoso)"] * 2],  # a credited caption, twice
])
def test_the_headline_is_neither_the_next_story_nor_a_credited_caption(resources, above):
    record = normalize(resources, [*above, LEAD, *BODY])
    assert record["title"] == HEADLINE and "Read Next" not in joined(record) and "Budi Santoso" not in joined(record)
    assert_story_kept(record)


@pytest.mark.parametrize("above", [
    [HEADLINE, "Kamis, 24 Juli 2025 | 10:15 WIB"],  # a stamp between the headline and a one-line lead
    ["Wali Kota Bekasi Tri Adhianto. [Ist]"],  # a caption its credit closes
])
def test_a_short_first_paragraph_under_a_stamp_or_a_closed_caption_is_story(resources, above):
    short = "Kota Bekasi hari ini, Kamis (24/7/2025), menerima tamu dari Osaka."
    lead = LEAD.split("– ", 1)[1]  # no dateline: the lead is the first long paragraph
    record = normalize(resources, [*above, short, lead, *BODY])
    assert texts(record)[texts(record).index(short) + 1] == lead and "[Ist]" not in joined(record)
    assert_story_kept(record)


def test_a_caption_of_two_sentences_closed_by_its_credit_goes_and_the_dateline_marks_the_lead(resources):
    caption = ("Wali Kota Tri Adhianto menyalami tamu dari Osaka di Balai Kota, Kamis (24/7/2025). Kunjungan ini yang "
               "kedua tahun ini. Kabar/Budi Santoso.")
    record = normalize(resources, [HEADLINE, "KABAR/BUDI SANTOSO", caption, LEAD, *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"} and "menyalami" not in joined(record)
    assert_story_kept(record)


def test_a_photo_caption_that_kept_its_stop_between_paragraphs_goes_and_story_sentences_like_it_stay(resources):
    caption = "Wali Kota Bekasi Tri Adhianto saat mendampingi Wakil Wali Kota Osaka Tanaka Hiroshi di bank sampah."
    story = ["Tri dan Tanaka saat di lokasi duduk bareng di salah satu rumah warga setempat.",
             "Wali Kota Bekasi Tri Adhianto saat meninjau bank sampah mengatakan warga sudah memilah sampah."]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *story, *BODY[1:]])
    assert caption not in texts(record) and caption in removed(record, "caption")
    assert all(sentence in texts(record) for sentence in story)
    assert_story_kept(record)


def test_a_domain_and_a_place_in_title_case_with_no_dash_open_the_lead_under_a_caption(resources):
    caption = ("DOA BERSAMA - Pemkot Bekasi bersama tokoh lintas agama menggelar doa bersama di halaman Balai Kota, "
               "Kamis (24/7/2025)")
    lead = "Kabarkita.com, Kota Bekasi Suasana khidmat menyelimuti halaman Balai Kota Bekasi, Kamis (24/7/2025)."
    record = normalize(resources, [HEADLINE, caption, lead, *BODY])
    assert record["dateline"] == {"outlet": "Kabarkita.com", "place": "Kota Bekasi"}
    assert texts(record)[1] == "Suasana khidmat menyelimuti halaman Balai Kota Bekasi, Kamis (24/7/2025)."


def test_a_caption_sentence_glued_before_a_domain_dateline_goes_and_the_lead_follows(resources):
    glued = ("Wali Kota Tri Adhianto menyalami tamu dari Osaka di Balai Kota, Kamis (24/7/2025). "
             + LEAD.replace("BEKASI, KABARKITA.COM –", "Kabarkita.id -"))
    record = normalize(resources, [HEADLINE, glued, *BODY])
    assert record["dateline"] == {"outlet": "Kabarkita.id", "place": None}
    assert "menyalami" not in joined(record) and texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")


def test_datelined_teasers_of_linked_stories_above_the_lead_are_no_lead(resources):
    teasers = ["Baca juga", "Banjir Rob Genangi Muara Gembong",
               "BEKASI, KABARKITA: Banjir rob kembali menggenangi permukiman warga di Muara Gembong,...",
               "Pasar Baru Bekasi Diresmikan", "BEKASI, KABARKITA: Wali Kota meresmikan pasar baru di ..."]
    record = normalize(resources, [HEADLINE, *teasers, LEAD, *BODY])
    assert texts(record)[:2] == [HEADLINE, "Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka di "
                                           "Balai Kota Bekasi, Kamis (24/7/2025), untuk membahas kerja sama pengelolaan "
                                           "sampah."]
    assert_story_kept(record)


def test_a_thank_you_for_reading_in_the_middle_of_the_story_goes_alone(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Terima kasih telah membaca Kabarkita.com.", *BODY[1:]])
    assert "Terima kasih" not in joined(record)
    assert_story_kept(record)


@pytest.mark.parametrize("credit", [" Foto; Humas Pemkot Bekasi", " ©2025 Kabarkita.com/HO-Dinas Kominfo Bekasi"])
def test_credits_after_a_caption_in_the_story_go_with_it(resources, credit):
    caption = ("Wali Kota Tri meninjau dampak banjir di pasar, jalan dan permukiman warga yang masih tergenang di "
               "Bekasi, Rabu (10/9)." + credit)
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert "meninjau bank sampah" not in joined(record) and credit.strip() not in joined(record)
    assert_story_kept(record)


def test_a_dateline_in_a_chat_app_s_bold_is_cut_whole(resources):
    record = normalize(resources, [HEADLINE, LEAD.replace("BEKASI, KABARKITA.COM –", "*KOTA BEKASI -*"), *BODY])
    assert record["dateline"] == {"outlet": None, "place": "KOTA BEKASI"}
    assert texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")


def test_a_caption_of_three_sentences_credited_with_a_camera_emoji_goes(resources):
    # uncredited, three sentences above the datelined lead read as the story under way, and the caption as its lead
    caption = ("Wali Kota Tri Adhianto menyalami tamu dari Osaka di Balai Kota. Kunjungan ini yang kedua tahun ini. "
               "Rombongan tiba pagi hari. (📸 : Budi Santoso)")
    record = normalize(resources, [HEADLINE, caption, LEAD, *BODY])
    assert "menyalami" not in joined(record) and "Kunjungan ini yang kedua" not in joined(record)
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert_story_kept(record)


@pytest.mark.parametrize("credit", ["KABAR KITA/BUDI SANTOSO", "Istimewa", "Instagram @humaskotabekasi",
                                    "Kabarkita.com/IST"])
def test_a_caption_under_a_credit_is_no_dateline_however_its_label_reads(resources, credit):
    caption = "SAMBUT TAMU - Wali Kota menyambut delegasi Osaka di lobi Balai Kota, Rabu (23/7/2025). Mereka tiba sore."
    lead = LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, credit, caption, lead, *BODY])
    assert "menyambut delegasi Osaka di lobi" not in joined(record) and record["dateline"] is None
    assert texts(record)[1] == lead and record["date"] == "2025-07-24"


def test_a_credit_closing_the_caption_above_it_leaves_the_lead_under_it(resources):
    caption = "Wali Kota menyambut delegasi Osaka di lobi Balai Kota, Rabu (23/7/2025)."
    lead = "BEKASI - " + LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, caption, "Istimewa", lead, *BODY])
    assert record["dateline"] == {"outlet": None, "place": "BEKASI"} and caption not in joined(record)
    assert_story_kept(record)


def test_a_caption_naming_the_person_in_the_photo_is_no_headline(resources):
    caption = "Plt Kepala Dinas Kesehatan Kota Bekasi, dr. Wulan Pratiwi"
    record = normalize(resources, [HEADLINE, "Kamis, 24 Juli 2025", "foto-kadis_20250724.jpg", caption, LEAD, *BODY])
    assert record["title"] == HEADLINE and caption not in joined(record)
    assert_story_kept(record)


def test_a_headline_ending_with_a_visitor_s_name_is_the_headline_when_nothing_else_can_be(resources):
    headline = "Wali Kota Kupang Terima Wakil Menlu Australia, Timothy Watson"
    record = normalize(resources, [headline, LEAD, *BODY])
    assert record["title"] == headline
    assert_story_kept(record)


def test_a_byline_s_bare_name_above_the_stamp_is_no_headline(resources):
    # An excerpt that starts below the title: "Scroll untuk membaca artikel", the editor, the stamp, the lead.
    record = normalize(resources, ["Scroll untuk membaca artikel", "Dewi Anggraini Lestari",
                                   "Kamis, 24 Juli 2025 | 10:15 WIB", LEAD, *BODY])
    assert record["title"] is None and "Dewi" not in joined(record)
    assert {"kind": "byline", "text": "Dewi Anggraini Lestari"} in record["removed"]


def test_a_lower_case_caption_across_a_blank_line_does_not_continue_a_subheading(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "1. Bank sampah harus dikelola warga sendiri", "",
                                   "ilustrasi bank sampah (unsplash.com/Nama Fotografer)", "", *BODY[1:]])
    assert "unsplash" not in joined(record) and "ilustrasi" not in joined(record)
    assert_story_kept(record)


@pytest.mark.parametrize("headline", ["Kapolres: Situasi Bekasi Aman dan Kondusif", "Wali Kota Tri: Ini Kado untuk Warga"])
def test_a_speakers_headline_with_a_colon_is_a_headline_not_a_dateline(resources, headline):
    # "Bekasi: ..." opens a lead as a dateline; a short line "Speaker: words" above the lead is the headline.
    record = normalize(resources, [headline, LEAD, *BODY])
    assert record["title"] == headline and "headline_from_text" in record["flags"]
    assert [s["kind"] for s in record["sentences"][:2]] == ["headline", "body"]
    assert texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")


def test_a_long_caption_with_its_credit_above_the_headline_does_not_take_the_articles_place(resources):
    # An e-paper page opens with the photo's caption (several sentences, a page reference, "|FOTO: ..."): the story
    # under the headline is the article, not a second one to drop.
    caption = ("Wali Kota Bekasi menyalami Wakil Wali Kota Osaka di Balai Kota, Kamis (24/7). Kedua kota membahas "
               "bank sampah. (Berita di halaman 3) |FOTO: KABARKITA/ BUDI SANTOSO")
    record = normalize(resources, [caption, HEADLINE, LEAD, *BODY])
    assert record["title"] == HEADLINE and "menyalami" not in joined(record)
    assert_story_kept(record)


def test_a_title_case_headline_ending_with_a_period_is_the_headline(resources):
    # Only when no other line could be the headline: a photo caption is a Title Case line with a period too.
    record = normalize(resources, ["Senin, 12 Agustus 2024 10:15 WIB", HEADLINE + ".", LEAD, *BODY])
    assert record["title"] == HEADLINE + "." and "no_headline" not in record["flags"]
    assert_story_kept(record)
    caption = "Wali Kota Bekasi Tri Adhianto Bersama Rombongan Delegasi Kota Osaka Di Balai Patriot."
    assert normalize(resources, [HEADLINE, caption, LEAD, *BODY])["title"] == HEADLINE


def test_a_sentence_case_headline_with_its_stop_printed_twice_is_the_headline_and_a_long_caption_is_not(resources):
    headline = "Jumat Curhat Polres Bekasi: Responsif terhadap informasi dan saran masyarakat."
    record = normalize(resources, [headline, headline, LEAD, *BODY])
    assert record["title"] == headline and joined(record).count("Jumat Curhat") == 1  # the title, once
    caption = ("Wakil Wali Kota Bekasi Menyerahkan Penghargaan Kampung Bersih 2025 Kepada Ketua RW 12 Kelurahan "
               "Margahayu.")
    record = normalize(resources, [caption, LEAD, *BODY])
    assert record["title"] is None and "Menyerahkan Penghargaan" not in joined(record)


def test_a_photo_caption_printed_twice_ending_with_the_day_is_no_headline(resources):
    caption = "Wali Kota Bekasi Tri Adhianto Menyambut Delegasi Kota Osaka pada Kamis 24 Juli 2025"
    record = normalize(resources, [HEADLINE, "- 24 Juli 2025, 19:37 WIB", caption,
                                   caption + " /Budi Santoso/dok.kabarkita - Kabar-Kita", LEAD, *BODY])
    assert record["title"] == HEADLINE and "Menyambut Delegasi" not in joined(record)
    assert_story_kept(record)


def test_a_headline_of_four_words_in_capitals_over_a_dateline_on_its_own_line_is_the_headline(resources):
    lead = LEAD.replace("BEKASI, KABARKITA.COM – ", "")
    record = normalize(resources, ["DELEGASI OSAKA KUNJUNGI BEKASI", "Bekasi, kabar RAKYAT", lead, *BODY])
    assert record["title"] == "DELEGASI OSAKA KUNJUNGI BEKASI"
    assert record["dateline"] == {"outlet": "kabar RAKYAT", "place": "Bekasi"} and "RAKYAT" not in joined(record)


def test_a_name_caption_printed_twice_or_a_caption_credited_to_an_agency_is_no_headline(resources):
    name = "Kepala BPS Bekasi Sari Wulandari"
    assert normalize(resources, [HEADLINE, name, name, LEAD, *BODY])["title"] == HEADLINE
    caption = ("Wali Kota Bekasi Tri Adhianto dan Wakil Wali Kota Osaka Tanaka Hiroshi menandatangani nota kerja sama, "
               "Kamis (24/7 - 2025). (Antara/Budi Santoso)")
    assert normalize(resources, [HEADLINE + "?", caption, LEAD, *BODY])["title"] == HEADLINE + "?"


def test_a_headline_with_a_pipe_is_no_dateline_when_a_datelined_lead_follows(resources):
    headline = "Sambang Warga | Imbauan Waspada Isu Provokasi Jadi Poin Penting"
    assert normalize(resources, [headline, LEAD, *BODY])["title"] == headline


def test_the_title_bar_copy_with_the_sites_name_is_not_the_headline(resources):
    record = normalize(resources, [HEADLINE + " - Kabar Kita Bekasi", "Breaking", "Friday, July 25, 2025", HEADLINE,
                                   LEAD, *BODY])
    assert record["title"] == HEADLINE


def test_a_menu_set_apart_by_runs_of_spaces_is_no_headline(resources):
    record = normalize(resources, ["Beranda       Nasional       Internasional       Gaya Hidup       Opini",
                                   HEADLINE, LEAD, *BODY])
    assert record["title"] == HEADLINE and "Internasional" not in joined(record)
    prose = "Wali Kota Bekasi   menerima delegasi Kota Osaka di Balai Kota Bekasi, Kamis (24/7/2025)."
    assert prose.replace("   ", " ") in joined(normalize(resources, [HEADLINE, prose, *BODY]))


def test_a_stamp_and_a_line_in_capitals_above_an_undated_lead_are_no_short_lead(resources):
    lead = LEAD.replace("BEKASI, KABARKITA.COM – ", "")
    record = normalize(resources, ["Kamis, 24 Juli 2025.16:05 WIB.", "BKS-KOTA PERS KABARKITA.ID.", lead, *BODY])
    assert record["title"] is None and texts(record)[0] == lead
    assert_story_kept(record)


def test_a_menu_of_section_names_as_long_as_a_headline_is_not_the_headline(resources):
    menu = ("Agama Ekonomi Gaya Hukum dan Kriminalitas Kesehatan Kuliner Olahraga Opini Otomotif Pemerintahan "
            "Pendidikan Peristiwa Politik Profil Ruang Mahasiswa Sastra Selebriti Tekno Transportasi Wisata")
    record = normalize(resources, ["Kabar Kita Network Logo", menu, "Pemerintahan", HEADLINE, LEAD, *BODY])
    assert record["title"] == HEADLINE  # the headline tells the lead's story; the menu shares no word with it


@pytest.mark.parametrize("byline", ["Redaksi - Kabar Kita", "KSM | Kabar Kita"])
def test_a_byline_naming_the_outlet_of_the_leads_dateline_is_no_headline(resources, byline):
    lead = LEAD.replace("BEKASI, KABARKITA.COM –", "KABAR KITA -")
    record = normalize(resources, ["Diposting : 25 Juli 2025 09:39", byline, lead, *BODY])
    assert record["title"] is None and "Kabar Kita" not in joined(record)
    # a headline that ends with a place of the dateline's name has no separator: it stays the headline
    headline = "Delegasi Osaka Kunjungi Kabar Kita"
    assert normalize(resources, [headline, lead, *BODY])["title"] == headline


def test_a_place_and_the_outlets_name_written_as_a_domain_is_no_headline(resources):
    record = normalize(resources, ["Bekasi. Kabar Suara Rakyat. Com.", LEAD.replace("BEKASI, KABARKITA.COM – ", ""),
                                   *BODY])
    assert record["title"] is None and "Suara Rakyat" not in joined(record)


def test_a_headline_printed_twice_beats_a_longer_image_caption_under_it(resources):
    caption = "Wali Kota Tri Adhianto Foto Bersama Delegasi Osaka Di Depan Gedung Balai Patriot Bekasi"
    record = normalize(resources, [HEADLINE, "Bagikan artikel ini", HEADLINE, caption, LEAD, *BODY])
    assert record["title"] == HEADLINE
    assert_story_kept(record)


def test_of_a_headline_printed_twice_the_copy_not_cut_short_is_the_headline(resources):
    full = HEADLINE + " “Sister City”"
    record = normalize(resources, [full, "Rabu, 22 Juni 2022 | 14:11 WIB", HEADLINE, LEAD, *BODY])
    assert record["title"] == full
    assert_story_kept(record)


def test_a_headline_over_its_longer_deck_is_the_headline_and_a_slogan_over_it_is_not(resources):
    deck = "Tri Adhianto: “Bank Sampah Bekasi Jadi Contoh Bagi Kota Osaka”"
    record = normalize(resources, [HEADLINE, deck, LEAD, *BODY])
    assert record["title"] == HEADLINE
    assert_story_kept(record)
    slogan = "News, Sport and Lifestyle"
    assert normalize(resources, [slogan, HEADLINE, LEAD, *BODY])["title"] == HEADLINE
    tagline = "Suara Kota Patriot untuk Indonesia"  # under the masthead
    assert normalize(resources, ["KABAR BEKASI", tagline, HEADLINE, LEAD, *BODY])["title"] == HEADLINE
    assert normalize(resources, [HEADLINE[:-6], HEADLINE, LEAD, *BODY])["title"] == HEADLINE  # a copy cut short


def test_a_headline_ending_with_a_colon_is_the_headline_without_it(resources):
    record = normalize(resources, [HEADLINE + ":", "Humas Pemkot Bekasi", LEAD, *BODY])
    assert record["title"] == HEADLINE
    assert_story_kept(record)


def test_a_stamp_line_naming_the_site_and_section_is_no_headline_nor_is_a_reading_time(resources):
    record = normalize(resources, ["kabarkita.com | Pemerintahan |3 Mei 2023 | 10:15 WIB", HEADLINE,
                                   "2 min read" + LEAD, *BODY])
    assert record["title"] == HEADLINE and record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert_story_kept(record)


def test_a_caption_in_a_table_cell_is_no_headline(resources):
    caption = ("Wali Kota Bekasi Tri Adhianto dan Wakil Wali Kota Bersama Delegasi Kota Osaka dan Kepala Dinas "
               "Se Kota Bekasi |")
    record = normalize(resources, ["![]() |", caption, HEADLINE, LEAD, *BODY])
    assert record["title"] == HEADLINE
    assert_story_kept(record)


def test_an_outlets_lead_that_lost_its_final_stop_under_a_byline_is_the_lead(resources):
    lead = "BEKASI, KABARKITA.COM -- Wali Kota Bekasi Tri Adhianto menerima delegasi Pemerintah Kota Osaka"
    record = normalize(resources, [HEADLINE, "Penulis: Budi | Editor: Ani", lead, *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert_story_kept(record)


def test_a_lead_whose_dateline_was_cut_is_no_headline(resources):
    # No headline on the page: the first paragraph is the story's lead, short as it is.
    lead = "kabarkita.net, Bekasi, Jawa Barat – Dua desa membagikan bantuan tunai kepada warga. Jumat (12/8/2022)."
    record = normalize(resources, [lead, *BODY])
    assert record["title"] is None and "no_headline" in record["flags"]
    assert texts(record)[0] == "Dua desa membagikan bantuan tunai kepada warga. Jumat (12/8/2022)."


def test_a_dash_inside_a_sentence_is_no_dateline(resources):
    record = normalize(resources, [HEADLINE, "Wali Kota Bekasi - yang baru dilantik - menerima delegasi Kota Osaka "
                                             "di Balai Kota Bekasi pada Kamis pekan lalu.", *BODY])
    assert record["dateline"] is None and "yang baru dilantik" in joined(record)


# Inside the body -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("furniture, kind", [
    ("Baca juga: Pemkot Bekasi Resmikan Pasar Baru di Bantargebang", "related"),
    ("BACA JUGA: Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("Baca Juga :  Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("BACA JUGA   Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("• Baca juga: Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("Baca: Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("Simak: Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("Lihat juga: Pemkot Bekasi Resmikan Pasar Baru", "related"),
    ("Pemkot Bekasi Resmikan Pasar Baru di Bantargebang", "related"),  # a related headline with no marker
    ("ADVERTISEMENT", "widget"),
    ("SCROLL TO CONTINUE WITH CONTENT", "widget"),
    ("Bagaimana tanggapan anda mengenai artikel ini?", "widget"),
    ("Kamis, 24 Juli 2025 16:05 WIB", "page_date"),
    ("Wakil Wali Kota Osaka meninjau bank sampah di Kelurahan Margahayu, Kamis (24/7)", "caption"),
    ("|", "markup"),
    ("date 2025-07 Laporan Wartawan Tribun Bekasi, Nama Penulis", "byline"),
    ("Orang lain juga bertanya?", "widget"),
    ("Connect with us", "widget"),
    ("Wali Kota Tri Adhianto menyambut rombongan Osaka di lobi Balai Kota Bekasi. Perbesar", "caption"),
    ("Mode Gelap", "widget"),
    ("Yuk berbagi informasi tentang Kota Bekasi dengan join di group whatsapp: Warga Bekasi", "promo"),
    ("— ” —", "markup"),
    ("Gambar mungkin berisi: 2 orang, orang tersenyum, orang berdiri", "caption"),  # a social network's alt text
    ("Mungkin gambar 8 orang, mimbar dan teks", "caption"),
    ("Mungkin berupa gambar 3 orang dan orang berdiri", "caption"),
    ("Wali Kota Tri Adhianto menyambut rombongan Osaka di lobi Balai Kota || Foto: Istimewa", "caption"),
    ("Wali Kota Tri Adhianto disambut dengan adat saat tiba di Bekasi, Sabtu (1/3/2025) |", "caption"),
    ("Wali Kota Tri Adhianto menyambut rombongan Osaka di lobi Balai Kota, Kamis (24/7/2025). - Kabar Kita/Budi Santoso",
     "caption"),
    ("Poll Options are limited because JavaScript is disabled in your browser.", "widget"),
    ("![Wali Kota Bekasi Terima Delegasi Kota Osaka](https://img.kabarkita.com/2025/07/24/foto.jpg)", "markup"),
    ("Foto: Tri Adhianto menyambut rombongan delegasi Kota Osaka di lobi Balai Kota Bekasi sebelum rapat kerja sama "
     "pengelolaan sampah dan bank sampah warga, Kamis siang (24/7/2025) (Humas Pemkot Bekasi)", "caption"),
    ("Dapatkan informasi, inspirasi dan insight di email kamu.", "promo"),  # a newsletter box
    ("* Untuk mengetahui kebenaran informasi yang beredar, silakan WhatsApp ke nomor 0811 0000 000.", "promo"),
    ("Lihat video di bawah ini.", "promo"),
    ("Selengkapnya simak di halaman 6 Kabar Kita edisi Jumat (25/7/2025).", "promo"),  # a print teaser
    ("Selamat Datang di Superhub Pemkot Bekasi", "promo"),
    ("https: img.kabarkita.com content 2025 07 24 delegasi-osaka.jpg Foto: Dok Humas", "markup"),  # an image
    ("Berikut ini berita populer Bekasi selengkapnya:", "related"),  # a round-up's list of stories
    ("Wali Kota Bekasi Tinjau Banjir di Bantargebang, Ada Apa?", "related"),  # a related headline asking
    ("Keterangan Gambar : Kantor Dinas Pendidikan Kota Bekasi, Jl. Lapangan Bekasi Tengah No. 2", "caption"),
])
def test_body_furniture_goes(resources, furniture, kind):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], furniture, *BODY[1:]])
    assert furniture.strip("• ") not in joined(record)
    assert_story_kept(record)
    assert any(entry["kind"] == kind for entry in record["removed"]), record["removed"]


def test_an_empty_read_also_label_before_a_quote_keeps_the_quote(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Baca Juga:", *BODY[1:]])
    assert_story_kept(record)
    assert removed(record, "related") == ["Baca Juga:"]


def test_read_also_label_and_title_on_two_lines_both_go(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Baca:", "Pemkot Bekasi Resmikan Pasar Baru", *BODY[1:]])
    assert "Pasar Baru" not in joined(record)
    assert_story_kept(record)


def test_glued_caption_credit_is_split_off_and_the_caption_goes(resources):
    glued = ("Tanaka Hiroshi menyerahkan cendera mata kepada Tri Adhianto.(Foto: Dok. Humas)Menurut Tri, kerja sama "
             "itu akan ditandatangani tahun depan.")
    record = normalize(resources, [HEADLINE, LEAD, glued, *BODY])
    assert "Menurut Tri, kerja sama itu akan ditandatangani tahun depan." in texts(record)
    assert "menyerahkan cendera mata" not in joined(record) and "Foto" not in joined(record)


@pytest.mark.parametrize("credit", ["Foto: Redaksi", " Istimewa", " TEMPO/Nama Fotografer", " (Dok: Humas Pemkot)",
                                    " (KABARKITA.COM/BUDI SANTOSO)", " (Kabarkita.com/Budi)",
                                    " Dok Humas Pemkot Bekasi", " (Humas Pemkot Bekasi for KabarKITA)",
                                    " | Foto: KabarKITA/Budi"])
def test_a_caption_ending_in_a_credit_goes_whole(resources, credit):
    caption = "Tanaka Hiroshi menyerahkan cendera mata kepada Tri Adhianto di Balai Kota Bekasi." + credit
    record = normalize(resources, [HEADLINE, LEAD, caption, *BODY])
    assert "cendera mata" not in joined(record)
    assert credit.strip() in removed(record, "caption")


def test_a_paragraph_of_several_sentences_loses_only_the_credit(resources):
    paragraph = "Tri menjelaskan program itu kepada tamu. Tamu dari Osaka mencatat penjelasan itu.Foto: Redaksi"
    record = normalize(resources, [HEADLINE, LEAD, paragraph, *BODY])
    assert "Tamu dari Osaka mencatat penjelasan itu." in texts(record)
    assert "Foto: Redaksi" in removed(record, "caption")


@pytest.mark.parametrize("tag", ["(abc)", "(abc/def)", "(KR-ABC/D001)", "(Ani)", "(tim humas)", "(*)", "(*/4dv)",
                                 "(AB-Budi/Humas)", "(Andi Pratama/Sinta Dewi/Rudi Hartono)", "(Budi-Tim Redaksi Humas)",
                                 "(b)", "(AG’Q)", "(kabarkita)", "(Ula - Ozy)", "(Dinkominfo Kota Bekasi)"])
@pytest.mark.parametrize("glued", [True, False])
def test_editor_initials_at_the_end_go(resources, tag, glued):
    last = BODY[-1] + tag if glued else BODY[-1]
    lines = [HEADLINE, LEAD, *BODY[:-1], last] + ([] if glued else [tag])
    record = normalize(resources, lines)
    assert tag not in joined(record) and texts(record)[-1] == BODY[-1]
    assert tag in removed(record, "editor_tag")


def test_the_crawl_s_month_stamp_before_the_dateline_goes_and_the_dateline_with_it(resources):
    record = normalize(resources, [HEADLINE, "date 2025-07 " + LEAD, *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"} and "date 2025" not in joined(record)
    assert_story_kept(record)


def test_the_crawl_s_day_stamp_before_the_headline_goes_and_a_loading_line_under_it_is_no_part_of_it(resources):
    record = normalize(resources, ["date 2025-07-24 " + HEADLINE, LEAD, *BODY])
    assert record["title"] == HEADLINE and "date 2025" not in joined(record)
    assert_story_kept(record)
    headline = "Kisah 312 Bank Sampah Bekasi, Dikelola Warga hingga Dilirik Delegasi Kota Osaka"
    record = normalize(resources, [headline, "loading...", LEAD, *BODY])
    assert record["title"] == headline and "loading" not in joined(record)


def test_a_comment_contest_under_the_story_ends_it(resources):
    contest = ["Tulis komentarmu dengan tagar #JernihBerkomentar dan menangkan e-voucher untuk 90 pemenang!",
               "Data dirimu akan digunakan untuk verifikasi akun ketika kamu membutuhkan bantuan."]
    record = normalize(resources, [HEADLINE, LEAD, *BODY, *contest])
    assert texts(record)[-1] == BODY[-1]


def test_a_tv_channel_s_blurb_for_another_story_goes(resources):
    blurb = "Kompas TV Seorang nelayan di Muara Gembong hilang saat melaut. Tim SAR masih mencarinya hingga sore."
    record = normalize(resources, [HEADLINE, LEAD, *BODY, blurb])
    assert texts(record)[-1] == BODY[-1] and {"kind": "promo", "text": blurb} in record["removed"]


def test_related_teasers_cut_with_an_ellipsis_go(resources):
    teasers = ["Bekasi - Wali Kota meninjau banjir di Kecamatan Bantargebang dan menyerahkan…",
               "Jakarta - Gubernur meresmikan jalur sepeda baru di kawasan Sudirman yang…"]
    record = normalize(resources, [HEADLINE, LEAD, *BODY, *teasers])
    assert not any("…" in text for text in texts(record)) and texts(record)[-1] == BODY[-1]


def test_a_long_caption_naming_an_official_with_an_initial_goes_with_its_credit(resources):
    caption = ("Gubernur Jawa Barat, H. Arif Rahman, SH memaparkan rencana kerja di hadapan tamu saat jamuan makan "
               "malam di rumah dinas. (Foto: Humas Pemkot)")
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert "Arif Rahman" not in joined(record) and caption in " ".join(removed(record, "caption")) + " "
    assert_story_kept(record)


def test_a_credit_after_a_slash_makes_a_caption(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Ilustrasi Pasar Ikan Bekasi/Foto: Gamal", *BODY[1:]])
    assert "Ilustrasi" not in joined(record) and "Foto: Gamal" in " ".join(removed(record, "caption"))
    assert_story_kept(record)


def test_the_story_goes_on_after_a_list_of_links_under_a_bare_read_also(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Baca Juga", "- Pelajar Kota Raih Juara Lomba Sains",
                                   "- Bank Daerah Siapkan Beasiswa Pelajar", "- Dua Pelajar Wakili Parlemen Remaja",
                                   *BODY[1:]])
    assert "run_on_article" not in record["flags"] and "Pelajar" not in joined(record)
    assert_story_kept(record)


def test_a_subheading_with_a_comma_and_a_hyphen_is_no_new_story(resources):
    # "Place, Outlet-Name" in shape, but nothing of a lead follows it: the story goes on under it.
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Program Baru: Layanan Jemput Bola",
                                   "Pakar Bicara Bukti, Bukan Basa-Basi", *BODY[1:]])
    assert "run_on_article" not in record["flags"]
    assert_story_kept(record)


def test_a_list_of_who_attended_without_its_final_stop_is_story(resources):
    attended = ("Turut hadir Sekretaris Daerah Kota Bekasi, Asisten Pemerintahan, Kepala Dinas Lingkungan Hidup Kota "
                "Bekasi, Kepala Bappeda Kota Bekasi")
    at_end = normalize(resources, [HEADLINE, LEAD, *BODY, attended])
    assert texts(at_end)[-1] == attended
    # Between a short lead and the rest: the lead (and its date) stays too.
    lead = "Wali Kota Bekasi menerima delegasi Kota Osaka, Kamis (24/7/2025)."
    record = normalize(resources, [HEADLINE, lead, attended, *BODY])
    assert texts(record)[1:3] == [lead, attended] and record["date"] == "2025-07-24"


def test_a_box_of_questions_on_other_stories_under_dashes_goes_and_dates_nothing(resources):
    # A portal's "people also ask" box between the headline and the story: each question and its answer on one
    # line under a lone dash. The box's date is another story's; the article's own lead is the story.
    box = ["-", "Apa yang dibangun di Sukamaju? Pabrik baterai kendaraan listrik terbesar di provinsi itu mulai "
           "beroperasi pekan ini dan menyerap ribuan tenaga kerja.", "-",
           "Kapan pasar induk Sukamaju terbakar? Pasar induk itu terbakar pada Senin (6/11/2023) dini hari dan "
           "menghanguskan ratusan kios pedagang sayur."]
    lead = LEAD.replace("BEKASI, KABARKITA.COM – ", "")  # no dateline marks the lead
    record = normalize(resources, [HEADLINE, *box, lead, *BODY])
    assert not any("?" in text for text in texts(record)) and record["date"] == "2025-07-24"
    assert box[1] in removed(record) and box[3] in removed(record)
    assert_story_kept(record)


def test_a_caption_and_a_news_summary_box_under_a_domain_credit_leave_the_datelined_story_whole(resources):
    # Tribun's layout of 2025: the lead printed as a standfirst, the editor, the photo's credit as the outlet's
    # domain and the photographer, a caption with its kicker ("PERESMIAN -", no dateline), a "Ringkasan Berita" box.
    lines = [HEADLINE, "", LEAD.replace("BEKASI, KABARKITA.COM – ", ""), "", "Editor: Sari Wulandari",
             "KABARKITA.COM/BAGUS PRATAMA",
             "KUNJUNGAN OSAKA - Wali Kota Bekasi Tri Adhianto bersama delegasi Kota Osaka di Balai Kota Bekasi, Kamis "
             "(24/7/2025).", "", "Ringkasan Berita:", "• Delegasi Kota Osaka berkunjung ke Kota Bekasi",
             "• Kota Bekasi kini memiliki 312 bank sampah.", "• Kedua kota membahas pengelolaan sampah.", "",
             LEAD, "", *BODY]
    record = normalize(resources, lines)
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"} and "run_on_article" not in record["flags"]
    assert "KABARKITA.COM/BAGUS PRATAMA" in removed(record)
    assert_story_kept(record)


def test_a_read_also_link_after_a_paragraph_ending_in_a_comma_is_no_continuation(resources):
    cut = "Tri menjelaskan, Kota Bekasi kini memiliki 312 bank sampah,"
    record = normalize(resources, "\n".join([HEADLINE, LEAD, "", cut, "", "Baca juga: Warga Diminta Memilah Sampah",
                                             "", *BODY]).split("\n"))
    assert "Baca juga: Warga Diminta Memilah Sampah" in removed(record, "related")
    assert not any("Baca juga" in text for text in texts(record))


def test_a_byline_of_fields_set_apart_by_pipes_is_not_run_into_the_datelined_lead(resources):
    # Tribun's "Penulis: ... | Editor: ..." line, the editor's name in lower case, under a headline and its deck and
    # above the dateline: those lines read as wrapped copy, but a line of fields runs on into none of them.
    byline = "Penulis: Andika Wiratama | Editor: sari dewi handayani"
    lines = ["Update Kebakaran Pasar Baru: 118 Kios Ludes",
             "118 Kios Ludes, Pedagang Kais Sisa Barang Dagangan, Update Kebakaran Pasar Baru", byline,
             "KABARKITA.COM, BEKASI - Kebakaran melanda Pasar Baru, Kecamatan Bekasi Timur, Kota Bekasi pada Senin "
             "(3/3/2025) dini hari.", "Sebanyak 118 kios hangus terbakar.",
             "Hingga pukul 08.00 WIB, dua mobil pemadam masih berada di lokasi."]
    record = normalize(resources, lines)
    assert byline in removed(record, "byline") and record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert "Kebakaran melanda Pasar Baru, Kecamatan Bekasi Timur, Kota Bekasi pada Senin (3/3/2025) dini hari." \
        in texts(record)


def test_an_editors_name_alone_in_brackets_after_the_story_goes(resources):
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "(Ishaq)"])
    assert texts(record)[-1] == BODY[-1] and "(Ishaq)" in removed(record, "editor_tag")


@pytest.mark.parametrize("tag", ["*", "[BOM-R2]", " (kabarkita.com)", " (Rensa)", " [WLC02]", " (Dspp/kus/diskominfo)",
                                 " (fajar batubara)", " (Sand//EM)", " (ant//dwi)", " (Amandus Hote)",
                                 "(Defrianto / Charlie)", " (Taufik/Wiki)", " (ADV/GS-08)",
                                 " (Laporan Wartawan Budi57)", "(K005)", " (Red: dx / Jurnalis: ucok)",
                                 " (ADV/DiskominfoBekasi)", " (sumber: Kabarkitajepara)", "(Pendimbna).", " (B)",
                                 " * (Iskandar Burhan)", "(AWP/Red)", " [dwi/ito]", " (Maria T. Kewa).", " (editorMRC)",
                                 " (R. Hadi)", "(BW/El)", " (YUSUF AR/K-3)", "(Rian/Humas02)",
                                 " KS/AR", " (ABC/DE)", " (rls/ ros, rid, adb)", "(Kabarkita.com/rizki)"])
def test_a_star_or_a_code_glued_to_the_last_sentence_goes(resources, tag):
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + tag])
    assert texts(record)[-1] == BODY[-1] and tag.strip() in removed(record, "editor_tag")


def test_a_sources_address_after_the_last_sentence_goes_and_the_paragraph_stays(resources):
    paragraph = "Harga bahan pokok terus dipantau. Pemerintah menjamin stok cukup hingga akhir tahun, katanya."
    record = normalize(resources, [HEADLINE, LEAD, *BODY, paragraph + " (https://nasional.kabarkita.co.id)"])
    assert texts(record)[-2:] == paragraph.replace("dipantau. ", "dipantau.\n").split("\n")
    assert "(https://nasional.kabarkita.co.id)" in removed(record, "source")


@pytest.mark.parametrize("tag", [" (rif)", " (YK)"])
def test_an_editor_tag_after_an_attribution_that_lost_its_stop_goes(resources, tag):
    quote = "“Kami ingin belajar dari Bekasi soal bank sampah.”pungkasnya"
    record = normalize(resources, [HEADLINE, LEAD, *BODY, quote + tag])
    assert texts(record)[-1] == quote and tag.strip() in removed(record, "editor_tag")


def test_a_bracket_that_is_part_of_a_sentence_is_no_editor_tag(resources):
    sentence = "Foto itu memperlihatkan Tanaka Hiroshi (kiri)."
    record = normalize(resources, [HEADLINE, LEAD, *BODY, sentence])
    assert texts(record)[-1] == sentence
    assert resources.boilerplate.editor_tag("Pameran digelar di Daerah Istimewa Yogyakarta (DIY)") is None


def test_a_second_article_after_the_editor_tag_goes(resources):
    lines = [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + " (adv)", "2", "Satpol PP Bekasi Tertibkan Pedagang di Trotoar",
             "BEKASI, KABARKITA.COM – Satuan Polisi Pamong Praja Kota Bekasi menertibkan 23 pedagang kaki lima di "
             "trotoar Jalan Juanda, Senin (28/7/2025).",
             "Kepala Satpol PP Kota Bekasi, Ahmad Rizal, mengatakan pedagang sudah diberi teguran dua kali."]
    record = normalize(resources, lines)
    assert "pedagang" not in joined(record) and "Ahmad Rizal" not in joined(record)
    assert "run_on_article" in record["flags"]
    assert_story_kept(record)


def test_a_new_dateline_after_a_related_headline_starts_another_article(resources):
    lines = [HEADLINE, LEAD, *BODY, "Satpol PP Bekasi Tertibkan Pedagang di Trotoar",
             "BEKASI, KABARKITA.COM – Satuan Polisi Pamong Praja Kota Bekasi menertibkan 23 pedagang kaki lima."]
    record = normalize(resources, lines)
    assert "pedagang" not in joined(record)
    assert_story_kept(record)


# The end of the page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("furniture", [
    ["Editor: Rina Wati", "Tinggalkan Balasan", "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *"],
    ["Discussion about this post"],
    ["Leave a Comment"],
    ["Copyright © 2026 Kabarkita.com", "All Rights Reserved", "berita/ rendering in 0.5123 seconds (0.1#10.140)"],
    ["Tags: Bekasi Osaka Sampah", "Simak berita lainnya di Google News"],
    ["Berita Terpopuler", "1. Pasar Baru Bekasi Diresmikan", "access_time27-07-2025 remove_red_eye1024 personSari Dewi",
     "2. Banjir Rob Genangi Muara Gembong"],
    ["Berita Terbaru Update"],
    ["Baca Berita Lainnya", "Pasar Baru Bekasi Diresmikan Wali Kota"],
    ["Deprecated: str_replace(): Passing null to parameter #3 ($subject) of type array|string is deprecated in "
     "/var/www/site/wp-content/plugins/x/related.php on line 41"],
    ["Warning: include(header.php): Failed to open stream in /var/www/html/index.php on line 12"],
    ["BILA ADA KESALAHAN DALAM BERITA INI, SILAKAN HUBUNGI REDAKSI KAMI"],
    ["Berkomentarlah secara bijaksana dan bertanggung jawab. Komentar sepenuhnya menjadi tanggung jawab komentator.",
     "Terima kasih."],
    ['Posting Komentar untuk "Wali Kota Bekasi Terima Delegasi Kota Osaka"'],
    ["BUDI SANTOSO | RINA WATI"],
    ["error: Content is protected !!"],
    ["Halaman 1 2 Selanjutnya"],
    ["Telusuri berita news lainnya"],
    ["Silahkan membaca berita lainnya."],
    ["*HUMAS PEMKOT BEKASI*"],  # a release's credit, its chat app's bold kept
    ["Page: 1 2", "Wali Kota Bogor menepis isu miring tentang pengelolaan dana hibah tersebut…",  # other stories'
     "“Kami akan menindak tegas setiap pelanggaran,” kata Kapolres…"],  # teasers under the page's numbers
    ["*RED*"],
    ["Baca Lainnya :", "- Pemkot Bekasi Resmikan Pasar Baru", "- Banjir Rob Genangi Muara Gembong"],
    ["The post Wali Kota Bekasi Terima Delegasi Kota Osaka appeared first on Kabar Kita."],
])
def test_end_of_page_furniture_goes(resources, furniture):
    record = normalize(resources, [HEADLINE, LEAD, *BODY, *furniture])
    assert texts(record)[-1] == BODY[-1]
    assert_story_kept(record)


# Repeats ---------------------------------------------------------------------------------------------------


def test_a_teaser_repeating_the_lead_goes_and_one_copy_of_the_lead_stays(resources):
    teaser = LEAD + " Delegasi yang dipimpin Wakil Wali Kota Osaka, Tanaka Hiroshi, berjumlah […]"
    record = normalize(resources, ["Berita", HEADLINE, teaser, LEAD, *BODY])
    assert joined(record).count("menerima delegasi Pemerintah Kota Osaka") == 1
    assert_story_kept(record)


def test_a_pull_quote_repeating_a_later_quote_goes(resources):
    pull = "Kami ingin belajar dari Bekasi soal bank sampah yang dikelola warga"
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], pull, *BODY[1:]])
    assert joined(record).count("belajar dari Bekasi") == 1 and BODY[1] in texts(record)


def test_the_body_printed_twice_keeps_one_copy(resources):
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "Cek berita lainnya di Google News", LEAD, *BODY])
    assert joined(record).count(BODY[2]) == 1
    assert_story_kept(record)


# What must stay --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Ia tak merinci jumlahnya.",
    "Oleh karena itu, warga diminta memilah sampah dari rumah.",
    "Foto bersama dilakukan usai penandatanganan nota kesepahaman.",
    "Sumber dana program berasal dari APBD Kota Bekasi 2025.",
    "Hak cipta atas desain bank sampah itu dipegang Pemkot Bekasi, kata Tri.",
    "Sekarang kita punya hubungan yang luar biasa ini,”",
    "Bank sampah itu dikelola warga secara swadaya tanpa bantuan pemerintah",  # a sentence missing its stop
    "Program itu dimulai pada Senin, 4 Agustus 2025.",
])
def test_body_sentences_that_look_like_furniture_stay(resources, sentence):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], sentence, *BODY[1:]])
    assert sentence in joined(record)
    assert_story_kept(record)


@pytest.mark.parametrize("items", [
    ["Sembilan bidang kerja sama itu meliputi:", "1. Pengelolaan sampah", "2. Pendidikan", "• Pariwisata dan budaya"],
    ["Harga di Pasar Baru hari ini:", "– Beras medium Rp13.000/kg", "– Gula pasir Rp17.000/kg",
     "– Minyak goreng Rp16.000/liter."],
    ["Mitra kerja sama itu adalah Yayasan Tunas Rimba;", "Perkumpulan Sungai Lestari (PSL); Yayasan Bumi Hijau;",
     "Forum Petani Muda (FPM);", "Badan Adat Lembah (BAL)."],
])
def test_a_list_under_a_colon_or_run_over_lines_with_semicolons_stays(resources, items):
    record = normalize(resources, [HEADLINE, LEAD, *items, *BODY])
    for item in items:
        assert item.lstrip("• ") in joined(record)


def test_a_lists_items_stay_under_a_header_dropped_as_a_label_and_after_an_item_printed_twice(resources):
    items = ["- 4 unit rumah rusak ringan", "- 5 unit rumah rusak berat"]
    record = normalize(resources, [HEADLINE, LEAD, "- Kerusakan:", *items, *BODY])
    assert all(item in texts(record) for item in items)
    again = ["Korban di Desa Sukamaju:", "- 3 warga meninggal dunia;", "- 40 KK terdampak."]
    record = normalize(resources, [HEADLINE, LEAD, "Korban di Desa Sukajaya:", "- 3 warga meninggal dunia;",
                                   "- 2 warga luka-luka.", *again, *BODY])
    assert "- 40 KK terdampak." in texts(record)


def test_a_sentence_dense_with_names_that_lost_its_stop_stays_between_paragraphs(resources):
    sentence = "Sedangkan SMP Negeri 10 Bekasi merupakan penggabungan SMP Bakti dan SMP Harapan"
    caption = "Kepala Dinas Pendidikan Kota Bekasi Drs. Widodo, M.Pd saat memberikan sambutan"
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], sentence, BODY[1], caption, *BODY[2:]])
    assert sentence in joined(record) and caption not in joined(record)
    assert_story_kept(record)


def test_a_lead_dense_with_capitalised_names_is_the_lead(resources):
    lead = ("Badan Pengelola Air Minum (BPAM) Kota Bekasi bersama 4 Pemerintah Kabupaten (Pemkab) dan 2 "
            "Pemerintah Kota (Pemkot) menandatangani Perjanjian Kerja Sama (PKS) Layanan Air Bersih, Rabu (16/7).")
    record = normalize(resources, ["Kegiatan", "4 BUPATI DAN 2 WALI KOTA TEKEN KERJA SAMA AIR BERSIH", lead, *BODY])
    assert lead in texts(record)


def test_short_first_paragraphs_before_a_read_also_link_stay(resources):
    # No dateline, and the first paragraphs too short to be the lead: the link after them does not make them
    # captions above a later lead
    opening = ["DPRD Kota Bekasi menggelar rapat paripurna pelantikan pimpinan dewan masa bakti 2024-2029.",
               "Pengambilan sumpah dilakukan oleh Ketua Pengadilan Negeri Bekasi kepada ketua dan wakil ketua."]
    statement = ("Usai pelantikan, Ketua DPRD Kota Bekasi Budi Santoso mengatakan partainya meraih kursi terbanyak "
                 "dalam pemilihan umum lalu, Senin (14/10/2024).")
    record = normalize(resources, [HEADLINE, *opening, "Baca juga: Pemkot Bekasi Resmikan Pasar Baru", statement,
                                   *BODY])
    assert texts(record)[1:4] == [*opening, statement] and "Pasar Baru" not in joined(record)


def test_a_short_first_paragraph_under_the_headline_stays(resources):
    short = "Bekasi dan Osaka sepakat bekerja sama."
    record = normalize(resources, [HEADLINE, short, LEAD.split("– ", 1)[1], *BODY])
    assert short in texts(record)


def test_sentence_case_subheadings_and_summary_bullets_stay(resources):
    lines = [HEADLINE, "Delegasi Osaka belajar tentang bank sampah warga Bekasi",
             "Kerja sama ditargetkan ditandatangani tahun depan", LEAD.split("– ", 1)[1], BODY[0],
             "Warga Bekasi mengelola sampah secara mandiri di tingkat kelurahan", *BODY[1:]]
    record = normalize(resources, lines)
    for line in lines[1:3] + lines[5:6]:
        assert line in joined(record)


def test_clean_news_text_loses_nothing(resources):
    """NTREX documents are news without page furniture: at most a few source quirks may go (a reporter
    credit line, a sentence the source itself repeats), never a document's substance."""
    records = [normalize_article(article, resources) for article in ntrex_articles(NTREX_DIR)]
    lost = [entry for record in records for entry in record["removed"]]
    assert len(lost) <= 5, lost
    assert all(len(entry["text"]) < 120 for entry in lost)


# The gold-labelled synthetic pages ---------------------------------------------------------------------------


def test_synthetic_pages_are_cleaned_to_the_target():
    rates = evaluate(load_gold(SYNTHETIC), load_config())["rates"]
    assert rates["noise_removed"]["rate"] >= 0.9, rates
    assert rates["kept"]["rate"] >= 0.98, rates

def test_a_screenshot_caption_a_credit_closing_a_caption_and_a_comment_login_line_go(resources):
    caption = "Tampak alat berat membersihkan material longsor di jalan lintas (tangkapan layar)"
    record = normalize(resources, [HEADLINE, HEADLINE + " Kredit Foto: Istimewa", LEAD, BODY[0], caption, *BODY[1:],
                                   "You must be logged in to post a comment Login"])
    assert record["title"] == HEADLINE and "Kredit" not in joined(record) and "tangkapan" not in joined(record)
    assert "logged in" not in joined(record)
    assert_story_kept(record)


def test_a_quote_under_a_bare_read_also_label_is_story_even_cut_off(resources):
    quote = "\"Kami tentu senang dengan tawaran beasiswa itu dan akan"
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "Baca Juga :", quote])
    assert record["sentences"][-1]["text"] == quote and record["sentences"][-1]["kind"] == "fragment"


def test_a_caption_on_the_line_under_its_label_goes(resources):
    caption = "Wali Kota Sukamaju menerima cendera mata dari Konsul India di Medan."
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "Teks foto :", caption, "(Kabarkita/Ist)"])
    assert caption not in joined(record) and texts(record)[-1] == BODY[-1]


@pytest.mark.parametrize("tags", [
    "id Pemprov sukamaju, sukamaju, gubernur sukamaju, budi santoso, jembatan baru, jalan tembus, suka",
    "id Pemkab Sukamaju ,Bantuan korban bencana ,BPBD Sukamaju ,Sukamaju,Jawa,Bencana",
])
def test_an_antara_page_keeps_its_headline_over_the_keyword_line_and_the_credited_caption(resources, tags):
    headline = "Gubernur sebut jembatan baru buka keterisolasian di Sukamaju"
    caption = ("Gubernur Sukamaju Budi Santoso beserta jajaran di kawasan Jembatan Baru, Sukamaju, Sabtu, "
               "(18/1/2020). (ANTARA/Ho-Humas Pemprov Sukamaju)")
    lead = ("Sukamaju (ANTARA) - Gubernur Sukamaju Budi Santoso beserta jajaran meninjau pembangunan jembatan yang "
            "menghubungkan dua kecamatan.")
    record = normalize_article({"id": "p1", "text": "\n\n".join(
        ["Logo Header Antaranews Sukamaju", headline, tags, headline, caption, lead, *BODY])}, resources)
    assert texts(record)[0] == headline
    assert not any("Logo Header" in text or "(ANTARA/Ho" in text or " id " in text for text in texts(record))


def test_a_caption_credited_to_an_outlet_of_two_words_is_no_headline(resources):
    headline = "100 Hari Wali Kota Sukamaju, Program Unggulan Masih Disiapkan"
    caption = ("Wali Kota Sukamaju, Arif Wibowo bersama Wakil Wali Kota Sukamaju, Sinta Dewi, Senin (3/3/2025). "
               "IDN Times/Budi Santoso")
    record = normalize_article({"id": "p1", "text": "\n\n".join([headline, caption + "\n" + caption, LEAD, *BODY])},
                               resources)
    assert texts(record)[0] == headline and not any("IDN Times/" in text for text in texts(record))


def test_a_stamp_glued_to_the_dateline_and_a_channel_promotion_go(resources):
    lead = ("Berita daerah | 27 Februari 2021, 09:25 WIBSUKAMAJU, KOMPAS.TV - Pelantikan bupati dan wakil bupati "
            "dari lima daerah berlangsung pada Jumat pagi di Kantor Gubernur Sukamaju.")
    promo = "Simak informasi lain dari Kota Sukamaju di kanal YouTube KompasTV Sukamaju."
    record = normalize(resources, [HEADLINE, lead, *BODY, promo])
    assert texts(record)[1].startswith("Pelantikan bupati") and promo not in texts(record)


RELATED_BULLETS = ["- Bupati Sukamaju Lantik Dewan Pengawas dan Direktur Perumda Air Minum Tirta Sukamaju Baru Hari Ini",
                   "- Hari Jadi Sukamaju ke-356, Pemkab Hadirkan Pangan Murah untuk Rakyat di Tujuh Kecamatan Sekaligus",
                   "- Tim Sepak Takraw Sukamaju Raih Juara Umum Pra Porprov Wilayah I Tahun Ini"]


def test_bulleted_related_headlines_are_no_lead_and_the_undatelined_lead_above_them_stays(resources):
    lead = ("Bupati Sukamaju Budi Santoso mengunjungi tiga kampung di Distrik Sukamaju untuk menyerahkan bantuan "
            "beras dan susu kepada warga. Selasa, (14/9).")
    record = normalize(resources, [lead, *RELATED_BULLETS, "Baca Juga", *BODY])
    assert texts(record)[0] == lead and texts(record)[1:] == BODY


def test_bulleted_related_headlines_in_the_body_go_also_when_one_exclaims(resources):
    bullets = ["• " + RELATED_BULLETS[0][2:], "• Warga Sukamaju Sampai Marah-marah: Gak Punya Hati!",
               "• " + RELATED_BULLETS[2][2:]]
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], *bullets, *BODY[1:]])
    assert texts(record)[2:] == BODY


def test_a_ticker_of_bulleted_headlines_above_the_headline_goes_and_the_headline_stays(resources):
    headline = "Wabup Sukamaju Temui Pengungsi Banjir di Posko BPBD"
    lead = ("Banjir yang terjadi sore tadi di Sukamaju disebabkan oleh hujan deras sejak pagi yang membuat sungai "
            "meluap bersamaan dengan pasangnya air laut.")
    record = normalize(resources, ["Breaking News", *RELATED_BULLETS, headline, "", lead, *BODY])
    assert texts(record) == [headline, lead, *BODY]


def test_a_caption_credited_istimewa_after_its_label_is_no_lead_and_the_datelined_lead_under_it_is(resources):
    caption = ("SAMBUT TAMU : IST/KABAR KITA - Wali Kota Bekasi Tri Adhianto saat menyambut delegasi Pemerintah Kota "
               "Osaka di lobi Balai Kota.")
    record = normalize(resources, [HEADLINE, caption, "BEKASI – " + LEAD.split("– ", 1)[1], *BODY])
    assert record["dateline"] == {"outlet": None, "place": "BEKASI"} and "IST/" not in joined(record)
    assert texts(record)[1].startswith("Wali Kota Bekasi Tri Adhianto menerima")
    assert_story_kept(record)


@pytest.mark.parametrize("sentence", [
    "Ajakan ini disampaikan saat Wali Kota menerima delegasi Osaka di ruang rapat Balai Kota Bekasi, Jumat, 25 Juli 2025",
    "Dalam rangka itu, Dinas Lingkungan Hidup Kota Bekasi menggelar diskusi kelompok terarah tentang bank sampah "
    "bersama pengurus dari 56 kelurahan, Jumat (25/7)"])
def test_a_sentence_pointing_back_that_ends_with_the_day_and_lost_its_stop_is_story_not_a_caption(resources, sentence):
    caption = "Wali Kota Bekasi Tri Adhianto saat menerima delegasi Osaka di Balai Kota Bekasi, Kamis (24/7/2025)"
    record = normalize(resources, [HEADLINE, LEAD, sentence, BODY[0], caption, *BODY[1:]])
    assert sentence in texts(record) and caption not in joined(record)


def test_a_photos_moment_without_a_stop_between_paragraphs_is_a_caption(resources):
    caption = "Dokter Budi Santoso saat berbincang dengan anak peserta vaksinasi di aula"
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert caption not in joined(record) and texts(record)[2:] == BODY


def test_a_caption_credited_to_an_office_for_an_outlet_goes_and_the_comment_disclaimer_ends_the_story(resources):
    caption = ("Wali Kota Bekasi usai menandatangani nota kerja sama dengan delegasi Osaka di Balai Kota. "
               "Foto Diskominfo for Kabar Kita")
    disclaimer = "Isi komentar sepenuhnya adalah tanggung jawab pengguna dan diatur dalam UU ITE."
    record = normalize(resources, [HEADLINE, caption, LEAD, *BODY, disclaimer])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_an_outlets_datelined_lead_dense_with_names_and_without_its_stop_is_the_lead_and_the_reporter_goes(resources):
    lead = ("BEKASI,kabarkita.net- Walikota Bekasi, Dr. Tri Adhianto menerima kedatangan Walikota Sukamaju, "
            "H. Budi Santoso")
    record = normalize(resources, ["Laporan Johan Hutapea", lead, *BODY])
    assert texts(record)[0].startswith("Walikota Bekasi, Dr. Tri Adhianto menerima kedatangan")
    assert "Laporan Johan Hutapea" not in joined(record) and texts(record)[1:] == BODY


def test_a_photo_credit_for_the_outlet_is_no_dateline_of_the_caption_under_it(resources):
    caption = ("Kepala Dinas Perumahan Rakyat Sukamaju, Budi Santoso, didampingi Kepala Biro Humas menyerahkan kunci "
               "rumah layak huni kepada warga.")
    record = normalize(resources, [HEADLINE, "For Kabarkita.com", caption, "Laporan Rina Marlina | Bekasi", LEAD,
                                   *BODY])
    assert record["dateline"] == {"outlet": "KABARKITA.COM", "place": "BEKASI"}
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_credited_caption_over_a_blank_line_is_not_joined_to_a_lead_datelined_by_a_subdomain(resources):
    caption = ("Wali Kota Bekasi didampingi Sekretaris Daerah menerima delegasi Pemerintah Kota Osaka yang dipimpin "
               "wakil wali kotanya di ruang rapat Balai Kota Bekasi untuk membahas kerja sama pengelolaan sampah. "
               "Foto: Humas Pemkot Bekasi")
    lead = "bekasi.kabarkita.com, BEKASI - " + LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, caption, "", lead, "", *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_row_of_section_and_region_links_is_no_headline(resources):
    menu = "News Bola Daerah Sulawesi Sumatera Jabar Banten Jateng DI Yogya Jatim Bali"
    record = normalize(resources, ["ADVERTISEMENT", menu, HEADLINE, LEAD, *BODY])
    assert texts(record)[0] == HEADLINE and menu not in joined(record)


@pytest.mark.parametrize("ending, tail", [
    (" (JD 05/ED 01/EUD02)", ["YOUR REACTION?"]),  # a desk's codes with spaces, a reactions widget
    (" andini", []),  # the writer's name in lower case after the last sentence
    (".pd", []),  # initials glued after the closing quote's stop
])
def test_editor_codes_lower_case_sign_offs_and_a_reactions_widget_go(resources, ending, tail):
    last = "“Bank sampah itu kami bangun bersama warga”" if ending == ".pd" else BODY[-1]
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], last + ending, *tail])
    assert texts(record)[-1] == (last + "." if ending == ".pd" else last)
    assert not any(word in joined(record) for word in ("EUD02", "REACTION", "andini", "pd"))


def test_a_press_offices_credit_between_dashes_closes_a_caption_and_a_kicker_after_the_dateline_goes(resources):
    caption = ("Wali Kota Bekasi Tri Adhianto menerima delegasi Osaka di Balai Kota Bekasi, Kamis (24/7/2025). "
               "- Bagian Prokopim Bekasi -")
    lead = "KABARKITA.COM - Bekasi, Kunjungan Osaka - " + LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, caption, caption, lead, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_glued_editor_label_a_second_publication_note_and_an_images_watermark_go(resources):
    note = "Berita ini juga telah tayang di Kabarkita.com dengan judul: Wali Kota Bekasi terima delegasi Osaka"
    watermark = "Thumbnail Wali Kota Bekasi Terima Delegasi Osaka Watermark Kabarkita"
    record = normalize(resources, [HEADLINE, "EditorBudi Santoso", watermark, LEAD, *BODY, note])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_read_also_label_after_a_line_cut_at_a_comma_is_not_joined_to_it(resources):
    said = "“Bank sampah itu kami bangun bersama warga,” ungkap Tri,"
    record = normalize(resources, [HEADLINE, LEAD, said, "", "Baca Juga:", "", *BODY])
    assert said in texts(record) and "Baca Juga" not in joined(record)


def test_visit_thanks_empty_comment_forms_site_taglines_and_a_list_for_you_end_or_leave_the_story(resources):
    record = normalize(resources, ["Kabar Kita Kumpulan Berita dan Informasi Terkini", HEADLINE, LEAD, *BODY,
                                   "Belum ada komentar atas artikel ini, silakan tuliskan dalam formulir berikut ini",
                                   "Pilihan Untukmu", "Istri Pedagang Bakso Bicara Soal Pelaku…",
                                   "Terima Kasih telah mengunjungi website kami, Anda dapat melihat berita lainnya."])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("caption", [
    "Wali Kota Bekasi Tri Adhianto menerima delegasi Osaka di Balai Kota Bekasi Foto Kabarkita.id/Budi",
    "Wali Kota Bekasi Tri Adhianto menerima delegasi Osaka, Kamis (24/7). HUMAS SETDA FOR KABAR KITA",
])
def test_a_caption_credited_without_a_stop_or_for_the_outlet_in_capitals_goes(resources, caption):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_contributor_s_beat_and_name_and_a_photo_s_moment_over_the_lead_go(resources):
    moment = "Wali Kota Bekasi Tri Adhianto saat menerima delegasi Osaka di Balai Kota."
    record = normalize(resources, [moment, "Kontributor Bekasi, Budi Santoso,", LEAD, *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY]


def test_a_read_also_link_glued_to_its_label_after_a_comma_cut_line_is_not_joined_to_it(resources):
    said = "“Bank sampah itu kami bangun bersama warga,” kata Tri kepada wartawan di Balai Kota Bekasi,"
    record = normalize(resources, [HEADLINE, LEAD, said, "Baca Juga:Osaka Kirim Delegasi ke Bekasi", *BODY])
    assert said in texts(record) and "Osaka Kirim" not in joined(record)


def test_a_datelined_caption_credited_by_a_name_with_an_apostrophe_is_no_lead(resources):
    # The photo's caption opens the page with the outlet's dateline; the story's own dateline follows. Read as the
    # lead, the caption had ended the story at the real lead, as if another article began there.
    caption = ("KABARKITA.COM - Wali Kota Bekasi Tri Adhianto menerima delegasi Osaka, Kamis (24/7/2025). Delegasi "
               "berjumlah sembilan orang. (Kabarkita.com/Ni’matul Faizah)")
    record = normalize(resources, [caption, LEAD, *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("furniture", [
    "Dalam segala situasi, KOMPAS.com berkomitmen memberikan fakta jernih dari lapangan.",
    "Warga Bekasi menerima bantuan dari Pemkot pic.twitter.com/Ab12Cd34Ef",
    "Jangan lupa juga subscribe, like dan share channel Instagram Kabarkita di bawah ini:",
])
def test_a_pledge_an_embedded_tweet_and_a_channel_call_in_the_story_go(resources, furniture):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], furniture, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("furniture", ["Halloween party ideas 2015", "27 Juni 2025 oleh kabarkita"])
def test_a_template_s_placeholder_and_a_posting_date_with_its_author_are_no_headline(resources, furniture):
    record = normalize(resources, [furniture, LEAD, *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("ending", [". (Diman / Berita Kabarkita.go.id)", ".(Rul/R)", ". (Naila–Regina)", ".(*/junaedi)",
                                    ". (WN-kobun)", ".*/YFL/ProkompimFT/Laurens Leba Tukan", ".[red]", ". *kup",
                                    ". (Miasa/kabarkita)"])
def test_a_writer_with_the_portal_or_an_editor_s_initial_after_the_last_sentence_goes(resources, ending):
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1].rstrip(".") + ending])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_the_story_cut_off_by_the_page_s_end_after_a_box_of_links_is_kept(resources):
    cut = "Ia mengapresiasi komitmen Pemerintah Kota Bekasi yang tahun"
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "BACA JUGA:", "Pemkot Bekasi Resmikan Pasar Baru di Bantargebang",
                                   "Polsek Bekasi Ungkap Enam Kasus Pencurian Berantai", cut])
    assert texts(record)[-1] == cut and "Pasar Baru" not in joined(record)


def test_a_sentence_that_opens_a_list_after_a_box_of_links_is_story_and_so_is_its_list(resources):
    opening = "Selain itu, Kota Bekasi juga meraih penghargaan pertama dalam tiga bidang pembangunan, yaitu:"
    items = ["- Bidang Kesehatan.", "- Bidang Pendidikan.", "- Bidang Perhubungan."]
    record = normalize(resources, [HEADLINE, LEAD, *BODY, "BACA JUGA:", "Pemkot Bekasi Resmikan Pasar Baru - kabarkita.com",
                                   opening, *items])
    assert texts(record)[-4:] == [opening, *items] and "Pasar Baru" not in joined(record)


def test_a_caption_credited_to_a_screenshot_goes(resources):
    caption = "Video warga membersihkan saluran air (Kabarkita/Dok. Kolase tangkapan layar)"
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_caption_printed_twice_above_the_lead_credited_by_outlet_and_photographer_goes(resources):
    caption = "Bank sampah di Kelurahan Jatiasih, Kota Bekasi. (Kabarkita/Edi Yusuf)"
    top = [HEADLINE, "Rep: Umi Fadilah/ Red: Yudha Putra", caption, "Foto: Kabarkita/Edi Yusuf", caption]
    record = normalize(resources, [*top, LEAD, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_caption_credited_after_a_slash_goes(resources):
    # taken for story above a share box, such a caption let the box end the story, which was lost as another article
    caption = "Wali Kota Bekasi Tri Adhianto berbincang dengan delegasi Osaka di Kelurahan Jatiasih / Foto Istimewa"
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], caption, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]
    assert "/ Foto Istimewa" in removed(record, "caption")


def test_a_press_office_writer_after_the_last_sentence_is_no_photo_credit(resources):
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + " (Arni/Humas Sukamaju)"])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_box_of_machine_written_points_above_the_datelined_lead_goes(resources):
    points = ["Intinya Sih",  # points of over twenty words each, as the box writes them
              "• Setahun memimpin, Tri dan wakilnya mulai menjalankan sebagian dari 13 program prioritas seperti "
              "peningkatan jalan kelurahan, wirausaha muda, dan sertifikasi kader posyandu sejak tahun anggaran 2025.",
              "• Pada 2026, realisasi program infrastruktur terkendala efisiensi anggaran pusat, namun Pemkot Bekasi "
              "tetap optimistis melalui skema Inpres Jalan Daerah untuk menutup kebutuhan pembangunan.",
              "• Pemkot Bekasi menargetkan penurunan kemiskinan di bawah dua digit serta capaian jaminan kesehatan "
              "hampir 99 persen, dengan tantangan menyasar warga non-PBI agar ikut terlindungi BPJS.",
              "Disclaimer: This was created using Artificial Intelligence (AI)",
              'Is this "Intinya Sih" helpful?']
    record = normalize(resources, [HEADLINE, *points, LEAD, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_share_button_s_label_with_an_ellipsis_goes(resources):
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], "Bagikan...", *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_photo_label_is_no_dateline_and_a_caption_over_the_headline_does_not_end_the_story(resources):
    # The caption, then the caption again under its label "Foto:", then the headline and the datelined lead: read
    # as a dateline ("Foto:" for a place), the label made the caption the lead and the real lead another story.
    caption = ("Masyarakat desa di Pulau Sukamaju berfoto bersama di dekat infrastruktur air minum desa. Empat program "
               "air minum di empat desa di Kabupaten Sukamaju telah diserahterimakan oleh Bupati Sukamaju kepada "
               "pemerintah desa, 8 Desember lalu.")
    lead = "Kota Bekasi – " + LEAD.split("– ", 1)[1]
    record = normalize(resources, [caption, "Foto: " + caption, HEADLINE, lead, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_caption_s_kicker_and_its_day_are_no_place_and_outlet(resources):
    # "Blusukan Bupati, Jumat 16 April 2021 -" read as a place and an outlet made the caption the lead, and the
    # outlet's dateline under it another story: the page lost its whole body.
    caption = ("Kunjungan Wali Kota, Kamis 24 Juli 2025 - Wali Kota Bekasi Terima Delegasi Kota Osaka di Balai Kota "
               "Bekasi")
    record = normalize(resources, [HEADLINE, "Istimewa", caption, LEAD, *BODY])
    assert texts(record)[-len(BODY) - 1:] == [LEAD.split("– ", 1)[1], *BODY]


def test_a_teaser_for_the_next_page_goes(resources):
    teaser = "Apa yang akan dilakukan Wali Kota selanjutnya? klik halaman berikutnya."
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], teaser, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_an_outlet_s_dateline_before_a_lead_dense_with_names_around_one_verb_goes(resources):
    # No headline, the dateline glued to the lead by a hyphen, and one lower-case word in the lead: with a
    # sentence's stop after an outlet's dateline, it is the lead, not a caption.
    lead = "Wali Kota Bekasi Tri Adhianto menerima Delegasi Kota Osaka, Kamis (24/7/2025)."
    record = normalize(resources, ["BEKASI, KABARKITA.com-" + lead, *BODY])
    assert texts(record) == [lead, *BODY]
    assert record["dateline"]["outlet"] == "KABARKITA.com"


def test_furniture_of_m41_m44_goes_a_double_slash_dateline_a_capitalised_writer_tag_a_spaced_view_counter(resources):
    stamp = "PPID Utama 24 Juli 2025 10:51 WIB di Baca 76 Kali"  # a desk, the page's time and its view counter
    lead = "KABARKITA.com // Bekasi — " + LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, stamp, lead, *BODY[:-1], BODY[-1] + " (her/Iik)"])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]
    assert record["dateline"]["outlet"] == "KABARKITA.com" and stamp in removed(record)


@pytest.mark.parametrize("caption", [
    "Beras yang telah didistribusikan untuk warga empat kampung di Distrik Waan – Kabar Bekasi/Budi Santoso",
    "Wali Kota Bekasi saat meninjau Balai Kota, Kamis 24 Juli 2025 [Diskominfo/HO/Kabarkita]"])
def test_a_caption_credited_at_its_end_without_a_stop_goes_and_a_byline_with_an_initial_is_no_headline(resources,
                                                                                                     caption):
    record = normalize(resources, ["Andi Ahmad S", caption, LEAD, *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("dateline", ["BEKASI-KABARKITA: ", "Kabarkita.com. Bekasi – "])
def test_a_long_outlet_code_with_a_colon_and_a_domain_with_a_stop_before_the_place_are_datelines(resources, dateline):
    caption = "Wali Kota Bekasi menerima delegasi Kota Osaka di Balai Kota, Kamis (24/7)."  # the photo's, above
    record = normalize(resources, [caption, dateline + LEAD.split("– ", 1)[1], *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY]


def test_a_domain_in_lower_case_before_the_lead_is_its_dateline(resources):
    lead = LEAD.split("– ", 1)[1]
    record = normalize(resources, [HEADLINE, "kabarkita.com " + lead, *BODY])
    assert texts(record) == [HEADLINE, lead, *BODY] and record["dateline"]["outlet"] == "kabarkita.com"


@pytest.mark.parametrize("tag", ["(*budi santoso)", "(Budi/Foto:Sinta-eto)", "(MC. Kota Bekasi/Sinta/ndk)",
                                 "(KabarKita.com, Budi Santoso)", "(Muh. Budiman)"])
def test_a_sign_off_after_the_last_stop_goes(resources, tag):
    # a reporter in lower case after a star; a writer and the photographer; a desk, a name and initials; the site and
    # its writer
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + " " + tag])
    assert texts(record)[-1] == BODY[-1] and tag in removed(record, "editor_tag")


def test_a_run_of_slashes_closing_the_story_goes(resources):
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + "////////"])
    assert texts(record)[-1] == BODY[-1] and "////////" in removed(record, "garbage")


@pytest.mark.parametrize("credit", ["(Kmf/Willi/editor Dibyo).", "(Dinas Kominfo Kota Bekasi/Editor Dibyo)."])
def test_a_credit_naming_the_editor_after_a_slash_goes(resources, credit):
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + " " + credit])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


@pytest.mark.parametrize("code", [" (BP-jeff kawulur)", "(GN-Red)", " KB-fah/Merah"])
def test_a_scroll_prompt_and_an_outlet_code_with_its_reporter_or_desk_go(resources, code):
    record = normalize(resources, [HEADLINE, LEAD, "Scroll kebawah untuk lihat konten", *BODY[:-1], BODY[-1] + code])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_related_stories_under_a_code_that_lost_its_stop_are_no_continuation(resources):
    # The last line ends in the desk's code, not a stop, so the teaser below read as the rest of its sentence.
    teasers = ["kabarkita - BEKASI | Suasana haru menyelimuti kegiatan Sapa Warga yang digelar Wali Kota, Tri…",
               "kabarkita - JAKARTA | Gubernur meresmikan jalan layang baru di Jakarta Timur pada akhir pekan…"]
    record = normalize(resources, [HEADLINE, LEAD, *BODY[:-1], BODY[-1] + " KB-fah/Merah", *teasers])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_an_excerpt_cut_at_a_comma_above_the_lead_is_a_repeat(resources):
    excerpt = LEAD.split("– ", 1)[1].split(", Kamis")[0] + ","  # "... di Balai Kota Bekasi,"
    record = normalize(resources, [HEADLINE, excerpt, "Penulis: Budi Santoso | Editor: Sinta Dewi", LEAD, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]


def test_a_sentence_citing_an_outlet_after_a_passive_verb_does_not_start_another_story(resources):
    # "Diwawancarai Kabarkita.com, Tri ..." reads like "Place Domain, Lead": taken for a later story's dateline, it cut
    # the rest of the story off as a run-on article.
    cited = "Diwawancarai Kabarkita.com, Tri mengatakan kunjungan itu bagian dari kerja sama kedua kota."
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], cited, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], BODY[0], cited, *BODY[1:]]


@pytest.mark.parametrize("cited", ["Dari Pantauan Kabarkita.com, Tri tiba sekitar pukul 11.00 WIB.",
                                   "Kepada Kabarkita.com, Tri mengatakan kunjungan itu bagian dari kerja sama.",
                                   "Pantauan Kabarkita.com, Tri tiba di Balai Kota sekitar pukul 14.00 WIB."])
def test_a_sentence_citing_an_outlet_after_a_preposition_does_not_start_another_story(resources, cited):
    # "Dari Pantauan TribunSolo.com, ..." read as "Place Domain, Lead": no place opens with "Dari", "Kepada",
    # "Pantauan" and the like, so the story goes on.
    record = normalize(resources, [HEADLINE, LEAD, BODY[0], cited, *BODY[1:]])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], BODY[0], cited, *BODY[1:]]


def test_a_caption_ending_in_a_domain_credit_is_no_lead(resources):
    # A caption under a label in capitals and a dash ("APEL SIAGA BENCANA - ...") reads like a dateline; its credit in
    # brackets, an outlet's domain and the photographer, says it is a caption, so the datelined lead after the summary
    # box opens the story instead of being cut off as another story.
    caption = ("APEL SIAGA BENCANA - Wali Kota Bekasi saat memeriksa perlengkapan di halaman Balai Kota, Sabtu (22/11). "
               "Dia memastikan perlengkapan tersedia. (KABARKITA.CO/RIZAL)")
    lead = LEAD.replace("BEKASI, KABARKITA.COM –", "KABARKITA.CO, BEKASI –")
    page = ["Berita Bekasi Terkini", HEADLINE, lead.split("– ", 1)[1], "Penulis: Budi | Editor: Sari",
            "KABARKITA.CO/RIZAL", caption, "Ringkasan Berita:", "• Wali Kota Bekasi menerima delegasi Kota Osaka.",
            "• Kedua kota membahas bank sampah.", lead, *BODY]
    assert texts(normalize(resources, page)) == [HEADLINE, lead.split("– ", 1)[1], *BODY]


def test_a_zoom_button_after_a_caption_s_credit_goes_with_the_caption(resources):
    # "... Balai Kota. (Kabarkita.co/Rizal) Perbesar", then the caption again without the button: both are captions,
    # and the headline above them stays the headline.
    caption = "Wali Kota Bekasi saat menerima delegasi di Balai Kota. (Kabarkita.co/Rizal)"
    record = normalize(resources, [HEADLINE, caption + " Perbesar", caption, LEAD, *BODY])
    assert texts(record) == [HEADLINE, LEAD.split("– ", 1)[1], *BODY]
    assert [r["text"] for r in record["removed"] if r["kind"] == "caption"][:3] == [
        "Wali Kota Bekasi saat menerima delegasi di Balai Kota.", "(Kabarkita.co/Rizal)", "Perbesar"]


def test_an_excerpt_of_the_story_above_it_does_not_hide_the_datelined_lead(resources):
    # A page shows the story's second paragraph as an excerpt under a cut-off headline, then its byline, the headline
    # again and the datelined lead: the excerpt is the story's own prose, repeated below, so the lead is found.
    excerpt = (f"{BODY[0]} {BODY[2]} Tri berharap kerja sama dengan Osaka segera ditandatangani tahun ini.")
    page = [HEADLINE.rsplit(" ", 2)[0], excerpt, "Media: Kabarkita –", "Oleh: Budi", "Editor: Sari", HEADLINE, LEAD,
            excerpt, BODY[1], BODY[3]]
    record = normalize(resources, page)
    assert texts(record)[:2] == [HEADLINE, LEAD.split("– ", 1)[1]]
    assert BODY[1] in texts(record) and BODY[3] in texts(record)


def test_a_first_line_that_names_nothing_of_the_story_is_no_headline(resources):
    # A site's tagline or a widget's label above the lead ("Papua No.1 News Portal", "Buka konten ini") looks like a
    # headline; one that shares no word with the story's opening is page furniture. A real headline shares some.
    record = normalize(resources, ["Portal Berita Nomor Satu di Tanah Papua", LEAD, *BODY])
    assert texts(record) == [LEAD.split("– ", 1)[1], *BODY] and "no_headline" in record["flags"]
    assert texts(normalize(resources, [HEADLINE, LEAD, *BODY]))[0] == HEADLINE
