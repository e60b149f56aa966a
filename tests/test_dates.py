"""The date a reader would give an article: event date in the body first, then stamps and metadata."""

from datetime import date

import pytest

from pipeline.config import load_config
from pipeline.stages.normalize import CALENDAR_FILE, SPEECH_VERBS_FILE, NormalizeResources, normalize_article
from pipeline.text.dates import DateFinder

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def finder():
    return DateFinder.load(CALENDAR_FILE, SPEECH_VERBS_FILE)


def choose(finder, body, page=(), **kwargs):
    return finder.choose(list(body), page=[*page, *body], today=TODAY, **kwargs)


def test_a_render_header_does_not_win_over_the_article_stamp_and_its_event(finder):
    page = ["Rabu, 04 Feb 2026 07:10 WIB", "Pemkot Tinjau Pasar Baru", "Sabtu, 29 Okt 2022 12:24 WIB"]
    body = ["Wali Kota meninjau Pasar Baru di Kecamatan Timur.",
            '"Pasar ini harus bersih," kata Wali Kota Sulaiman, Sabtu (29/10/2022).']
    chosen = choose(finder, body, page)
    assert (chosen.date, chosen.source) == (date(2022, 10, 29), "lead")


def test_the_statement_date_wins_over_background_dated_earlier(finder):
    page = ["Senin, 7 Desember 2021 | 09:12 WIB"]
    body = ["Banjir bandang, Sabtu (4/12/2021), merendam tiga desa di hulu sungai.",
            "Pemkot membuka posko bantuan bagi warga terdampak.",
            '"Kami kirim relawan hari ini," ujar Sekda Ratna Dewi, Senin (6/12/2021).']
    assert choose(finder, body, page).date == date(2021, 12, 6)


def test_a_planned_event_after_publication_is_not_the_article_date(finder):
    page = ["28 November 2024 17:57 WIB"]
    body = ['"Kunjungan dimulai hari ini," terang Kabag Humas Andi Wirawan, Rabu (28/11/2024).',
            "Pada Jumat pagi (30/11), rombongan dijadwalkan meninjau pelabuhan."]
    assert choose(finder, body, page).date == date(2024, 11, 28)


def test_an_announced_plan_dates_the_article_only_when_nothing_else_does(finder):
    # No stamp: the announcement ("disampaikan ..., Sabtu") is the news, not the meeting it announces.
    body = ["Bupati akan menggelar apel akbar bersama seluruh keuchik.",
            "Hal itu disampaikan Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Sukamaju, Budi Santoso, "
            "dalam rapat persiapan bersama para camat dan kepala desa di aula kantor Kecamatan Sukajaya, Sabtu "
            "(12/4/2025).",
            "Lebih lanjut, Kepala Dinas Budi mengatakan rapat koordinasi tersebut akan dilaksanakan pada hari selasa "
            "tanggal 15 April 2025 di Jantho."]
    assert choose(finder, body).date == date(2025, 4, 12)
    assert choose(finder, body[:1] + body[2:]).date == date(2025, 4, 15)
    # "akan" inside the quotation is no plan of the date that dates the quotation
    quoted = ['"Satu pemain lagi akan bergabung dengan kita," kata pelatih, Kamis (3/7/2025).',
              "Tim berlatih di Yogyakarta sejak Selasa (1/7/2025) lalu."]
    assert choose(finder, quoted).date == date(2025, 7, 3)


def test_without_a_stamp_the_attributed_date_beats_a_file_photo_caption(finder):
    body = ["Wali Kota Ani Lestari saat meresmikan taman kota, Rabu, 12 Juni 2024. Dok. Humas",
            "Pemkot menerima delegasi dari Jepang untuk belajar pengelolaan sampah.",
            '"Kami datang untuk belajar," kata Kepala Biro Lingkungan, Mr. SATO Ken, di Balai Kota, Selasa, '
            "4 November 2025."]
    assert choose(finder, body).date == date(2025, 11, 4)


def test_kamis_lalu_moves_the_date_back_to_that_day(finder):
    body = ["Bupati Sari Wulandari menyambangi Kantor Wali Kota Padang pada Kamis lalu.",
            '"Kami belajar soal sampah," ungkap bupati, Senin (4/3/2019).']
    chosen = choose(finder, body)
    assert chosen.date == date(2019, 2, 28) and "date_relative" in chosen.flags


def test_a_weekday_with_kemarin_right_before_its_own_date_stays_on_that_date(finder):
    body = ["Pameran produk UMKM yang digelar pada Jumat kemarin, 10 Maret 2023 di Gedung Serbaguna mencatat "
            "transaksi Rp1,2 miliar."]
    chosen = choose(finder, body)
    assert chosen.date == date(2023, 3, 10) and "date_relative" not in chosen.flags


def test_minggu_lalu_in_lower_case_is_last_week_not_last_sunday(finder):
    body = ["Harga cabai di Pasar Baru naik lagi.",
            "Padahal minggu lalu harga memang sudah naik, jelas pedagang Yolanda, Rabu (24/9/2025)."]
    chosen = choose(finder, body)
    assert chosen.date == date(2025, 9, 24) and "date_relative" not in chosen.flags
    body[1] = body[1].replace("minggu lalu", "Minggu lalu")  # the Sunday
    assert choose(finder, body).date == date(2025, 9, 21)


def test_a_written_date_without_its_year_is_read_by_its_weekday(finder):
    page = ["Minggu, 1 September 2024 | 08:15 WIB"]
    body = ["Penyambutan kontingen digelar di pendopo bupati pada Sabtu, 31 Agustus.", "Warga antusias."]
    assert choose(finder, body, page).date == date(2024, 8, 31)


def test_a_weekday_date_in_the_weeks_after_the_page_is_a_plan_not_a_year_long_past(finder):
    body = ["Gubernur berharap penyuntikan di provinsi dimulai pada Kamis, 14 Januari.",
            "Vaksinasi tahap pertama digelar di Istana, Rabu (13/1/2021)."]
    assert choose(finder, body).date == date(2021, 1, 13)  # not 2016-01-14, the last Thursday 14 January before


