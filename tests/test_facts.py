"""Key facts without a model: the example article's date, people, places, organisations and figures, and the
conventions Indonesian news uses to name people (every name and sentence below is invented)."""

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
    # normalize dated the page and found no event date (a data cut-off, history): no written date stands in
    undated = {**record_of("Data per Jumat (9/5/2025) pukul 22.00 WIB."), "date": None, "date_source": None}
    assert extract_facts(undated)["date"] is None


def test_a_rank_written_with_periods_keeps_the_sentence_and_ends_the_organisation():
    facts = extract_facts(record_of("Kepala Kepolisian Daerah Sukamaju Irjen. Pol. Andi Saputra, S.H., S.I.K., "
                                    "menghadiri upacara."))
    assert [(p["name"], p["role"]) for p in facts["people"]] == [("Andi Saputra", "Kepala Kepolisian Daerah Sukamaju")]
    assert facts["organisations"] == ["Kepolisian Daerah Sukamaju"]


@pytest.mark.parametrize("text, figure, value, unit", [
    ("Anggaran Rp12,5 miliar sudah cair.", "Rp12,5 miliar", 12_500_000_000, "Rp"),
    ("Sebanyak 1.500 orang hadir.", "1.500 orang", 1500, "orang"),
    ("Naik 30 persen tahun ini.", "30 persen", 30, "persen"),
    ("Lahan 2,75 hektare disiapkan.", "2,75 hektare", 2.75, "hektare"),
    ("Dana desa sebesar Rp1.043.645.041.00 cair.", "Rp1.043.645.041.00", 1_043_645_041, "Rp"),
    ("Pagu Rp1,500,000,000 disetujui.", "Rp1,500,000,000", 1_500_000_000, "Rp"),
    ("Gempa magnitudo (M) 5,9 mengguncang Ambon.", "magnitudo (M) 5,9", 5.9, "magnitudo"),
    ("Gempa berkekuatan 6,2 SR terasa di Majene.", "6,2 SR", 6.2, "SR"),
])
def test_figures_keep_their_written_form_and_read_indonesian_numbers(text, figure, value, unit):
    [found] = extract_facts(record_of(text))["figures"]
    assert (found["text"], found["value"], found["unit"]) == (figure, value, unit)


def test_bare_numbers_and_years_are_not_figures():
    assert extract_facts(record_of("Pada tahun 2023 nomor 12 menang."))["figures"] == []


@pytest.mark.parametrize("text", ["Peringatan hari jadi ke-66 Provinsi Bali digelar.", "HUT ke 240 Kota Pekanbaru.",
                                  "Rapat Paripurna ke- 3 DPRD dibuka.", "Festival ke–25 Kabupaten Sleman."])
def test_an_ordinal_is_no_figure(text):
    # "the 66th anniversary" counts nothing: read as "66 Provinsi Bali" it made two provinces' ceremonies one event
    assert extract_facts(record_of(text))["figures"] == []
    # "to 120 people" is a count
    assert [f["text"] for f in extract_facts(record_of("Bantuan dibagikan ke 120 orang."))["figures"]] == ["120 orang"]


def test_a_list_of_sizes_is_no_figure_and_the_rest_of_the_facts_are_read():
    facts = extract_facts(record_of("Pemberat ukuran 6,7,8 kg dibagikan kepada 40 orang."))
    assert [figure["text"] for figure in facts["figures"]] == ["40 orang"]


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


def names_in(*body: str, **fields) -> list[str]:
    return [p["name"] for p in extract_facts(record_of(*body, **fields))["people"]]


def roles_of(text: str, name: str) -> list[str | None]:
    """The role of each person of this name the text names: one, when the name is read whole."""
    return [p.get("role") for p in extract_facts(record_of(text))["people"] if p["name"] == name]


def only_person(*body: str) -> dict:
    [found] = extract_facts(record_of(*body))["people"]
    return found


