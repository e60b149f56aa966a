"""One brief item per event: the reports of one event from several outlets shown once, with every source, the
best-covered report's summary, people and figures merged, and what the sources disagree on in the reader's words.

The articles are invented for this file: a city's reception of a Japanese delegation as the city's own release,
as a local portal writes it (another date, another head count), and as an aggregator's copy of the release; a
flood elsewhere on the same day; and NTREX documents that report nothing in common. They run through
normalize, summarize and brief (no model) as `pipeline run` would, with the Japanese-first delegation profile.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CHROMIUM, needs

import pipeline
from pipeline.brief.items import items, shown_record
from pipeline.brief.render import Labels, anchor_for, build_brief
from pipeline.config import BriefConfig
from pipeline.evaluate import ntrex
from pipeline.text.events import Event, event_id

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "configs" / "profiles" / "bekasi-japan.yaml"
NTREX_LABELS = ROOT / "tests" / "data" / "events" / "ntrex_labels.jsonl"
STAGES = "normalize,summarize,brief"
JA = Labels("ja")

OFFICIAL = {  # the city's press release
    "id": "semarang-toyama-humas",
    "source": "humas.semarangkota.example",
    "url": "https://humas.semarangkota.example/berita/2025/06/delegasi-toyama",
    "title": "Wali Kota Semarang Terima Delegasi Kota Toyama, Bahas Transportasi Publik dan Trem",
    "text": "\n".join([
        "Wali Kota Semarang Agustina Wulandari menerima kunjungan delegasi Pemerintah Kota Toyama, Jepang, di Balai "
        "Kota Semarang, Senin (9/6/2025).",
        "Delegasi berjumlah 14 orang tersebut dipimpin Wakil Wali Kota Toyama, Nakamura Kenji.",
        "Pertemuan membahas pengembangan transportasi publik, termasuk rencana trem ringan dan integrasi layanan Bus "
        "Rapid Transit Trans Semarang.",
        "Agustina menyampaikan bahwa Trans Semarang kini mengoperasikan 240 armada bus di delapan koridor dengan "
        "rata-rata 38.000 penumpang per hari.",
        "\"Toyama berhasil menghidupkan kembali pusat kota lewat trem. Kami ingin belajar dari pengalaman itu,\" "
        "ujar Agustina.",
        "Nakamura Kenji mengatakan Toyama siap mengirim tenaga ahli untuk mendampingi kajian kelayakan trem di "
        "Semarang.",
        "Kepala Dinas Perhubungan Kota Semarang, Danang Kurniawan, memaparkan rencana jalur trem sepanjang 12 "
        "kilometer dari Stasiun Tawang ke Simpang Lima.",
        "Kedua pihak sepakat menyusun nota kesepahaman kerja sama transportasi yang ditargetkan ditandatangani akhir "
        "tahun ini.",
    ]),
}
PORTAL = {  # a local portal's own report: dateline, a resident-facing angle, the next day's date, 15 visitors
    "id": "semarang-toyama-portal",
    "source": "lingkarsemarang.example",
    "url": "https://lingkarsemarang.example/read/2025/06/10/trem-toyama",
    "title": "Belajar dari Toyama, Pemkot Semarang Lirik Trem Ringan untuk Kawasan Kota Lama",
    "text": "\n".join([
        "SEMARANG, LINGKARSEMARANG.EXAMPLE – Pemkot Semarang menjajaki pembangunan trem ringan setelah menerima "
        "rombongan Kota Toyama, Jepang, Selasa (10/6/2025).",
        "Rombongan 15 orang itu dipimpin Wakil Wali Kota Toyama Nakamura Kenji dan diterima langsung Wali Kota "
        "Agustina Wulandari di Balai Kota.",
        "Menurut Agustina, trem ringan bisa mengurangi kemacetan di kawasan Kota Lama dan Simpang Lima yang makin "
        "padat pada jam sibuk.",
        "Kepala Dishub Danang Kurniawan menyebut jalur trem yang dikaji membentang sekitar 12 kilometer dari "
        "Stasiun Tawang.",
        "Ia menambahkan, armada Trans Semarang yang kini berjumlah 250 bus akan diintegrasikan dengan trem.",
        "Toyama dikenal sebagai salah satu kota di Jepang yang sukses menata ulang pusat kota dengan trem.",
    ]),
}
COPY = {  # an aggregator runs the release under its own headline, one paragraph short
    "id": "semarang-toyama-copy",
    "source": "beritajateng.example",
    "url": "https://beritajateng.example/2025/06/09/toyama-semarang",
    "title": "Delegasi Toyama Kunjungi Balai Kota Semarang",
    "text": "\n".join(OFFICIAL["text"].split("\n")[:7]),
}
FLOOD = {  # the same day, the same province, nothing else in common
    "id": "demak-banjir",
    "source": "demakpos.example",
    "url": "https://demakpos.example/banjir-karanganyar",
    "title": "Tanggul Sungai Wulan Jebol, Ratusan Rumah di Karanganyar Demak Terendam",
    "text": "\n".join([
        "Tanggul Sungai Wulan di Desa Wonorejo, Kecamatan Karanganyar, Kabupaten Demak, jebol pada Senin (9/6/2025) "
        "dini hari.",
        "Akibatnya sekitar 450 rumah warga terendam banjir setinggi 50 sentimeter hingga satu meter.",
        "Kepala Pelaksana BPBD Demak, Agus Nugroho, mengatakan petugas telah mengevakuasi warga lanjut usia dan "
        "anak-anak ke balai desa.",
        "BBWS Pemali Juana menurunkan alat berat untuk menutup tanggul yang jebol sepanjang 20 meter.",
        "Warga diminta tetap waspada karena hujan diperkirakan masih turun hingga akhir pekan.",
    ]),
}
EVENT_IDS = [OFFICIAL["id"], PORTAL["id"], COPY["id"]]


def ntrex_documents(count: int = 10) -> list[dict]:
    """NTREX documents that report no event in common with another (ntrex_labels.jsonl lists those that do)."""
    labelled = {member for line in NTREX_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()
                for member in json.loads(line)["members"]}
    documents = [a for a in ntrex.articles() if a["id"] not in labelled][:count]
    return [{**a, "source": a["id"].rsplit(".", 1)[0]} for a in documents]  # the outlet, as an id gives it


NTREX_DOCUMENTS = ntrex_documents()
ARTICLES = [OFFICIAL, FLOOD, *NTREX_DOCUMENTS[:5], PORTAL, *NTREX_DOCUMENTS[5:], COPY]


def config(pdf: bool = False) -> dict:
    return {"summarize": {"profile": str(PROFILE)}, "brief": {"pdf": pdf}, "run": {"progress": False}}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def articles_of(html: str) -> dict[str, str]:
    """Each <article> of the brief's summary part: anchor -> its HTML."""
    return dict(re.findall(r'<article class="[^"]*" id="([^"]+)"[^>]*>(.*?)</article>', html, flags=re.S))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("events") / "run"
    pipeline.run(ARTICLES, config=config(), out_dir=out, stages=STAGES)
    return out