def test_a_wrong_weekday_keeps_the_digits_and_is_flagged(finder):
    chosen = choose(finder, ["Forum warga digelar Senin (6/1/2026) di Medan Marelan."])
    assert chosen.date == date(2026, 1, 6) and "weekday_mismatch" in chosen.flags


def test_tersebut_and_selanjutnya_are_no_verbs_of_saying(finder):
    # "tersebut" holds "sebut", "selanjutnya" holds "lanjut": neither attributes a statement, so the earlier
    # background date does not win as "when it was said".
    body = ["Bupati dan wakil bupati tiba di Ruteng, Minggu (28/2/2021) sore.",
            "Kedatangan bupati tersebut usai dilantik gubernur, Jumat (26/2/2021) petang di Kupang."]
    assert choose(finder, body).date == date(2021, 2, 28)


def test_a_date_written_month_first_is_read_when_only_that_order_is_a_date(finder):
    assert choose(finder, ["Wakil bupati menemui investor, dikutip dari siaran pers, Jumat (6/21/2019)."]).date == \
        date(2019, 6, 21)


def test_an_editors_yesterday_inside_a_quotation_does_not_move_the_written_date(finder):
    body = ["“Alhamdulillah hari ini (kemarin-red) kami menandatangani MoU,” ujar bupati di pendopo, Selasa 5 Juli 2022."]
    chosen = choose(finder, body)
    assert chosen.date == date(2022, 7, 5) and "date_relative" not in chosen.flags


def test_today_is_no_plan_and_a_dates_own_yesterday_moves_no_other_date(finder):
    body = ["Bupati dilantik oleh gubernur, Jumat (26/2/21) kemarin. Bupati akan disambut secara adat di Ruteng hari "
            "ini, Minggu (28/2/21) sore."]
    chosen = choose(finder, body, url="https://kabarkita.co/2021/02/28/bupati-tiba")
    assert chosen.date == date(2021, 2, 28) and "date_relative" not in chosen.flags


def test_a_date_something_has_run_since_is_background(finder):
    body = ["Kerja sama ini melanjutkan program yang dimulai sejak 4 september 2017 hingga saat ini.",
            "Penandatanganan dilaksanakan pada Senin (17/1/2022) di gedung rektorat."]
    assert choose(finder, body).date == date(2022, 1, 17)


def test_a_statement_a_day_after_the_event_dates_nothing_even_when_the_event_is_told_further_down(finder):
    body = ["Warga Donggala masih mengungsi di tenda darurat.",
            "\"Kami masih mendata rumah yang rusak,\" kata Kepala BPBD Sukamaju Budi Santoso, Minggu (10/9/2023).",
            "Bantuan logistik mulai disalurkan ke lima desa.",
            "Gempa bermagnitudo 6,3 mengguncang Donggala pada Sabtu (9/9/2023) malam."]
    assert choose(finder, body).date == date(2023, 9, 9)


def test_an_earlier_like_event_is_background_and_a_word_holding_a_verb_of_saying_attributes_nothing(finder):
    body = ["Banjir merendam 40 rumah di Desa Sukamaju pada Senin (13/5/2024). Ketinggian air mencapai 50 cm.",
            "Sebelumnya, banjir serupa terjadi pada Kamis (2/5/2024).", "Warga mengungsi ke balai desa."]
    assert choose(finder, body).date == date(2024, 5, 13)  # "serupa" holds "seru" but says nothing


def test_a_bracketed_range_across_two_months_is_dated_by_its_first_day_and_sejak_opens_a_range(finder):
    body = ["Festival budaya tahunan kembali digelar di Tenggarong.", "Ribuan warga memadati tepian sungai.",
            "Rangkaian acara berlangsung sepekan ke depan (24 September – 1 Oktober 2023) di sejumlah lokasi."]
    assert choose(finder, body).date == date(2023, 9, 24)
    assert choose(finder, ["Dalam kegiatan yang berlangsung sejak 13-15 Mei 2024 itu delegasi meninjau kampung."]
                  ).date == date(2024, 5, 13)


def test_a_wrong_year_is_mended_when_the_page_writes_that_day_with_its_weekday(finder):
    page = ["Warga memadati taman kota, Minggu (3/1/2016). (FOTO: ISTIMEWA)"]
    chosen = choose(finder, ["Wali kota mengunjungi taman baru itu, Minggu (3/1/2015) siang."], page)
    assert chosen.date == date(2016, 1, 3) and "weekday_mismatch" not in chosen.flags


def test_a_wrong_weekday_does_not_send_a_yearless_date_years_before_the_year_the_page_writes(finder):
    page = ["Berita lain: pelantikan pejabat eselon dua digelar di aula kantor gubernur pada 12 Mei 2019 lalu."]
    body = ["Rapat pleno APBD 2019 digelar di gedung dewan, Rabu (9/4).", "Rapat berlangsung alot."]
    chosen = choose(finder, body, page)
    assert chosen.date == date(2019, 4, 9) and "weekday_mismatch" in chosen.flags  # not 2014, a Wednesday


def test_a_yearless_weekday_date_just_after_the_latest_date_the_page_writes_is_read_in_the_next_year(finder):
    body = ["Bupati Sukamaju meresmikan gedung pelayanan terpadu di pusat kota, Selasa (18/2).",
            "Gedung itu dibangun setelah bupati terpilih pada Pilkada 27 November 2024 berjanji mempercepat layanan."]
    chosen = choose(finder, body)
    assert chosen.date == date(2025, 2, 18) and "weekday_mismatch" not in chosen.flags  # not Sunday 18/2/2024


def test_a_wrong_day_is_mended_when_the_page_writes_the_weekdays_date_nearby(finder):
    page = ["Jumat, 03 Juni 2022, 9:17 AM", "Bupati disambut warga di dermaga, Jumat (3/6/2022) pagi. (KABARKITA)"]
    chosen = choose(finder, ["Rombongan bupati tiba di pulau terluar, Jumat, 2 Juni 2022 pagi."], page)
    assert chosen.date == date(2022, 6, 3) and "weekday_mismatch" not in chosen.flags


