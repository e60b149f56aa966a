"""Events across outlets (pipeline/text/events.py): one event's reports grouped, near-misses kept apart.

The articles are the invented ones of tests/data/events/pairs.jsonl (two house styles of one event, a syndicated
copy, the same official at two events, the same award or programme a year apart), run through normalize and
summarize as the pipeline would; NTREX (undated real news of one week) checks that nothing is merged there.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

import pipeline
from pipeline.text import events as grouping
from pipeline.text.clustering import cluster
from pipeline.text.event_sources import figure_conflicts, name_key, same_person
from pipeline.text.events import assign_events, event_id, group_events

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "events" / "pairs.jsonl"
NTREX_LABELS = ROOT / "tests" / "data" / "events" / "ntrex_labels.jsonl"
NTREX = ROOT / "pipeline" / "evaluate" / "data" / "ntrex"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def process(articles: list[dict]) -> list[dict]:
    result = pipeline.process(articles, config=ROOT / "configs" / "default.yaml", stages="normalize,summarize")
    assert not result.errors, result.errors
    return result.records


@pytest.fixture(scope="module")
def own() -> list[dict]:
    """The invented articles as summarize records, in file order."""
    return process([{k: row[k] for k in ("id", "title", "text", "source", "url")} for row in read_jsonl(PAIRS)])


@pytest.fixture(scope="module")
def own_events(own) -> dict[str, grouping.Event]:
    """Article id (a prefix such as 'e01a' is enough to look one up) -> its event."""
    return {member: event for event in group_events(own) for member in event.members}


@pytest.fixture(scope="module")
def ntrex() -> list[dict]:
    ids = (NTREX / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (NTREX / "newstest2019-ref.ind.txt").read_text(encoding="utf-8").splitlines()
    documents: dict[str, list[str]] = {}
    for document_id, line in zip(ids, lines):
        documents.setdefault(document_id.strip(), []).append(line)
    return process([{"id": d, "title": doc[0], "text": "\n".join(doc[1:]), "source": "ntrex"}
                    for d, doc in documents.items()])


def event_of(events: dict[str, grouping.Event], prefix: str) -> grouping.Event:
    matches = {event.event_id: event for member, event in events.items() if member.startswith(prefix + "-")}
    assert len(matches) == 1, f"{prefix}: {len(matches)} events"
    return next(iter(matches.values()))


def together(events: dict[str, grouping.Event], a: str, b: str) -> bool:
    return event_of(events, a).event_id == event_of(events, b).event_id


def record(records: list[dict], prefix: str) -> dict:
    return next(r for r in records if r["id"].startswith(prefix + "-"))


# Grouping ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [("e01a", "e01b"), ("e02a", "e02b"), ("e08a", "e08b"), ("e14a", "e14b"),
                                  ("e04a", "e04b"), ("e16a", "e16b")])  # these two by their shared day
def test_one_event_in_two_house_styles_is_one_event(own_events, a, b):
    assert together(own_events, a, b)  # official release and local portal: no shared sentence


def test_a_shared_day_counts_only_when_few_of_the_run_s_articles_share_it(own):
    a, b = record(own, "e04a")["id"], record(own, "e04b")["id"]
    assert grouping.explain(own, a, b).same_day == 1.0  # only they are dated that day; their texts agree
    one_day = [{**r, "facts": {**r["facts"], "date": "2024-03-05"}} for r in own]  # a day of news: one date
    assert grouping.explain(one_day, a, b).same_day == pytest.approx(grouping.SPECIFIC_IN / len(own))


def test_a_report_dated_the_next_day_counts_like_the_same_day(own):
    """A quake at night, reported by one outlet that night and by another the next morning."""
    a, b = dict(record(own, "e16a")), dict(record(own, "e16b"))
    next_day = {**b, "facts": {**b["facts"], "date": (date.fromisoformat(a["facts"]["date"])
                                                      + timedelta(days=1)).isoformat()}}
    assert grouping.explain([a, next_day], a["id"], b["id"]).same_day > 0
    assert len(group_events([a, next_day])) == 1
    two_days = {**b, "facts": {**b["facts"], "date": (date.fromisoformat(a["facts"]["date"])
                                                      + timedelta(days=2)).isoformat()}}
    assert grouping.explain([a, two_days], a["id"], b["id"]).same_day == 0


def test_a_day_apart_the_texts_must_agree_more_than_on_the_same_day(own):
    """One governor's two events (e08a, e09): an announcement and the event, a visit and the next day's statement,
    share names and some words; a day apart, words shared that little earn no day's credit."""
    a, b = dict(record(own, "e08a")), dict(record(own, "e09"))
    same = {**b, "facts": {**b["facts"], "date": a["facts"]["date"]}}
    next_day = {**b, "facts": {**b["facts"], "date": (date.fromisoformat(a["facts"]["date"])
                                                      + timedelta(days=1)).isoformat()}}
    on_the_day = grouping.explain([a, same], a["id"], b["id"])
    assert 0 < on_the_day.same_day and on_the_day.text < grouping.NEXT_DAY_TEXT[0]
    assert grouping.explain([a, next_day], a["id"], b["id"]).same_day == 0


def test_a_guessed_year_the_page_also_writes_is_given_so_a_festival_a_year_on_is_another_event(own):
    """"Kamis (7/8)" guessed as 2031 on a page that writes "tahun 2031" is 2031: the 2030 opening on the
    same day and month is another event. Without the year written, day and month alone are compared."""
    a, b = dict(record(own, "e04a")), dict(record(own, "e04b"))
    this_year = {**a, "flags": [*a.get("flags", []), "date_year_guessed"], "facts": {**a["facts"], "date": "2031-08-07"},
                 "sentences": [*a["sentences"], {"text": "Festival ini digelar untuk ke-32 kali pada tahun 2031.",
                                                 "kind": "body"}]}
    last_year = {**b, "facts": {**b["facts"], "date": "2030-08-07"}}
    assert grouping.explain([this_year, last_year], a["id"], b["id"]).blocked == "dates 2030-08-07 and 2031-08-07"
    unwritten = {**this_year, "sentences": a["sentences"]}
    assert grouping.explain([unwritten, last_year], a["id"], b["id"]).blocked is None


