import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.evaluate.ntrex import NTREX_DIR, articles as ntrex_articles
from pipeline.records import SCHEMA_VERSION, RecordError, source_hash
from pipeline.resources import PACKAGE_DATA, file_hash, read_table
from pipeline.stages.normalize import SENTENCE_ABBREVIATIONS_FILE, NormalizeResources, NormalizeStage, normalize_article
from pipeline.text.cleaning import RejectedArticle

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bekasi-japan-visit.txt"


@pytest.fixture(scope="module")
def stage():
    return NormalizeStage(load_config())


@pytest.fixture(scope="module")
def resources(stage):
    return stage.resources


def article(text, title="Judul berita", **fields):
    return {"id": fields.pop("id", "a1"), "title": title, "text": text, "source": None, "url": None,
            "published": None, "origin": "test.jsonl:1", **fields}


def body_texts(record):
    return [s["text"] for s in record["sentences"] if s["kind"] == "body"]


# The example article (acceptance criteria) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def example(stage):
    title, _, text = EXAMPLE.read_text(encoding="utf-8").partition("\n")
    [record] = stage.process([article(text, title=title, id="bekasi")])
    assert isinstance(record, dict), record
    return record


def test_example_has_the_record_shape(example):
    assert list(example) == ["schema", "id", "source_hash", "title", "source", "url", "published", "origin", "date", "date_source",
                             "lang", "lang_confidence", "dateline", "removed", "flags", "sentences"]
    assert example["schema"] == SCHEMA_VERSION
    assert example["lang"] == "id" and example["lang_confidence"] > 0.9 and example["flags"] == []
    headline = example["sentences"][0]
    assert headline["kind"] == "headline" and headline["paragraph"] == 0
    assert headline["text"] == example["title"] == (
        "Pemkot Bekasi ‘Terima Kunker’ Negara Jepang Terkait Program Pertukaran Regional")
    assert all(s["kind"] == "body" and s["paragraph"] >= 1 for s in example["sentences"][1:])


def test_example_dateline_and_editor_tag_are_removed_and_recorded(example):
    assert example["dateline"] == {"outlet": "FAKTAJAYA.COM", "place": "KOTA BEKASI"}
    assert {"kind": "dateline", "text": "FAKTAJAYA.COM, KOTA BEKASI –"} in example["removed"]
    assert {"kind": "editor_tag", "text": "(red)"} in example["removed"]
    for sentence in example["sentences"]:
        assert "FAKTAJAYA" not in sentence["text"] and "(red)" not in sentence["text"]
    assert body_texts(example)[0].startswith("Asisten Pemerintahan Kota Bekasi Lintong Dianto")
    assert body_texts(example)[-1] == (
        "Sebaliknya Pemerintah Daerah Jepang juga memberikan bentuk souvenir unik sebagai bentuk kerjasama.")


def test_example_date_and_sentences(example):
    assert example["date"] == "2023-08-24"
    body = body_texts(example)
    assert len(body) in (13, 14)
    assert sum("Prof. Kikuchi Masao" in s for s in body) == 1
    assert sum("2,4 juta" in s for s in body) == 1
    assert any(s.startswith("“Semoga pertemuan ini") and s.endswith("bersama.” Kata Lintong.") for s in body)
    assert any("memberikan paparan, Pemerintah" in s for s in body)  # "paparan ," spacing repaired


def test_example_mt_input_expands_and_fixes_while_text_keeps_the_words(example):
    kunker = next(s for s in example["sentences"][1:] if s["text"].startswith("Kunker ini"))
    assert kunker["mt_input"].startswith("Kunjungan kerja ini bertujuan")
    assert example["sentences"][0]["mt_input"] == (
        "Pemerintah Kota Bekasi 'Terima Kunjungan kerja' Negara Jepang Terkait Program Pertukaran Regional")
    joined_text = " ".join(s["text"] for s in example["sentences"])
    joined_mt = " ".join(s["mt_input"] for s in example["sentences"])
    assert "Pemeirntah daerah" in joined_text and "Pemeirntah" not in joined_mt
    assert "Pemerintah daerah Jepang" in joined_mt
    assert "School of Business administration" in joined_mt and "health and welfare Departemen health" in joined_mt
    assert "cendera mata" in joined_mt and "“" not in joined_mt and "”" not in joined_mt
    for acronym in ("PMPTSP", "(MPP)", "SIM,"):
        assert acronym in joined_mt


# Sentence splitting -------------------------------------------------------------------------------------