@pytest.mark.parametrize("text, name, role", [
    # a regional office is followed by its region, known or not, then the name
    ("Bupati Karangjati Wayan Sudarsa meninjau pasar.", "Wayan Sudarsa", "Bupati Karangjati"),
    ("Wakil Wali Kota Sukamaju Ahmad Fauzi Rahman hadir.", "Ahmad Fauzi Rahman", "Wakil Wali Kota Sukamaju"),
    ("Ketua DPRD Kota Sukamaju Subandi mengatakan anggaran cukup.", "Subandi", "Ketua DPRD Kota Sukamaju"),
    ("Kapolres Lembah Hijau AKBP Rudi Hartono memimpin apel.", "Rudi Hartono", "Kapolres Lembah Hijau"),
    ("Pangdam Jaya Mayjen TNI Mohamad Hasan hadir.", "Mohamad Hasan", "Pangdam Jaya"),
    ("Gubernur Sukamaju Irjen Pol (Purn) Murad Iskandar hadir.", "Murad Iskandar", "Gubernur Sukamaju"),
    ("Gubernur Sukamaju, Mayjen TNI (Purn.) Yulian Sembiring, hadir.", "Yulian Sembiring", "Gubernur Sukamaju"),
    ("Penjabat (Pj) Wali Kota Bekasi Raden Gani Muhamad meninjau lokasi.", "Raden Gani Muhamad",
     "Penjabat Wali Kota Bekasi"),
    ("Bupati Sukamaju Ipah Rosmiati membuka acara.", "Ipah Rosmiati", "Bupati Sukamaju"),
    # the office's description ends at a place, an acronym, a rank or the first word that is no dictionary word
    ("Wakil Menteri Dalam Negeri Bima Sakti Wiratama membuka acara.", "Bima Sakti Wiratama",
     "Wakil Menteri Dalam Negeri"),
    ("Kepala BP Sukamaju Mustafa Rahim menerima investor di Sukamaju.", "Mustafa Rahim", "Kepala BP Sukamaju"),
    ("Kasat Binmas AKP Yusuf Tawakal hadir.", "Yusuf Tawakal", "Kasat Binmas"),
    ("Wakil Ketua Komisi III DPR RI Ahmad Sadikin mengkritik polisi.", "Ahmad Sadikin",
     "Wakil Ketua Komisi III DPR RI"),
    ("Direktur Utama PT Transjaya Welfi Yuzar mengatakan laba naik.", "Welfi Yuzar", "Direktur Utama PT Transjaya"),
    ("Presiden United Cities Asia-Pacific (UCAP) Sri Handayani berkunjung.", "Sri Handayani",
     "Presiden United Cities Asia-Pacific"),
    ("Kepala Sekolah Endang Suhendar mengatakan siswa siap.", "Endang Suhendar", "Kepala Sekolah"),
    ("Kabag Humas setdako Sukamaju Wirdan Usmani Rabu (6/7) mengatakan acara lancar.", "Wirdan Usmani",
     "Kabag Humas setdako Sukamaju"),
    # a comma or a dash between office and name
    ("Wakil Wali Kota Sukamaju, Rina Marlina, mengatakan hal itu.", "Rina Marlina", "Wakil Wali Kota Sukamaju"),
    ("Kepala Desa Sukamaju – Darmaji, mengatakan air bersih kurang.", "Darmaji", "Kepala Desa Sukamaju"),
    ("Perwakilan Dinas Pendidikan Gyeongju-si, Park Ji Hoon, menyampaikan terima kasih.", "Park Ji Hoon",
     "Perwakilan Dinas Pendidikan Gyeongju-si"),
    ("Menurut Ketua RW 07 Kelurahan Jatimulya, Sugiarto, banjir datang tengah malam.", "Sugiarto",
     "Ketua RW 07 Kelurahan Jatimulya"),
    # a bracketed acronym closes the office; a common given name opens the name, even where a region could stand
    ("Gubernur Nusa Tenggara Timur (NTT) Viktor Laisrani meninjau banjir.", "Viktor Laisrani",
     "Gubernur Nusa Tenggara Timur"),
    ("Wakil Gubernur Jawa Timur (Wagub Jatim) Emil Sardadi menjelaskan acara.", "Emil Sardadi",
     "Wakil Gubernur Jawa Timur"),
    ("Ketua Panitia Festival Budaya Agus Salimun mengatakan acara meriah.", "Agus Salimun",
     "Ketua Panitia Festival Budaya"),
    ("Bupati Abdullah Azwar Hanas meresmikan pasar.", "Abdullah Azwar Hanas", "Bupati"),
    ("Kepala Pusat Data BNPB Sutopo Purwo Nugraho mengatakan warga mengungsi.", "Sutopo Purwo Nugraho",
     "Kepala Pusat Data BNPB"),
    # one word after a place that closes the office is the name, dictionary word or not
    ("Kepala Dinas Tenaga Kerja Kabupaten Bekasi Efendi mengatakan lowongan dibuka.", "Efendi",
     "Kepala Dinas Tenaga Kerja Kabupaten Bekasi"),
    ("Konsul Jenderal Malaysia Azizul Zikrani hadir.", "Azizul Zikrani", "Konsul Jenderal Malaysia"),
    ("Karo Pemerintahan Setda NTT Doris Rihani memimpin upacara.", "Doris Rihani", "Karo Pemerintahan Setda NTT"),
    # the village heads of Aceh, the offices written short, a rank written short, a numbered office's "I"
    ("Rombongan disambut Keuchik Gampong Sukamaju, Darmaji, di meunasah.", "Darmaji", "Keuchik Gampong Sukamaju"),
    ("Menurut Kalakhar BPBD Sukamaju, Budi Santoso, air mulai surut.", "Budi Santoso", "Kalakhar BPBD Sukamaju"),
    ("Kaban Bappenda Rina Marlina hadir.", "Rina Marlina", "Kaban Bappenda"),
    ("Danramil Sukamaju Kapt Inf Darmaji hadir.", "Darmaji", "Danramil Sukamaju"),
    ("Turut mendampingi Asisten I Julius Oehlers di aula.", "Julius Oehlers", "Asisten I"),
    ("Wakil Ketua Komisi I Budi Santoso hadir.", "Budi Santoso", "Wakil Ketua Komisi I"),
    ("Camat Sukamaju I Made Suarta hadir.", "I Made Suarta", "Camat Sukamaju"),
    ("Gubernur Sukamaju terpilih Sinta Dewi Lestari berkomitmen membenahi jalan.", "Sinta Dewi Lestari",
     "Gubernur Sukamaju terpilih"),  # the elected office, no comma before the name
    ("Bantuan diserahkan Ketua DPRD Sukamaju, Darmaji HK, kepada warga.", "Darmaji HK", "Ketua DPRD Sukamaju"),
    ("Konsul Malaysia Encik Ahmad Fauzi pamit.", "Ahmad Fauzi", "Konsul Malaysia"),  # a Malay courtesy word
    ("Hal itu dikatakan Kepala Dinas Sosial (Dinsos) setempat Budi Santoso di Sukamaju.", "Budi Santoso",
     "Kepala Dinas Sosial setempat"),  # the local office, "setempat" inside it
    # a regency of two words (facts_places.txt) is the office's region, not the name's first half
    ("Pjs Bupati Rejang Lebong Darmaji membuka acara.", "Darmaji", "Pjs Bupati Rejang Lebong"),
    ("Pj Bupati Musi Banyuasin Rina Marlina meninjau jalan desa.", "Rina Marlina", "Pj Bupati Musi Banyuasin"),
    # the office after the name
    ("Acara dibuka oleh Retno Wulandari, Wakil Menteri Sosial.", "Retno Wulandari", "Wakil Menteri Sosial"),
    ("Gendon Suparno, pelatih tim voli putri, menyebut timnya siap.", "Gendon Suparno", "pelatih tim voli putri"),
])
def test_people_after_and_before_offices(text, name, role):
    found = only_person(text)
    assert (found["name"], found["role"]) == (name, role)


@pytest.mark.parametrize("text, name, role", [
    ("Gubernur Sukamaju didampingi oleh Sekretaris Provinsi Sukamaju, Stefanus Kepel, menerima tamu.",
     "Stefanus Kepel", "Sekretaris Provinsi Sukamaju"),
    ("Rombongan gubernur disambut Bupati Cempaka, Tomas Olan, di bandara.", "Tomas Olan", "Bupati Cempaka"),
    ("Piagam diterima Wali Kota dari Kepala BPK RI Perwakilan Jawa Timur, Karyono, di Surabaya.", "Karyono",
     "Kepala BPK RI Perwakilan Jawa Timur"),
    ("Menteri dalam sambutan yang dibacakan staf ahli menteri bidang Sosial, Surya Yudha, memuji warga.",
     "Surya Yudha", "staf ahli menteri bidang Sosial"),
    ("Bupati Sukamaju yang diwakili Asisten I Setda, Rudi Hartono, membuka acara.", "Rudi Hartono", "Asisten I Setda"),
    ("Hadir pula Anggota DPRD dari Fraksi PDIP, Budi Santoso, dalam acara itu.", "Budi Santoso",
     "Anggota DPRD dari Fraksi PDIP"),  # no office after "dari": it stays part of the role
])
def test_the_office_of_a_person_after_a_cue_starts_after_the_cue(text, name, role):
    assert (name, role) in [(p["name"], p["role"]) for p in extract_facts(record_of(text))["people"]]


def test_a_mayors_name_is_no_city_and_a_sentence_end_ends_a_place():
    facts = extract_facts(record_of(
        "Rombongan diterima Wakil Wali Kota Sukamaju Sultan Rizal di Padang. Senin (12/6/2023).",
        "Hadir pula Wali Kota Vlissingen, Bas van Dijk, dan Wali Kota Albertus Vader.",
        "Kerja sama itu yang pertama di Jawa Barat.” Warga menyambut baik."))
    assert "Padang" in facts["places"] and "Jawa Barat" in facts["places"] and "Kota Vlissingen" in facts["places"]
    assert not any(place.endswith(".") or place in ("Kota Sultan", "Kota Albertus") for place in facts["places"])


def test_a_plural_after_an_office_whose_region_the_article_names_is_no_name():
    facts = extract_facts(record_of("Bupati Sukamaju Budi Santoso mengunjungi tiga kampung di Distrik Sukamaju.",
                                    "“Bantuan kami salurkan bersama Kepala Distrik Kepala-kepala kampung dan Babinsa.”"))
    assert [person["name"] for person in facts["people"]] == ["Budi Santoso"]