def test_a_yearless_date_takes_the_year_of_the_stamp_or_is_guessed_from_its_weekday(finder):
    body = ["Senam pagi digelar di halaman kantor wali kota, Jumat (30/10)."]
    stamped = choose(finder, body, ["Sabtu, 31 Oktober 2020 08:00 WIB"])
    assert stamped.date == date(2020, 10, 30) and "date_year_guessed" not in stamped.flags
    guessed = choose(finder, body)
    assert guessed.date == date(2026, 10, 30) and "date_year_guessed" in guessed.flags
    # A related-articles list from the page's render time bounds the guess: the article is older.
    bounded = choose(finder, body, ["Berita Terpopuler", "access_time27-01-2026 remove_red_eye1387"])
    assert bounded.date == date(2020, 10, 30)


def test_history_deep_in_the_body_is_no_article_date(finder):
    body = ["Bupati menanggapi usulan perubahan nama ibu kota kabupaten.", "Ia menilai perubahan belum perlu.",
            "Kota itu ditetapkan berdasarkan peraturan daerah tanggal 2 April 2004 tentang hari jadi."]
    assert choose(finder, body).date is None
    assert choose(finder, body, url="https://contoh.id/berita/2021/05/11/usulan-nama").date == date(2021, 5, 11)
    assert choose(finder, body, url="https://contoh.id/daerah/11/05/2021/usulan-nama").date == date(2021, 5, 11)


def test_a_date_of_history_in_an_organisations_name_is_not_the_news(finder):
    body = ["Wakil Ketua DPRD Kota Sukamaju menghadiri ziarah yang diselenggarakan oleh Yayasan 25 Januari 1946 di Taman "
            "Makam Pahlawan, Selasa pagi (27/05).", "Acara berlangsung khidmat."]
    assert choose(finder, body).date == date(2025, 5, 27)  # not 1946-01-25; the latest Tuesday 27 May


def test_the_record_says_where_its_date_came_from():
    resources = NormalizeResources.load(load_config(None).normalize)
    article = {"id": "a", "text": "Pasar Baru diresmikan Wali Kota, Senin (4/9/2023).\nWarga senang.",
               "title": "Pasar Baru Diresmikan", "published": "2023-09-05"}
    record = normalize_article(article, resources)
    assert (record["date"], record["date_source"]) == ("2023-09-04", "lead")
    undated = normalize_article({**article, "text": "Pasar Baru diresmikan.\nWarga senang."}, resources)
    assert (undated["date"], undated["date_source"]) == ("2023-09-05", "metadata")


def test_a_typo_year_is_dropped_and_the_weekday_dates_the_event(finder):
    body = ["DPRD menyetujui dua Ranperda menjadi Perda di Kabupaten Sukamaju, Sabtu (21/01/3023)."]
    chosen = choose(finder, body)
    assert chosen.date == date(2023, 1, 21) and "date_year_guessed" in chosen.flags


def test_a_yearless_date_takes_a_year_the_page_writes_when_its_weekday_fits(finder):
    # 5 March was a Tuesday in 2019 and in 2024: the page's "2019" decides; without it, the latest fitting year.
    body = ["Kemlu menggelar Diplomatic Outreach 2019 di Kabupaten Blitar pada Selasa (5/3) malam."]
    chosen = choose(finder, body)
    assert chosen.date == date(2019, 3, 5) and "date_year_guessed" in chosen.flags
    assert choose(finder, ["Kemlu menggelar Diplomatic Outreach di Kabupaten Blitar pada Selasa (5/3) malam."]
                  ).date == date(2024, 3, 5)
    assert choose(finder, ["Pembukaan TMMD Reguler 105/2019 digelar Kamis (8/8) di desa itu."]).date == date(2019, 8, 8)
    # A written year whose calendar has another weekday that day is no reading: the latest fitting year stays.
    assert choose(finder, ["Warga kerja bakti Selasa (5/3) sesuai program sejak 2018."]).date == date(2024, 3, 5)


@pytest.mark.parametrize("text, expected", [
    ("Rombongan berkunjung mulai tanggal 5-8 Maret 2019 ke pendopo kabupaten.", date(2019, 3, 5)),
    ("Rakernas berlangsung 3 sampai 5 Juli 2019 di Semarang.", date(2019, 7, 3)),
    ("Pameran digelar 14 – 16 Juni 2024 di alun-alun.", date(2024, 6, 14)),
    ("Lomba digelar 1 Juli hingga 11 Juli 2012 di Jakarta.", date(2012, 7, 1)),  # the month written twice
    ("Lawatan studi berlangsung dari 28 Agustus hingga 6 September 2018.", date(2018, 8, 28)),  # across months
])
def test_a_date_range_is_dated_by_its_first_day(finder, text, expected):
    assert choose(finder, [text]).date == expected


def test_a_night_or_two_days_running_is_dated_by_the_day_it_led_to(finder):
    # Rain "from Sunday to Monday" is background; what it caused, the news, is Monday's.
    body = ["Hujan lebat yang mengguyur sejak Minggu (16/10/2022) hingga Senin (17/10/2022) menyebabkan longsor di "
            "Kecamatan Sukamaju.", "Tim gabungan membersihkan material longsor."]
    assert choose(finder, body).date == date(2022, 10, 17)
    worked = ["Selama dua hari, Senin (21/4/2025) hingga Selasa pagi (22/4/2025), petugas mengeruk saluran drainase.",
              '"Saluran sudah lancar," kata kepala dinas, Selasa (22/4/2025).']
    assert choose(finder, worked).date == date(2025, 4, 22)
    # Three days or more is a programme, which its first day dates
    festival = ["Festival budaya digelar di alun-alun mulai Kamis (29/9/2022) hingga Minggu (2/10/2022)."]
    assert choose(finder, festival).date == date(2022, 9, 29)


def test_jumat_with_a_curly_apostrophe_is_a_weekday(finder):
    assert choose(finder, ["Senam pagi digelar di halaman kantor wali kota, Jum’at (30/10)."]).date == date(2026, 10, 30)


def test_a_phone_number_is_no_written_year(finder):
    # 7 July was a Thursday in 1966 and 2022: "1966" here is the end of a phone number, not a year of the story.
    body = ["Ribuan warga menghadiri open house wali kota, Kamis (7/7).",
            "Hubungi redaksi di 0813 3966 1966 bila berita tidak sesuai fakta."]
    assert choose(finder, body).date == date(2022, 7, 7)