@pytest.mark.parametrize("paragraph, expected", [
    ("Rektor dijabat Prof. Dr. Ir. H. Ahmad Yani, S.T., M.T. yang baru dilantik. Ia menggantikan Drs. Budi, M.Si.",
     ["Rektor dijabat Prof. Dr. Ir. H. Ahmad Yani, S.T., M.T. yang baru dilantik.",
      "Ia menggantikan Drs. Budi, M.Si."]),
    ("Hadir dr. Ani Sp.A. dan Hj. Siti. Acara di Jl. Ahmad Yani No. 5 pukul 06.00 WIB. Biayanya Rp1.500.000 per orang.",
     ["Hadir dr. Ani Sp.A. dan Hj. Siti.", "Acara di Jl. Ahmad Yani No. 5 pukul 06.00 WIB.",
      "Biayanya Rp1.500.000 per orang."]),
    ("Oleh Budi Santoso, S.Sos. Ia berharap lancar.", ["Oleh Budi Santoso, S.Sos.", "Ia berharap lancar."]),
    ("Ia lulusan S.E. M.M. dari UI. Tri A. Nugroho hadir.", ["Ia lulusan S.E. M.M. dari UI.", "Tri A. Nugroho hadir."]),
    ("Mereka membeli beras, gula, dll. untuk warga pada tgl. 5 Mei. Semua senang.",
     ["Mereka membeli beras, gula, dll. untuk warga pada tgl. 5 Mei.", "Semua senang."]),
    ("Bantuan berupa beras, gula, dsb. Semua dibagikan.", ["Bantuan berupa beras, gula, dsb.", "Semua dibagikan."]),
    ("Digelar Senin (24/8/2023). Sebanyak 2,4 juta warga hadir.",
     ["Digelar Senin (24/8/2023).", "Sebanyak 2,4 juta warga hadir."]),
    ("Menurut Mr. Tanaka dan ms. Yamasaki, Jepang siap. Terima kasih!",
     ["Menurut Mr. Tanaka dan ms. Yamasaki, Jepang siap.", "Terima kasih!"]),
    ("Ada dua syarat. 1. Daftar online. 2. Verifikasi berkas.",
     ["Ada dua syarat.", "1. Daftar online.", "2. Verifikasi berkas."]),
    ("Kerjasama ini penting.Sementara itu warga senang. Info di Kompas.com saja.",
     ["Kerjasama ini penting.", "Sementara itu warga senang.", "Info di Kompas.com saja."]),
    ("Jalan ke Kab. Bekasi macet... Polisi turun tangan.", ["Jalan ke Kab. Bekasi macet...", "Polisi turun tangan."]),
    ("Tenda didirikan di Jl. RE. Martadinata. Warga antre.", ["Tenda didirikan di Jl. RE. Martadinata.", "Warga antre."]),
    ("Ia diterima Ketua Sinode, Pdt. Andreas Lado, S.Th. Hadir pula Rm. Yohanes Bata, Pr.",
     ["Ia diterima Ketua Sinode, Pdt. Andreas Lado, S.Th.", "Hadir pula Rm. Yohanes Bata, Pr."]),
    ("Gubernur menyambut Dubes Rusia, H.E. Mr. Sergei Ivanov. Ia tiba di Padang. Senin (12/6/2023). Acara lancar.",
     ["Gubernur menyambut Dubes Rusia, H.E. Mr. Sergei Ivanov.", "Ia tiba di Padang. Senin (12/6/2023).",
      "Acara lancar."]),
    ("Lulusan terbaik atas nama Naina D.A. Sahib. Hadir pula Plh Sekda Dt. Yusri Amin.",
     ["Lulusan terbaik atas nama Naina D.A. Sahib.", "Hadir pula Plh Sekda Dt. Yusri Amin."]),
    ("Ada tiga kategori yaitu 1. Musik gerejawi, 2. Paduan suara anak, dan 3. Solo remaja. Peserta siap.",
     ["Ada tiga kategori yaitu 1. Musik gerejawi, 2. Paduan suara anak, dan 3. Solo remaja.", "Peserta siap."]),
    ("Panitia siap menyambut kontingen. Senin, 19/03/2023. Lomba digelar Juni.",
     ["Panitia siap menyambut kontingen. Senin, 19/03/2023.", "Lomba digelar Juni."]),
    ("Hadir Kombes Pol. Winardi, S. H., S. I. K., M. Si. Ia memimpin apel.",
     ["Hadir Kombes Pol. Winardi, S. H., S. I. K., M. Si.", "Ia memimpin apel."]),
    ("Hadir Kapolda Irjen. Pol. Budi Santoso dan Uskup Agung, Mgr. Petrus Lelo. Acara selesai.",
     ["Hadir Kapolda Irjen. Pol. Budi Santoso dan Uskup Agung, Mgr. Petrus Lelo.", "Acara selesai."]),
    ("Hadir Jenderal TNI (Purn.) Budi Santoso. Ganti rugi dibayar PT. Karya Bangun. CV. Maju Jaya ikut.",
     ["Hadir Jenderal TNI (Purn.) Budi Santoso.", "Ganti rugi dibayar PT. Karya Bangun.", "CV. Maju Jaya ikut."]),
    ("Aduan langsung ditindaklanjuti, ungkap wali kota. Selasa (1/7) malam. Warga senang.",
     ["Aduan langsung ditindaklanjuti, ungkap wali kota. Selasa (1/7) malam.", "Warga senang."]),
    ("Hadir Danrem, Kolonel Inf. Budi Santoso, dan Ka. Bappeda. TMMD ke-119 Ta. 2024 dibuka. Ia senang.",
     ["Hadir Danrem, Kolonel Inf. Budi Santoso, dan Ka. Bappeda.", "TMMD ke-119 Ta. 2024 dibuka.", "Ia senang."]),
    ("Kepala dinas, Ns. Gusti Ayu, S.Kep, hadir. Acara selesai.", ["Kepala dinas, Ns. Gusti Ayu, S.Kep, hadir.",
                                                                  "Acara selesai."]),
    ("Tahapannya yakni 1. SK pembentukan Tim 2. Rapat tim asistensi 3. Survei lokasi. Semua selesai.",
     ["Tahapannya yakni 1. SK pembentukan Tim 2. Rapat tim asistensi 3. Survei lokasi.", "Semua selesai."]),
    ("Rektor, Prof.Dr. Karta Jayadi, M.Sn. memberi sambutan, didampingi Dr.Ir. Akris dan Drs.H. Budi. Selesai.",
     ["Rektor, Prof.Dr. Karta Jayadi, M.Sn. memberi sambutan, didampingi Dr.Ir. Akris dan Drs.H. Budi.", "Selesai."]),
    ("Kadis Budi, SE. M.Si dan Andi, SH. MH hadir. Banyak yang jadi plt. “Ini tantangan,” ujarnya di urusan "
     "Kemasjidan.“Kami siap,” katanya di Hotel Sultan 20-23 Agustus 2013.Berselang sehari, ia pulang.",
     ["Kadis Budi, SE. M.Si dan Andi, SH. MH hadir.", "Banyak yang jadi plt.", "“Ini tantangan,” ujarnya di urusan "
      "Kemasjidan.", "“Kami siap,” katanya di Hotel Sultan 20-23 Agustus 2013.", "Berselang sehari, ia pulang."]),
    ("Hadir Letkol. Arm. Budi, AKBP. Andi dan Dr. Eng. Rudi, SE. DEA. di aula. Acara selesai.",
     ["Hadir Letkol. Arm. Budi, AKBP. Andi dan Dr. Eng. Rudi, SE. DEA. di aula.", "Acara selesai."]),
    ("Wabup. Ketut dan Pjs. Bupati hadir bersama Dandim Budi, M.Tr. (Han). Rapat ke-9, 10, dan 11. Namun ia absen.",
     ["Wabup. Ketut dan Pjs. Bupati hadir bersama Dandim Budi, M.Tr. (Han).", "Rapat ke-9, 10, dan 11.",
      "Namun ia absen."]),
    ("Rapat dipimpin Dodi, S. Sos. M.SI, dan Budi, S. Pd. M.Pd hadir. Acara selesai.",
     ["Rapat dipimpin Dodi, S. Sos. M.SI, dan Budi, S. Pd. M.Pd hadir.", "Acara selesai."]),
    ("Hadir Dr. HM. Nursiah di RT. 05 Desa Matang, Jumat (21/11/2025).Penghargaan diberikan. Ia senang.",
     ["Hadir Dr. HM. Nursiah di RT. 05 Desa Matang, Jumat (21/11/2025).", "Penghargaan diberikan.", "Ia senang."]),
    ("Kabupaten Malang menempati peringkat 6. Kota Batu peringkat 2. Semua senang.",
     ["Kabupaten Malang menempati peringkat 6.", "Kota Batu peringkat 2.", "Semua senang."]),
    ("Hadir Dr. (H.C.) Puan, Andi, Ph. D, Tgk. Malik, TGH. Zainul dan Hendry Ch. Bangun. Acara selesai.",
     ["Hadir Dr. (H.C.) Puan, Andi, Ph. D, Tgk. Malik, TGH. Zainul dan Hendry Ch. Bangun.", "Acara selesai."]),
    ("Tokoh pemuda turut mendampingi Wagub. Suasana hangat. Rombongan disambut Wabup. H. Ahmad dan Wabup. I Made.",
     ["Tokoh pemuda turut mendampingi Wagub.", "Suasana hangat.",
      "Rombongan disambut Wabup. H. Ahmad dan Wabup. I Made."]),
    ("Lagu ciptaan alm. Christian Tamaela dinyanyikan. Warga senang.",
     ["Lagu ciptaan alm. Christian Tamaela dinyanyikan.", "Warga senang."]),
    ("Rapat di lingkup Pemkab.Lombok Timur selesai. Hadir pegawai Pemkab. Ia senang.",
     ["Rapat di lingkup Pemkab.Lombok Timur selesai.", "Hadir pegawai Pemkab.", "Ia senang."]),
    ("Bupati bersama Ketua TP. PKK Kabupaten Sukamaju, Sinta Dewi, meninjau posyandu. Warga senang.",
     ["Bupati bersama Ketua TP. PKK Kabupaten Sukamaju, Sinta Dewi, meninjau posyandu.", "Warga senang."]),
])
def test_splitter_hard_cases(resources, paragraph, expected):
    assert resources.splitter.split(paragraph) == expected