def test_a_region_named_elsewhere_in_the_article_is_part_of_the_office():
    facts = extract_facts(record_of("Warga Kota Sukamaju antre sejak pagi.",
                                    "Wali Kota Sukamaju Darmaji meninjau antrean.",
                                    "“Kami tambah loket,” kata Darmaji."))
    assert facts["people"] == [{"name": "Darmaji", "title": None, "role": "Wali Kota Sukamaju"}]


@pytest.mark.parametrize("text", [
    "Kapolsek Cibeureum hadir bersama Lurah Sindangsari dan Camat Karangjati.",
    "Wali Kota Jakarta Barat dan Wali Kota Jakarta Selatan hadir.",
    "Dalam sambutannya, Wali Kota Tegal mengapresiasi warga.",  # a city the gazetteer knows (an unknown word: a name)
    "Bupati Datang ke Pasar, Harga Diperiksa",
    # government shorthand and a plural are no names
    "Presiden Kunker ke Sukamaju, Camat Forkopimda Sukamaju hadir.",
    "Forkopimda Sukamaju memantau pilkada di kecamatan.",
    # a rank word inside an office's name ("Director General") opens no name
    "Bandara dikembangkan melalui Direktorat Jenderal Perhubungan Udara Kementerian Perhubungan.",
])
def test_offices_without_a_name_name_nobody(text):
    assert names_in(text) == []


@pytest.mark.parametrize("text, names", [
    ("“Kami siap,” kata Sulastri.", ["Sulastri"]),
    ("“Kami siap,” ujar Hendra Gunawan di lokasi.", ["Hendra Gunawan"]),
    ("“Harga naik,” ungkap Wartini kepada wartawan.", ["Wartini"]),
    ("Menurut Bambang Sutrisno, proyek itu selesai.", ["Bambang Sutrisno"]),
    ("Ia didampingi Agus Salim dan pengurus lain.", ["Agus Salim"]),
    ("Turut hadir bersama Rahmat Hidayat, seperti Yohanes Kristianto.", ["Rahmat Hidayat", "Yohanes Kristianto"]),
    ("Gubernur menunjuk Yusuf Kurniawan Putra sebagai penjabat bupati.", ["Yusuf Kurniawan Putra"]),
    ("Rapat memilih Fikri Haikal sebagai ketua dan Sumarno sebagai sekretaris.", ["Fikri Haikal", "Sumarno"]),
    ("Sumarni mengatakan harga cabai naik.", ["Sumarni"]),
    ("Sementara itu, Tukijo (52), warga Desa Sukamaju, mengaku rugi.", ["Tukijo"]),
    ("Salah satu pedagang, Yanti, mengaku omzetnya turun.", ["Yanti"]),
    ("Korban bernama Udin ditemukan tewas.", ["Udin"]),
    ("Kepala Pusat Data, Informasi, dan Komunikasi Kebencanaan BNPB Abdul Mukhlis mengatakan hujan turun.",
     ["Abdul Mukhlis"]),
    ("Gibran datang didampingi istrinya, Selvia Ananta.", ["Selvia Ananta"]),
    ("Budi Santoso didampingi istri, Lavita Syukur dan sejumlah kepala dinas.", ["Budi Santoso", "Lavita Syukur"]),
    ("Para putri keraton, Raja dan Ratu Sukamaju berjalan ke pendopo.", []),  # one word before "dan": no name
    # an age makes one word a person, dictionary word or not; "Lalu" opens a Sasak name
    ("Korban yakni Sunarni (42), Rumpaka (97 tahun/L) dan rumah milik Sandang (50).", ["Sunarni", "Rumpaka", "Sandang"]),
    ("Gubernur Nusa Tenggara Barat (NTB), Dr. H. Lalu Mahmudin Ikram, menerima tamu.", ["Lalu Mahmudin Ikram"]),
    ("Lalu, ia menyerahkan bantuan kepada warga.", []),
    # a second name joined by "dan", but no office, place or organisation
    ("Bintang tamu malam itu, diantaranya Raisa Andriani dan Tiara Andinata.", ["Raisa Andriani", "Tiara Andinata"]),
    ("Menurut Budi Santoso dan Pemerintah Kota, proyek selesai.", ["Budi Santoso"]),
    ("Wali Kota Medan Rico Tri Putra Bayu Wasesa menerima tamu.", ["Rico Tri Putra Bayu Wasesa"]),
    ("Gubernur Sukamaju Ridwan Kamaludin dan istri, Atalia Pramesti, pindah rumah.",
     ["Ridwan Kamaludin", "Atalia Pramesti"]),
    # a subject of names only, before a verb or an auxiliary; English event words are no names
    ("Hasto Wardoyono resmi menjadi Bupati Kulon Progo.", ["Hasto Wardoyono"]),
    ("Rudiyanto Simanjorang berhasil meraih juara pertama.", ["Rudiyanto Simanjorang"]),
    ("Grand Carnival dimulai pukul 13.00 WIB.", []),
    ("Tribun Network menggelar acara di Kupang.", []),
])
def test_people_after_verbs_of_saying_and_cues(text, names):
    assert names_in(text) == names


def test_one_word_after_a_cue_is_kept_only_as_a_short_mention():
    assert names_in("Izin itu dicabut oleh Sukamaju pada 2020.") == []
    assert names_in("Kepala Dinas Pertanian Harun Wiradinata hadir.", "Menurut Harun, panen naik.") == [
        "Harun Wiradinata"]


def test_short_mentions_and_nicknames_are_the_person_named_in_full():
    facts = extract_facts(record_of("Wakil Wali Kota Sukamaju Muhammad Jumadil hadir.",
                                    "Jumadil mengatakan warga tenang.",
                                    "Wali Kota Sukamaju Tri Rismawati meninjau lokasi.",
                                    "“Kami siap,” kata Risma, sapaan akrabnya.",
                                    "Ibu Risma juga menyapa warga."))
    assert [(p["name"], p["role"]) for p in facts["people"]] == [
        ("Muhammad Jumadil", "Wakil Wali Kota Sukamaju"), ("Tri Rismawati", "Wali Kota Sukamaju")]


@pytest.mark.parametrize("text, name, title", [
    ("Acara dihadiri Mr. Tanaka Hiroshi dari Osaka.", "Tanaka Hiroshi", None),
    ("“Terima kasih,” kata Suzuki-san.", "Suzuki", None),
    ("Wali Kota Changwon, Hong Nam Pyo, menyambut rombongan.", "Hong Nam Pyo", None),
    ("Bupati Karangjati I Gusti Ngurah Wirawan membuka festival.", "I Gusti Ngurah Wirawan", None),
    ("Kepala Dinas Pariwisata Ni Luh Putu Ariani mengatakan kunjungan naik.", "Ni Luh Putu Ariani", None),
    ("Pura itu dibangun oleh Ida Bagus Made Oka.", "Ida Bagus Made Oka", None),
    ("Bendesa Adat Anak Agung Ngurah Sudira hadir.", "Anak Agung Ngurah Sudira", None),
    ("Direktur Utama PT Maju Sentosa George M. Sianturi mengatakan laba naik.", "George M. Sianturi", None),
    ("Kepala Bagian Humas Kota Sukamaju, M. Rizal, mengatakan acara lancar.", "M. Rizal", None),
    ("Wakil Presiden Ma'ruf Amin membuka acara.", "Ma'ruf Amin", None),
    ("Kepala Puskesmas, drh. Sri Wahyuni, S.Pt., M.Si., mengatakan kasus turun.", "Sri Wahyuni", "drh. S.Pt. M.Si."),
    ("Ketua Yayasan Prof. Dr. Ir. H. Bambang Hermanto, M.Sc., hadir.", "Bambang Hermanto", "Prof. Dr. Ir. H. M.Sc."),
    ("Kepala Dinas Kesehatan Hj. Siti Aminah SKM MKes mengatakan kasus turun.", "Siti Aminah", "Hj. SKM MKes"),
    ("Wali Kota dr. Robi Hermawan, Sp.OG., hadir bersama istri.", "Robi Hermawan", "dr. Sp.OG."),
    ("Wakil Gubernur Ahmad Riyadi (Didi) hadir di lokasi.", "Ahmad Riyadi", None),
    ("Theresa Mayang mengatakan hal itu pada 5 Mei 2024.", "Theresa Mayang", None),
    ("Sore itu Tuan Fleming memberitahuku soal rencana itu.", "Fleming", None),
])
def test_names_as_written_with_their_titles(text, name, title):
    found = only_person(text)
    assert (found["name"], found["title"]) == (name, title)