def test_a_regulations_year_is_history_and_a_ranges_last_day_still_bounds_the_guess(finder):
    # 21 January was a Saturday in 2017 and 2023; the regulation of 2017 says nothing of the session's year.
    body = ["DPRD menyetujui perubahan kedua atas Peraturan Daerah Nomor 4 Tahun 2017, Sabtu (21/1)."]
    assert choose(finder, body, ["Senin, 23 Januari 2023 10:00 WIB"]).date == date(2023, 1, 21)
    assert choose(finder, body).date == date(2023, 1, 21)  # the latest Saturday 21 January before today
    # The status runs "5 hingga 18 Oktober 2021": the page reaches the 18th, so Sunday 10 October is in 2021.
    body = ["Status tanggap darurat berlaku sejak 5 hingga 18 Oktober 2021.", "Air mulai surut, Minggu (10/10)."]
    assert choose(finder, body).date == date(2021, 10, 5)
    assert choose(finder, body[1:], body[:1]).date == date(2021, 10, 10)


def test_a_statement_the_day_after_the_leads_event_does_not_date_the_article(finder):
    body = ["Kapolda meresmikan pos polisi di Distrik Sukamaju, Jumat (12/5/2023) siang.",
            "Pos itu dijaga enam personel.",
            '"Pos ini mendekatkan polisi dengan warga," ujarnya melalui keterangan tertulis, Sabtu (13/5/2023).']
    chosen = choose(finder, body)
    assert (chosen.date, chosen.source) == (date(2023, 5, 12), "lead")


def test_a_statement_the_day_after_dates_the_article_when_the_body_names_that_day_for_the_news(finder):
    # The flood swept a villager away on Thursday; the regent came on Friday, the day of the statement.
    body = ["Banjir bandang menyeret seorang warga Desa Sukamaju, Kamis (11/3/2021) sore.",
            "Pencarian korban masih dilakukan tim gabungan.",
            '"Arus sungai masih deras," kata Kepala Desa Sukamaju, Jumat (12/3/2021).',
            "Pada Jumat sore Bupati Sukamaju tiba di lokasi dan meninjau tenda pengungsian."]
    assert choose(finder, body).date == date(2021, 3, 12)
    assert choose(finder, body[:3]).date == date(2021, 3, 11)  # nothing names Friday for the news: the flood's day
    # being reached for comment dates a statement as a verb of saying does
    reached = [*body[:2], "Kepala Desa Sukamaju yang dihubungi pada pukul 18.00 WIB, Jumat, 12 Maret 2021 menyebut "
               "arus sungai masih deras.", body[3]]
    assert choose(finder, reached).date == date(2021, 3, 12)


def test_a_sentence_that_says_when_a_plan_happens_is_part_of_the_plan(finder):
    body = ["Gubernur menunjuk Sekda Sukamaju sebagai pelaksana harian, Senin (12/2/2024).",
            "Kemendagri akan melantik Sekda sebagai penjabat gubernur setelah pemilu. Tepatnya pada Jumat (16/2/2024)."]
    stamp = ["Sabtu, 11 Mei 2024 10:15 WIB"]  # the page printed months later: the latest date before it would win
    assert choose(finder, body, stamp).date == date(2024, 2, 12)
    # ... and one that says when something happened is the event's
    body = ["Kebakaran melanda permukiman warga, Senin (21/10/2024). Bupati turun langsung ke lokasi. Tepatnya pada "
            "Selasa (22/10/2024) sore, ia meninjau rumah warga."]
    assert choose(finder, body, ["Rabu, 23 Okt 2024 08:00 WIB"]).date == date(2024, 10, 22)


def test_what_a_sentence_opens_by_following_is_background(finder):
    body = ["Pasca banjir yang melanda Kecamatan Sukamaju pada Minggu (31/1/2021), Pemkab Sukamaju menyiapkan "
            "perbaikan.",
            '"Hari ini kami meninjau jembatan yang ambrol," kata Kepala Dinas PU, Senin (1/2/2021).']
    assert choose(finder, body).date == date(2021, 2, 1)
    # inside a sentence, "pasca" names what the news came after, not when: the day is the news's
    body = ["Gubernur memimpin apel pasca libur Lebaran di halaman kantor gubernur, Senin (10/6/2019).",
            "Ia meminta pegawai segera bekerja, Selasa (11/6/2019)."]
    assert choose(finder, body).date == date(2019, 6, 10)


def test_an_event_the_text_calls_earlier_does_not_take_the_date_from_the_statement(finder):
    # Today's quake is dated only by a witness's words; the quake the day before is background ("sebelumnya").
    body = ["Gempa kembali mengguncang Kabupaten Sukamaju dini hari tadi.", "Sejumlah rumah rusak berat.",
            '"Isi rumah kami berjatuhan," kata Arifin, warga Sukamaju, Jumat 15 Januari 2021.',
            "Gempa sebelumnya, Kamis 14 Januari 2021, tercatat berkekuatan magnitudo 5,9."]
    assert choose(finder, body).date == date(2021, 1, 15)


def test_the_date_in_an_agency_dateline_dates_the_story_and_a_stray_space_is_no_obstacle(finder):
    body = ["Kabupaten Lombok Barat memborong penghargaan penyuluhan pertanian tahun 2011.", "Warga senang."]
    chosen = choose(finder, body, dateline="Mataram, 15/8 (ANTARA) -")
    assert (chosen.date, chosen.source) == (date(2011, 8, 15), "stamp") and "date_year_guessed" in chosen.flags
    assert choose(finder, body, dateline="Mataram, 15/8/2011 (ANTARA) -").flags == ()
    assert choose(finder, body).date is None
    assert choose(finder, ["Festival digelar di Kota Sawahlunto, Rabu (29 /8) pada 2018."]).date == date(2018, 8, 29)
    written_out = choose(finder, body, dateline="Perth, 3 Juli 2024 –")  # a date written out in the dateline
    assert (written_out.date, written_out.source) == (date(2024, 7, 3), "stamp")