@pytest.fixture(scope="module")
def events(run_dir) -> list[dict]:
    return read_jsonl(run_dir / "events.jsonl")


@pytest.fixture(scope="module")
def event(events) -> dict:
    [found] = [e for e in events if OFFICIAL["id"] in e["members"]]
    return found


# --------------------------------------------------------------------------------------------- the brief


def test_one_event_from_three_outlets_is_one_item_listing_every_source(run_dir, event):
    html = (run_dir / "brief.html").read_text(encoding="utf-8")
    markdown = (run_dir / "brief.md").read_text(encoding="utf-8")
    assert sorted(event["members"]) == sorted(EVENT_IDS) and event["best"] == OFFICIAL["id"]
    shown = articles_of(html)
    assert len(shown) == len(ARTICLES) - 2  # three reports, one item
    item = shown[anchor_for(event["event_id"])]
    assert f'data-event="{event["event_id"]}"' in html
    assert JA("source_count", count=3) in item
    for article in (OFFICIAL, PORTAL, COPY):  # outlet, link and headline of each, in the item and in the Markdown
        assert article["source"] in item and f'href="{article["url"]}"' in item and article["title"] in item
        assert article["source"] in markdown and f"]({article['url']})" in markdown
        assert article["title"] in markdown
    sources = re.findall(r"<li[^>]*><p class=\"meta\">(.*?)</p>", item.split('<ul class="sources"')[1])
    assert OFFICIAL["source"] in sources[0] and JA("source_main") in sources[0]  # whose summary is shown, first
    for article in (PORTAL, COPY):  # every other report: its own date line, and never presented as the summary
        assert [s for s in sources if article["source"] in s and JA("source_main") not in s]
    summary = text_of(item.split('class="summaries"')[1])
    assert "Agustina Wulandari" in summary or "Toyama" in summary
    assert "Pemkot Semarang menjajaki" not in summary  # the portal's lead is a source, not the summary
    assert html.count(f'id="{anchor_for(event["event_id"])}-translation"') == 1  # one full text: the release's
    for member in EVENT_IDS:  # no member is an item of its own
        assert anchor_for(member) not in html and anchor_for(member) not in markdown