def test_names_split_after_initials_are_joined_and_years_in_brackets_mark_people():
    facts = extract_facts(record_of("Daftar pemimpin daerah itu yakni 1.", "A.A.",
                                    "Gde Putra (1950-1955), 2.", "Tjokorde Rai (1955-1960), 3.",
                                    "I Wayan Sukra (1960-1965), 4."))
    assert [p["name"] for p in facts["people"]] == ["A.A. Gde Putra", "Tjokorde Rai", "I Wayan Sukra"]


def test_bylines_editors_and_photo_credits_are_not_people():
    facts = extract_facts(record_of(
        "Wali Kota meninjau lokasi banjir (Foto: Humas Pemkot/Dedi Kurnia).", "TEMPO/Fajar Nugroho",
        "DIMAS PRASETYO | LIA KARTIKA", "Reporter: Dimas Prasetyo", "Editor: Lia Kartika", "Penulis: Andi Wijaya",
        "Laporan: Bayu Saputra", "Penulis", ": Idham Sanusi", "Juli Hartanto",
        removed=[{"kind": "boilerplate_line", "text": "Editor: Rina Amelia"}]))
    assert facts["people"] == []


@pytest.mark.parametrize("text", [
    "Banyuwangi meraih penghargaan inovasi, kata Kementerian Dalam Negeri.",
    "Hal itu dilaporkan oleh Jakarta Evening News dan menurut Reuters.",
    "Seperti Gianyar kota ramah anak, Gianyar kota wisata.",
    "Tingkatkan Kualitas Pembangunan, Bupati Kobar Kaji Banding ke Padang",
    "Bupati Bekasi Tinjau Banjir di Cikarang",  # a headline's verb after a known region, no name
    "Program Smart Kampung sebagai percontohan nasional.",
    "Piala Dunia (2022) digelar di Qatar.",
    "Acara diisi penganugerahan Bapak Pembangunan Desa kepada tokoh setempat.",
    "Warga mengaku kagum bagaimana pak Gub dan Wagub menjaga situasi.",
])
def test_places_organisations_and_things_are_not_people(text):
    assert names_in("Warga Kabupaten Gianyar berkumpul.", text) == []


def test_a_lead_paragraph_taken_for_the_headline_is_read_but_a_title_cased_headline_is_not():
    lead = ("SUKAMAJU – Wakil Gubernur Jawa Barat Ahmad Riyadi menerima kunjungan dari Wali Kota Gyeongju-si "
            "Korea Selatan, Lee Sang Min, pada Selasa malam di gedung sate.")
    assert names_in("Kunjungan berlangsung hangat.", headline=lead) == ["Ahmad Riyadi", "Lee Sang Min"]
    assert names_in("Kunjungan berlangsung hangat.",
                    headline="Wakil Gubernur Ahmad Riyadi Terima Wali Kota Lee Sang Min") == []


def test_people_are_read_in_a_cut_off_last_sentence_but_not_its_stump():
    record = {"sentences": [{"text": "Banjir merendam desa itu.", "kind": "body"},
                            {"text": "Warga dibantu Kepala Desa Sukamaju Ahmad Riyadi untuk mengungsi ke Balai Wi",
                             "kind": "fragment"}]}
    assert [p["name"] for p in extract_facts(record)["people"]] == ["Ahmad Riyadi"]


def test_a_two_word_rank_and_a_bishops_title_are_no_part_of_the_name():
    assert names_in("Kapal itu dipimpin Laksamana Madya TNI Arif Wibowo, Kamis.") == ["Arif Wibowo"]
    assert names_in("Tamu disambut Marsekal Muda Andi Wijaya di bandara.") == ["Andi Wijaya"]
    assert names_in("Misa dipimpin Uskup Sukamaju, Mgr. Yohanes Lelo, di gereja katedral.") == ["Yohanes Lelo"]


@pytest.mark.parametrize("text, name, role", [
    # the office the apposition names is the one after the prose, not the clause's first word
    ("Dubes juga bertemu dengan Panglima Kodam Sukamaju, Mayjen TNI Arif Wibowo.", "Arif Wibowo",
     "Panglima Kodam Sukamaju"),
    ("Wali Kota dan Wakil Wali Kota Sukamaju terpilih resmi dilantik Presiden RI, Budi Santoso.", "Budi Santoso",
     "Presiden RI"),
])
def test_an_office_after_prose_is_the_one_the_apposition_names(text, name, role):
    assert roles_of(text, name) == [role]


def test_two_joined_offices_keep_the_first_for_the_first_name():
    text = "Bupati dan Wakil Bupati Sukamaju, Arif Wibowo dan Budi Santoso, hadir."
    people = extract_facts(record_of(text))["people"]
    assert next(p.get("role") or "" for p in people if p["name"] == "Arif Wibowo").startswith("Bupati")


def test_a_javanese_court_title_is_kept_apart_from_the_name():
    assert names_in("Tamu disambut GKR Hemas di keraton.") == ["Hemas"]
    assert names_in("Kirab dipimpin KPH Edhy Wirabhumi, kata panitia.") == ["Edhy Wirabhumi"]