def test_yesterday_inside_a_quote_is_the_speaker_s_not_the_attributed_date_s(finder):
    quoted = ['"Kemarin kami sudah rapat dengan dinas pendidikan. Semua siap," kata Rina saat peluncuran di Pendopo '
              'Kabupaten, Senin (7/6/2021).']
    assert choose(finder, ["Bupati meluncurkan program beasiswa.", *quoted]).date == date(2021, 6, 7)
    narrated = ["Bupati meluncurkan program beasiswa kemarin di Pendopo Kabupaten, kata Rina, Senin (7/6/2021)."]
    assert choose(finder, narrated).date == date(2021, 6, 6)  # outside a quote it still moves the date back


def test_a_dateline_s_day_over_a_later_page_stamp_is_the_day_the_story_was_filed(finder):
    body = ["Pegawai Pemkab Banyuwangi mengadakan kerja bakti di bantaran sungai.", "Warga ikut membantu."]
    page = ["Selasa, 3 November 2009"]
    assert choose(finder, body, page, dateline="Banyuwangi (29/10)").date == date(2009, 10, 29)
    assert choose(finder, body, page, dateline="Banyuwangi (3/9)").date == date(2009, 11, 3)  # two months: the stamp
    written_out = choose(finder, body, ["Kamis, 5 November 2009 | Last Updated 2009-11-05"], dateline="Banyuwangi, "
                         "3 November 2009 –")  # a date written out in the dateline, the page updated two days later
    assert written_out.date == date(2009, 11, 3)


def test_a_url_naming_year_and_month_bounds_the_guess_of_a_yearless_date(finder):
    body = ["Bupati meninjau tanggul yang jebol, Kamis (5/3).", "Jembatan itu dibangun 11 Januari 2013 silam."]
    assert choose(finder, body, url="https://kabarkita.blogspot.com/2020/03/bupati-tinjau-tanggul.html").date == \
        date(2020, 3, 5)
    assert choose(finder, body).date != date(2020, 3, 5)  # without the URL the weekday alone guesses another year


def test_a_data_cut_off_is_no_event_date(finder):
    body = ["Pemkab Sukamaju menyalurkan bantuan kepada 29 keluarga korban angin kencang.",
            "Melalui catatan BPBD per Jumat (9/5/2025) pukul 22.00 WIB, ada 31 rumah rusak."]
    assert choose(finder, body).date is None


def test_a_wrong_month_beside_the_same_weekday_and_day_elsewhere_is_a_typo(finder):
    body = ["Festival Upacara Adat dimulai pada Senin, 12 Juni 2023 dan dibuka langsung oleh Bupati.",
            "Festival berlangsung dua hari di Lapangan Sukamaju.",
            '"Kami berharap festival ini menjadi sarana melestarikan adat," kata Bupati, Senin, 12 Februari 2023.']
    chosen = choose(finder, body)
    assert chosen.date == date(2023, 6, 12) and "weekday_mismatch" not in chosen.flags


def test_a_caption_dates_the_event_the_body_names_only_by_its_weekday(finder):
    caption = ("Pjs Bupati Sukamaju Budi Santoso saat menyerahkan secara simbolis bantuan untuk warga yang menjadi "
               "korban angin kencang beberapa waktu lalu, Rabu (6/11/2024). ANTARA/HO-Prokopim")
    body = ["Pemkab Sukamaju menyerahkan bantuan kepada korban angin kencang.",
            "Bantuan diserahkan Bupati kepada perwakilan penerima di ruang rapat Bupati, Rabu."]
    chosen = finder.choose(body, page=[caption, *body], today=TODAY)
    assert (chosen.date, chosen.source) == (date(2024, 11, 6), "caption")
    # a body that names no weekday: the page's stamp dates it; with nothing else, the caption still does
    other_day = [body[0], "Bantuan diserahkan Bupati kepada perwakilan penerima di ruang rapat Bupati."]
    stamp = "Kamis, 7 November 2024 10:15 WIB"
    assert finder.choose(other_day, page=[stamp, caption, *other_day], today=TODAY).date == date(2024, 11, 7)
    chosen = finder.choose(other_day, page=[caption, *other_day], today=TODAY)
    assert (chosen.date, chosen.source) == (date(2024, 11, 6), "caption")
    # a caption that opens with the name the body writes is still no body line
    named = ["Banjir di sembilan kecamatan mendapat perhatian Pjs Bupati Sukamaju Budi Santoso saat menyerahkan bantuan.",
             "Bantuan berupa obat-obatan dan makanan."]
    chosen = finder.choose(named, page=[caption, *named], today=TODAY)
    assert (chosen.date, chosen.source) == (date(2024, 11, 6), "caption")


def test_a_weekday_glued_to_its_date_by_a_slash_dates_the_event_over_a_render_header(finder):
    page = ["Selasa, November 26, 2024"]
    body = ["Bupati meresmikan Puskesmas di Kampung Sukamaju, Distrik Prafi, (Jumat/9/9/2022).", "Warga senang."]
    chosen = choose(finder, body, page)
    assert (chosen.date, chosen.source) == (date(2022, 9, 9), "lead")


def test_a_plan_announced_far_before_its_date_in_a_long_sentence_is_still_a_plan(finder):
    body = ["Presiden dijadwalkan akan kembali berkunjung ke dua kabupaten perbatasan Provinsi Sukamaju, yakni "
            "Kepulauan Sukamaju dan Sukamaju Barat Daya (SBD), pada 14-15 September 2022.",
            "“Kami siap menyambut,” kata Gubernur Sukamaju, Budi Santoso, di Sukamaju, Minggu (11/9/2022)."]
    assert choose(finder, body, ["Jumat, 16 September 2022 08:15 WIB"]).date == date(2022, 9, 11)


def test_last_years_number_typed_in_a_new_year_the_body_names_is_mended_by_the_weekday(finder):
    body = ["Dinas Kesehatan menggelar Rapat Koordinasi tahun 2025 di Gedung Bupati, Selasa (4/2/2024).", "Rapat usai."]
    chosen = choose(finder, body)
    assert chosen.date == date(2025, 2, 4) and "weekday_mismatch" not in chosen.flags
    # a year the body names for something else, a year before the written one, mends nothing
    other = ["Warga menolak sejak 2025. Rapat digelar Senin (6/1/2026).", "Rapat usai."]
    assert choose(finder, other).date == date(2026, 1, 6)