def test_a_syndicated_copy_is_grouped_and_flagged(own, own_events):
    event = event_of(own_events, "e01a")
    copy, original = record(own, "e01c")["id"], record(own, "e01a")["id"]
    assert copy in event.members and event.syndicated == {copy: original}
    assert event.best == original  # the fuller text, not the copy
    records, _ = assign_events(own)
    flagged = {r["id"]: r for r in records if "syndicated" in r.get("flags", [])}
    assert list(flagged) == [copy] and flagged[copy]["syndicated_of"] == original
    assert record(records, "e01b").get("syndicated_of") is None  # a rewrite of the event is no copy


@pytest.mark.parametrize("a, b", [
    ("e01a", "e02a"), ("e01b", "e02b"), ("e01a", "e03"), ("e02a", "e03"),  # one mayor, three events, two days
    ("e08a", "e09"), ("e08b", "e09"),  # one governor, two events, one day
    ("e14a", "e15"), ("e14b", "e15"),  # one council, two events, one day
    ("e17a", "e17b"),  # one bupati, two events, no date anywhere: only the text tells them apart
])
def test_the_same_official_at_two_events_is_two_events(own_events, a, b):
    assert not together(own_events, a, b)


@pytest.mark.parametrize("a, b", [("e04a", "e05"), ("e04b", "e05"), ("e06a", "e07"), ("e06b", "e07")])
def test_the_same_award_or_programme_a_year_apart_is_two_events(own, own_events, a, b):
    assert not together(own_events, a, b)
    link = grouping.explain(own, record(own, a)["id"], record(own, b)["id"])
    assert link.blocked and link.blocked.startswith("dates ")  # kept apart by the dates, whatever the text shares


# Invented: a foreshock, the main quake the next night, and another outlet's report of the main quake with the
# magnitude BMKG updated it to. Same place, same words, a day apart: only the magnitudes tell the two quakes apart.
QUAKES = [
    {"id": "q1-foreshock", "title": "Gempa Magnitudo 5,9 Guncang Tanjung Padi, Warga Berhamburan",
     "text": "Gempa berkekuatan magnitudo 5,9 mengguncang Kabupaten Tanjung Padi, Sulawesi Barat, Kamis (14/1/2021) "
             "pukul 14.35 Wita.\nBadan Meteorologi, Klimatologi, dan Geofisika (BMKG) menyebut pusat gempa berada "
             "di darat, 4 kilometer barat laut Tanjung Padi, pada kedalaman 10 kilometer.\nWarga panik dan "
             "berhamburan ke luar rumah saat getaran terasa kuat.\nBMKG mencatat gempa susulan magnitudo 4,9 "
             "beberapa jam kemudian.\nBelum ada laporan korban jiwa, namun sejumlah rumah warga retak.",
     "source": "kabarbarat.example"},
    {"id": "q2-mainshock", "title": "Gempa Magnitudo 6,2 Guncang Tanjung Padi, Rumah Warga Rusak",
     "text": "Gempa berkekuatan magnitudo 6,2 mengguncang Kabupaten Tanjung Padi, Sulawesi Barat, Jumat (15/1/2021) "
             "pukul 02.28 Wita, yang kemudian dimutakhirkan BMKG menjadi magnitudo 6,1.\nBadan Meteorologi, "
             "Klimatologi, dan Geofisika (BMKG) menyebut pusat gempa berada di darat, 6 kilometer timur laut "
             "Tanjung Padi, pada kedalaman 10 kilometer.\nWarga panik dan berhamburan ke luar rumah saat getaran "
             "terasa kuat.\nGempa susulan magnitudo 4,9 tercatat sehari sebelumnya.\nSejumlah rumah warga rusak "
             "berat dan tiga orang dilaporkan meninggal dunia.",
     "source": "kabarbarat.example"},
    {"id": "q3-mainshock-other-outlet", "title": "Tiga Warga Tanjung Padi Meninggal Akibat Gempa 6,1",
     "text": "Tiga orang meninggal dunia setelah gempa magnitudo 6,1 mengguncang Kabupaten Tanjung Padi, Sulawesi "
             "Barat, Jumat (15/1/2021) dini hari.\nMenurut BMKG, pusat gempa berada di darat, 6 kilometer timur laut "
             "Tanjung Padi, pada kedalaman 10 kilometer.\nRatusan rumah warga rusak berat dan warga berhamburan ke "
             "luar rumah.\nBPBD mendirikan tenda pengungsian di lapangan kantor bupati.",
     "source": "sulbarpos.example"},
]


def test_a_quake_the_day_before_with_another_magnitude_is_another_event():
    records = process(QUAKES)
    grouped = {member: event.event_id for event in group_events(records) for member in event.members}
    foreshock, mainshock, other_outlet = (record["id"] for record in records)
    assert grouped[mainshock] == grouped[other_outlet]  # 6,2 updated to 6,1: one quake, whichever is given first
    assert grouped[foreshock] not in (grouped[mainshock], grouped[other_outlet])
    link = grouping.explain(records, foreshock, mainshock)
    assert link.blocked == "magnitudes 5.9 and 6.2" and link.text > 0.6  # the shared aftershock 4,9 does not count