@pytest.mark.parametrize("paragraph, expected", [
    ("“Semoga sukses bersama.” Kata Lintong. Acara ditutup.",
     ["“Semoga sukses bersama.” Kata Lintong.", "Acara ditutup."]),
    ("“Kami siap.” Ujarnya. Acara ditutup.", ["“Kami siap.” Ujarnya.", "Acara ditutup."]),
    ("“Apa kabar?” tanya dia. Semua tertawa.", ["“Apa kabar?” tanya dia.", "Semua tertawa."]),
    ("“Kami siap. Semua sudah disiapkan,” kata Budi. Ia pulang.",
     ["“Kami siap. Semua sudah disiapkan,” kata Budi.", "Ia pulang."]),
    ("“Kami siap.” Sementara itu warga menunggu.", ["“Kami siap.”", "Sementara itu warga menunggu."]),
])
def test_splitter_keeps_quotations_with_their_attribution(resources, paragraph, expected):
    assert resources.splitter.split(paragraph) == expected


def test_splitter_splits_a_long_quotation_like_running_text(resources):
    sentence = "Kami akan terus meningkatkan pelayanan publik bagi seluruh warga kota tanpa kecuali."
    quotation = "“" + " ".join([sentence] * 5) + "”"
    assert len(resources.splitter.split(quotation + " kata Budi.")) == 5


# Datelines and boilerplate ------------------------------------------------------------------------------


@pytest.mark.parametrize("lead, outlet, place", [
    ("FAKTAJAYA.COM, KOTA BEKASI – ", "FAKTAJAYA.COM", "KOTA BEKASI"),
    ("BEKASI, KOMPAS.com - ", "KOMPAS.com", "BEKASI"),
    ("Bekasi (ANTARA) - ", "ANTARA", "Bekasi"),
    ("KOTA BEKASI - ", None, "KOTA BEKASI"),
    ("Jakarta, CNN Indonesia -- ", "CNN Indonesia", "Jakarta"),
    ("TRIBUNNEWS.COM, JAKARTA - ", "TRIBUNNEWS.COM", "JAKARTA"),
    ("TEMPO.CO, Jakarta - ", "TEMPO.CO", "Jakarta"),
    ("SURYA.co.id, SURABAYA - ", "SURYA.co.id", "SURABAYA"),
    ("JAKARTA, KOMPAS.TV - ", "KOMPAS.TV", "JAKARTA"),
    ("Jakarta (ANTARA News) - ", "ANTARA News", "Jakarta"),
    ("BEKASI, Kamis (24/8/2023) - ", None, "BEKASI"),
    ("Jakarta - ", None, "Jakarta"),
    ("Suara.com - ", "Suara.com", None),
])
def test_datelines_of_other_outlets(resources, lead, outlet, place):
    record = normalize_article(article(lead + "Wali Kota meresmikan pasar baru. Warga senang."), resources)
    assert record["dateline"] == {"outlet": outlet, "place": place}
    assert body_texts(record)[0] == "Wali Kota meresmikan pasar baru."
    assert record["removed"][0] == {"kind": "dateline", "text": lead.strip()}


@pytest.mark.parametrize("lead", [
    "COVID-19 kembali meningkat di Bekasi.",
    "Wali Kota Bekasi - yang baru dilantik - meresmikan pasar.",
    "Pemerintah Kota Bekasi meresmikan pasar baru.",
    "WhatsApp Pemkot Bekasi kini melayani pengaduan warga.",  # a CamelCase name: no place glued to a word
    "Jakarta-Bandung kini ditempuh dalam dua jam saja.",  # a route: the place is not named again
])
def test_sentences_that_only_look_like_datelines_are_kept(resources, lead):
    record = normalize_article(article(lead + " Warga senang."), resources)
    assert record["dateline"] is None and body_texts(record)[0] == lead


@pytest.mark.parametrize("tag", ["(red)", "(ant/dwi)", "(*)", "(adv)", "(hms)", "(RED)", " (jpnn/dil)", " (SM7)",
                                 " (RIZ – Dishubkominfo)", " (sul/humasprov kaltim)", "*kup", " (red01/RH)",
                                 " (Tim_IKP Diskominfo Sukamaju)", " (BIRO ADMINISTRASI PIMPINAN SETDA SUKAMAJU)",
                                 " (Budi/Humas Sukamaju)", " (S-08)", " (ARP/Foto:Budi)", " (Budi - admin).",
                                 " (MCSUKAMAJU,MP).", " (y1)", " (ky/her/yans/humasprovbekasi).", " (Agus S)",
                                 " (*/E1)", " [SK]", " (DW).", " (KS/02)", "gus/dev"])
def test_trailing_editor_tags_are_removed(resources, tag):
    record = normalize_article(article("Warga menyambut baik program itu." + tag), resources)
    assert body_texts(record) == ["Warga menyambut baik program itu."]
    assert record["removed"] == [{"kind": "editor_tag", "text": tag.strip()}]


@pytest.mark.parametrize("broken, kept", [
    ('SLEMAN – style="text-align:justify">Pemkab Sleman menyalurkan bantuan.', "Pemkab Sleman menyalurkan bantuan."),
    ('Senada dengan http://www.contoh.id/baca/2014/dprd-490853" target="_blank">DPRD Bantul yang berangkat.',
     "Senada dengan DPRD Bantul yang berangkat."),
])
def test_what_a_cut_tag_leaves_of_its_attributes_is_no_text(resources, broken, kept):
    record = normalize_article(article("Warga menyambut baik program itu.\n" + broken), resources)
    assert body_texts(record)[-1] == kept


def test_boilerplate_lines_are_removed_and_recorded(resources):
    lines = ["Baca juga: Pemkot Bekasi Bangun Pasar Baru", "Editor: Rina", "Penulis : Budi Santoso",
             "COPYRIGHT © 2023 FAKTAJAYA.COM", "Simak berita lainnya di Google News",
             "Artikel ini telah tayang di Tribunnews.com dengan judul Pasar Baru"]
    text = "\n".join(["Warga menyambut baik program itu.", *lines[:2], "Program berjalan lancar.", *lines[2:]])
    record = normalize_article(article(text), resources)
    assert body_texts(record) == ["Warga menyambut baik program itu.", "Program berjalan lancar."]
    recorded = [line.replace(" :", ":") for line in lines]  # as cleaned: no space before a colon
    # Each removal names what it was (docs/records.md), no longer the catch-all "boilerplate_line".
    kinds = ["related", "byline", "byline", "footer", "promo", "source"]
    assert record["removed"] == [{"kind": kind, "text": line} for kind, line in zip(kinds, recorded)]


