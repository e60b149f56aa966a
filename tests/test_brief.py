"""The brief a delegation reads: order, languages, flags, the untranslated case, hostile input, a real browser."""

from __future__ import annotations

import copy
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import CHROMIUM, chromium, needs

from pipeline.brief.profile import DelegationProfile
from pipeline.brief import render
from pipeline.brief.render import Labels, anchor_for, build_brief, markdown_text
from pipeline.config import BriefConfig, load_config
from pipeline.stages.brief import BriefStage

PAYLOAD = "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">"
PROFILE = DelegationProfile(name="大阪市 視察団", organisation="大阪市健康福祉局", languages=["ja", "en"],
                            topics={"公共サービス": ["pelayanan publik"], "防災": ["banjir"]})


@pytest.fixture(autouse=True)
def no_pdf_unless_configured(monkeypatch):
    """brief.pdf has its own tests (test_brief_pdf.py); here a browser per brief would only make these slow."""
    monkeypatch.setattr(render, "BriefConfig", lambda **settings: BriefConfig(**{"pdf": False, **settings}))


def make_record(article_id, relevance, date, headline, body, ja=None, en=None, ja_flags=None):
    """A summarize record as the stage writes it; `ja`/`en` are hand-written translations, sentence-aligned."""
    texts = [headline, *body]
    record = {
        "id": article_id, "title": headline, "source": "faktajaya.com", "url": "https://faktajaya.com/a",
        "published": date, "date": date, "lang": "id", "dateline": {"outlet": "FAKTAJAYA.COM", "place": "KOTA BEKASI"},
        "flags": [], "origin": f"input.jsonl:{article_id}",
        "sentences": [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body", "paragraph": i}
                      for i, text in enumerate(texts)],
        "summary": {"indexes": [1], "id": [body[0]], "translated": False},
        "facts": {"date": date, "places": ["Kota Bekasi"], "people": [], "organisations": [], "figures": []},
        "relevance": relevance,
    }
    if ja is not None:
        record["translations"] = {"en": en, "ja": ja}
        record["translation_flags"] = {"en": [[] for _ in texts], "ja": ja_flags or [[] for _ in texts]}
        record["summary"].update({"ja": [ja[1]], "en": [en[1]], "translated": True})
    return record


def bekasi(relevance=0.9, article_id="faktajaya/2023/bekasi"):
    return make_record(
        article_id, relevance, "2023-08-24",
        "Pemkot Bekasi Terima Kunker Negara Jepang Terkait Program Pertukaran Regional",
        ["Kota Bekasi menerima kunjungan kerja dari Negara Jepang di Command Center Kota Bekasi.",
         "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa."],
        ja=["ブカシ市、地域交流プログラムで日本の視察団を受け入れ",
            "ブカシ市はブカシ市コマンドセンターで日本からの視察を受け入れた。",
            "ブカシ市の人口は240万人を超える。"],
        en=["Bekasi City Government receives Japanese working visit on regional exchange",
            "Bekasi City received a working visit from Japan at the Bekasi City Command Center.",
            "Bekasi City has more than 2.4 million residents."],
        ja_flags=[[], [], ["number_missing", "too_long"]],
    )


def depok(relevance=0.4, date="2023-09-01", article_id="depok-1"):
    return make_record(
        article_id, relevance, date, "Depok Buka Mal Pelayanan Publik Baru",
        ["Pemerintah Kota Depok membuka mal pelayanan publik baru di Margonda."],
        ja=["デポック市、新しい公共サービスモールを開設", "デポック市政府はマルゴンダに新しい公共サービスモールを開設した。"],
        en=["Depok opens new public service mall", "The Depok City Government opened a new public service mall in Margonda."],
    )


def untranslated(record):
    plain = copy.deepcopy(record)
    for key in ("translations", "translation_flags"):
        plain.pop(key, None)
    plain["summary"] = {"indexes": plain["summary"]["indexes"], "id": plain["summary"]["id"], "translated": False}
    return plain


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.content = tag, dict(attrs), parent, []  # text and child nodes

    @property
    def children(self):
        return [item for item in self.content if isinstance(item, Node)]

    def text(self):
        return "".join(item if isinstance(item, str) else item.text() for item in self.content).strip()

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]