# Invented: one anniversary day, two ceremonies: a regency's own in front of its office, the province's in its
# capital. Both name the army and the police in passing and "the 66th anniversary"; neither identifies the event.
CEREMONIES = [
    {"id": "c1-regency-ceremony", "title": "Pemkab Sukamaju Gelar Upacara Hari Jadi Provinsi Lembah Hijau ke-66",
     "text": "SUKAMAJU - Memperingati Hari Jadi Provinsi Lembah Hijau ke-66, Pemerintah Kabupaten Sukamaju menggelar "
             "upacara di halaman Kantor Bupati Sukamaju, Rabu (14/8/2024).\nUpacara dipimpin Sekretaris Daerah "
             "Kabupaten Sukamaju Made Wirawan yang membacakan sambutan Gubernur.\nHadir jajaran Forkopimda, pimpinan "
             "OPD, unsur TNI, Polri serta ASN di lingkungan Pemkab Sukamaju.\nPeringatan Hari Jadi ke-66 Provinsi Lembah Hijau dirangkaikan dengan pengukuhan 70 anggota Paskibraka "
             "Kabupaten Sukamaju.\nWirawan mengajak seluruh warga menjaga persatuan dan semangat membangun daerah.",
     "source": "sukamajupos.example", "url": "https://sukamajupos.example/upacara-hut-provinsi"},
    {"id": "c2-provincial-ceremony", "title": "Kapolda Hadiri Upacara HUT Provinsi Lembah Hijau",
     "text": "Peringatan Hari Jadi ke-66 Provinsi Lembah Hijau digelar dengan upacara bendera di Lapangan "
             "Merdeka, Kota Tirta, Rabu (14/8/2024).\nKapolda Lembah Hijau Irjen Pol Andi Saputra hadir bersama "
             "pejabat tinggi provinsi, unsur TNI, Polri, PNS, guru dan pelajar.\nGubernur Lembah Hijau Ketut Arsana "
             "bertindak sebagai inspektur upacara.\nDalam sambutannya, Arsana mengajak masyarakat mengenang jasa para "
             "pendiri provinsi.\nPeringatan tahun ini mengusung tema karya mulia untuk membangun daerah yang maju dan sejahtera.",
     "source": "tirtanews.example", "url": "https://tirtanews.example/kapolda-upacara"},
]


def test_two_ceremonies_of_one_anniversary_day_in_two_places_are_two_events():
    records = process(CEREMONIES)
    assert len(group_events(records)) == 2
    link = grouping.explain(records, "c1-regency-ceremony", "c2-provincial-ceremony")
    assert (link.organisations, link.figures) == (0, 0)  # TNI, Polri and "ke-66" count nothing


# Invented: a year-end prayer told by two outlets, one dating the governor's statement the next morning with a month's
# misprint ("Kamis (1/2/2026)": 1 February 2026 is a Sunday; Thursday is 1 January).
PRAYER = [
    {"id": "z1-prayer", "title": "Pemprov Lembah Hijau Gelar Zikir Akhir Tahun",
     "text": "TIRTA - Pemerintah Provinsi Lembah Hijau menggelar zikir dan doa bersama akhir tahun di Masjid Raya "
             "Kota Tirta, Rabu (31/12/2025) malam.\nZikir dipimpin Gubernur Lembah Hijau Hasan Basri dan diikuti "
             "ribuan jemaah dari seluruh kabupaten.\nDalam kesempatan itu Pemprov menyalurkan santunan kepada 250 anak "
             "yatim.\nHasan Basri mengajak warga menyambut tahun baru dengan doa dan syukur.",
     "source": "tirtaprov.example", "url": "https://tirtaprov.example/zikir-akhir-tahun"},
    {"id": "z2-prayer", "title": "Ribuan Jemaah Ikuti Zikir Akhir Tahun di Masjid Raya Tirta",
     "text": "Ribuan jemaah memadati Masjid Raya Kota Tirta untuk mengikuti zikir dan doa bersama akhir tahun yang "
             "digelar Pemerintah Provinsi Lembah Hijau.\nGubernur Hasan Basri memimpin zikir bersama ulama dan "
             "menyerahkan santunan kepada 250 anak yatim.\n\"Kami bersyukur warga datang dari seluruh kabupaten,\" "
             "kata Hasan Basri, Kamis (1/2/2026).\nZikir akhir tahun menjadi agenda rutin Pemprov Lembah Hijau.",
     "source": "headline.example", "url": "https://headline.example/ribuan-jemaah-zikir"},
]


def test_a_months_misprint_that_breaks_the_weekday_does_not_keep_two_reports_apart():
    records = process(PRAYER)
    assert "weekday_mismatch" in records[1]["flags"]
    assert len(group_events(records)) == 1
    # the same misprint with a weekday that fits its date is a date like any other: a month apart, two events
    fitting = [PRAYER[0], {**PRAYER[1], "text": PRAYER[1]["text"].replace("Kamis (1/2/2026)", "Minggu (1/2/2026)")}]
    assert grouping.explain(process(fitting), "z1-prayer", "z2-prayer").blocked == "dates 2025-12-31 and 2026-02-01"