def test_yesterday_deep_inside_a_long_quote_and_yesterday_before_today_s_date_move_nothing(finder):
    long_quote = ("“Hari ini saya ada di pengungsian. Kita pastikan bahwa Tagana sudah datang ke sini untuk membantu "
                  "warga yang rumahnya rusak berat. Kemarin BPBD sudah kasih kasur, tadinya di sini hanya ada alas "
                  "terpal dan sekarang sudah pakai kasur. Kita juga ada susu sumbangan dari organisasi wanita, juga "
                  "ada uang masing-masing Rp50 ribu, untuk berapa ratus orang di sini kita akan berikan,” ujarnya, "
                  "Sabtu malam (5/12/2020).")
    assert choose(finder, ["Bupati memberikan bantuan untuk para korban longsor.", long_quote]).date \
        == date(2020, 12, 5)
    today = ["Sejak kemarin banjir luapan sungai berangsur surut. Sampai hari ini, Minggu (4/12/2016) ketinggian air "
             "masih siaga I."]
    assert choose(finder, today).date == date(2016, 12, 4)


def test_a_stamp_of_spaced_numbers_and_a_bracketed_day_a_few_words_after_its_weekday_date_the_page(finder):
    body = ["Gubernur meresmikan jembatan yang menghubungkan dua kabupaten, Kamis (5/3).",
            "Warga menyambut peresmian itu dengan gembira."]
    assert choose(finder, body, [*body, "06 03 2015 09:48:41"]).date == date(2015, 3, 5)
    evening = ["Sejumlah artis meramaikan resepsi hari jadi kota Jumat malam di halaman Balaikota (5/5).",
               "Acara berlangsung hingga larut malam."]
    assert choose(finder, evening, ["07-05-2017 19:01 WIB"]).date == date(2017, 5, 5)


def test_a_year_the_body_writes_dates_a_yearless_day_before_the_footer_s_year(finder):
    body = ["Bantuan itu disalurkan Bupati, Sabtu kemarin, (21/01).",
            "Bupati menyebutkan, tahun 2023 ini dua sekolah yang rusak akibat banjir akan dibangun."]
    assert choose(finder, body, ["Copyright © KABARKITA 2025"]).date == date(2023, 1, 21)


def test_a_yearless_weekday_date_that_misses_the_stamp_s_day_by_one_is_that_week_s_not_last_year_s(finder):
    body = ["Bupati membuka Taman Budaya di Pengasih, Senin, (13/3).", "Gedung itu dibangun sejak tahun 2014."]
    chosen = choose(finder, body, ["Selasa, 13 Maret 2018 06:55:53 - Oleh : media center"])
    assert chosen.date == date(2018, 3, 12) and "weekday_mismatch" in chosen.flags


def test_a_weekday_date_after_since_is_background_and_last_year_s_number_typed_in_january_is_fixed(finder):
    body = ["Pemkab menetapkan status tanggap darurat banjir yang melanda 15 kecamatan sejak Kamis (27/11/2025).",
            "Bupati meninjau lokasi banjir di Kecamatan Hamparan Perak pada Sabtu (29/11/2025)."]
    assert choose(finder, body).date == date(2025, 11, 29)
    january = ["“Gempa susulan terus ada,” tutur Bupati, Selasa, (24/01/2022)."]  # 24 January 2022 was a Monday
    chosen = choose(finder, january)
    assert chosen.date == date(2023, 1, 24) and "weekday_mismatch" not in chosen.flags


def test_the_dates_of_a_related_list_are_no_stamp_of_the_page(finder):
    body = ["Bupati menyalurkan bantuan mesin tempel kepada 11 kelompok nelayan di Koba, Senin."]
    related = ["Berita Terkait", "Pemkab salurkan peralatan tangkap untuk nelayan", "16 September 2022 07:24",
               "Pemkab galakkan program safari Jumat", "10 Desember 2024 23:02"]
    assert choose(finder, body, [*body, *related]).date is None
    assert choose(finder, body, ["Senin, 20 November 2023 10:15 WIB", *body]).date == date(2023, 11, 20)


def test_a_banjar_weekday_dates_a_yearless_day(finder):
    body = ["Bupati memimpin upacara hari jadi kabupaten ke-66 di Barabai, Arba (17/12)."]
    assert choose(finder, body, ["Kamis, 18 Desember 2025 | 09:12 WITA"]).date == date(2025, 12, 17)


def test_a_year_typed_onto_its_month_still_dates_the_event(finder):
    # "(25 Juni2023)": the space before the year lost, as small portals type it
    body = ["Festival Kota Tua berlangsung Minggu (25 Juni2023) di pelataran Boyang Assamalewuang.",
            "Sekda hadir membuka acara."]
    assert choose(finder, body).date == date(2023, 6, 25)


def test_a_day_named_without_a_date_after_a_background_date_is_the_event(finder):
    # The only date is when the rain began ("sejak"); the lead names the visit's day alone, the Friday after it.
    body = ["Gubernur Olly Dondokambey, Jumat, turun lapangan memantau banjir di Kota Manado akibat hujan yang "
            "mengguyur sejak Kamis (26/1/2023) dini hari.",
            "Sejumlah wilayah terdampak banjir dan longsor."]
    assert choose(finder, body).date == date(2023, 1, 27)
    # Without the day's name the background date is all there is; a range's last day is no event's day either
    assert choose(finder, [body[0].replace(" Jumat,", ""), body[1]]).date == date(2023, 1, 26)
    ranged = ["Hujan yang turun sejak Kamis (26/1/2023) hingga Jumat menyebabkan banjir di Kota Manado."]
    assert choose(finder, ranged).date == date(2023, 1, 26)