@pytest.mark.parametrize("glued, kept, cut", [
    # A Title Case link title, then a sentence glued on: cut before the capital that opens the sentence.
    ("Warga senang. Baca juga: Pemkot Bekasi Bangun Pasar Baru di Bantargebang Pedagang pun menyambut baik.",
     ["Warga senang.", "Pedagang pun menyambut baik."], "Baca juga: Pemkot Bekasi Bangun Pasar Baru di Bantargebang"),
    # Nothing sentence-like after the title: all of it is the title.
    ("Warga senang. BACA JUGA: Pemkot bangun pasar baru", ["Warga senang."], "BACA JUGA: Pemkot bangun pasar baru"),
    # In brackets: up to the bracket.
    ("Warga senang. [Baca juga: Pasar baru dibuka] Pedagang menyambut baik.",
     ["Warga senang.", "Pedagang menyambut baik."], "[Baca juga: Pasar baru dibuka]"),
    # Opening a paragraph (too long for a line of links), its sentence opened by a small word that the title
    # writes in lower case ("di", "Di").
    ("Baca Juga: Pemkot Kirim Bantuan Banjir di Bekasi Utara Di Kelurahan Harapan Jaya, rombongan terjebak di "
     "genangan air setinggi satu meter sepanjang satu kilometer. Luapan Kali Bekasi membuat kendaraan pribadi dan "
     "truk bantuan tidak bisa melintas sehingga logistik harus diangkut dengan perahu karet milik BPBD.",
     ["Di Kelurahan Harapan Jaya, rombongan terjebak di genangan air setinggi satu meter sepanjang satu kilometer.",
      "Luapan Kali Bekasi membuat kendaraan pribadi dan truk bantuan tidak bisa melintas sehingga logistik harus "
      "diangkut dengan perahu karet milik BPBD."], "Baca Juga: Pemkot Kirim Bantuan Banjir di Bekasi Utara"),
])
def test_a_promotion_glued_inside_a_paragraph_is_cut_and_flagged(resources, glued, kept, cut):
    record = normalize_article(article("Program berjalan lancar.\n" + glued), resources)
    assert body_texts(record) == ["Program berjalan lancar.", *kept]
    assert record["removed"] == [{"kind": "inline_boilerplate", "text": cut}]
    assert "boilerplate_inline" in record["flags"]


def test_read_also_in_prose_is_not_a_promotion(resources):
    text = "Warga diminta membaca juga aturan baru itu. Lihat juga bagaimana pasar berubah."
    record = normalize_article(article(text), resources)
    assert body_texts(record) == ["Warga diminta membaca juga aturan baru itu.", "Lihat juga bagaimana pasar berubah."]
    assert "boilerplate_inline" not in record["flags"] and record["removed"] == []


def test_a_repeated_headline_and_an_outlet_suffix_are_removed(resources):
    text = "Pasar Baru Diresmikan\nWarga senang."
    record = normalize_article(article(text, title="Pasar Baru Diresmikan - Kompas.com"), resources)
    assert record["title"] == "Pasar Baru Diresmikan" and body_texts(record) == ["Warga senang."]
    assert {"kind": "title_suffix", "text": "Kompas.com"} in record["removed"]
    assert {"kind": "repeated_headline", "text": "Pasar Baru Diresmikan"} in record["removed"]


@pytest.mark.parametrize("title", ["Wali Kota Resmikan Pasar Baru di Bekasi Utara | Kabar KITA", None])
def test_an_outlet_name_after_a_pipe_is_no_part_of_the_headline(resources, title):
    headline = "" if title else "Wali Kota Resmikan Pasar Baru di Bekasi Utara | Kabar KITA\n"
    text = headline + "Wali Kota meresmikan pasar baru. Warga senang."
    record = normalize_article(article(text, title=title), resources)
    assert record["title"] == "Wali Kota Resmikan Pasar Baru di Bekasi Utara"
    assert {"kind": "title_suffix", "text": "Kabar KITA"} in record["removed"]


def test_section_outlet_and_date_after_the_headlines_pipes_are_no_part_of_it(resources):
    record = normalize_article(article("Warga senang.", title="Pasar Baru Diresmikan | Sosial | KK | 09.03.2007"),
                               resources)
    assert record["title"] == "Pasar Baru Diresmikan"


@pytest.mark.parametrize("title", ["Home Headline Pasar Baru Diresmikan Wali Kota Sukamaju",
                                   "Home ” ” Pasar Baru Diresmikan Wali Kota Sukamaju",
                                   "News ” Pasar Baru Diresmikan Wali Kota Sukamaju",
                                   "Beranda » News » Pasar Baru Diresmikan Wali Kota Sukamaju", None])
def test_a_breadcrumb_glued_before_the_headline_is_no_part_of_it(resources, title):
    headline = "" if title else "Home Headline Pasar Baru Diresmikan Wali Kota Sukamaju\n"
    record = normalize_article(article(headline + "Wali Kota meresmikan pasar baru. Warga senang.", title=title),
                               resources)
    assert record["title"] == "Pasar Baru Diresmikan Wali Kota Sukamaju"
    assert any(entry["kind"] == "title_prefix" for entry in record["removed"])


def test_a_breadcrumb_line_above_the_headline_line_gives_way_to_it(resources):
    # A theme prints "Beranda <Kategori> <Judul>" and then the headline alone: the headline is the second line.
    text = ("Beranda Jateng Pasar Baru Diresmikan Wali Kota Sukamaju\nPasar Baru Diresmikan Wali Kota Sukamaju\n245\n"
            "SUKAMAJU, Kabarkita.com – Wali Kota meresmikan pasar baru, Senin (12/8/2024). Warga senang.")
    record = normalize_article(article(text, title=None), resources)
    assert record["title"] == "Pasar Baru Diresmikan Wali Kota Sukamaju"
    assert {"kind": "title_prefix", "text": "Jateng"} in record["removed"]
    assert body_texts(record)[0].startswith("Wali Kota meresmikan pasar baru")


def test_missing_title_takes_the_first_line(resources):
    record = normalize_article(article("Pasar Baru Diresmikan\nWarga senang.", title=None), resources)
    assert record["title"] == "Pasar Baru Diresmikan" and body_texts(record) == ["Warga senang."]
    assert "headline_from_text" in record["flags"]


# Characters and markup ----------------------------------------------------------------------------------


def test_mojibake_quotes_dashes_and_spaces_are_repaired(resources):
    text = ("Wali Kota berkata â€œkami siapâ€\x9d kepada warga\u00a0\u00a0 Bekasi — katanya.\n"  # mojibake
            "Cafe\u0301 itu ramai .")  # decomposed é, space before the period
    record = normalize_article(article(text), resources)
    assert body_texts(record) == ["Wali Kota berkata “kami siap” kepada warga Bekasi – katanya.",
                                  "Café itu ramai."]
    assert record["sentences"][1]["mt_input"] == 'Wali Kota berkata "kami siap" kepada warga Bekasi - katanya.'


def test_a_closing_mark_typed_where_a_quotation_opens_is_read_as_an_opening_one(resources):
    text = ("Pangdam berharap gotong royong berlanjut. ”Semangat itu budaya leluhur. Jangan hilang,” ujarnya. "
            "Warga senang.”")
    assert body_texts(normalize_article(article(text), resources)) == [
        "Pangdam berharap gotong royong berlanjut.", "“Semangat itu budaya leluhur. Jangan hilang,” ujarnya.",
        "Warga senang.”"]


def test_a_markdown_quote_marker_is_no_part_of_the_sentence(resources):
    record = normalize_article(article("> “Lapangan akan direvitalisasi akhir tahun ini,” ujarnya.\n>> Warga senang."),
                               resources)
    assert body_texts(record) == ["“Lapangan akan direvitalisasi akhir tahun ini,” ujarnya.", "Warga senang."]