# Invented: a square's opening told by two outlets, and the day-before preview of it in the same words (the same mayor,
# square, budget and contractor). The preview names the opening's day as a plan.
OPENING = [
    {"id": "o1-preview", "title": "Alun-alun Sukamaju Siap Diresmikan Besok",
     "text": "SUKAMAJU - Pemerintah Kota Sukamaju akan meresmikan Alun-alun Kota Sukamaju yang telah selesai "
             "dibangun, Kamis (16/12/2021).\nRencananya alun-alun akan diresmikan Wali Kota Sukamaju Budi Santoso "
             "pada Jumat (17/12/2021).\nPembangunan alun-alun menelan anggaran Rp13,6 miliar dari APBD Provinsi "
             "Lembah Hijau.\nKepala Dinas Perumahan dan Permukiman Kota Sukamaju Rina Wulandari mengatakan "
             "pembangunan sudah selesai dan tinggal dekorasi.\nAlun-alun dilengkapi taman bermain anak, jalur "
             "pejalan kaki dan masjid.",
     "source": "sukamajupos.example", "url": "https://sukamajupos.example/alun-alun-siap-diresmikan"},
    {"id": "o2-opening", "title": "Wali Kota Resmikan Alun-alun Sukamaju",
     "text": "SUKAMAJU - Wali Kota Sukamaju Budi Santoso meresmikan Alun-alun Kota Sukamaju, Jumat (17/12/2021).\n"
             "Alun-alun yang dibangun dengan anggaran Rp13,6 miliar dari APBD Provinsi Lembah Hijau itu langsung "
             "dipadati warga.\nKepala Dinas Perumahan dan Permukiman Kota Sukamaju Rina Wulandari mengatakan alun-alun "
             "dilengkapi taman bermain anak, jalur pejalan kaki dan masjid.\nBudi berharap warga ikut menjaga "
             "kebersihan alun-alun.",
     "source": "tirtanews.example", "url": "https://tirtanews.example/alun-alun-diresmikan"},
    {"id": "o3-opening", "title": "Alun-alun Sukamaju Resmi Dibuka untuk Warga",
     "text": "Alun-alun Kota Sukamaju resmi dibuka untuk warga setelah diresmikan Wali Kota Budi Santoso pada Jumat "
             "(17/12/2021).\nPeresmian yang dijadwalkan pukul 09.00 itu dihadiri Kepala Dinas Perumahan dan "
             "Permukiman Rina Wulandari.\nPembangunan alun-alun menelan anggaran Rp13,6 miliar dari APBD Provinsi "
             "Lembah Hijau.\nWarga memadati taman bermain anak dan jalur pejalan kaki sejak pagi.",
     "source": "kabarlembah.example", "url": "https://kabarlembah.example/alun-alun-dibuka"},
    {"id": "o4-follow-up", "title": "Sehari Dibuka, Alun-alun Sukamaju Dipadati Ribuan Warga",
     "text": "SUKAMAJU - Ribuan warga memadati Alun-alun Kota Sukamaju, Sabtu (18/12/2021).\nSebelumnya alun-alun "
             "yang dibangun dengan anggaran Rp13,6 miliar itu diresmikan Wali Kota Sukamaju Budi Santoso pada Jumat "
             "(17/12/2021).\nKepala Dinas Perumahan dan Permukiman Kota Sukamaju Rina Wulandari meminta warga menjaga "
             "taman bermain anak dan jalur pejalan kaki.\nPetugas kebersihan disiagakan hingga malam.",
     "source": "beritasukamaju.example", "url": "https://beritasukamaju.example/alun-alun-dipadati-warga"},
]


def test_a_preview_the_day_before_and_a_follow_up_the_day_after_are_other_items():
    """A preview in the event's words, dated the day before it, would score as a report: it names the event's day
    as a plan, so it is the preview. A report the day after that looks back on the event's day ("Sebelumnya ...
    diresmikan pada Jumat (17/12/2021)") follows it up. The two reports are one event, apart from both."""
    records = process(OPENING)
    grouped = {member: event.event_id for event in group_events(records) for member in event.members}
    assert grouped["o2-opening"] == grouped["o3-opening"]
    assert grouped["o2-opening"] not in (grouped["o1-preview"], grouped["o4-follow-up"])
    for report in ("o2-opening", "o3-opening"):
        link = grouping.explain(records, "o1-preview", report)
        assert link.blocked == "o1-preview announces 2021-12-17" and link.days_apart == 1
        link = grouping.explain(records, report, "o4-follow-up")
        assert link.blocked == "o4-follow-up looks back on 2021-12-17" and link.days_apart == 1
    # without the plan sentence, a preview a day before the event in the same words is taken for a report of it
    unannounced = {**records[0], "sentences": [s for s in records[0]["sentences"] if "Rencananya" not in s["text"]]}
    assert grouping.explain([unannounced, records[1]], "o1-preview", "o2-opening").blocked is None
    # a report that calls its own day planned ("yang dijadwalkan pukul 09.00") announces nothing
    assert grouping.explain(records, "o2-opening", "o3-opening").blocked is None


VISIT = [
    {"id": "v1-arrival", "title": "Wapres Tiba di Sukamaju, Akan Hadiri Hari Desa Lestari Besok",
     "text": "SUKAMAJU - Wakil Presiden Budi Santoso tiba di Bandara Sukamaju, Minggu (19/3/2023) sore, disambut "
             "Gubernur Lembah Hijau Andi Wijaya.\nWapres terbang dengan pesawat kepresidenan dari Jakarta.\n"
             "Keesokan harinya, Wapres akan menghadiri peringatan Hari Desa Lestari dan menanam pohon bersama "
             "Gubernur Andi Wijaya di Desa Makmur, Kabupaten Pelita.",
     "source": "sukamajupos.example", "url": "https://sukamajupos.example/wapres-tiba"},
    {"id": "v2-planting", "title": "Wapres dan Gubernur Tanam Pohon pada Hari Desa Lestari",
     "text": "PELITA - Wakil Presiden Budi Santoso bersama Gubernur Lembah Hijau Andi Wijaya menanam pohon pada "
             "peringatan Hari Desa Lestari di Desa Makmur, Kabupaten Pelita, Senin (20/3/2023).\nPenanaman pohon "
             "dilakukan serentak di seluruh desa.\nGubernur Andi Wijaya berharap warga desa ikut menjaga pohon "
             "yang ditanam.",
     "source": "tirtanews.example", "url": "https://tirtanews.example/tanam-pohon"},
    {"id": "v3-cancelled", "title": "Bupati Kecewa Kunjungan Wapres Batal",
     "text": "PELITA - Bupati Pelita Rina Wulandari kecewa kunjungan Wakil Presiden Budi Santoso ke Desa Makmur "
             "batal, Minggu (19/3/2023).\nMenurut Rina, Pelita tetap akan menerima tamu dari pusat.\n"
             "Pada 20 Maret nanti, Wakil Presiden Budi Santoso dijadwalkan menanam pohon bersama Gubernur Andi "
             "Wijaya pada peringatan Hari Desa Lestari di Desa Makmur.",
     "source": "kabarlembah.example", "url": "https://kabarlembah.example/kunjungan-batal"},
]