def test_an_unrelated_article_stays_its_own_item(run_dir, events):
    html = (run_dir / "brief.html").read_text(encoding="utf-8")
    [flood] = [e for e in events if FLOOD["id"] in e["members"]]
    assert flood["members"] == [FLOOD["id"]] and flood["event_id"] == event_id([FLOOD["id"]])
    item = articles_of(html)[anchor_for(FLOOD["id"])]
    assert f'data-event="{flood["event_id"]}"' in html
    assert '<ul class="sources"' not in item and 'class="conflicts"' not in item
    assert "Tanggul Sungai Wulan" in item and "Toyama" not in item


def test_people_and_figures_are_merged_over_the_sources(run_dir, event):
    item = articles_of((run_dir / "brief.html").read_text(encoding="utf-8"))[anchor_for(event["event_id"])]
    facts = text_of(item.split('class="facts"')[1])
    for person in ("Agustina Wulandari", "Nakamura Kenji", "Danang Kurniawan"):
        assert facts.count(person) == 1  # named by every source, listed once
    assert "14 orang" in facts and "15 orang" in facts  # the release's head count and the portal's
    people = {p["name"]: p["sources"] for p in event["people"]}
    assert set(people["Nakamura Kenji"]) == set(EVENT_IDS)


def test_the_sources_disagreements_are_said_in_the_readers_language(run_dir, event):
    html = (run_dir / "brief.html").read_text(encoding="utf-8")
    markdown = (run_dir / "brief.md").read_text(encoding="utf-8")
    item = articles_of(html)[anchor_for(event["event_id"])]
    assert {c["field"] for c in event["conflicts"]} == {"date", "figure"}
    notes = dict(re.findall(r'<li data-field="(\w+)">([^<]+)</li>', item))
    assert JA("conflicts") in item
    date = JA("conflict_date", values=JA("value_separator").join([
        JA("conflict_value", value="2025年6月9日（月）",
           sources=JA("list_separator").join([OFFICIAL["source"], COPY["source"]])),
        JA("conflict_value", value="2025年6月10日（火）", sources=PORTAL["source"])]))
    assert notes["date"] == date  # 出典によって日付が異なります：2025年6月9日（月）（…・…）、2025年6月10日（火）（…）
    assert notes["figure"].startswith("出典によって数値が異なります：") and "14 orang" in notes["figure"]
    assert "15 orang" in notes["figure"]
    assert date in markdown and JA("conflicts") in markdown
    assert "2025-06-10" not in text_of(item)  # dates as the reader writes them


def test_a_syndicated_copy_is_marked_as_a_copy(run_dir, event):
    html = (run_dir / "brief.html").read_text(encoding="utf-8")
    markdown = (run_dir / "brief.md").read_text(encoding="utf-8")
    assert event["syndicated"] == {COPY["id"]: OFFICIAL["id"]}
    item = articles_of(html)[anchor_for(event["event_id"])]
    copies = re.findall(r'<li class="copy-source">(.*?)</li>', item, flags=re.S)
    marker = JA("source_copy", outlet=OFFICIAL["source"])
    assert len(copies) == 1 and COPY["source"] in copies[0] and marker in copies[0]
    assert marker in markdown
    records = {r["id"]: r for r in read_jsonl(run_dir / "summarize.jsonl")}
    assert "syndicated" in records[COPY["id"]]["flags"] and records[COPY["id"]]["syndicated_of"] == OFFICIAL["id"]
    assert all("syndicated_of" not in r for i, r in records.items() if i != COPY["id"])