def test_a_date_typed_with_spaces_around_its_slashes_is_read(resources):
    record = normalize_article(article("Polsek membagikan sembako kepada warga, Minggu ( 25 / 05 / 2025 ), pukul 11.00."),
                               resources)
    assert record["date"] == "2025-05-25" and "Minggu (25/05/2025)" in body_texts(record)[0]


def test_a_closing_quote_whose_last_byte_was_lost_is_a_closing_quote_again(resources):
    text = "“Kami siap,† kata camat. “Ada yang bisa dibantu?â€. Tanya seorang staf."
    assert body_texts(normalize_article(article(text), resources)) == [
        "“Kami siap,” kata camat.", "“Ada yang bisa dibantu?”.", "Tanya seorang staf."]


def test_a_no_break_space_whose_second_byte_was_lost_leaves_no_stray_letter(resources):
    # "Â\xa0" is a no-break space read as Latin-1; where a store already turned the \xa0 into a line end or a
    # space, ftfy sees only the "Â". A word's own Â (after a letter) stays.
    text = "Kunjungan dimulai pada 26 November 2018.Â\nRombongan tiba di kota ÂBC.Â Warga menyambut dengan tarian CÂ."
    record = normalize_article(article(text), resources)
    assert body_texts(record) == ["Kunjungan dimulai pada 26 November 2018.", "Rombongan tiba di kota ÂBC.",
                                  "Warga menyambut dengan tarian CÂ."]


@pytest.mark.parametrize("lines", [
    ["Sementara di urutan kedua setelah Desa Sukamaju adalah Desa Cempaka,", "Kecamatan Cempaka sebagai juara kedua."],
    ["Sekolah itu mendapat perhatian dari Wali Kota Sukamaju dan PMI serta", "PT Karya Bangun yang membangunnya."],
    ["Kunjungan itu mempererat hubungan persahabatan antara", "Kota Ichikawa dan Kota Medan sejak 1989."],
    ["Selain memantau kondisi korban,", "Gubernur Ani Lestari juga menyerahkan bantuan berupa uang tunai dan sembako."],
])
def test_a_line_cut_after_a_comma_or_a_conjunction_continues_on_the_next(resources, lines):
    record = normalize_article(article("\n".join(lines) + "\nWarga menyambut baik."), resources)
    assert body_texts(record) == [" ".join(lines), "Warga menyambut baik."]


def test_a_sentence_cut_by_a_blank_line_is_one_sentence(resources):
    text = ("Warga desa mendapat bantuan beras dari pemerintah. Diterangkan Widodo, \n\npenyuluh agama berperan penting dalam pemberdayaan.\n\n"
            "KKN adalah mata kuliah wajib bagi mahasiswa\n\njenjang S1 di semua program studi.\n"
            "Menindaklanjuti instruksi presiden tentang penyebaran virus corona,\n\nMaka pemerintah membagi masker.")
    assert body_texts(normalize_article(article(text), resources)) == [
        "Warga desa mendapat bantuan beras dari pemerintah.", "Diterangkan Widodo, penyuluh agama berperan penting dalam pemberdayaan.",
        "KKN adalah mata kuliah wajib bagi mahasiswa jenjang S1 di semua program studi.",
        "Menindaklanjuti instruksi presiden tentang penyebaran virus corona, Maka pemerintah membagi masker."]


def test_a_sentence_whose_first_words_were_wrapped_onto_a_line_of_their_own_keeps_them(resources):
    text = ("Bhabinkamtibmas sambang desa untuk menjaga ketertiban.\nHal\nini terlihat ketika Brigpol Jodi berkunjung "
            "ke rumah warga Desa Nekan.\nKegiatan patroli dialogis ini adalah\nmerupakan kegiatan rutin yang "
            "dilaksanakan setiap minggu.\nIa menambahkan nantinya PSBT\ndapat membuka kelas batik khusus bagi "
            "pelajar asing.")
    assert body_texts(normalize_article(article(text), resources)) == [
        "Bhabinkamtibmas sambang desa untuk menjaga ketertiban.",
        "Hal ini terlihat ketika Brigpol Jodi berkunjung ke rumah warga Desa Nekan.",
        "Kegiatan patroli dialogis ini adalah merupakan kegiatan rutin yang dilaksanakan setiap minggu.",
        "Ia menambahkan nantinya PSBT dapat membuka kelas batik khusus bagi pelajar asing."]  # an acronym last


def test_copy_hard_wrapped_with_short_paragraph_lines_is_joined_into_its_sentences(resources):
    # Wrapped at ~75 characters, as government pages pasted from a document are: a paragraph's first and last
    # lines are short, and a line may end at a capitalised word mid-sentence. The Title Case headline above
    # stays apart, and so does a block cut off before its last stop.
    text = ("Wakil Wali Kota Sukamaju Luncurkan Gerakan Sehat Bersama\n"
            "Dalam kesempatan tersebut,\n"
            "Wakil Wali Kota Sukamaju meluncurkan Gerakan Sehat Bersama di Balai Kota, Senin\n"
            "(10/03/2025). Gerakan ini melibatkan puskesmas, kader posyandu dan\n"
            "lainnya.\n"
            "Kepala Dinas Kesehatan Kota Sukamaju, Andi Wijaya\n"
            "menyampaikan bahwa pelayanan akan diberikan kepada seluruh warga di Kota\n"
            "Sukamaju tanpa biaya sampai akhir tahun.\n"
            "Dengan program ini diharapkan warga bisa memeriksakan kesehatannya di\n"
            "puskesmas terdekat setiap bulan sekali, kata Andi.\n\n"
            "Petugas akan mendatangi rumah warga lanjut usia yang tidak dapat datang ke\n"
            "puskesmas untuk pemeriksaan. Pemeriksaan meliputi tekanan darah dan kadar\n"
            "gula darah, sehingga penyakit dapat dikenali sejak")
    record = normalize_article(article(text, title=None), resources)
    assert record["title"] == "Wakil Wali Kota Sukamaju Luncurkan Gerakan Sehat Bersama"
    assert body_texts(record) == [
        "Dalam kesempatan tersebut, Wakil Wali Kota Sukamaju meluncurkan Gerakan Sehat Bersama di Balai Kota, "
        "Senin (10/03/2025).", "Gerakan ini melibatkan puskesmas, kader posyandu dan lainnya.",
        "Kepala Dinas Kesehatan Kota Sukamaju, Andi Wijaya menyampaikan bahwa pelayanan akan diberikan kepada "
        "seluruh warga di Kota Sukamaju tanpa biaya sampai akhir tahun.",
        "Dengan program ini diharapkan warga bisa memeriksakan kesehatannya di puskesmas terdekat setiap bulan "
        "sekali, kata Andi.",
        "Petugas akan mendatangi rumah warga lanjut usia yang tidak dapat datang ke puskesmas untuk pemeriksaan."]
    assert record["sentences"][-1] == {**record["sentences"][-1], "kind": "fragment", "text": (
        "Pemeriksaan meliputi tekanan darah dan kadar gula darah, sehingga penyakit dapat dikenali sejak")}