@pytest.mark.parametrize("text, name, role", [
    # an initial belongs to the name, never to the office or its region
    ("Kepala BPBD M Raswin Tohari mengatakan dana itu cair pada Senin.", "M Raswin Tohari", "Kepala BPBD"),
    ("Sekretaris Daerah Leonard S Tampubolon mengatakan dana itu cair.", "Leonard S Tampubolon", "Sekretaris Daerah"),
    ("Wakil Gubernur Steven O.E. Lumentut mengatakan dana itu cair.", "Steven O.E. Lumentut", "Wakil Gubernur"),
    # a title written against the name, a courtesy word, a degree
    ("Tamu diterima Bupati Sukamaju Drs.Agustinus Niga Bili di kantornya.", "Agustinus Niga Bili", "Bupati Sukamaju"),
    ("Bupati Sukamaju dr.H. Budi Santoso,M.Med.PH meletakkan batu pertama.", "Budi Santoso", "Bupati Sukamaju"),
    ("Festival dibuka Wakil Menteri Dalam Negeri, Kang Arif Wibowo, Jumat.", "Arif Wibowo", "Wakil Menteri Dalam Negeri"),
    ("Jembatan diresmikan Bupati Sukamaju Drs Budi Santoso MPA pada Senin.", "Budi Santoso", "Bupati Sukamaju"),
    # "HM" is the title Haji before an initial, as "H." is; "FX" opens the name (Fransiskus Xaverius)
    ("Bupati Sukamaju HM Budi Santoso angkat bicara soal jalan rusak.", "Budi Santoso", "Bupati Sukamaju"),
    ("Ketua DPRD H.M. Budi Santoso membuka rapat itu pada Senin.", "Budi Santoso", "Ketua DPRD"),
    ("Wali Kota Sukamaju FX Budi Santoso meresmikan pasar itu.", "FX Budi Santoso", "Wali Kota Sukamaju"),
])
def test_initials_glued_titles_courtesy_words_and_degrees_are_read_around_the_name(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text", [
    "Pasar baru itu berdiri di Jalan Dr Rajiman, Laweyan, Kota Surakarta.",
    "Kantor itu berada di Jl. Prof. Dr. Soepomo, Tebet, Jakarta Selatan.",
    "Warga berkumpul di Jalan Jenderal Sudirman nomor 5 sejak pagi.",
])
def test_a_street_named_after_a_titled_person_names_no_person(text):
    assert names_in(text) == []


@pytest.mark.parametrize("text, names", [
    ("Hadir pula tim peneliti yakni Imelda Hutasoit, Anya Risnawati, Stenly F Pangerapan dan Nur Hadayani.",
     ["Imelda Hutasoit", "Anya Risnawati", "Stenly F Pangerapan", "Nur Hadayani"]),
    ("Turut hadir Imelda Hutasoit, Anya Risnawati, dan Nur Hadayani dalam acara itu.",
     ["Imelda Hutasoit", "Anya Risnawati", "Nur Hadayani"]),
    # a one-word part after a comma is likelier a place, a clan's name no person
    ("Kata Budi Santoso, Sukamaju menjadi juara.", ["Budi Santoso"]),
    ("Hadir tokoh adat yakni Pangeran Arif Wibowo, Marga Legun, dan Marga Katibung.", ["Arif Wibowo"]),
])
def test_every_name_of_a_list_after_a_person_is_a_person(text, names):
    assert names_in(text) == names


def test_an_office_written_in_lower_case_before_a_name_is_an_office():
    people = extract_facts(record_of("Ia berterima kasih kepada presiden Budi Santoso melalui BNPB."))["people"]
    assert [(p["name"], p.get("role")) for p in people] == [("Budi Santoso", "presiden")]


@pytest.mark.parametrize("text, name, role", [
    # a marker word that marks no place after it ends a name; "Ibu Negara" stays a title, no person
    ("Wali Kota Sukamaju I Gusti Ngurah Jaya Negara menerima kunjungan itu.", "I Gusti Ngurah Jaya Negara",
     "Wali Kota Sukamaju"),
    # Balinese names opened by an abbreviation right after the office keep it, as written
    ("Turut hadir Sekda Kota Sukamaju IB Alit Wiradana dan para kepala dinas.", "IB Alit Wiradana",
     "Sekda Kota Sukamaju"),
    ("Ketua DPRD AA Gede Agung meresmikan gedung itu.", "AA Gede Agung", "Ketua DPRD"),
])
def test_balinese_names_keep_their_opening_abbreviation_and_a_last_word_that_is_also_a_marker(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    ("Sekwan DPRD Kota Sukamaju Hambali Nanda Manurung membuka rapat.", "Hambali Nanda Manurung",
     "Sekwan DPRD Kota Sukamaju"),  # the council's secretary
    ("Pembakal Desa Sukamaju Ahmad Fauzi menyambut rombongan.", "Ahmad Fauzi", "Pembakal Desa Sukamaju"),  # Banjar
    # an agency's short name in mixed case belongs to the office, not to the name
    ("Hadir Kadis Perindag Ramlan Refis dan pejabat lainnya.", "Ramlan Refis", "Kadis Perindag"),
    ("Rapat di Sukamaju dihadiri Kepala Dinsos Sukamaju Budi Hartono.", "Budi Hartono", "Kepala Dinsos Sukamaju"),
])
def test_regional_offices_of_a_council_secretary_and_a_banjar_village_head(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name", [
    ("Gubernur Budi Santoso beserta Istri Ayu Chandra Febiola tiba di pendopo.", "Ayu Chandra Febiola"),
    ("Wali Kota Budi Santoso bersama wakilnya Hendra Wijaya mengajak pedagang berkumpul.", "Hendra Wijaya"),
    ("Ia duduk di pelaminan bersama isterinya Nevi Susanti.", "Nevi Susanti"),
    ("Bupati tiba bersama suaminya Hendra Wijaya di lokasi.", "Hendra Wijaya"),
])
def test_a_spouse_or_deputy_named_after_istri_or_wakilnya_is_a_person(text, name):
    assert name in names_in(text)


def test_a_one_word_name_after_a_two_word_village_is_not_taken_from_the_village():
    # "Lok Buntar" is the village and "Mursyidi" the name after the comma: "Buntar" is no person
    assert "Buntar" not in names_in("Pembakal Desa Lok Buntar, Mursyidi, menyampaikan apresiasi.")


@pytest.mark.parametrize("text, name, role", [
    ("Hadir Konsul Jenderal Jepang di Surabaya, Masaki Tani, dalam acara itu.", "Masaki Tani",
     "Konsul Jenderal Jepang di Surabaya"),  # the city the consulate sits in is part of the office
    ("Sementara itu hadir Konsul Jenderal Jepang di Surabaya Masaki Tani dalam acara itu.", "Masaki Tani",
     "Konsul Jenderal Jepang di Surabaya"),
    ("“Kami senang,” kata Masaki Tani.", "Masaki Tani", None),  # "Masaki" stems to masak + -i: still a name
    # an apposition that lost its closing comma, the predicate right after the office
    ("Masaki Tani, Konjen Jepang untuk Surabaya turut menghadiri festival.", "Masaki Tani", "Konjen Jepang untuk Surabaya"),
])
def test_japanese_names_and_a_consulate_s_seat(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    ("Prosesi penyerahan gelar adat dilakukan oleh Sultan Buton La Ode Izzat Manafa.", "La Ode Izzat Manafa",
     "Sultan Buton"),
    ("Pontianak didirikan oleh Sultan Syarif Abdurrahman Alkadrie pada 1771.", "Syarif Abdurrahman Alkadrie", "Sultan"),
    ("Sri Sultan Hamengku Buwono X meresmikan pasar.", "Hamengku Buwono X", "Sri Sultan"),  # a ruler's number
])
def test_a_sultan_is_an_office_before_the_name(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text", ["Acara digelar di Jalan Sultan Syarif Kasim, Kota Sukamaju.",
                                  "Rombongan melintas di Jalan Gubernur Suryo, Kota Sukamaju.",
                                  "Rombongan tiba di Bandara Sultan Hasanuddin, Kota Sukamaju."])
def test_an_office_or_title_naming_a_street_or_an_airport_is_no_person(text):
    assert names_in(text) == []