class TreeBuilder(HTMLParser):
    """Just enough of a DOM to ask what a reader sees: elements, their attributes and their text."""

    VOID = {"meta", "br", "col", "img", "input", "link", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.content.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


def build(tmp_path, records, **kwargs):
    """The brief of `records` as a run makes it: each record checked by the brief stage, then rendered."""
    info = build_brief(BriefStage(load_config({})).process(records), tmp_path, **kwargs)
    return info, (tmp_path / "brief.md").read_text(encoding="utf-8"), (tmp_path / "brief.html").read_text("utf-8")


# --------------------------------------------------------------------------------------------- content


def test_articles_are_ordered_by_relevance_then_newest_then_input_order(tmp_path):
    records = [depok(0.4, "2023-09-01", "old"), bekasi(0.2), depok(0.9, "2023-08-01", "top"),
               depok(0.4, "2023-09-05", "new"), depok(0.4, "2023-09-01", "old-twin")]
    info, markdown, html = build(tmp_path, records, profile=PROFILE)
    expected = ["top", "new", "old", "old-twin", "faktajaya/2023/bekasi"]
    articles = parse(html).find_all("article")
    assert [a.attrs["id"] for a in articles] == [anchor_for(i) for i in expected]
    assert [markdown.index(f'<a id="{anchor_for(i)}"></a>') for i in expected] == sorted(
        markdown.index(f'<a id="{anchor_for(i)}"></a>') for i in expected)
    assert info["articles"] == 5


@pytest.mark.parametrize("languages", [["ja", "en"], ["en", "ja"]])
def test_headlines_and_summaries_follow_the_profile_language_order_then_the_original(tmp_path, languages):
    profile = SimpleNamespace(name="Osaka", organisation=None, languages=languages, topics=[], glossary=None)
    info, markdown, html = build(tmp_path, [bekasi()], profile=profile)
    article = parse(html).find_all("article")[0]
    headlines = article.find_all(cls="headline")
    reading_order = [languages[0], "id", *languages[1:]]  # the reader's language, the original, the rest
    assert [h.attrs["lang"] for h in headlines] == reading_order
    assert headlines[reading_order.index("ja")].text().startswith("ブカシ市、地域交流プログラム")
    assert headlines[1].text().startswith("Pemkot Bekasi Terima Kunker")
    summaries = [p.attrs["lang"] for s in article.find_all(cls="summary") for p in s.find_all("p")]
    assert summaries == reading_order
    assert info["languages"] == reading_order
    root = parse(html).find_all("html")[0]
    assert root.attrs["lang"] == languages[0]  # the page speaks the delegation's first language
    assert Labels(languages[0])("contents") in html
    first_headline = bekasi()["translations"][languages[0]][0]
    assert f"## 1. {first_headline}\n" in markdown


def test_flagged_sentences_are_marked_visibly_and_with_a_class(tmp_path):
    _, markdown, html = build(tmp_path, [bekasi()], profile=PROFILE)
    rows = parse(html).find_all("table", cls="aligned")[0].find_all("tbody")[0].find_all("tr")
    assert len(rows) == 3  # one row per sentence, headline included
    assert ["flagged" in row.classes() for row in rows] == [False, False, True]
    cells = rows[2].find_all("td")
    assert [c.attrs["lang"] for c in cells[1:]] == ["ja", "id", "en"]
    assert "flagged" in cells[1].classes() and "flagged" not in cells[2].classes()
    phrases = ["数値の欠落・誤りの可能性", "訳文が長い（余分な内容の可能性）"]  # the reader's words, not the codes
    assert [f.text() for f in cells[1].find_all(cls="flag")] == phrases
    assert "number_missing" not in cells[1].text() and "ブカシ市の人口は240万人を超える。" in cells[1].text()
    assert ", ".join(phrases) in markdown and "number\\_missing" not in markdown


def test_a_failed_sentence_translation_is_shown_as_missing_not_dropped(tmp_path):
    record = bekasi()
    record["translations"]["ja"][2] = None
    _, _, html = build(tmp_path, [record], profile=PROFILE)
    cell = parse(html).find_all("tbody")[0].find_all("tr")[2].find_all("td")[1]
    assert "missing" in cell.classes() and Labels("ja")("not_translated_cell") in cell.text()


def test_without_translations_the_brief_is_indonesian_and_says_so_in_the_page_language(tmp_path):
    info, markdown, html = build(tmp_path, [untranslated(bekasi()), untranslated(depok())], profile=PROFILE)
    notice = Labels("ja")("notice_untranslated")
    assert notice in html and notice in markdown
    assert info["languages"] == ["id"] and info["articles"] == 2
    tree = parse(html)
    content_langs = {n.attrs["lang"] for n in tree.find_all("main")[0].walk() if "lang" in n.attrs}
    assert content_langs == {"id"}
    assert "Kota Bekasi menerima kunjungan kerja" in tree.find_all(cls="summary")[0].text()
    part_title = [n for n in tree.walk() if n.attrs.get("id") == "translations"][0].text()
    assert part_title == Labels("ja")("full_text")  # the original text, not a "full translation"


def test_translated_brief_has_no_untranslated_notice_but_a_partly_translated_one_marks_the_article(tmp_path):
    _, _, html = build(tmp_path, [bekasi()], profile=PROFILE)
    assert Labels("ja")("notice_untranslated") not in html
    _, _, html = build(tmp_path, [bekasi(), untranslated(depok())], profile=PROFILE)
    assert Labels("ja")("notice_untranslated") not in html
    marked = [a for a in parse(html).find_all("article") if a.find_all(cls="notice-article-untranslated")]
    assert [a.attrs["id"] for a in marked] == [anchor_for("depok-1")]


def test_summary_falls_back_to_the_translated_summary_sentences(tmp_path):
    record = bekasi()
    del record["summary"]["ja"]
    _, _, html = build(tmp_path, [record], profile=PROFILE)
    ja_summary = parse(html).find_all(cls="summary")[0]
    assert ja_summary.find_all("p")[0].attrs["lang"] == "ja"
    assert ja_summary.text().count("ブカシ市はブカシ市コマンドセンターで日本からの視察を受け入れた。") == 1


def test_key_facts_accept_people_as_names_or_as_dicts_and_figures_as_text(tmp_path):
    record = bekasi()
    record["facts"]["people"] = ["Dicky Irawan", {"name": "Kikuchi Masao", "title": "Prof.", "role": "Meiji University"},
                                 {"name": "Yamasaki Yukiko", "title": None, "role": None}]
    record["facts"]["figures"] = [{"text": "2,4 juta jiwa", "value": 2400000, "unit": "jiwa", "sentence": 2}]
    _, markdown, html = build(tmp_path, [record], profile=PROFILE)
    facts = parse(html).find_all(cls="facts")[0]
    assert [li.text() for li in facts.find_all("li")] == [
        "Kota Bekasi", "Dicky Irawan", "Prof. Kikuchi Masao (Meiji University)", "Yamasaki Yukiko", "2,4 juta jiwa"]
    assert [dt.text() for dt in facts.find_all("dt")] == ["場所", "人物", "数値"]
    assert "Prof. Kikuchi Masao (Meiji University)" in markdown and "2400000" not in html


def test_a_model_written_summary_and_the_matched_topics_are_shown_and_labelled(tmp_path):
    record = bekasi()
    record["summary"].update(abstractive="Bekasi menerima delegasi Jepang.", topics=["公共サービス"])
    _, markdown, html = build(tmp_path, [record], profile=PROFILE)
    generated = parse(html).find_all(cls="generated")[0]
    assert generated.text().startswith(Labels("ja")("summary_generated"))
    assert generated.find_all("p")[0].attrs["lang"] == "id" and "delegasi Jepang" in generated.text()
    assert [t.text() for t in parse(html).find_all(cls="topic")] == ["公共サービス"]
    assert "Bekasi menerima delegasi Jepang." in markdown


def test_the_delegations_interest_line_is_shown_in_reading_order_with_its_topics(tmp_path):
    record = bekasi()
    record["summary"]["interest"] = {"index": 2, "topics": ["公共サービス"], "id": record["sentences"][2]["text"],
                                     "ja": record["translations"]["ja"][2], "en": record["translations"]["en"][2]}
    _, markdown, html = build(tmp_path, [record], profile=PROFILE)
    interest = parse(html).find_all(cls="interest")[0]
    assert interest.find_all("h3")[0].text().startswith(Labels("ja")("interest"))
    assert [t.text() for t in interest.find_all(cls="topic")] == ["公共サービス"]
    assert [(p.attrs["lang"], p.text()) for p in interest.find_all("p")] == [
        ("ja", "ブカシ市の人口は240万人を超える。"), ("id", "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa."),
        ("en", "Bekasi City has more than 2.4 million residents.")]
    assert Labels("ja")("interest") in markdown and "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa." in markdown
    assert not parse(build(tmp_path, [bekasi()], profile=PROFILE)[2]).find_all(cls="interest")  # none: no line
    record["summary"]["interest"] = "Kota Bekasi"  # not a sentence record: the article is reported, not shown
    info, _, _ = build(tmp_path, [record, depok()], profile=PROFILE)
    assert info["articles"] == 1 and "summary['interest']" in info["errors"][0]["message"]


def test_max_articles_keeps_the_most_relevant_and_says_how_many_there_were(tmp_path):
    records = [depok(0.1, article_id="low"), bekasi(0.8), depok(0.5, article_id="mid")]
    info, _, html = build(tmp_path, records, profile=PROFILE, config=BriefConfig(max_articles=2, pdf=False))
    assert info["articles"] == 2
    assert [a.attrs["id"] for a in parse(html).find_all("article")] == [anchor_for("faktajaya/2023/bekasi"),
                                                                          anchor_for("mid")]
    assert Labels("ja")("article_count_value_cut", shown=2, total=3) in html


def test_bad_records_are_reported_by_id_and_the_rest_still_make_the_brief(tmp_path):
    misaligned = depok(article_id="short")
    misaligned["translations"]["ja"].pop()
    no_summary = depok(article_id="raw")
    del no_summary["summary"]
    duplicate = bekasi(0.1)
    info, _, html = build(tmp_path, [bekasi(), misaligned, "not a record", no_summary, duplicate], profile=PROFILE)
    assert info["articles"] == 1
    problems = {e.get("id"): e["message"] for e in info["errors"]}
    assert "1 entries for 2 sentences" in problems["short"] and "translations['ja']" in problems["short"]
    assert "summary" in problems["raw"]
    assert "str" in problems[None]
    assert "same id" in problems["faktajaya/2023/bekasi"]
    assert all(e["stage"] == "brief" for e in info["errors"])
    assert "short" in parse(html).find_all("footer")[0].text()


def test_footer_shows_the_run_signature_and_models(tmp_path):
    manifest = {"started": "2024-05-02T09:00:00+00:00", "signature": "pipeline:0.1.0|config:abc123",
                "models": {"en": {"ref": "Helsinki-NLP/opus-mt-id-en", "revision": "0123abcd"}}}
    _, markdown, html = build(tmp_path, [bekasi()], profile=PROFILE, manifest=manifest)
    footer = parse(html).find_all("footer")[0].text()
    assert "pipeline:0.1.0|config:abc123" in footer and "Helsinki-NLP/opus-mt-id-en @ 0123abcd" in footer
    assert "2024年5月2日" in html and "pipeline:0.1.0|config:abc123" in markdown


def test_no_profile_shows_every_translated_language_and_an_english_page(tmp_path):
    info, _, html = build(tmp_path, [bekasi()], config=BriefConfig(title="Bekasi visit", pdf=False))
    assert info["languages"] == ["en", "id", "ja"]
    assert parse(html).find_all("html")[0].attrs["lang"] == "en"
    assert parse(html).find_all("h1")[0].text() == "Bekasi visit"


# --------------------------------------------------------------------------------------------- safety


def hostile_record():
    record = bekasi(article_id='x/../"evil" id\'s <b>')
    for key in ("title",):
        record[key] = f"Judul {PAYLOAD} {IMG_PAYLOAD}"
    record["sentences"][0]["text"] = f"Judul {PAYLOAD} {IMG_PAYLOAD}"
    record["translations"]["ja"][0] = f"見出し {PAYLOAD}"
    record["summary"]["ja"] = [f"要約 {IMG_PAYLOAD}"]
    record["source"] = "<b>Outlet</b>"
    record["url"] = "javascript:alert(1)"
    return record


def test_hostile_ids_and_text_are_escaped_and_anchors_are_safe(tmp_path):
    records = [hostile_record(), depok(article_id="a b/c"), depok(article_id="a-b-c")]
    _, markdown, html = build(tmp_path, records, profile=PROFILE)
    tree = parse(html)
    assert not tree.find_all("script") and not tree.find_all("img") and not tree.find_all("b")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;" in html
    ids = [n.attrs["id"] for n in tree.walk() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids)
    links = [n.attrs["href"] for n in tree.find_all("a")]
    assert all(link[1:] in ids for link in links if link.startswith("#"))
    assert not any(link.startswith("javascript:") for link in links)
    assert tree.find_all("h2", cls="headline")[0].text().startswith(f"見出し {PAYLOAD}")
    assert "\\<script\\>" in markdown and "<script>" not in markdown and "javascript:" not in markdown


def test_html_is_self_contained_and_print_ready(tmp_path):
    _, _, html = build(tmp_path, [bekasi()], profile=PROFILE)
    tree = parse(html)
    csp = [m.attrs["content"] for m in tree.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    assert not tree.find_all("link") and not tree.find_all("script")
    assert not re.search(r"@import|url\(|@font-face", html)
    remote = {(n.tag, n.attrs.get("href") or n.attrs.get("src")) for n in tree.walk()
              if re.match(r"(https?:)?//", n.attrs.get("href") or n.attrs.get("src") or "")}
    assert remote == {("a", "https://faktajaya.com/a")}  # the link to the original article, which loads nothing
    assert re.search(r"@page\s*{[^}]*size:\s*A4", html)
    assert re.search(r"\.translation\s*{[^}]*break-before:\s*page", html)
    assert '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif' in html
    assert [n.attrs["href"] for n in tree.find_all("nav")[0].find_all("a")] == ["#" + anchor_for("faktajaya/2023/bekasi")]


def test_files_are_replaced_whole_and_no_temporary_files_are_left(tmp_path):
    build(tmp_path, [bekasi()], profile=PROFILE)
    info, _, html = build(tmp_path, [depok()], profile=PROFILE)
    assert "Depok" in html and "Pemkot Bekasi" not in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html", "brief.md"]
    assert info["paths"] == [str(tmp_path / "brief.md"), str(tmp_path / "brief.html")]


def test_markdown_text_shows_markup_as_written():
    assert markdown_text("*tebal* _miring_ [tautan](x) <b>") == "\\*tebal\\* \\_miring\\_ \\[tautan\\](x) \\<b\\>"
    assert markdown_text("1. Januari") == "1\\. Januari"
    assert markdown_text("- bukan daftar\nbaris") == "\\- bukan daftar baris"


# --------------------------------------------------------------------------------------------- browser


def png_pixels_vary(path: Path) -> tuple[int, int, int]:
    """Width, height and distinct byte values of the compressed image data: a blank page has only a few."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, offset = b"", 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            idat += data[offset + 8:offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_browser_shows_injected_markup_as_text_and_runs_nothing(tmp_path):
    needs(CHROMIUM)
    out = tmp_path / "run"
    build_brief([hostile_record(), depok()], out, profile=PROFILE, config=BriefConfig(title="Safe title", pdf=False))
    page = (out / "brief.html").resolve().as_uri()

    # The check can tell: the same payload in a plain page does run and does change the title.
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><title>Safe title</title><body>{PAYLOAD}</body>", encoding="utf-8")
    control_dom = parse(chromium("--dump-dom", control.as_uri(), user_data=tmp_path / "profile").stdout)
    assert control_dom.find_all("title")[0].text() == "pwned"

    dom = parse(chromium("--dump-dom", page, user_data=tmp_path / "profile").stdout)
    assert dom.find_all("title")[0].text() == "Safe title"
    assert not dom.find_all("script") and not dom.find_all("img")
    assert not any("data-pwned" in n.attrs or "onerror" in n.attrs for n in dom.walk())
    headline = dom.find_all("h2", cls="headline")[0].text()
    assert f"見出し {PAYLOAD}" in headline
    original = [n for n in dom.find_all(cls="headline") if n.attrs.get("lang") == "id"][0].text()
    assert PAYLOAD in original and IMG_PAYLOAD in original

    screenshot = tmp_path / "brief.png"
    chromium(f"--screenshot={screenshot}", page, user_data=tmp_path / "profile")
    width, height, distinct = png_pixels_vary(screenshot)
    assert (width, height) == (1200, 1600)
    assert screenshot.stat().st_size > 20_000 and distinct > 64