@pytest.mark.parametrize("text, dateline, lead", [
    # a caption closed by a pipe above the datelined lead is no part of it
    ("Dua Pasar Rakyat Sukamaju Resmi Dioperasikan\n"
     "Wali Kota Sukamaju, Budi Santoso saat memberikan sambutan |\n"
     "SUKAMAJU, KBR – Terobosan Dinas Perindustrian dan\n"
     "Perdagangan (Disperindag) Kota Sukamaju patut diacungi jempol. Melalui\n"
     "programnya, pembangunan dua pasar rakyat di pusat kota selesai\n"
     "tepat waktu.\n"
     "Dua gedung pasar tersebut sebelumnya diresmikan\n"
     "Presiden pada 12 Maret bersamaan dengan ratusan pasar lainnya\n"
     "di seluruh Indonesia.", {"outlet": "KBR", "place": "SUKAMAJU"},
     "Terobosan Dinas Perindustrian dan Perdagangan (Disperindag) Kota Sukamaju patut diacungi jempol."),
    # the lead's first line is a dateline in capitals and a few words: it runs on
    ("Wali Kota Resmikan Taman Budaya Sukamaju\n\n"
     "SUKAMAJU, KK,-- Dalam rangkaian Musyawarah\n"
     "Komisariat Wilayah (Muskomwil) II APEKSI Pemerintah Kota (Pemkot) Sukamaju\n"
     "meresmikan “Taman Budaya”, yang sebelumnya dikenal sebagai Taman\n"
     "Remaja, sebagai upaya pelestarian nilai adat serta penguatan identitas budaya\n"
     "Melayu. Penetapan nama baru ini dinilai lebih representatif secara\n"
     "historis dan filosofis, selaras dengan kekayaan budaya lokal.", {"outlet": "KK", "place": "SUKAMAJU"},
     "Dalam rangkaian Musyawarah Komisariat Wilayah (Muskomwil) II APEKSI Pemerintah Kota (Pemkot) Sukamaju "
     "meresmikan “Taman Budaya”, yang sebelumnya dikenal sebagai Taman Remaja, sebagai upaya pelestarian nilai adat "
     "serta penguatan identitas budaya Melayu."),
])
def test_hard_wrapped_copy_gives_the_datelined_lead_whole(resources, text, dateline, lead):
    record = normalize_article(article(text, title=None), resources)
    assert record["dateline"] == dateline and body_texts(record)[0] == lead


def test_hard_wrapped_paragraphs_of_three_lines_and_a_title_at_a_line_end_are_joined(resources):
    # Half the lines end a paragraph (and so a sentence); a line may end with a title before the name on the next
    text = ("SUKAMAJU – Universitas Sukamaju menerima kunjungan delegasi dari Republik\n"
            "Uzbekistan yang dipimpin oleh Wakil Menteri Kebudayaan, H.E. Mr.\n"
            "Yusufjon Usmonov, di Gedung Rektorat, Jumat (5/9/2025).\n"
            "Dalam pertemuan tersebut, kedua pihak membahas peluang kerja sama\n"
            "di bidang pendidikan dan pertukaran akademik antara kedua negara.\n"
            "Rektor Universitas Sukamaju, Prof. Ir. Budi Santoso, menyambut baik\n"
            "kedatangan delegasi dan menegaskan komitmen kampus untuk bekerja sama.")
    assert body_texts(normalize_article(article(text), resources)) == [
        "Universitas Sukamaju menerima kunjungan delegasi dari Republik Uzbekistan yang dipimpin oleh Wakil Menteri "
        "Kebudayaan, H.E. Mr. Yusufjon Usmonov, di Gedung Rektorat, Jumat (5/9/2025).",
        "Dalam pertemuan tersebut, kedua pihak membahas peluang kerja sama di bidang pendidikan dan pertukaran "
        "akademik antara kedua negara.",
        "Rektor Universitas Sukamaju, Prof. Ir. Budi Santoso, menyambut baik kedatangan delegasi dan menegaskan "
        "komitmen kampus untuk bekerja sama."]


def test_a_related_link_title_wrapped_over_two_lines_does_not_run_into_the_next_paragraph(resources):
    # Hard-wrapped copy: "Baca Juga:" on a line, the linked story's title cut over two lines (the second short), then
    # the next paragraph. The short line ends the title; the title goes with the link, the paragraph stays whole.
    text = ("SUKAMAJU – Gubernur Sukamaju Budi Santoso resmi melantik Andi Wijaya sebagai\n"
            "Bupati Sukamaju Barat untuk periode 2025-2030 di gedung olahraga daerah,\n"
            "Kamis, 13 Februari 2025, disaksikan unsur pimpinan daerah dan tokoh masyarakat.\n"
            "Baca Juga:\n"
            "Gubernur Sukamaju Budi Santoso Lantik Siti Rahma Sa’adah sebagai Wali\n"
            "Kota Sukamaju\n"
            "Dalam sambutannya, Gubernur Budi Santoso meminta bupati yang baru dilantik\n"
            "bekerja keras untuk melayani warga dan menjaga persatuan di daerahnya.")
    record = normalize_article(article(text), resources)
    assert body_texts(record)[-1] == ("Dalam sambutannya, Gubernur Budi Santoso meminta bupati yang baru dilantik "
                                      "bekerja keras untuk melayani warga dan menjaga persatuan di daerahnya.")
    assert not any("Siti Rahma" in sentence for sentence in body_texts(record))


def test_a_wrapped_lead_line_with_a_sentence_end_inside_runs_on_into_the_next(resources):
    # One block: the headline, a lead wrapped by hand whose first line holds the dateline's stop and no two lower-case
    # words, then paragraphs of one line each (so the block as a whole is not hard-wrapped)
    text = ("Konjen Jepang Jajaki Kerja Sama dengan Kota Sukamaju\n"
            "SUKAMAJU, (kabarkita). Rabu (12/11), Wali Kota Sukamaju H. Budi Santoso\n"
            "didampingi Sekretaris Daerah Kota Sukamaju menerima kunjungan dari\n"
            "Konsul Jenderal Jepang beserta rombongan.\n"
            + "Dalam pertemuan itu, kedua pihak membahas peluang kerja sama di bidang pendidikan, kesehatan, "
              "pariwisata dan investasi yang selama ini belum tergarap dengan baik oleh pemerintah daerah. " * 2 + "\n"
            + "Wali Kota menyambut baik rencana tersebut dan meminta jajarannya menyiapkan data potensi daerah "
              "yang bisa ditawarkan kepada calon investor dari Jepang dalam waktu dekat. " * 2)
    record = normalize_article(article(text, title=None), resources)
    assert record["title"] == "Konjen Jepang Jajaki Kerja Sama dengan Kota Sukamaju"
    assert body_texts(record)[0] == ("Rabu (12/11), Wali Kota Sukamaju H. Budi Santoso didampingi Sekretaris Daerah "
                                     "Kota Sukamaju menerima kunjungan dari Konsul Jenderal Jepang beserta rombongan.")


def test_a_lower_case_caption_after_a_blank_line_does_not_join_the_headline(resources):
    text = ("TMMD di Sukamaju Eratkan Silaturahmi Kodim dan Warga\n\n"
            "jalinan silaturahmi antara TNI dan warga di Desa Sukamaju makin erat. (Foto: Dok Pendim)\n\n"
            "SUKAMAJU – Program TMMD ke-109 di Desa Sukamaju berakhir pada Senin (5/8/2024).\nWarga senang.")
    record = normalize_article(article(text, title=None), resources)
    assert record["title"] == "TMMD di Sukamaju Eratkan Silaturahmi Kodim dan Warga"