def test_an_arrival_that_names_the_next_day_s_event_as_a_plan_is_its_preview():
    """"Keesokan harinya, Wapres akan menghadiri ..." (no date: the day after the article's own) and "Pada 20 Maret
    nanti ... dijadwalkan ..." (a day and month with no weekday or year) both name the planting's day as a plan."""
    records = process(VISIT)
    assert grouping.explain(records, "v1-arrival", "v2-planting").blocked == "v1-arrival announces 2023-03-20"
    assert grouping.explain(records, "v2-planting", "v3-cancelled").blocked == "v3-cancelled announces 2023-03-20"
    planting = next(event for event in group_events(records) if "v2-planting" in event.members)
    assert planting.members == ["v2-planting"]


def test_two_reports_of_one_meeting_that_both_plan_a_day_are_not_a_preview_and_its_event():
    """One report is dated by the meeting, the other by the day the meeting planned (its headline and lead put it
    first, and it names that day as a plan too): neither announces what the other reports, so they stay one event."""
    meeting = {"id": "r1-meeting", "title": "Gubernur Pimpin Rapat Persiapan Pindah Kantor",
               "text": "SUKAMAJU - Gubernur Lembah Hijau Budi Santoso memimpin rapat persiapan pemindahan kantor ke "
                       "gedung baru di Kota Mandiri Sukamaju, Selasa (30/12/2025).\nRapat diikuti para kepala organisasi "
                       "perangkat daerah dan kepala biro.\nApel perdana di gedung baru dijadwalkan pada Senin, 5 Januari "
                       "2026 pagi, didahului upacara adat.",
               "source": "sukamajupos.example", "url": "https://sukamajupos.example/rapat-pindah-kantor"}
    planned = {"id": "r2-planned", "title": "5 Januari 2026, Gubernur Lembah Hijau Mulai Berkantor di Gedung Baru",
               "text": "Gubernur Lembah Hijau Budi Santoso mulai berkantor di gedung baru Kota Mandiri Sukamaju, Senin "
                       "5 Januari 2026.\nHal itu disampaikan dalam rapat persiapan pemindahan kantor bersama para kepala "
                       "organisasi perangkat daerah dan kepala biro, Selasa (30/12/2025).\n\"Apel perdana akan digelar "
                       "Senin (5/1/2026) pagi, didahului upacara adat,\" kata Budi Santoso.",
               "source": "tirtanews.example", "url": "https://tirtanews.example/mulai-berkantor"}
    records = process([meeting, planned])
    assert grouping.explain(records, "r1-meeting", "r2-planned").blocked is None
    assert len(group_events(records)) == 1


ANNIVERSARY = [
    {"id": "h1-195", "title": "Pahargyan Agung Meriahkan Hari Jadi ke-195 Kabupaten Sukamaju",
     "text": "SUKAMAJU - Pemerintah Kabupaten Sukamaju menggelar Pahargyan Agung dan Kirab Pusaka dalam rangka Hari "
             "Jadi ke-195 Kabupaten Sukamaju di Pendopo Dipokusumo, Kamis (18/12/2025).\nBupati Sukamaju Budi Santoso "
             "mengajak warga melestarikan budaya daerah.\nKirab pusaka diikuti ratusan pelajar dan aparatur desa.",
     "source": "sukamajupos.example", "url": "https://sukamajupos.example/pahargyan-agung-195"},
    {"id": "h2-195", "title": "Kirab Pusaka Warnai Hari Jadi Sukamaju",
     "text": "Kirab Pusaka dan Pahargyan Agung digelar di Pendopo Dipokusumo untuk memperingati Hari Jadi Kabupaten "
             "Sukamaju ke-195, Kamis (18/12/2025).\nBupati Budi Santoso berharap budaya daerah terus dilestarikan "
             "oleh generasi muda.\nRatusan pelajar mengikuti kirab pusaka dari alun-alun.",
     "source": "tirtanews.example", "url": "https://tirtanews.example/kirab-pusaka"},
    {"id": "h3-192", "title": "Hari Jadi ke-192 Sukamaju Digelar dengan Kirab Pusaka",
     "text": "Peringatan Hari Jadi ke-192 Kabupaten Sukamaju digelar dengan Pahargyan Agung dan Kirab Pusaka di "
             "Pendopo Dipokusumo, Minggu (18/12).\nBupati Sukamaju Budi Santoso mengajak warga melestarikan budaya "
             "daerah.\nKirab pusaka diikuti ratusan pelajar.",
     "source": "kabarlembah.example", "url": "https://kabarlembah.example/hari-jadi-sukamaju"},
]


def test_two_numbers_of_one_yearly_anniversary_are_two_events():
    """The same ceremony on the same day three years apart, one page giving no year (so only day and month are
    compared): "Hari Jadi ke-192" and "ke-195" tell them apart; two reports of the 195th stay one event."""
    records = process(ANNIVERSARY)
    assert grouping.explain(records, "h1-195", "h3-192").blocked == "anniversaries 195 and 192"
    grouped = {member: event.event_id for event in group_events(records) for member in event.members}
    assert grouped["h1-195"] == grouped["h2-195"] != grouped["h3-192"]


def test_an_undated_article_that_announces_the_other_s_day_is_its_preview():
    """Dated only by "Senin", the first swearing-in names the second's day as a plan ("tanggal 23 Desember 2018
    mendatang saya akan dilantik"): it was written before it, so it cannot report it."""
    first = {"id": "p1-first", "title": "Edi Dilantik Lanjutkan Sisa Masa Jabatan Wali Kota Sukamaju",
             "text": "Gubernur Lembah Hijau Budi Santoso melantik Edi Wijaya sebagai Wali Kota Sukamaju sisa masa "
                     "jabatan 2013-2018 di Balai Petitih, Senin.\nGubernur meminta Edi melanjutkan pembangunan Kota "
                     "Sukamaju.\nSebelumnya Edi menjabat Wakil Wali Kota Sukamaju periode 2013-2018.\n"
                     "\"Tanggal 23 Desember 2018 mendatang saya akan "
                     "dilantik lagi sebagai Wali Kota Sukamaju periode 2018-2023,\" kata Edi Wijaya.",
             "source": "sukamajupos.example", "url": "https://sukamajupos.example/edi-dilantik"}
    second = {"id": "p2-second", "title": "Edi Wijaya Dilantik Jadi Wali Kota Sukamaju 2018-2023",
              "text": "Gubernur Lembah Hijau Budi Santoso melantik Edi Wijaya sebagai Wali Kota Sukamaju periode "
                      "2018-2023 di Balai Petitih, Minggu (23/12/2018).\nGubernur berharap Edi Wijaya melanjutkan "
                      "pembangunan Kota Sukamaju.",
              "source": "tirtanews.example", "url": "https://tirtanews.example/edi-wali-kota"}
    records = process([first, second])
    assert grouping.explain(records, "p1-first", "p2-second").blocked == "p1-first announces 2018-12-23"
    assert len(group_events(records)) == 2