def test_events_jsonl_and_the_summarize_records_carry_the_event_ids(run_dir, events):
    records = read_jsonl(run_dir / "summarize.jsonl")
    assert [r["id"] for r in records] == [a["id"] for a in ARTICLES]  # the file's order is untouched
    of_member = {member: e["event_id"] for e in events for member in e["members"]}
    assert sorted(of_member) == sorted(a["id"] for a in ARTICLES)  # every record in exactly one event
    assert {r["id"]: r["event_id"] for r in records} == of_member
    assert all(e["event_id"] == event_id(e["members"]) for e in events)
    assert len(events) == len(ARTICLES) - 2 and not list(run_dir.glob(".*.tmp"))
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    brief = manifest["stages"]["brief"]
    assert brief["articles"] == len(ARTICLES) and brief["items"] == brief["events"] == len(events)
    assert str(run_dir / "events.jsonl") in brief["paths"]


def test_ntrex_documents_are_never_merged_in_the_brief(run_dir, events):
    html = (run_dir / "brief.html").read_text(encoding="utf-8")
    shown = articles_of(html)
    for document in NTREX_DOCUMENTS:
        [alone] = [e for e in events if document["id"] in e["members"]]
        assert alone["members"] == [document["id"]], alone["members"]
        assert anchor_for(document["id"]) in shown