def test_page_builder_shortcodes_and_empty_brackets_leave_no_trace(resources):
    text = ("[vc_row][vc_column][vc_column_text]Wali Kota meresmikan pasar baru.[/vc_column_text][/vc_column] -->\n"
            "Warga menyambut baik, tuturnya.[] Pasar buka setiap hari ().")
    record = normalize_article(article(text), resources)
    assert body_texts(record) == ["Wali Kota meresmikan pasar baru.", "Warga menyambut baik, tuturnya.",
                                  "Pasar buka setiap hari."]


def test_html_page_gives_its_body_text(resources):
    page = """<!DOCTYPE html><html><head><title>Berita - Kompas.com</title><style>p {color: red}</style>
    <script>var tracking = "Baca juga";</script></head><body><nav><a href="/">Beranda</a> | Politik</nav>
    <article><h1>Pemkot Bekasi Terima Kunker Jepang</h1>
    <p>BEKASI, KOMPAS.com - Pemkot Bekasi menerima tamu dari Jepang pada Kamis (24/8/2023).</p>
    <p>Pertemuan membahas pelayanan publik &amp; investasi.<br>&ldquo;Kami senang,&rdquo; kata Tri.</p>
    <script>trackPageview();</script></article><footer>Copyright 2023</footer></body></html>"""
    record = normalize_article(article(page, title=None), resources)
    assert record["title"] == "Pemkot Bekasi Terima Kunker Jepang"
    assert body_texts(record) == ["Pemkot Bekasi menerima tamu dari Jepang pada Kamis (24/8/2023).",
                                  "Pertemuan membahas pelayanan publik & investasi.", "“Kami senang,” kata Tri."]
    assert "html" in record["flags"] and record["date"] == "2023-08-24"
    assert record["dateline"] == {"outlet": "KOMPAS.com", "place": "BEKASI"}
    dropped = " ".join(r["text"] for r in record["removed"] if r["kind"] == "html")
    assert "trackPageview" in dropped and "tracking" in dropped and "Beranda" in dropped


def test_html_page_without_a_closing_head_still_has_a_body(resources):
    page = "<html><head><title>Judul</title><body><p>Warga senang.</p><p>Pasar ramai.</p></body></html>"
    assert body_texts(normalize_article(article(page), resources)) == ["Warga senang.", "Pasar ramai."]


# Lexicons ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("PEMKOT BEKASI TERIMA KUNKER", "PEMERINTAH KOTA BEKASI TERIMA KUNJUNGAN KERJA"),
    ("Rapat dihadiri pemkot dan Wawali.", "Rapat dihadiri Pemerintah Kota dan Wakil Wali Kota."),
    ("Kapolres Metro Bekasi dari POLRI hadir.", "Kepala Kepolisian Resor Metro Bekasi dari "
                                                "Kepolisian Negara Republik Indonesia hadir."),
    ("Kadis dan Sekda hadir.", "Kepala Dinas dan Sekretaris Daerah hadir."),
    ("Kasi Pemerintahan mau kasi hadiah.", "Kepala Seksi Pemerintahan mau kasi hadiah."),
    ("Ia membeli beras, gula, dll.", "Ia membeli beras, gula, dan lain-lain."),
    ("Lokasinya di Kab.Bekasi, Jl. Ahmad Yani No. 5.", "Lokasinya di Kabupaten Bekasi, Jalan Ahmad Yani Nomor 5."),
    ("Info di www.pemkot.go.id dan DPRD.", "Info di www.pemkot.go.id dan Dewan Perwakilan Rakyat Daerah."),
    ("Pemkotnya dan dprd tetap.", "Pemkotnya dan dprd tetap."),
    ("PMPTSP, MPP dan SIM tetap.", "PMPTSP, MPP dan SIM tetap."),
    ("Pemeirntah dan masyakarat menghimbau.", "Pemerintah dan masyarakat mengimbau."),
])
def test_mt_input_expansions_follow_the_case_rules(resources, text, expected):
    assert resources.mt_input(text) == expected


# Dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, published, expected", [
    ("pada Kamis (24/8/2023) lalu", None, date(2023, 8, 24)),
    ("pada 24 Agustus 2023 lalu", None, date(2023, 8, 24)),
    ("tanggal 24/08/2023", None, date(2023, 8, 24)),
    ("Senin, 4 September 2023", None, date(2023, 9, 4)),
    ("Thu, 24 Aug 2023 10:00:00 +0700", None, date(2023, 8, 24)),
    ("2023-08-24T10:00:00+07:00", None, date(2023, 8, 24)),
    ("Kamis (28/12)", date(2024, 1, 2), date(2023, 12, 28)),
    ("Kamis (24/8)", None, None),
    ("dua pertiga (2/3) anggota", date(2023, 5, 1), None),
    ("Rp1.500.000 pukul 06.00 WIB", None, None),
    ("31/2/2023 lalu 1/3/2023", None, date(2023, 3, 1)),
])
def test_dates_are_found(resources, text, published, expected):
    assert resources.dates.find(text, published) == expected


def test_event_date_comes_from_the_lead_then_the_published_field(resources):
    lead_date = normalize_article(article("BEKASI - Pasar diresmikan Senin, 4 September 2023. Warga senang.",
                                          published="2023-09-05T08:00:00+07:00"), resources)
    assert lead_date["date"] == "2023-09-04"
    yearless = normalize_article(article("Pasar diresmikan Senin (4/9). Warga senang.", published="2023-09-05"),
                                 resources)
    assert yearless["date"] == "2023-09-04"
    fallback = normalize_article(article("Pasar diresmikan. Warga senang.", published="05/09/2023"), resources)
    assert fallback["date"] == "2023-09-05"
    assert normalize_article(article("Pasar diresmikan. Warga senang."), resources)["date"] is None


# Language ------------------------------------------------------------------------------------------------


def test_english_and_japanese_articles_are_flagged(stage):
    english = article("The city government of Bekasi received a working visit from Japan on Thursday.\n"
                      "The visit discussed public services and investment between the two countries.",
                      title="Bekasi welcomes a Japanese delegation")
    japanese = article("ブカシ市政府は木曜日、日本からの視察団を迎えた。\n"
                       "視察では公共サービスと投資について話し合われた。",
                       title="ブカシ市、日本の視察団を歓迎")
    for record, lang in zip(stage.process([english, japanese]), ["en", "ja"]):
        assert record["lang"] == lang and "not_indonesian" in record["flags"] and record["lang_confidence"] > 0.8
    assert len(stage.process([japanese])[0]["sentences"]) == 3  # Japanese full stops end sentences too


@pytest.mark.parametrize("title, text", [
    ("Banjir di Bekasi", "Warga mengungsi."),
    ("Liga Elite", "Dundee Stars 5-3 Belfast Giants."),
    ("Scherzer ingin mengadu spoiler", "Versus Rockies malam ini."),
    ("Command Center", "Meeting di Command Center Kota Bekasi."),
])
def test_short_indonesian_texts_are_not_flagged(resources, title, text):
    record = normalize_article(article(text, title=title), resources)
    assert record["lang"] == "id" and "not_indonesian" not in record["flags"]