def test_lone_events_stay_alone(own_events):
    for prefix in ("e11", "e12", "e13"):
        assert len(event_of(own_events, prefix).members) == 1


def test_ntrex_documents_are_never_merged(ntrex):
    """NTREX gives its documents no date, so none is grouped, though a few do report one event (an arrest, a
    referendum, a UN speech, a football match: ntrex_labels.jsonl, what eval.events counts as missed)."""
    events = group_events(ntrex)
    assert len(events) == len(ntrex) == 123
    allowed = {tuple(sorted(pair)) for row in read_jsonl(NTREX_LABELS)
               for pair in itertools.combinations(row["members"], 2)}
    link = grouping.explain(ntrex, "cbsnews.248387", "reuters.218909")
    assert ("cbsnews.248387", "reuters.218909") in allowed and link.score >= grouping.THRESHOLD
    assert link.blocked == "neither dated, no copy"  # kept apart by the missing dates, not by the evidence


def test_two_undated_reports_of_one_event_are_kept_apart_unless_one_copies_the_other(own):
    """Without a date on either page nothing tells one occasion from a like one another day (a yearly visit, a
    second meeting of one council), and a wrong merge hides news: only a copy of one text is grouped then."""
    dated = [record(own, "e01a"), record(own, "e01b")]
    undated = [{**r, "date": None, "facts": {**r["facts"], "date": None}} for r in dated]
    first, second = (r["id"] for r in dated)
    assert len(group_events(dated)) == 1
    link = grouping.explain(undated, first, second)
    assert link.score >= grouping.THRESHOLD and link.blocked == "neither dated, no copy"
    assert len(group_events(undated)) == 2
    assert len(group_events([dated[0], undated[1]])) == 1  # one date is enough to place the event
    copy = {**undated[0], "id": "copy", "url": "https://another.example/berita/copy"}
    (event,) = group_events([undated[0], copy])
    assert len(event.members) == 2 and len(event.syndicated) == 1  # one text twice: a copy of the other


# What an event reports -----------------------------------------------------------------------------------------

def test_an_event_merges_its_sources_people_and_figures(own, own_events):
    event = event_of(own_events, "e01a")
    people = {p["name"]: p for p in event.people}
    assert {"Hendra Saputra", "Takeda Hiroshi", "Rina Marlina"} <= set(people)
    assert len(people["Takeda Hiroshi"]["sources"]) == 3 and people["Takeda Hiroshi"]["role"]
    figures = {(f["value"], f["unit"]): f for f in event.figures}
    assert len(figures[(1800, "ton")]["sources"]) == 3  # "1.800 ton" in all three
    assert event.members == [record(own, p)["id"] for p in ("e01a", "e01b", "e01c")]  # input order


def test_two_dates_a_day_apart_are_one_event_and_a_conflict(own):
    """The same fire, dated Saturday night by one outlet and Sunday early morning by another."""
    a, b = dict(record(own, "e01a")), dict(record(own, "e01b"))
    a["facts"] = {**a["facts"], "date": "2024-05-14"}
    b["facts"] = {**b["facts"], "date": "2024-05-15"}
    [event] = group_events([a, b])
    assert event.dates == ["2024-05-14", "2024-05-15"]
    assert event.conflicts == [{"field": "date", "values": [{"value": "2024-05-14", "sources": [a["id"]]},
                                                             {"value": "2024-05-15", "sources": [b["id"]]}]}]


def test_a_story_retold_days_later_in_the_same_words_is_one_event_and_other_words_are_not(own):
    """Another outlet's report four days on that retells the story (the same words in other sentences: no copy) is
    one event; a week and more later, or four days later in its own words, it is another."""
    a, b = dict(record(own, "e01a")), dict(record(own, "e01b"))
    retold = {**a, "id": "retold", "url": "https://another-outlet.example/retold",
              "sentences": [{**s, "text": " ".join(reversed(s["text"].split()))} for s in a["sentences"]],
              "facts": {**a["facts"], "date": "2024-05-18"}}
    assert not grouping.explain([a, retold], a["id"], "retold").syndicated
    [event] = group_events([a, retold])
    assert event.conflicts[0]["field"] == "date"
    assert len(group_events([a, {**retold, "facts": {**retold["facts"], "date": "2024-05-22"}}])) == 2
    assert len(group_events([a, {**b, "facts": {**b["facts"], "date": "2024-05-18"}}])) == 2


def test_a_year_the_page_did_not_give_does_not_keep_one_event_apart(own):
    """"Senin (13/5)" with no year, guessed a year wrong: day and month agree, so the reports stay one event; the
    same dates written with their years are two events."""
    a, b = dict(record(own, "e01a")), dict(record(own, "e01b"))
    a["facts"] = {**a["facts"], "date": "2024-05-14"}
    b["facts"] = {**b["facts"], "date": "2019-05-13"}
    assert len(group_events([a, b])) == 2
    guessed = {**b, "flags": [*b.get("flags", []), "date_year_guessed"]}
    [event] = group_events([a, guessed])
    assert event.dates == ["2019-05-13", "2024-05-14"] and event.conflicts[0]["field"] == "date"
    six_weeks_later = {**guessed, "facts": {**b["facts"], "date": "2019-06-28"}}
    assert len(group_events([a, six_weeks_later])) == 2  # day and month still have to agree