def test_a_cited_outlets_date_is_when_it_wrote_not_the_event(finder):
    body = ["Wali Kota Samarinda memberikan pembaruan setelah mendampingi Wakil Presiden dalam kunjungan kerjanya ke "
            "lokasi proyek terowongan pada Rabu, 12 Februari 2025.",
            "Proyek itu menelan anggaran Rp 395 miliar.",
            '"Progres terowongan 85,6 persen," ungkapnya, disadur dari Presisi.co, Minggu (16/02/2025).']
    assert choose(finder, body).date == date(2025, 2, 12)
    # Said to this outlet on the Sunday, the statement is the latest news
    assert choose(finder, [*body[:2], body[2].replace("disadur dari Presisi.co, ", "")]).date == date(2025, 2, 16)


def test_an_embedded_posts_signature_is_no_page_stamp(finder):
    # Without a stamp the event in the lead dates the article; a tweet's signature a day earlier is the post's date
    body = ['"Kita perlu melakukan pengecekan," terang Wali Kota dalam rapat antisipasi musim hujan bersama forum '
            "komunikasi pimpinan kota di Kantor Wali Kota Sukamaju, Selasa (7/12/2021).",
            '"Setelah hari Minggu, 5 Desember 2021 kemarin rob sempat tinggi, kita masih waspada," ujarnya.']
    page = ["— Polres Sukamaju (@polres_sukamaju) December 6, 2021", *body]
    assert finder.choose(body, page=page, today=TODAY).date == date(2021, 12, 7)


def test_a_statement_dating_the_preparations_earlier_does_not_outrank_the_lead(finder):
    # The lead's yearless "Sabtu (10/12)" is the event; a speaker says the preparations began "sejak Selasa, 6 Desember
    # 2022 lalu": attributed, but earlier, so background that gives the year.
    body = ["Bertepatan dengan hari suci, Sabtu (10/12) Wali Kota Sukamaju menghadiri peresmian bale kulkul banjar.",
            "Wali Kota didampingi camat dan kepala dinas.",
            "Kelian Banjar, Made Sudira menjelaskan persiapan upacara telah dimulai sejak Selasa, 6 Desember 2022 lalu."]
    assert (choose(finder, body).date, choose(finder, body).source) == (date(2022, 12, 10), "lead")


def test_a_photo_caption_with_its_date_is_no_page_stamp(finder):
    # The caption's day is the photo's; the page's stamp under it is the day of the story, which is undated.
    body = ["Gubernur menyoroti masalah banjir yang semakin sering melanda Kota Sukamaju.",
            "Pernyataan itu ia sampaikan saat kunjungan kerja ke kementerian beberapa waktu lalu."]
    page = ["Gubernur saat ditemui di Hotel Sukamaju, Senin (27/10/2025) (Dok: Ali/Kabar)",
            "Penulis: Ali | Editor: Agus | 28 Oktober 2025", *body]
    chosen = finder.choose(body, page=page, today=TODAY)
    assert (chosen.date, chosen.source) == (date(2025, 10, 28), "stamp")


def test_a_release_date_the_text_cites_is_not_the_event(finder):
    body = ["Kunjungan konsul mendapat sambutan hangat dari Bupati Sukamaju pada jamuan makan malam di Gedung "
            "Indojolito, Selasa (21/6) lalu, sebagaimana dirilis dari publikasi Dinas Kominfo setempat, Kamis (23/6) "
            "pagi.",
            "Pejabat yang terlihat hadir di antaranya Kepala Dinas Pariwisata."]
    assert choose(finder, body, url="https://kabar.example/2022/06/konsul.html").date == date(2022, 6, 21)


def test_the_date_an_official_has_served_since_is_background_and_gives_the_year(finder):
    body = ["Pj Gubernur untuk pertama kalinya melakukan kunjungan kerja ke Kabupaten Sukamaju sejak dilantik "
            "memimpin provinsi pada 6 Juli 2022.",
            "Rombongan tiba di Pendopo Bupati Sukamaju, Sabtu (22/10) pukul 12.30 WIB."]
    assert choose(finder, body).date == date(2022, 10, 22)


def test_a_typo_d_month_is_mended_by_the_publication_day_its_weekday_names(finder):
    body = ["Pembangunan kantor wali kota resmi dimulai, Senin 2 Agustus 2019.", "Peletakan batu pertama oleh wali kota."]
    assert choose(finder, body, url="https://kabar.example/2019/09/02/kantor-baru").date == date(2019, 9, 2)
    assert choose(finder, body).date == date(2019, 8, 2)  # without the publication day the written digits stand


def test_a_weekday_before_a_day_and_month_without_brackets_dates_the_event(finder):
    body = ["Wakil Gubernur meminta festival diusulkan menjadi event nasional.",
            "Hal itu disampaikan pada penutupan Festival Durian Sukamaju Kamis, 29/9."]
    assert choose(finder, body, url="https://kabar.example/2022/10/festival-durian").date == date(2022, 9, 29)
    assert choose(finder, ["Skor akhir 2/3 untuk tim tamu."]).date is None  # a fraction, no weekday: no date