def test_a_place_before_a_bare_office_and_its_verb_is_no_person():
    assert names_in("Di posko Desa Bambel Baru, Bukit Tusam, Presiden menyapa warga.") == []


def test_the_first_lady_is_no_person_named_negara():
    assert names_in("Presiden dan Ibu Negara tiba di bandara pada Kamis.") == []


@pytest.mark.parametrize("text, name, role", [
    ("Sementara itu, Menteri ATR/BPN Budi Santoso direncanakan menyusul pada Kamis.", "Budi Santoso", "Menteri ATR/BPN"),
    ("Acara itu didatangi Wapres RI Budi Santoso pada Senin.", "Budi Santoso", "Wapres RI"),
    ("Hal itu disampaikan Gubri Budi Santoso kepada wartawan.", "Budi Santoso", "Gubri"),
])
def test_offices_of_two_agencies_and_short_forms_of_high_offices(text, name, role):
    assert roles_of(text, name) == [role]


def test_a_titles_shape_inside_a_name_is_an_initial():
    assert names_in("Hal itu disampaikan Mardani H. Maming kepada wartawan.") == ["Mardani H. Maming"]


def test_a_name_then_its_office_then_a_verb_of_saying_is_a_person():
    text = "Budi Santoso, Kepala BPBD Kabupaten Sukamaju mengungkapkan, bantuan segera disalurkan."
    people = extract_facts(record_of(text))["people"]
    assert [(p["name"], p.get("role")) for p in people] == [("Budi Santoso", "Kepala BPBD Kabupaten Sukamaju")]


def test_an_apposition_s_office_may_run_on_into_when_it_was_said():
    text = "“Bantuan nanti ada,” ujar Suli Rosadi, Kepala Dinsos Kota Sukamaju saat dihubungi wartawan."
    assert roles_of(text, "Suli Rosadi") == ["Kepala Dinsos Kota Sukamaju"]


def test_a_word_shaped_like_a_function_word_stays_inside_a_balinese_name():
    assert names_in("“Kami sangat menanti,” ucap I Made Arti Suyasa, seorang pedagang pasar.") == ["I Made Arti Suyasa"]


@pytest.mark.parametrize("text, name", [
    # dictionary words inside or ending a Balinese name are the name's: "Karang", "Antara", "Putra"
    ("Upacara dipuput oleh Ida Pedanda Gede Swabawa Karang Adnyana dari Griya Sukamaju.", "Gede Swabawa Karang Adnyana"),
    ("Hadir Kabag Kesra Kota Sukamaju Ida Bagus Alit Surya Antara, Camat Sukamaju Barat, dan warga.",
     "Ida Bagus Alit Surya Antara"),
    ("Sementara itu, Manggala Karya Anak Agung Ngurah Darma Putra menjelaskan bahwa upacara berjalan lancar.",
     "Anak Agung Ngurah Darma Putra"),
])
def test_a_balinese_name_keeps_its_dictionary_words_and_a_priest_s_title_is_no_part_of_it(text, name):
    assert names_in(text) == [name]


def test_who_is_sworn_in_as_or_replaces_whom_are_people_with_the_office_they_take():
    text = ("Gubernur Budi Santoso melantik Agustyarsah menjadi Penjabat Bupati Sukamaju dan Muhamad Hasan Chabibie "
            "menjadi Penjabat Bupati Banjarnegara di Gedung Gradhika.")
    people = extract_facts(record_of(text, "Agustyarsah menggantikan Umi Azizah yang masa tugasnya selesai."))["people"]
    assert [(p["name"], p["role"]) for p in people] == [
        ("Budi Santoso", "Gubernur"), ("Agustyarsah", "Penjabat Bupati Sukamaju"),
        ("Muhamad Hasan Chabibie", "Penjabat Bupati Banjarnegara"), ("Umi Azizah", None)]
    assert names_in("Pemkot Sukamaju dan Kota Osaka menjadi Kota Kembar sejak 2019.") == []


def test_a_list_of_people_each_with_a_bracketed_office_names_them_all_and_no_beach():
    assert names_in("Rombongan didampingi pejabat kedutaan, yaitu Adrian Palm (Deputy Head of Mission), Maresa "
                    "Oosterman (Kepala Bidang Politik), serta Edwin Arifin (Senior Policy Advisor).") == [
        "Adrian Palm", "Maresa Oosterman", "Edwin Arifin"]
    assert names_in("Hadir antara lain Budi Santoso, Pantai Kelingking, Broken Beach (Pasih Uug), serta Crystal Bay "
                    "di Sukamaju.") == ["Budi Santoso"]


def test_a_balinese_name_ends_before_a_weekday_or_a_place():
    assert names_in("Bupati Sukamaju I Wayan Adi Arnawa Senin (3/3) meninjau banjir.") == ["I Wayan Adi Arnawa"]
    assert names_in("Ketua DPRD Bali I Nyoman Adi Wiryatama Bali menyambut baik.") == ["I Nyoman Adi Wiryatama"]


@pytest.mark.parametrize("text, name, role", [
    ("Menteri Sosial Juliari P Batubara juga tiba di lokasi banjir.", "Juliari P Batubara", "Menteri Sosial"),
    ("SUKAMAJU – Wakil Gubernur Jawa Barat, Salim S Mengga, meminta seluruh pihak bersinergi.", "Salim S Mengga",
     "Wakil Gubernur Jawa Barat"),
    ("Hadir Pangdam XIII/Merdeka Mayjen TNI Budi Santoso di bandara.", "Budi Santoso", "Pangdam XIII/Merdeka"),
    ("Hadir Danrem 132/Tadulako Brigjen TNI Budi Santoso di bandara.", "Budi Santoso", "Danrem 132/Tadulako"),
])
def test_initials_inside_names_dictionary_words_between_commas_and_military_units_are_read(text, name, role):
    assert roles_of(text, name) == [role]


def test_an_office_s_list_of_fields_between_commas_is_no_name():
    text = "Kepala Dinas Koperasi, Usaha Mikro, dan Perdagangan Kota Sukamaju, Budi Santoso, menyebut pasar dibuka."
    assert names_in(text) == ["Budi Santoso"]


@pytest.mark.parametrize("text, name", [
    ("Bupati Sukamaju Abah Budi Santoso mengingatkan warga agar waspada.", "Budi Santoso"),
    ("Salah satu warga, Mbah Sarwini (81), datang ke kantor desa.", "Sarwini"),
])
def test_familiar_courtesy_words_are_no_part_of_the_name(text, name):
    assert names_in(text) == [name]


@pytest.mark.parametrize("text, name, role", [
    ("Bupati Sukamaju Hulu AM Nasir menerima bantuan banjir.", "AM Nasir", "Bupati Sukamaju Hulu"),
    ("Bupati Sukamaju Timur Ampera AY Mebas meresmikan gedung.", "AY Mebas", "Bupati Sukamaju Timur Ampera"),
    ("Kepala Dinas PU Budi Santoso meninjau jembatan.", "Budi Santoso", "Kepala Dinas PU"),  # an agency's acronym
    ("Hadir Danlanud Sukamaju Letkol Nav Budi Santoso di lokasi.", "Budi Santoso", "Danlanud Sukamaju"),
])
def test_two_capitals_after_a_region_open_a_name_and_an_air_force_corps_is_a_title(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    ("Hadir Kepala BPKPD Aden Andri Susilo dan para camat.", "Aden Andri Susilo", "Kepala BPKPD"),
    ("Hadir Kepala BPKPD Sleman Andri Susilo dan para camat.", "Andri Susilo", "Kepala BPKPD Sleman"),
    ("Banjir di Sukamaju ditinjau Kepala BPBD Sukamaju Andri Susilo.", "Andri Susilo", "Kepala BPBD Sukamaju"),
])
def test_a_word_after_an_agency_s_acronym_is_its_region_only_when_it_is_a_place(text, name, role):
    # three names after the acronym: the first is the region when the lexicon or the article calls it a place
    assert roles_of(text, name) == [role]