def test_a_copy_that_gives_another_date_is_grouped_and_the_conflict_reported(own):
    """Near-verbatim copies are one text: a date months apart is page noise (a caption, a render date)."""
    original = record(own, "e01a")
    copy = {**original, "id": "copy-with-stamp", "sentences": original["sentences"][:-1],  # the closing line cut
            "facts": {**original["facts"], "date": "2024-08-30"}}
    [event] = group_events([original, copy])
    assert event.syndicated == {"copy-with-stamp": original["id"]}
    assert [v["value"] for v in event.conflicts[0]["values"]] == ["2024-05-14", "2024-08-30"]


def test_figures_each_source_gives_once_with_different_values_are_a_conflict(own):
    a, b = dict(record(own, "e10a")), dict(record(own, "e10b"))
    figure = {"unit": "kios", "sentence": 1}
    a["facts"] = {**a["facts"], "figures": [{**figure, "text": "86 kios", "value": 86}]}
    b["facts"] = {**b["facts"], "figures": [{**figure, "text": "90 kios", "value": 90}]}
    conflicts = figure_conflicts([(a["id"], a["facts"]), (b["id"], b["facts"])])
    assert conflicts == [{"field": "figure", "unit": "kios", "values": [
        {"value": 86, "text": "86 kios", "sources": [a["id"]]},
        {"value": 90, "text": "90 kios", "sources": [b["id"]]}]}]


# Determinism, shape, speed ---------------------------------------------------------------------------------------

def test_event_ids_are_stable_and_do_not_depend_on_input_order(own):
    def grouping_of(records: list[dict]) -> set[tuple[str, tuple[str, ...]]]:
        return {(e.event_id, tuple(sorted(e.members))) for e in group_events(records)}

    first = grouping_of(own)
    shuffled = list(own)
    random.Random(7).shuffle(shuffled)
    assert grouping_of(list(reversed(own))) == first == grouping_of(shuffled) == grouping_of(own)
    for identifier, members in first:
        assert identifier == event_id(reversed(members)) and re.fullmatch(r"ev-[0-9a-f]{12}", identifier)


def test_every_record_is_in_one_event_and_records_keep_their_order(own):
    records, events = assign_events(own)
    assert [r["id"] for r in records] == [r["id"] for r in own]
    assert sorted(m for e in events for m in e.members) == sorted(r["id"] for r in own)
    assert {r["event_id"] for r in records} == {e.event_id for e in events}
    assert all("event_id" not in r for r in own)  # the input records are not changed


def test_grouping_a_few_hundred_articles_is_fast(own, ntrex):
    day = own + ntrex + [{**r, "id": r["id"] + "-again"} for r in ntrex[:100]]  # 250 articles, 100 copies
    start = time.perf_counter()
    events = group_events(day)
    assert time.perf_counter() - start < 5
    assert sum(len(e.syndicated) for e in events) >= 100


def test_normalize_records_without_facts_are_grouped_too(own):
    bare = [{k: v for k, v in record(own, p).items() if k not in ("facts", "summary")} for p in ("e01a", "e01b")]
    assert len(group_events(bare)) == 1


def test_repeated_ids_are_refused(own):
    with pytest.raises(ValueError, match="unique"):
        group_events([own[0], own[0]])


def test_names_match_when_one_holds_the_others_words():
    assert same_person(("jumadi",), ("muhammad", "jumadi"))
    assert not same_person(("ri",), ("ri", "yong", "ho"))  # too short to tell
    assert not same_person(("risma",), ("tri", "rismaharini"))
    assert name_key("Barat") is None and name_key("Bambang Wijaya") == ("bambang", "wijaya")


def test_large_or_decimal_figures_identify_an_event_and_small_counts_do_not():
    [article] = process([{"id": "quake", "title": "Gempa Guncang Ambon",
                          "text": "AMBON - Gempa magnitudo (M) 5,9 mengguncang Ambon selama 2 hari. "
                                  "Sebanyak 12 rumah dan 1.800 hektare sawah rusak."}])
    assert grouping.article_features(article).figures == {5.9, 1800}


def evidence(score: float, blocked: str | None = None) -> grouping.PairEvidence:
    return grouping.PairEvidence(text=score, shingles=0.0, people=0.0, organisations=0.0, figures=0.0, same_day=0.0,
                                 days_apart=None, syndicated=False, score=score, blocked=blocked)


def test_average_link_does_not_chain_two_events_through_one_article():
    """B shares an official with A and a topic with C: A and B are one event, C is not pulled in."""
    pairs = {(0, 1): evidence(0.9), (1, 2): evidence(0.7), (0, 2): evidence(0.1)}
    assert cluster(3, pairs, 0.6) == [[0, 1], [2]]  # single link would give [[0, 1, 2]]


def test_a_cannot_link_keeps_groups_apart_however_strong_the_rest():
    pairs = {(0, 1): evidence(0.9), (1, 2): evidence(0.95), (0, 2): evidence(0.9, blocked="dates")}
    assert cluster(3, pairs, 0.6) == [[0], [1, 2]]


def test_groups_merge_while_their_average_reaches_the_threshold():
    pairs = {(0, 1): evidence(0.9), (2, 3): evidence(0.8), (0, 2): evidence(0.7), (0, 3): evidence(0.6),
             (1, 2): evidence(0.6), (1, 3): evidence(0.5)}
    assert cluster(4, pairs, 0.6) == [[0, 1, 2, 3]]  # {0,1} and {2,3} average 0.6
    assert cluster(4, pairs, 0.61) == [[0, 1], [2, 3]]


def test_the_events_eval_scores_any_labelled_page_file(tmp_path):
    # `python -m eval.events --pages NAME=PATH`: a file of pages with an `event` label each, scored on its own.
    from eval.events import load_sets, score

    rows = [row for row in read_jsonl(PAIRS) if row["id"][:3] in ("e01", "e02", "e03")]
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": r["id"], "text": r["title"] + "\n\n" + r["text"], "event": r["event"],
                                         "url": r["url"], "outlet": r["source"]}) + "\n" for r in rows), "utf-8")
    (records, labels), = load_sets(None, {"mine": pages}, own=False).values()
    result = score(records, labels, grouping.THRESHOLD)
    same = sum(label == "same" for label in labels.values())
    assert result["same_pairs"] == same == 4 and len(result["found"]) + len(result["missed"]) == same
    assert not result["wrong"]  # the visit, the pump house and the school heads stay three events