@pytest.mark.parametrize("body, expected", [
    pytest.param(["Masa pengerjaan gedung baru kantor wali kota berakhir Desember 2023.",
                  "Kemarin (25/10/23), Wali Kota meninjau proses pekerjaan tersebut."],
                 date(2023, 10, 25), id="yesterday glossed by its date is that date, not the day before"),
    pytest.param(["Gubernur terpilih yang dalam hitungan dua hari akan dilantik membagikan momen saat gladi kotor di "
                  "Monas, Selasa (18/02/2025).",
                  "Ia mengikuti rangkaian acara jelang pelantikan di Istana Negara pada Kamis (20/02/2025) mendatang."],
                 date(2025, 2, 18), id="a date followed by mendatang is a plan"),
    pytest.param(["Penjabat Gubernur akan dilantik pada hari ini, Selasa 5 September 2023 di Gedung Kemendagri.",
                  "\"Besok dilantik di Kemendagri,\" kata Indra usai rapat paripurna, Senin 4 September 2023."],
                 date(2023, 9, 5), id="the day the lead calls today is the page's day, not the statement's before it"),
    # No publication date; the only full dates are background (an election in June, decrees up to 4 September): the
    # lead's "Rabu (5/9)" is the news's day in the year they give, not a plan after them nor an earlier year.
    pytest.param(["Presiden melantik gubernur dan wakil gubernur Bali di Istana Negara Jakarta, Rabu (5/9). Mereka "
                  "pemenang Pilgub Bali 27 Juni 2018 lalu. Keppres Nomor 159/P/2018 tertanggal 4 September 2018."],
                 date(2018, 9, 5), id="a lead's yearless weekday date may fall after the text's background dates"),
    pytest.param(["Wali Kota Sukamaju Budi Santoso menyosialisasikan Festival Sukamaju 2018 kepada perantau di Kota "
                  "Lembah, Jumat (27/04) sore. Secara langsung Wali Kota mengajak warga Sukamaju di Kota Lembah untuk "
                  "pulang kampung pada 31 Agustus-9 September 2018."],
                 date(2018, 4, 27), id="a span of days after a verb of saying is no moment of saying"),
    pytest.param(["Masa jabatan Bupati Sukamaju periode 2018-2023 tinggal menghitung hari, yakni Rabu (20/9) besok.",
                  "Suasana berbeda terlihat di Kota Sukamaju jelang akhir jabatan Bupati Budi Santoso, Senin (18/9)."],
                 date(2023, 9, 18), id="a day with besok after it is a plan"),
    pytest.param(["Bupati Sukamaju Budi Santoso membuka Festival Sukamaju Bermadah di Lapangan Merdeka, Jumat malam.",
                  "Pada Minggu (9/10/2022) lusa juga akan dilaksanakan kegiatan jalan santai dan festival kuliner."],
                 date(2022, 10, 7), id="a plan the day after tomorrow dates the news two days before it"),
])
def test_what_the_words_around_a_date_say_decides_the_event_date(finder, body, expected):
    assert choose(finder, body).date == expected


def test_a_date_the_news_runs_since_gives_way_to_the_dateline_s_later_day(finder):
    body = ["Gubernur menyampaikan duka atas banjir yang melanda kota sejak Jumat (21/2) hingga Sabtu dini hari.",
            "Sebanyak 23 titik lokasi terdampak."]
    chosen = finder.choose(body, page=body, today=TODAY, dateline="Bandar Lampung, 22 Februari 2025 —")
    assert (chosen.date, chosen.source) == (date(2025, 2, 22), "stamp")


def test_a_weekday_s_bracketed_day_and_month_joined_by_a_hyphen_is_a_date(finder):
    body = ["Pemerintah provinsi memulai peringatan HUT ke-80 RI di Pantai Botubarani, digelar pada Sabtu (2-8).",
            "Skor pertandingan persahabatan itu (2-1) tak jadi soal."]
    page = ["Senin, 4 Agustus 2025 | 10:15 WITA", *body]
    assert choose(finder, body, page).date == date(2025, 8, 2)
    assert [m.day for m in finder.mentions(body[1])] == []  # a score in brackets, no weekday before it


def test_a_lead_s_yearless_weekday_date_is_never_read_after_today(finder):
    # Nothing else dates the page; Sunday 17 January falls in 2027 too, weeks after "today", but news is not future.
    body = ["Kepala BPBD Gianyar, Minggu (17/1) kemarin, mengatakan longsor pertama terjadi di Desa Singapadu.",
            "Material longsor menutupi akses jalan."]
    assert finder.choose(body, page=body, today=date(2026, 12, 3)).date == date(2021, 1, 17)


def test_a_visit_scheduled_over_a_range_of_days_is_named_as_a_plan(finder):
    # "diagendakan pada 21-22 April 2024": a preview of the visit on its first day, a report of that day is another item
    body = ["Persiapan kedatangan Presiden ke Provinsi Lembah Hijau terus dimatangkan, Sabtu (20/4/2024).",
            "Kunjungan Presiden di Provinsi Lembah Hijau diagendakan pada 21-22 April 2024."]
    assert (4, 21) in finder.planned_days(body)
    assert choose(finder, body).date == date(2024, 4, 20)


def test_when_the_body_only_plans_a_date_the_caption_dates_the_weekday_it_names(finder):
    # The body gives the visit's weekday alone ("pada Rabu") and a plan with a date ("akan disalurkan Jumat (12/6)");
    # the photo's caption dates that Wednesday.
    page = ["Bupati Sukamaju Budi Santoso saat menyerahkan bantuan logistik kepada warga terdampak banjir di Kampung "
            "Makmur, Rabu (11/6/2025). ANTARA/HO-Pemkab Sukamaju"]
    body = ["Pemerintah Kabupaten Sukamaju menyerahkan bantuan kepada warga terdampak banjir di Kampung Makmur pada Rabu.",
            "Bantuan yang sama akan disalurkan Jumat (12/6) melalui instansi lain."]
    assert choose(finder, body, page).date == date(2025, 6, 11)


def test_a_page_whose_dates_all_come_after_its_publication_is_dated_by_its_publication(finder):
    # Published 23 March (its URL); the body names only the visit ahead: "Rabu (27/3), Presiden ... akan menuju"
    body = ["Pemerintah Provinsi Lembah Hijau terus mematangkan persiapan kunjungan kerja Presiden.",
            "Hari kedua kunjungan, Rabu (27/3/2024), Presiden bersama Gubernur Budi Santoso akan menuju pelabuhan."]
    chosen = choose(finder, body, url="https://kabarlembah.example/berita/2024/03/23/presiden-akan-berkunjung/")
    assert (chosen.date, chosen.source) == (date(2024, 3, 23), "metadata")
    # a date read from the page's markup may be a file photo's caption: it does not overrule the body so
    report = ["Wakil Gubernur Sukamaju menyampaikan pesan itu kepada wartawan, Jumat, 17 September 2021."]
    assert choose(finder, report, published="2021-06-11").date == date(2021, 9, 17)


def test_history_dated_on_the_page_does_not_bound_the_year_of_the_news(finder):
    # The only full date is history ("17 Agustus 1945"): the yearless "Rabu (5/2)" is read in a recent year whose 5
    # February is a Wednesday, not in 1945
    body = ["Presiden meresmikan Monumen Ibu Agung di Kota Sukamaju, Rabu (5/2).",
            "Ibu Agung menjahit bendera pusaka yang dikibarkan pada 17 Agustus 1945."]
    chosen = choose(finder, body)
    assert chosen.date.year > 2000 and chosen.date.isoweekday() == 3