def test_a_spouse_named_with_the_leader_s_name_is_another_person():
    text = ("Bupati Sukamaju, Asri Ludin Tambunan, meninjau banjir di Sukamaju. Ia didampingi Ketua TP PKK Sukamaju "
            "Wirda Asri Ludin Tambunan.")
    assert roles_of(text, "Asri Ludin Tambunan") == ["Bupati Sukamaju"]
    assert roles_of(text, "Wirda Asri Ludin Tambunan") == ["Ketua TP PKK Sukamaju"]


@pytest.mark.parametrize("province", ["Daerah Istimewa Yogyakarta", "Jawa Tengah"])
def test_a_region_s_province_between_commas_stands_between_the_office_and_the_name(province):
    text = f"Bupati Sukamaju, {province}, Suharsono meresmikan enam pasar rakyat."
    assert roles_of(text, "Suharsono") == ["Bupati Sukamaju"]


@pytest.mark.parametrize("text, name, role", [
    # a given name that opens an office ("Hakim Agung") is a name word
    ("Wali Kota Sukamaju Utara Ali Maulana Hakim menyarankan agar alat disiagakan.", "Ali Maulana Hakim",
     "Wali Kota Sukamaju Utara"),
    # degrees without periods after the name close it, and the office's run
    ("Bupati Sukamaju Budi Santoso SE MM diarak kesenian rakyat.", "Budi Santoso", "Bupati Sukamaju"),
    ("Hadir Kabag Prokopim Siti Wulansari AP MAP dan Forkopimcam Sukajaya.", "Siti Wulansari", "Kabag Prokopim"),
    # Raden's "R" is a title before a name, an initial inside one
    ("Plh Bupati Sukamaju Drs R Achmad Kurniawan MPA memimpin apel.", "Achmad Kurniawan", "Plh Bupati Sukamaju"),
    ("Wali Kota Sukamaju Arief R. Wismansyah memberikan bantuan.", "Arief R. Wismansyah", "Wali Kota Sukamaju"),
    # village heads of Cirebon and Indramayu, district heads of Yogyakarta
    ("Sementara Kuwu Sukajaya Nuryasa mengatakan, jembatan itu sangat membantu.", "Nuryasa", "Kuwu Sukajaya"),
])
def test_given_names_that_open_offices_degrees_without_periods_raden_and_local_offices(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    # two words after a regency's office are a name unless the first is a place known or named by the article
    ("Ketua DPRD Morits Tamaela membuka rapat paripurna, Senin (3/3/2025).", "Morits Tamaela", "Ketua DPRD"),
    ("Sekretaris Kota Robby Sapulette meninjau pasar, Senin (28/4/2025).", "Robby Sapulette", "Sekretaris Kota"),
    ("Ketua DPRD Gianyar Sumarjaya membuka rapat paripurna, Senin (3/3/2025).", "Sumarjaya", "Ketua DPRD Gianyar"),
    ("Ketua DPRD Sukamaju Harjono membuka rapat paripurna DPRD Kabupaten Sukamaju, Senin (3/3/2025).", "Harjono",
     "Ketua DPRD Sukamaju"),
    # a district's or village's office: its region is never in a list, so the first word always is the region
    ("Camat Kadia Subhan meninjau pasar, Senin (28/4/2025).", "Subhan", "Camat Kadia"),
])
def test_two_words_after_a_regional_office_are_a_region_and_a_name_only_when_the_first_is_a_place(text, name, role):
    assert roles_of(text, name) == [role]


def test_one_word_after_an_office_like_bupati_is_the_officer_unless_it_is_a_place():
    assert roles_of("Gubernur Mahyeldi meninjau kawasan itu, Jumat (17/1/2025).", "Mahyeldi") == ["Gubernur"]
    assert names_in("Bupati Gianyar meninjau pasar, Jumat (17/1/2025).") == []  # the gazetteer's
    assert names_in("Bupati Sukamaju meninjau pasar di Kabupaten Sukamaju, Jumat (17/1/2025).") == []  # the article's


def test_an_office_after_selaku_across_a_comma_is_the_persons():
    assert roles_of("Makmur Marbun, selaku Penjabat Bupati PPU, merasa prihatin atas kejadian itu.",
                    "Makmur Marbun") == ["Penjabat Bupati PPU"]


def test_a_name_in_brackets_after_an_office_and_its_region_is_the_officer_and_a_nickname_is_not_a_person():
    text = ("Yang dikukuhkan adalah Pjs Bupati Pemalang (Agung Hariyadi), Pjs Bupati Banjarnegara (Endi Faiz Effendi), "
            "dan Pjs Wali Kota Surakarta (Dhoni Widianto).")  # regions the gazetteer knows
    assert names_in(text) == ["Agung Hariyadi", "Endi Faiz Effendi", "Dhoni Widianto"]
    assert roles_of(text, "Dhoni Widianto") == ["Pjs Wali Kota Surakarta"]
    assert names_in("Bupati Jembrana (I Putu Artha) meninjau lokasi banjir.") == ["I Putu Artha"]
    assert names_in("Gubernur NTB Lalu Muhammad Iqbal (Miq Iqbal) hadir.") == ["Lalu Muhammad Iqbal"]
    assert names_in("Kepala Dinas Pariwisata (Kadis Pariwisata) Budi Santoso membuka acara.") == ["Budi Santoso"]


def test_a_cabinet_secretary_and_a_ceremonys_commander_are_offices_not_names():
    assert roles_of("Hadir Seskab Teddy Indra Wijaya di lokasi.", "Teddy Indra Wijaya") == ["Seskab"]
    assert roles_of("Bertindak sebagai Komandan Upacara Andi Akbar Perdana.", "Andi Akbar Perdana") == [
        "Komandan Upacara"]


def test_an_office_building_a_grave_and_a_sentences_opening_verb_name_nobody():
    assert names_in("Pelantikan berlangsung pada Kamis (6/11/2025) di Kantor Gubernur, Sofifi.") == []
    assert names_in("Upacara digelar di Pendopo Bupati Sukamaju, Rabu (14/8/2024).") == []
    assert names_in("Rombongan berziarah ke Makam Sultan Hasanuddin lalu ke Taman Sultan Hasanuddin.") == []
    assert names_in("Dijadwalkan, Wapres Gibran akan meninjau pasar di Padang pada Rabu (30/7/2025).") == ["Gibran"]