def test_a_page_the_pipeline_rejects_is_named_and_its_pair_counts_as_missed(tmp_path, capsys):
    # One page of a twice-reported event is only a headline: the eval goes on with the rest and counts the pair
    # missed, in the whole set and in the draws, where it used to stop at the first rejected page.
    from eval.events import draws, load_sets, score

    rows = [row for row in read_jsonl(PAIRS) if row["id"][:3] in ("e01", "e02", "e03")]
    rejected = next(r for r in rows if r["id"].startswith("e02"))
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": r["id"], "event": r["event"], "url": r["url"], "outlet": r["source"],
                                         "text": r["title"] if r is rejected else r["title"] + "\n\n" + r["text"]})
                             + "\n" for r in rows), "utf-8")
    (records, labels), = load_sets(None, {"mine": pages}, own=False).values()
    assert f"mine: {rejected['id']} not grouped (normalize: " in capsys.readouterr().err
    result = score(records, labels, grouping.THRESHOLD)
    assert any(rejected["id"] in (a, b) and pair_score is None for a, b, pair_score in result["missed"])
    event_of = {r["id"]: r["event"] for r in rows}
    assert draws(records, event_of, 5, grouping.THRESHOLD, pairs=2, others=0)["missing_a_pair"] == 5


def test_small_runs_drawn_from_a_labelled_set_count_perfect_groupings(own):
    # `--draws N`: runs of three twice-reported events and the other events' pages, grouped alone.
    from eval.events import draws

    event_of = {row["id"]: row["event"] for row in read_jsonl(PAIRS)}
    counts = draws(own, event_of, 20, grouping.THRESHOLD, pairs=3, others=4)
    assert counts["draws"] == 20 and counts["wrong_merge"] == 0
    assert counts["perfect"] + counts["missing_a_pair"] == 20 and counts["perfect"] >= 10
    assert draws(own, event_of, 20, grouping.THRESHOLD, pairs=3, others=4) == counts  # seeded


def test_two_stories_of_one_outlet_are_two_events_unless_one_copies_the_other(own):
    """An agency bureau's two like stories (the same regent, the same opening words, no date to tell them apart)
    are two events: an outlet tells one event once, or copies it."""
    a = dict(record(own, "e01a"))
    host = "https://kabar.example/berita/"
    first = {**a, "url": host + "1", "facts": {**a["facts"], "date": None}}
    second = {**first, "id": "second", "url": host + "2",
              "sentences": [{**s, "text": " ".join(reversed(s["text"].split()))} for s in a["sentences"]]}
    assert grouping.explain([first, second], first["id"], "second").blocked == "one outlet (kabar.example), no copy"
    assert len(group_events([first, second])) == 2
    copy = {**first, "id": "copy", "url": host + "3"}
    assert len(group_events([first, copy])) == 1  # the same text again: a copy, one event


def test_tuning_the_constants_is_scored_on_waves_it_never_saw_and_leaves_them_as_shipped(tmp_path, monkeypatch,
                                                                                          capsys):
    # `python -m eval.events_tuning`: leave-one-wave-out over sets of the held-out shape; a set passes when its pairs
    # are one event each and nothing else merges.
    from eval import events_tuning

    rows = [row for row in read_jsonl(PAIRS) if row["id"][:3] in ("e01", "e02", "e03")]
    files = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["title"] + "\n\n" + r["text"],
                                            "event": r["event"], "url": r["url"]}) + "\n" for r in rows), "utf-8")
        files.append(str(path))
    shipped = grouping.THRESHOLD, grouping.PERSON_WEIGHT
    monkeypatch.setattr(events_tuning, "GRID", {**{name: [getattr(grouping, name)] for name in events_tuning.GRID},
                                                "THRESHOLD": [grouping.THRESHOLD, 5.0]})  # 5.0 merges nothing
    assert events_tuning.main(["--wave", "1", *files]) == 0
    out = capsys.readouterr().out
    assert "all 2 sets: tuned on the other waves 2, shipped constants 2" in out
    assert (grouping.THRESHOLD, grouping.PERSON_WEIGHT) == shipped
    # sets kept as one file name in their own folders (m81/articles.jsonl, m82/articles.jsonl) are named by folder
    assert events_tuning.set_names([Path("m81/articles.jsonl"), Path("m82/articles.jsonl")]) == ["m81", "m82"]
    with pytest.raises(SystemExit, match="share a file and a folder name"):
        events_tuning.set_names([Path("a/m81/articles.jsonl"), Path("b/m81/articles.jsonl")])


def test_page_outputs_diff_names_only_what_a_change_moved(tmp_path):
    # `python -m eval.page_outputs`: the check every fix's note reports, that it changed only the pages it meant to.
    from eval.page_outputs import differences, dump, main

    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in [*PRAYER, *CEREMONIES]),
                     encoding="utf-8")
    before = dump([pages])
    assert set(before) == {"z1-prayer", "z2-prayer", "c1-regency-ceremony", "c2-provincial-ceremony"}
    assert before["z1-prayer"]["event"] == ["z1-prayer", "z2-prayer"]  # grouped within the file
    assert before["z1-prayer"]["date"] == "2025-12-31" and before["z1-prayer"]["summary"]
    after = {**before, "z2-prayer": {**before["z2-prayer"], "date": "2026-01-01"}}
    assert differences(before, after) == [("z2-prayer", "date", "2026-02-01", "2026-01-01")]
    assert differences(before, after, ["people"]) == []
    for name, outputs in (("before.json", before), ("after.json", after)):
        (tmp_path / name).write_text(json.dumps(outputs), encoding="utf-8")
    assert main(["diff", str(tmp_path / "before.json"), str(tmp_path / "after.json")]) == 0