def test_a_rerun_redoes_nothing_and_writes_the_same_files(run_dir, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(run_dir, again)
    before = {name: (again / name).read_bytes() for name in ("summarize.jsonl", "events.jsonl", "brief.md")}
    manifest = pipeline.run(ARTICLES, config=config(), out_dir=again, stages=STAGES)
    assert manifest["stages"]["summarize"]["counts"]["reused"] == len(ARTICLES)  # no record summarized again
    assert manifest["stages"]["summarize"]["counts"]["processed"] == 0
    assert {name: (again / name).read_bytes() for name in before} == before
    pipeline.run([], config=config(), out_dir=again, stages="brief")  # the brief alone, over records with ids
    for name in ("summarize.jsonl", "events.jsonl"):  # (brief.md names the run, which differs: brief alone)
        assert (again / name).read_bytes() == before[name], name


def test_event_ids_do_not_depend_on_the_input_order(run_dir, events, tmp_path):
    reordered = tmp_path / "reordered"
    pipeline.run(list(reversed(ARTICLES)), config=config(), out_dir=reordered, stages=STAGES)
    ids = {r["id"]: r["event_id"] for r in read_jsonl(reordered / "summarize.jsonl")}
    assert ids == {r["id"]: r["event_id"] for r in read_jsonl(run_dir / "summarize.jsonl")}
    assert sorted(e["event_id"] for e in read_jsonl(reordered / "events.jsonl")) == sorted(
        e["event_id"] for e in events)


# --------------------------------------------------------------------------------------------- items


def record(article_id: str, relevance: float, date: str = "2025-06-09") -> dict:
    return {"id": article_id, "relevance": relevance, "date": date}


def test_items_are_ordered_by_the_most_relevant_member_then_newest_then_input_order():
    records = [record("a", 0.2), record("b", 0.5), record("c", 0.9), record("d", 0.5, "2025-06-10"),
               record("e", 0.5)]
    grouped = Event(event_id=event_id(["a", "c"]), members=["a", "c"], best="a")
    order = [[m["id"] for m in item.members] for item in items(records, [grouped])]
    assert order == [["a", "c"], ["d"], ["b"], ["e"]]  # a+c at c's relevance; d is newest; b before e
    assert [item.record["id"] for item in items(records, [grouped])][0] == "a"  # the best, not the first


def test_merged_people_keep_their_role_translations():
    def person_record(article_id, people, roles):
        return {"id": article_id, "facts": {"people": people, "figures": [], "places": ["Semarang"],
                                            "translations": {"ja": {"places": ["スマラン"], "organisations": [],
                                                                    "roles": roles}}}}
    best = person_record("a", [{"name": "Agustina Wulandari", "title": None, "role": "Wali Kota Semarang"}],
                         ["スマラン市長"])
    other = person_record("b", [{"name": "Danang Kurniawan", "title": None, "role": "Kepala Dishub"},
                                {"name": "Agustina", "title": None, "role": "Wali Kota"}], ["交通局長", "市長"])
    merged = Event(event_id=event_id(["a", "b"]), members=["a", "b"], best="a",
                   people=[{"name": "Agustina Wulandari", "title": None, "role": "Wali Kota Semarang",
                            "sources": ["a", "b"]},
                           {"name": "Danang Kurniawan", "title": None, "role": "Kepala Dishub", "sources": ["b"]}])
    [item] = items([best, other], [merged])
    facts = shown_record(item, best)["facts"]
    assert [p["name"] for p in facts["people"]] == ["Agustina Wulandari", "Danang Kurniawan"]
    assert facts["translations"]["ja"]["roles"] == ["スマラン市長", "交通局長"]  # aligned with the merged list
    assert facts["translations"]["ja"]["places"] == ["スマラン"]
    assert best["facts"]["people"][0]["name"] == "Agustina Wulandari"  # the record itself is left as it was


def translated(article_id: str, outlet: str, date: str, headline: str, ja: str, relevance: float = 0.5) -> dict:
    """A summarize record with a Japanese headline, as a run with the translate stage makes it."""
    body = "Kota Semarang menerima delegasi Kota Toyama."
    return {"id": article_id, "source": outlet, "url": f"https://{outlet}/{article_id}", "date": date, "lang": "id",
            "flags": [], "relevance": relevance,
            "sentences": [{"text": headline, "kind": "headline"}, {"text": body, "kind": "body"}],
            "translations": {"ja": [ja, "スマラン市はトヤマ市の代表団を迎えた。"]},
            "summary": {"indexes": [1], "id": [body], "ja": ["スマラン市はトヤマ市の代表団を迎えた。"]},
            "facts": {"date": date, "places": [], "people": [], "organisations": [], "figures": []}}


def test_each_source_headline_reads_in_the_readers_language_then_the_original(tmp_path):
    first = translated("a", "humas.example", "2025-06-09", "Wali Kota Terima Delegasi Toyama",
                       "市長、富山市代表団を歓迎")
    second = translated("b", "portal.example", "2025-06-09", "Toyama Ajak Semarang Bangun Trem",
                        "富山市、スマラン市に路面電車を提案")
    grouped = Event(event_id=event_id(["a", "b"]), members=["a", "b"], best="b", syndicated={"a": "b"})
    profile = type("Profile", (), {"languages": ["ja"], "name": None, "organisation": None, "topics": []})()
    info = build_brief([first, second], tmp_path, profile=profile, config=BriefConfig(pdf=False), events=[grouped])
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert (info["articles"], info["items"]) == (2, 1)
    titles = re.findall(r'<p class="source-title" lang="(\w+)">([^<]+)</p>', html)
    assert titles[:4] == [("ja", "富山市、スマラン市に路面電車を提案"), ("id", "Toyama Ajak Semarang Bangun Trem"),
                          ("ja", "市長、富山市代表団を歓迎"), ("id", "Wali Kota Terima Delegasi Toyama")]  # the best first
    assert "— 富山市、スマラン市に路面電車を提案 (Toyama Ajak Semarang Bangun Trem)" in markdown
    assert JA("source_copy", outlet="portal.example") in html and 'class="conflicts"' not in html


# --------------------------------------------------------------------------------------------- the PDF


def test_the_pdf_shows_the_event_item(tmp_path):
    import pypdf  # the test extra

    needs(CHROMIUM)  # fails under CI, which installs it; skips elsewhere
    out = tmp_path / "pdf"
    pipeline.run([OFFICIAL, PORTAL, COPY, FLOOD], config=config(pdf=True), out_dir=out, stages=STAGES)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out / "brief.pdf").pages)
    text = re.sub(r"\s+", "", text)
    for words in (JA("source_count", count=3), JA("conflicts"), "出典によって日付が異なります",
                  JA("source_copy", outlet=OFFICIAL["source"]), PORTAL["source"], COPY["source"]):
        assert re.sub(r"\s+", "", words) in text, words


def test_records_the_grouping_cannot_read_still_make_the_brief_each_alone(tmp_path):
    from pipeline.config import load_config
    from pipeline.stages.brief import BriefStage

    odd = [translated("a", "humas.example", "2025-06-09", "Wali Kota Terima Delegasi Toyama", "市長、代表団を歓迎"),
           translated("b", "portal.example", "2025-06-09", "Toyama Ajak Semarang Bangun Trem", "富山市、路面電車を提案")]
    for record in odd:
        record["facts"]["people"] = ["Agustina Wulandari"]  # a name alone: the brief shows it, grouping cannot read it
    info = BriefStage(load_config({"brief": {"pdf": False}})).write(odd, tmp_path, {})
    assert info["items"] == 2 and info["events"] == 2 and "events not grouped" in info["warnings"][0]
    assert [e["members"] for e in read_jsonl(tmp_path / "events.jsonl")] == [["a"], ["b"]]
