"""brief.pdf and the Japanese-first brief: A4 pages, page numbers, Japanese text a reader can search and copy, a
named Noto CJK font embedded, pages that show something; labels, reading order, dates and quality notes in the
delegation's language; and a run without a browser that still makes the HTML and Markdown and says so once.

The PDF tests print one brief with the headless Chromium the other browser test uses (a few seconds) and read
it with pypdf and poppler's pdftoppm. Without Chromium or pdftoppm they fail under CI=true and skip otherwise.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import CHROMIUM, needs

from pipeline.brief.render import TEMPLATES_DIR, Labels, build_brief
from pipeline.config import BriefConfig
from pipeline.text.quality import FLAGS as SENTENCE_CHECKS

JA_FIRST = SimpleNamespace(name="大阪市 視察団", organisation="大阪市健康福祉局", languages=["ja", "en"],
                           topics=["公共サービス"], glossary=None)
EN_FIRST = SimpleNamespace(name="Osaka delegation", organisation=None, languages=["en", "ja"], topics=[], glossary=None)
# Flags the other stages write (translate: quality checks, splitting, glossary; normalize: per article).
SENTENCE_FLAGS = (*SENTENCE_CHECKS, "split", "glossary_missed", "not_translated")
ARTICLE_FLAGS = ("truncated", "cut_off", "headline_from_text", "no_headline", "boilerplate_inline", "not_indonesian",
                 "html", "id_not_path_safe", "date_relative", "date_year_guessed", "weekday_mismatch", "date_conflict")

JA_HEADLINE = "ブカシ市、地域交流プログラムで日本の視察団を受け入れ"
JA_SUMMARY = "ブカシ市はブカシ市コマンドセンターで日本からの視察を受け入れた。"


def record(article_id="faktajaya/2023/bekasi", relevance=0.9, flags=(), ja_flags=None, **extra):
    """A summarize record with hand-written Japanese and English translations, sentence-aligned."""
    ids = ["Pemkot Bekasi Terima Kunker Negara Jepang Terkait Program Pertukaran Regional",
           "Kota Bekasi menerima kunjungan kerja dari Negara Jepang di Command Center Kota Bekasi.",
           "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa."]
    ja = [JA_HEADLINE, JA_SUMMARY, "ブカシ市の人口は240万人を超える。"]
    en = ["Bekasi receives Japanese working visit on regional exchange",
          "Bekasi City received a working visit from Japan at the Bekasi City Command Center.",
          "Bekasi City has more than 2.4 million residents."]
    return {
        "id": article_id, "title": ids[0], "source": "faktajaya.com", "url": "https://faktajaya.com/a",
        "date": "2023-08-24", "lang": "id", "dateline": {"outlet": "FAKTAJAYA.COM", "place": "KOTA BEKASI"},
        "flags": list(flags), "origin": f"input.jsonl:{article_id}",
        "sentences": [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body", "paragraph": i}
                      for i, text in enumerate(ids)],
        "translations": {"en": en, "ja": ja},
        "translation_flags": {"en": [[], [], []], "ja": ja_flags or [[], [], []]},
        "summary": {"indexes": [1], "id": [ids[1]], "ja": [ja[1]], "en": [en[1]], "translated": True},
        "facts": {"date": "2023-08-24", "places": ["Kota Bekasi"], "people": [], "organisations": [], "figures": []},
        "relevance": relevance, **extra,
    }


def visible_text(html: str) -> str:
    """What a reader sees of an HTML page: the text, without tags and attributes."""
    return re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)


# --------------------------------------------------------------------------------------------- the PDF


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """One Japanese-first brief printed to PDF: its folder, build info, pypdf reader and each page's text."""
    needs(CHROMIUM)
    import pypdf  # the test extra
    out = tmp_path_factory.mktemp("brief")
    flood = record("events/banjir", 0.5, flags=["truncated"], ja_flags=[[], ["number_missing"], ["too_long"]])
    info = build_brief([record(), flood], out, profile=JA_FIRST, config=BriefConfig(chromium=str(CHROMIUM)),
                       manifest={"started": "2023-09-05T08:00:00+00:00"})
    reader = pypdf.PdfReader(out / "brief.pdf")
    pages = [page.extract_text() for page in reader.pages]
    return SimpleNamespace(out=out, info=info, reader=reader, pages=pages)


def test_the_pdf_is_written_beside_the_html_on_a4_pages(printed):
    assert printed.info["paths"] == [str(printed.out / name) for name in ("brief.md", "brief.html", "brief.pdf")]
    assert printed.info["warnings"] == []
    assert (printed.out / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in printed.out.iterdir()) == ["brief.html", "brief.md", "brief.pdf"]  # no temp files
    assert len(printed.reader.pages) >= 3  # contents, summaries, full translations each start a page
    for page in printed.reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points, portrait


def test_every_page_is_numbered_with_the_page_count(printed):
    total = len(printed.pages)
    for number, text in enumerate(printed.pages, start=1):
        assert f"{number} / {total}" in " ".join(text.split()), f"page {number} has no page number"