def test_one_word_names_inside_a_list_of_people_are_people_and_a_place_after_one_name_is_not():
    text = ("Hadir pula tokoh-tokoh DPRD Sukamaju seperti H. Aiyub Bin Abbas, Khalid, S.Pd.I, Hery Ahmadi, Khairil "
            "Syahrial, Dalimi, dan Ihsanuddin.")
    assert names_in(text) == ["Aiyub Bin Abbas", "Khalid", "Hery Ahmadi", "Khairil Syahrial", "Dalimi", "Ihsanuddin"]
    assert "Sukajaya" not in names_in("Warga menyambut H. Budi Santoso, Sukajaya, dan rombongan.")


@pytest.mark.parametrize("text, name, role", [
    # one word after an agency named for its region is the region, unless degrees follow it: no region has any
    ("Hadir Kalak BPBD Haryono SSos di lokasi banjir.", "Haryono", "Kalak BPBD"),
    # a dinas's short office and its region
    ("Ia didampingi Kadinsos Sukamaju Mulyadi, SE dan Camat Sukajaya di Kabupaten Sukamaju.", "Mulyadi",
     "Kadinsos Sukamaju"),
    # Javanese directions continue a district's name
    ("Camat Sukamaju Kidul Rachmat Noviar menambahkan bahwa banjir tahun ini lebih besar.", "Rachmat Noviar",
     "Camat Sukamaju Kidul"),
])
def test_degrees_tell_a_name_from_a_region_short_dinas_offices_and_javanese_directions(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    # Buton's and Muna's noble names open with "La Ode" / "Wa Ode", no region
    ("Ia disambut hangat oleh Wakil Bupati La Ode Yasir bersama jajaran pimpinan OPD.", "La Ode Yasir",
     "Wakil Bupati"),
    # two words after a regional secretary are a name; three, a region and a name
    ("Jumpa pers dihadiri Sekretaris Daerah Aprizal Hasyim serta sejumlah kepala OPD.", "Aprizal Hasyim",
     "Sekretaris Daerah"),
    ("Sekda Sukamaju Nurdin Yana mengatakan rapat digelar pekan depan.", "Nurdin Yana", "Sekda Sukamaju"),
    # given names that are dictionary words too
    ("Sutinah berjalan didampingi Wakil Bupati Yuki Permana, menyampaikan terima kasih.", "Yuki Permana",
     "Wakil Bupati"),
    ("Wakil Presiden Gibran Rakabuming Raka meninjau pengungsian bersama sejumlah menteri.",
     "Gibran Rakabuming Raka", "Wakil Presiden"),
    ("Ia berkelakar, ada peran Wali Kota Sukamaju Barat, Arifin, yang menginstruksikan petugas kebersihan.",
     "Arifin", "Wali Kota Sukamaju Barat"),
    ("Bupati Sukamaju Andika Mahardika meninjau lokasi banjir, Senin.", "Andika Mahardika", "Bupati Sukamaju"),
])
def test_noble_openings_a_secretary_s_name_and_given_names_that_are_dictionary_words(text, name, role):
    assert roles_of(text, name) == [role]


@pytest.mark.parametrize("text, name, role", [
    ("Hadir Ketua DPRD Sukamaju Sitti Suhardi, Sekprov Sukamaju Muhammad Idris, dan jajaran forkopimda.",
     "Muhammad Idris", "Sekprov Sukamaju"),
    ("Mewakili Wali Kota, Sekretaris Kota (Sekkot) Sukamaju Micler Lakat menerima kunjungan kerja.", "Micler Lakat",
     "Sekretaris Kota Sukamaju"),
])
def test_a_province_s_or_a_city_s_secretary_and_the_region_before_the_name(text, name, role):
    assert roles_of(text, name) == [role]


def test_initials_written_as_capitals_open_a_name_where_a_person_is_named():
    # After an office and its comma, a verb of saying, or at a sentence's start: "SF" is a person's initials. After
    # other words the capitals are an organisation's ("bersama PRB Simpotove Tangguh", "LSU Joe Alleva").
    people = names_in("Sekretaris Daerah Provinsi Riau, SF Hariyanto, meresmikan jembatan Limau Manis.",
                      "\"Jembatan ini mempercepat mobilitas masyarakat,\" ujar SF Hariyanto.")
    assert people == ["SF Hariyanto"]
    assert "PRB Simpotove Tangguh" not in names_in("Pelatihan digelar bersama PRB Simpotove Tangguh di Palu.")
    assert names_in("Direktur atletik LSU Joe Alleva mengucapkan terima kasih kepada polisi.") == ["Joe Alleva"]


def test_running_mates_named_for_a_pair_of_offices_are_both_people():
    people = names_in("Adapun yang dilantik yakni Bupati dan Wakil Bupati Kapuas Hulu, Fransiskus Diaan - Wahyudi "
                      "Hidayat, serta Bupati dan Wakil Bupati Sintang, Jarot Winarno - Yosef Sudiyanto.")
    assert set(people) == {"Fransiskus Diaan", "Wahyudi Hidayat", "Jarot Winarno", "Yosef Sudiyanto"}
    assert names_in("Wali Kota Bekasi - Tri Adhianto meresmikan pasar, Senin.") == ["Tri Adhianto"]  # one office
    glued = names_in("Gubernur melantik Bupati dan Wakil Bupati Kapuas Hulu, Fransiskus Diaan-Wahyudi Hidayat.")
    assert set(glued) == {"Fransiskus Diaan", "Wahyudi Hidayat"}
    assert "Paulina Haning-Bullu" in names_in("Bupati Kupang, Paulina Haning-Bullu, meresmikan pasar.")  # one name
    # listed after "pasangan", each pair closed by its offices or region in brackets
    listed = names_in("Yang dilantik adalah pasangan Budi Santoso-Hendra Wijaya (Bupati-Wakil Bupati Sukamaju), "
                      "Agus Salim-Rudi Hartono (Sukamaju Barat) dan Suparmo-Dewi Lestari (Sukamaju Timur).")
    assert set(listed) == {"Budi Santoso", "Hendra Wijaya", "Agus Salim", "Rudi Hartono", "Suparmo", "Dewi Lestari"}


def test_consuls_and_attaches_are_read_with_their_names():
    # "Konsul Jenderal Jepang di Surabaya Masaki Tani": the consulate's city belongs to the office. "Konjen Miyakawa
    # Katsutoshi di Kota Manado": the name comes first, and the city is where the visit is.
    assert names_in("Wali kota menyambut kehadiran Konjen Miyakawa Katsutoshi di Kota Manado.") == ["Miyakawa Katsutoshi"]
    assert names_in("Konsul Jenderal Jepang di Surabaya Masaki Tani meninjau pasar.") == ["Masaki Tani"]
    # an attaché is an office, and Portuguese names keep their "do"
    assert names_in("Atase Pendidikan Konsulat RDTL, Gregorio do Santos, menyampaikan permohonan.") \
        == ["Gregorio do Santos"]


def test_regencies_outside_java_and_the_short_forms_news_writes_are_regions_not_names():
    # "Kukar" (Kutai Kartanegara) and "Lotim" (Lombok Timur) are in the list of regions: the name after them is the
    # person's, and an office with only its region names nobody.
    assert names_in("Sementara itu, Kepala Dinas Pendidikan Kukar Wiyono menjelaskan program itu.") == ["Wiyono"]
    assert names_in("Wakil Ketua DPRD Lotim menyampaikan aspirasi warga.") == []