def test_no_ntrex_document_is_rejected_or_flagged(stage):
    # The stage turns any exception into a RecordError, so a crash would show here as an error, not a failure.
    records = stage.process(ntrex_articles(NTREX_DIR))
    assert [r for r in records if isinstance(r, RecordError)] == [] and len(records) == 123
    # Clean news: no page noise, no language doubt; a year may be guessed for "Sabtu, 29 September" (WMT19's 2018)
    assert all(r["lang"] == "id" and set(r["flags"]) <= {"date_year_guessed"} for r in records)
    assert {r["date"][:4] for r in records if "date_year_guessed" in r["flags"]} <= {"2018"}


def test_language_check_can_be_switched_off():
    resources = NormalizeResources.load(load_config({"normalize": {"language_check": False}}).normalize)
    record = normalize_article(article("The city welcomed a delegation. It was a good day."), resources)
    assert record["lang"] == "id" and record["lang_confidence"] is None and record["flags"] == []


# Bad input -----------------------------------------------------------------------------------------------


def _binary_text():
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4000)).decode("utf-8", errors="replace")


@pytest.mark.parametrize("bad, message", [
    (article(""), "empty text"),
    (article(" \n\t \n"), "text is only whitespace"),
    ({"id": "a1", "title": "Judul", "origin": "x.jsonl:3"}, "missing text"),
    (article(None), "missing text"),
    (article(42), "text must be a string, got int"),
    (article("Hanya judul tanpa isi", title=None), "headline only"),
    (article("Baca juga: Berita lain\n(red)"), "headline only"),
    (article(_binary_text()), "text looks like binary data"),
    (article("\u200b\u200b"), "no text left after cleaning"),
    (article("<html><head><script>x()</script></head><body></body></html>"), "no text left after removing HTML"),
])
def test_bad_input_is_an_error_for_that_article_and_the_batch_goes_on(stage, bad, message):
    good = article("Warga menyambut baik program itu.", id="good")
    first, error, last = stage.process([good, bad, dict(good, id="good2")])
    assert isinstance(error, RecordError) and message in error.message
    assert error.id == bad["id"] and error.stage == "normalize" and error.source_hash == source_hash(bad)
    assert error.origin == bad["origin"]
    assert body_texts(first) == body_texts(last) == ["Warga menyambut baik program itu."]


@pytest.mark.parametrize("last, cut", [
    ("Petugas masih mendata kerusakan yang", True),     # a word that never ends a sentence
    ("Banjir juga merusak jalan menuju pelabuhan di k", True),  # one letter
    ("Selain itu, warga diminta waspada karena hujan masih akan turun hingga pekan depan, kata dia", False),
    ("Rapat dipimpin Wali Kota Sukamaju Budi Santoso", False),  # a name ends the text: whole
])
def test_a_page_that_stops_mid_sentence_keeps_the_stump_apart(resources, last, cut):
    text = "Banjir merendam Desa Sukamaju, Kamis (9/3/2023).\nSebanyak 42 rumah terendam air.\n" + last
    record = normalize_article(article(text), resources)
    assert ("cut_off" in record["flags"]) == cut
    assert record["sentences"][-1]["kind"] == ("fragment" if cut else "body")


def test_very_long_article_is_cut_at_a_sentence_boundary(stage):
    sentences = [f"Pemerintah Kota Bekasi membangun jalan nomor {number} untuk warga." for number in range(4700)]
    [record] = stage.process([article(" ".join(sentences))])  # about 300 kB
    body = body_texts(record)
    assert "truncated" in record["flags"]
    assert body == sentences[:len(body)] and sum(len(s) + 1 for s in body) <= stage.config.normalize.max_chars + 1


def test_one_enormous_sentence_is_cut_at_a_space():
    config = load_config({"normalize": {"max_chars": 100, "language_check": False}})
    resources = NormalizeResources.load(config.normalize)
    record = normalize_article(article("kata " * 100), resources)
    assert record["flags"] == ["truncated"] and len(body_texts(record)[0]) <= 100
    assert body_texts(record)[0].endswith("kata")


# Data files and config -----------------------------------------------------------------------------------


def test_abbreviations_with_a_period_never_split_sentences():
    expanded = {form[:-1].lower() for _, (form, _) in read_table(PACKAGE_DATA / "abbreviations.tsv", 2)
                if form.endswith(".")}
    known = {form[:-1].lower() for _, (form, _) in read_table(SENTENCE_ABBREVIATIONS_FILE, 2)}
    assert expanded <= known, f"add to {SENTENCE_ABBREVIATIONS_FILE.name}: {sorted(expanded - known)}"


def test_characters_for_text_are_themselves_mapped_for_mt(resources):
    table = resources.characters
    produced = {char for value in table.for_text.values() for char in value if not char.isascii()}
    assert produced <= set(table.for_mt) and all(value.isascii() for value in table.for_mt.values())


def test_settings_follow_lexicon_contents_and_describe_counts(stage, tmp_path):
    assert stage.describe()["abbreviations"] > 200 and stage.describe()["boilerplate_patterns"] > 10
    typos = tmp_path / "typos.tsv"
    shutil.copy(PACKAGE_DATA / "typos.tsv", typos)
    config = {"normalize": {"typos": str(typos), "language_check": False}}
    before = NormalizeStage(load_config(config)).settings()
    typos.write_text(typos.read_text(encoding="utf-8") + "pemkto\tpemkot\n", encoding="utf-8")
    after = NormalizeStage(load_config(config)).settings()
    assert before["data"]["typos"] != after["data"]["typos"]
    assert before["config"] == after["config"] != stage.settings()["config"]


def test_every_normalize_word_list_feeds_the_fingerprint():
    # A lexicon edited by a linguist must redo the stage on the next run: each file normalize reads is hashed
    settings = NormalizeStage(load_config({"normalize": {"language_check": False}})).settings()
    hashed = set(settings["data"].values())
    for path in sorted(PACKAGE_DATA.glob("normalize_*")):
        assert file_hash(path) in hashed, path.name


def test_broken_data_files_are_config_errors_naming_the_line(tmp_path):
    boilerplate = tmp_path / "boilerplate.tsv"
    boilerplate.write_text("# comment\nboilerplate_line\tbroken\t(unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"boilerplate.tsv:2: pattern 'broken' is not a valid regular expression"):
        NormalizeStage(load_config({"normalize": {"boilerplate": str(boilerplate), "language_check": False}}))
    abbreviations = tmp_path / "abbreviations.tsv"
    abbreviations.write_text("Pemkot Pemerintah Kota\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"abbreviations.tsv:1: expected 2 tab-separated fields"):
        NormalizeStage(load_config({"normalize": {"abbreviations": str(abbreviations), "language_check": False}}))


def test_language_set_is_validated():
    with pytest.raises(ConfigError, match="languages must include 'id'"):
        load_config({"normalize": {"languages": ["en", "ja"]}})
    with pytest.raises(ConfigError, match="'xx' is not an ISO 639-1 code"):
        NormalizeStage(load_config({"normalize": {"languages": ["id", "xx"]}}))


def test_rejected_article_is_raised_by_the_library_function(resources):
    with pytest.raises(RejectedArticle, match="empty text"):
        normalize_article(article(""), resources)