def test_japanese_headings_and_summaries_survive_text_extraction(printed):
    text = "".join("".join(printed.pages).split())  # line breaks fall anywhere in Japanese
    labels = Labels("ja")
    for words in (labels("default_title"), labels("contents"), labels("full_translations"), labels("summary"),
                  JA_HEADLINE, JA_SUMMARY, "2023年8月24日（木）", "数値の欠落・誤りの可能性"):
        assert "".join(words.split()) in text, words
    # Searchable as written: no Kangxi radicals (⽇ for 日) or other look-alikes of shared CJK glyphs.
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF or c == "\u2027"]


def test_fonts_are_embedded_and_the_japanese_one_is_noto_cjk(printed):
    from pypdf.generic import IndirectObject

    def resolved(value):
        return value.get_object() if isinstance(value, IndirectObject) else value

    fonts = {}
    for page in printed.reader.pages:
        for font in (resolved(resolved(page["/Resources"]).get("/Font")) or {}).values():
            font = resolved(font)
            fonts[str(font.get("/BaseFont", font.get("/Name", "?")))] = font
    assert fonts
    for name, font in fonts.items():
        assert font["/Subtype"] != "/Type3", f"{name} is drawn as Type 3 glyphs, not an embedded font"
        descendant = resolved(font["/DescendantFonts"][0]) if font["/Subtype"] == "/Type0" else font
        descriptor = resolved(descendant["/FontDescriptor"])
        assert {"/FontFile2", "/FontFile3", "/FontFile"} & set(descriptor), f"{name} is not embedded"
    assert any(re.search(r"\+NotoSans(JP|CJK)", name, re.I) for name in fonts), sorted(fonts)


def pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and gray bytes of a binary PGM (what pdftoppm -gray writes)."""
    data = path.read_bytes()
    magic, width, height, depth = data.split(maxsplit=4)[:4]
    assert magic == b"P5" and depth == b"255"
    width, height = int(width), int(height)
    return width, height, data[-width * height:]


def test_rendered_pages_show_text_on_white(printed, tmp_path):
    pdftoppm = needs("pdftoppm")
    prefix = tmp_path / "page"
    subprocess.run([pdftoppm, "-gray", "-r", "30", "-f", "1", "-l", "2", str(printed.out / "brief.pdf"), str(prefix)],
                   check=True, capture_output=True, timeout=60)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == 2
    for image in images:
        width, height, pixels = pgm(image)
        assert abs(width / height - 210 / 297) < 0.01
        dark = sum(1 for value in pixels if value < 110)
        light = sum(1 for value in pixels if value > 240)
        assert dark > 0.003 * len(pixels), f"{image.name} is blank"
        assert light > 0.6 * len(pixels), f"{image.name} is not a page of text on white"


def test_the_pdf_has_what_the_html_has(printed):
    html = (printed.out / "brief.html").read_text(encoding="utf-8")
    text = "".join("".join(printed.pages).split())
    headlines = re.findall(r'<h2 class="headline headline-1" lang="ja">([^<]+)<', html)
    assert len(headlines) == printed.info["articles"] == 2
    for headline in headlines:
        assert text.count("".join(headline.split())) >= 3  # contents, summary and full translation
    assert "PemkotBekasiTerimaKunker" in text and "BekasiCityhasmorethan2.4millionresidents." in text


# --------------------------------------------------------------------------------------------- without a browser


def test_without_a_browser_the_run_says_so_once_and_keeps_html_and_markdown(tmp_path, caplog):
    (tmp_path / "brief.pdf").write_bytes(b"%PDF- from an earlier run")
    missing = tmp_path / "no-such-chromium"
    with caplog.at_level(logging.WARNING):
        info = build_brief([record(), record("depok", 0.3)], tmp_path, profile=JA_FIRST,
                           config=BriefConfig(chromium=str(missing)))
    assert info["paths"] == [str(tmp_path / "brief.md"), str(tmp_path / "brief.html")]
    assert info["articles"] == 2 and JA_HEADLINE in (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert not (tmp_path / "brief.pdf").exists()  # a PDF of an earlier brief would not match this one
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and len(info["warnings"]) == 1
    assert "brief.pdf" in warnings[0].getMessage() and str(missing) in warnings[0].getMessage()
    assert "install_chromium.sh" in info["warnings"][0]


def test_a_browser_that_fails_is_a_warning_too_not_a_failed_run(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        info = build_brief([record()], tmp_path, profile=JA_FIRST, config=BriefConfig(chromium=shutil.which("false")))
    assert [Path(p).name for p in info["paths"]] == ["brief.md", "brief.html"]
    assert len(caplog.records) == 1 and "the browser exited" in info["warnings"][0]


def test_a_config_without_pdf_writes_none_and_does_not_warn(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        info = build_brief([record()], tmp_path, profile=JA_FIRST, config=BriefConfig(pdf=False))
    assert [Path(p).name for p in info["paths"]] == ["brief.md", "brief.html"]
    assert info["warnings"] == [] and not caplog.records


# --------------------------------------------------------------------------------------------- Japanese first


def test_every_language_has_every_label_and_a_phrase_for_every_flag():
    table = yaml.safe_load((TEMPLATES_DIR / "labels.yaml").read_text(encoding="utf-8"))
    assert set(table) == {"en", "ja", "id"}
    for lang, words in table.items():
        assert set(words) == set(table["en"]), lang
        assert set(words["flags"]) >= {*SENTENCE_FLAGS, *ARTICLE_FLAGS}, lang
        for code, phrase in words["flags"].items():
            assert phrase is None or (phrase.strip() and "_" not in phrase), (lang, code)
        assert len(words["months"]) == 12 and len(words["weekdays"]) == 7


def test_dates_are_written_the_way_each_language_writes_them():
    assert Labels("ja").date("2023-08-24") == "2023年8月24日（木）"
    assert Labels("en").date("2023-08-24") == "24 August 2023"
    assert Labels("id").date("2023-08-24T09:00:00+07:00") == "24 Agustus 2023"
    assert Labels("ja").date("Kamis lalu") == "Kamis lalu"  # not a date: shown as it came


def test_a_japanese_first_brief_reads_japanese_then_the_original_then_english(tmp_path):
    info = build_brief([record()], tmp_path, profile=JA_FIRST, config=BriefConfig(pdf=False))
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "brief.md").read_text(encoding="utf-8")
    labels = Labels("ja")
    assert info["languages"] == ["ja", "id", "en"]
    assert '<html lang="ja">' in html
    for key in ("default_title", "contents", "full_translations", "key_facts", "run_date", "prepared_for"):
        assert labels(key) in html and labels(key) in markdown, key
    assert "Contents" not in html and "Summary" not in visible_text(html)
    headlines = re.findall(r'class="headline headline-\d" lang="(\w+)"', html)
    summaries = re.findall(r'<p lang="(\w+)">', html.split('class="summaries"')[1].split("</div>")[0])
    columns = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headlines == summaries == ["ja", "id", "en"]
    assert columns == [labels("sentence_number"), "日本語", "インドネシア語（原文）", "英語"]
    assert "2023年8月24日（木）" in html and "2023年8月24日（木）" in markdown
    assert markdown.index(JA_SUMMARY) < markdown.index("Kota Bekasi menerima kunjungan") \
        < markdown.index("Bekasi City received a working visit")


@pytest.mark.parametrize("profile, lang", [(JA_FIRST, "ja"), (EN_FIRST, "en")])
def test_quality_flags_are_phrases_in_the_readers_language_never_codes(tmp_path, profile, lang):
    flagged = record(flags=["truncated", "html", "some_new_article_flag"],
                     ja_flags=[[], ["number_missing", "split"], ["too_long", "not_translated", "some_new_check"]])
    build_brief([flagged], tmp_path, profile=profile, config=BriefConfig(pdf=False))
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "brief.md").read_text(encoding="utf-8")
    labels = Labels(lang)
    shown = [labels.flag(code) for code in ("truncated", "number_missing", "split", "too_long")]
    shown += [labels("flag_other_article"), labels("flag_other")]
    chips = re.findall(r'<span class="flag" data-flag="[a-z_]+">([^<]+)</span>', html)
    assert sorted(chips) == sorted(shown)
    for phrase in shown:
        assert phrase in markdown
    for code in ("truncated", "number_missing", "too_long", "split", "html", "not_translated", "some_new_check"):
        assert code not in visible_text(html), code
        assert code.replace("_", "\\_") not in markdown and code not in markdown, code
    assert labels.flag("html") is None and labels.flag("not_translated") is None  # for the operator only
    if lang == "en":
        assert "A number may be missing or changed" in chips


def test_an_item_can_list_several_sources_and_facts_show_a_translation_beside_the_original(tmp_path):
    grouped = record(sources=[
        {"source": "faktajaya.com", "url": "https://faktajaya.com/a", "date": "2023-08-24",
         "dateline": {"place": "KOTA BEKASI"}, "title": "Pemkot Bekasi Terima Kunker Negara Jepang"},
        {"source": "bekasikota.go.id", "url": "javascript:alert(1)", "date": "2023-08-25",
         "title": "Delegasi Jepang Kunjungi Command Center"}])
    grouped["facts"]["places"] = [{"text": "Kota Bekasi", "translations": {"ja": "ブカシ市", "en": "Bekasi City"}}]
    build_brief([grouped], tmp_path, profile=JA_FIRST, config=BriefConfig(pdf=False))
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert "出典2件" in html and html.count('<ul class="sources"') == 2  # summary and full translation
    assert "2023年8月25日（金）" in html and "bekasikota.go.id" in html and "Delegasi Jepang Kunjungi" in html
    assert "javascript:" not in html and "javascript:" not in markdown
    assert ('<span class="fact-translation" lang="ja">ブカシ市</span> '
            '<span class="fact-original" lang="id">Kota Bekasi</span>') in html
    assert "ブカシ市 (Kota Bekasi)" in markdown and "出典2件" in markdown
