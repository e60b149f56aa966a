"""Saved pages, .urls lists and feeds, against a local HTTP server (127.0.0.1, a thread) with invented articles."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.config import FetchConfig, InputConfig, load_config
from pipeline.errors import ConfigError, InputError
from pipeline.inputs import FetchContext, feed_source, open_source, parse_since, read_articles, url_to_id
from pipeline.inputs.pages import decode_html
from pipeline.records import RecordError

# -- invented Indonesian articles -------------------------------------------------------------------------------


def article_html(title: str, paragraphs: list[str], *, site: str | None = "Kabar Lembah", author: str | None = None,
                 date: str | None = None, canonical: str | None = None, charset: str = "utf-8",
                 with_title: bool = True) -> str:
    head = [f'<meta charset="{charset}">']
    if with_title:
        head.append(f"<title>{title} - {site or 'Berita'}</title>")
        head.append(f'<meta property="og:title" content="{title}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{date}T09:30:00+07:00">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    heading = f"<h1>{title}</h1>" if with_title else ""
    return (f'<!DOCTYPE html><html lang="id"><head>{"".join(head)}</head><body>'
            f'<nav><a href="/">Beranda</a> | <a href="/daerah">Daerah</a> | <a href="/olahraga">Olahraga</a></nav>'
            f"<main><article>{heading}{body}</article></main>"
            f"<footer><p>Redaksi | Pedoman Media Siber | Kontak</p></footer></body></html>")


FLOOD = ["LEMBAH HIJAU - Hujan deras sejak Senin malam membuat Sungai Cibening meluap dan merendam sekitar dua ratus "
         "rumah warga di Desa Sukamaju, Kecamatan Lembah Hijau.",
         "Kepala Desa Sukamaju, Darmawan Saputra, mengatakan warga yang rumahnya terendam sudah mengungsi ke balai desa "
         "dan sebuah posko darurat dibuka oleh pemerintah kabupaten pada Selasa pagi.",
         "Badan Penanggulangan Bencana Daerah memperkirakan air akan surut dalam dua hari apabila hujan tidak kembali "
         "turun di wilayah hulu sungai tersebut."]
MARKET = ["Pemerintah kota meresmikan Pasar Baru Cempaka setelah renovasi yang berlangsung hampir satu tahun dengan "
          "anggaran dari pemerintah provinsi.",
          "Wali kota berharap pedagang yang sebelumnya berjualan di bahu jalan kini pindah ke dalam gedung pasar yang "
          "memiliki empat ratus kios dan tempat parkir yang lebih luas.",
          "Sejumlah pedagang sayur menyambut baik pasar tersebut, tetapi meminta agar sewa kios tidak dinaikkan "
          "selama masa pemulihan ekonomi."]
ROAD = ["Warga Kampung Cibodas mengeluhkan jalan penghubung antardesa yang rusak parah dan berlubang di banyak titik "
        "sehingga sulit dilalui kendaraan roda dua.",
        "Dinas Pekerjaan Umum menyatakan perbaikan jalan sepanjang tiga kilometer itu masuk rencana kerja tahun depan "
        "setelah dilakukan survei bersama perangkat desa."]
UNDATED = ["Kelompok tani di Desa Mekarsari memanen padi varietas baru yang tahan terhadap genangan air dan hama "
           "wereng untuk pertama kalinya.",
           "Penyuluh pertanian setempat menyebut hasil panen naik cukup tinggi dibandingkan musim tanam sebelumnya "
           "berkat pola tanam serentak yang disepakati para petani."]
CAFE = ["Kafe “Kopi Lembah” di pusat kota kembali ramai sejak kedai itu menyajikan kopi dari kebun warga dan menu "
        "crème brûlée buatan pemiliknya, René Wijaya.",
        "Pemilik kafe mengatakan sebagian besar biji kopi dibeli langsung dari petani di lereng gunung dengan harga "
        "yang disepakati bersama setiap musim panen."]


class Site:
    """What the test server serves, and what it was asked (path, monotonic time)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, float]] = []
        self.flaky_left = 2
        self.base = ""
        self.lock = threading.Lock()

    def paths(self, path: str) -> list[float]:
        return [t for p, t in self.requests if p == path]

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        base = self.base
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/berita/banjir-sukamaju.html":
            page = article_html("Banjir Rendam Ratusan Rumah di Desa Sukamaju", FLOOD, author="Siti Rahmawati",
                                date="2024-03-12", canonical=f"{base}/berita/banjir-sukamaju.html")
            return 200, html, page.encode()
        if path == "/berita/pasar-baru.html":
            page = article_html("Pasar Baru Cempaka Diresmikan", MARKET, date="2024-03-11",
                                canonical=f"{base}/berita/pasar-baru.html")
            return 200, html, page.encode()
        if path == "/berita/jalan-rusak.html":
            page = article_html("Jalan Antardesa Rusak Parah", ROAD, date="2024-01-02")
            return 200, html, page.encode()
        if path == "/berita/panen-padi.html":
            return 200, html, article_html("", UNDATED, site=None, with_title=False).encode()
        if path == "/berita/kafe.html":  # windows-1252 bytes, declared as UTF-8
            page = article_html("Kafe “Kopi Lembah” Ramai Pengunjung", CAFE, date="2024-03-10")
            return 200, html, page.encode("cp1252")
        if path == "/private/rahasia.html":
            return 200, html, article_html("Rahasia", MARKET).encode()
        if path == "/lambat.html":
            time.sleep(1.5)
            return 200, html, article_html("Lambat", MARKET).encode()
        if path == "/loop-a":
            return 302, {"Location": f"{base}/loop-b"}, b""
        if path == "/loop-b":
            return 302, {"Location": "/loop-a"}, b""
        if path == "/pindah":
            return 301, {"Location": "/berita/pasar-baru.html"}, b""
        if path == "/besar.html":
            return 200, html, article_html("Besar", MARKET * 200).encode()
        if path == "/dokumen.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%fake\n"
        if path == "/kadang.html":
            with self.lock:
                if self.flaky_left > 0:
                    self.flaky_left -= 1
                    return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"sibuk"
            page = article_html("Layanan Pulih Kembali", MARKET[::-1], date="2024-03-09")
            return 200, html, page.encode()
        if path == "/feed.xml":
            return 200, {"Content-Type": "application/rss+xml"}, FEED.replace("BASE", base).encode()
        return 404, {"Content-Type": "text/plain"}, b"tidak ditemukan"


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kabar Lembah - Terkini</title><link>BASE/</link>
<description>Berita terkini</description>
<item><title>Banjir Rendam Ratusan Rumah di Desa Sukamaju</title><link>BASE/berita/banjir-sukamaju.html</link>
<pubDate>Tue, 12 Mar 2024 02:30:00 GMT</pubDate></item>
<item><title>Panen Perdana Padi Tahan Genangan</title><link>/berita/panen-padi.html</link>
<pubDate>Mon, 11 Mar 2024 05:00:00 GMT</pubDate></item>
<item><title>Jalan Antardesa Rusak Parah</title><link>BASE/berita/jalan-rusak.html</link>
<pubDate>Tue, 02 Jan 2024 03:00:00 GMT</pubDate></item>
<item><title>Halaman Hilang</title><link>BASE/hilang.html</link>
<pubDate>Sun, 10 Mar 2024 01:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture
def server():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            with site.lock:
                site.requests.append((self.path, time.monotonic()))
            status, headers, body = site.respond(self.path)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if self.path != "/besar.html":  # that one is read until the server closes: the limit stops it
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow page)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    site.stop = lambda: (httpd.shutdown(), httpd.server_close())
    yield site
    httpd.shutdown()
    httpd.server_close()


FAST = dict(timeout_s=0.4, retries=1, backoff_s=0.01, host_delay_s=0.0, max_bytes=30_000, max_redirects=3)


def context(tmp_path, offline=False, **settings) -> FetchContext:
    return FetchContext(tmp_path / "pages", offline=offline, settings=FetchConfig(**{**FAST, **settings}))


def read(ref, fetch=None):
    source = open_source(ref, InputConfig(), fetch)
    return source, list(read_articles([source]))


def record_sends(fetch: FetchContext) -> list[float]:
    """When each request leaves the client (the server's clock adds its own scheduling delays under load)."""
    session, sent = fetch.fetcher().session, []
    original_get = session.get
    session.get = lambda url, **kw: (sent.append(time.monotonic()), original_get(url, **kw))[1]
    return sent


def split(items):
    return [i for i in items if isinstance(i, dict)], [i for i in items if isinstance(i, RecordError)]


# -- saved pages ------------------------------------------------------------------------------------------------


def test_saved_html_file_gives_text_and_metadata(tmp_path):
    page = tmp_path / "banjir.html"
    page.write_text(article_html("Banjir Rendam Ratusan Rumah di Desa Sukamaju", FLOOD, author="Siti Rahmawati",
                                 date="2024-03-12", canonical="https://kabar.example.id/daerah/banjir-sukamaju"),
                    encoding="utf-8")
    source, items = read(page)
    assert source.kind == "html" and source.describe()["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    [article] = items
    assert article["title"] == "Banjir Rendam Ratusan Rumah di Desa Sukamaju"
    assert article["published"] == "2024-03-12"
    assert article["author"] == "Siti Rahmawati"
    assert article["source"] == "Kabar Lembah"
    assert article["url"] == "https://kabar.example.id/daerah/banjir-sukamaju"
    assert article["id"] == url_to_id("https://kabar.example.id/daerah/banjir-sukamaju")
    assert article["origin"] == "banjir.html"
    lines = article["text"].split("\n")
    assert FLOOD[0] in lines and FLOOD[2] in lines  # paragraphs stay lines
    assert "Beranda" not in article["text"] and "Pedoman Media Siber" not in article["text"]


def test_folder_mixes_txt_and_html_pages(tmp_path):
    (tmp_path / "b-pasar.htm").write_text(article_html("Pasar Baru Cempaka Diresmikan", MARKET, date="2024-03-11"),
                                          encoding="utf-8")
    (tmp_path / "a-jalan.txt").write_text("Jalan Rusak\n" + "\n".join(ROAD), encoding="utf-8")
    (tmp_path / "c-kosong.html").write_text("<html><head><title>Kosong</title></head><body></body></html>", encoding="utf-8")
    (tmp_path / "gambar.png").write_bytes(b"\x89PNG")
    source, items = read(tmp_path)
    assert source.kind == "txt+html"
    assert [i.id if isinstance(i, RecordError) else i["id"] for i in items] == ["a-jalan", "b-pasar", "c-kosong"]
    assert items[1]["title"] == "Pasar Baru Cempaka Diresmikan" and items[1]["published"] == "2024-03-11"
    assert items[1]["url"] is None and items[1]["origin"] == "b-pasar.htm"
    assert isinstance(items[2], RecordError) and "no article text" in items[2].message
    assert items[2].origin == "c-kosong.html"


def test_charset_declared_wrong_is_decoded_from_the_bytes():
    text = "Kafe “Kopi Lembah” menyajikan crème brûlée buatan René. " * 3
    page = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'
    decoded, charset = decode_html(page.encode("cp1252"), "utf-8")
    assert text in decoded and charset.replace("-", "").replace("windows", "cp") == "cp1252"
    assert decode_html(page.encode("utf-8"), "iso-8859-1") == (page, "utf-8")  # UTF-8 labelled latin-1


# -- URL lists --------------------------------------------------------------------------------------------------


def write_urls(tmp_path, base):
    path = tmp_path / "daftar.urls"
    path.write_text("\n".join([
        "# berita hari ini",
        f"{base}/berita/banjir-sukamaju.html",
        "",
        f"{base}/hilang.html",
        f"{base}/private/rahasia.html   # tidak boleh",
        f"{base}/dokumen.pdf",
        f"{base}/loop-a",
        f"{base}/besar.html",
        f"{base}/lambat.html",
        f"{base}/berita/kafe.html",
        f"{base}/pindah",
    ]) + "\n", encoding="utf-8")
    return path


def test_url_list_reads_good_pages_and_reports_each_bad_one(server, tmp_path):
    fetch = context(tmp_path)
    source, items = read(write_urls(tmp_path, server.base), fetch)
    articles, errors = split(items)
    assert [a["origin"] for a in articles] == ["daftar.urls:2", "daftar.urls:10", "daftar.urls:11"]
    flood, cafe, market = articles
    assert flood["title"] == "Banjir Rendam Ratusan Rumah di Desa Sukamaju" and flood["published"] == "2024-03-12"
    assert flood["url"] == f"{server.base}/berita/banjir-sukamaju.html" and flood["author"] == "Siti Rahmawati"
    assert "“Kopi Lembah”" in cafe["text"] and "crème brûlée" in cafe["text"] and "René" in cafe["text"]
    assert market["url"] == f"{server.base}/berita/pasar-baru.html"  # after the redirect
    by_line = {e.origin: e for e in errors}
    assert sorted(by_line) == [f"daftar.urls:{n}" for n in (4, 5, 6, 7, 8, 9)]
    expected = {4: ("/hilang.html", "HTTP 404 Not Found"), 5: ("/private/rahasia.html", "robots.txt disallows"),
                6: ("/dokumen.pdf", "not an HTML page (application/pdf)"), 7: ("/loop-a", "redirect loop"),
                8: ("/besar.html", "30000-byte limit"), 9: ("/lambat.html", "timed out after 0.4 s")}
    for line, (path, reason) in expected.items():
        error = by_line[f"daftar.urls:{line}"]
        assert error.stage == "input" and error.message.startswith(f"{server.base}{path}: ") and reason in error.message
        assert error.id == url_to_id(f"{server.base}{path}")
    assert len(server.paths("/lambat.html")) == 2  # retried once after the timeout
    assert server.paths("/private/rahasia.html") == []  # never asked for
    described = source.describe()
    assert described["kind"] == "urls" and len(described["pages"]) == 9
    page = next(p for p in described["pages"] if p["url"].endswith("/banjir-sukamaju.html"))
    assert page["status"] == 200 and page["fetched_at"] and page["file"].endswith(".html")


def test_pages_are_kept_by_content_hash_and_reruns_never_refetch(server, tmp_path):
    urls = write_urls(tmp_path, server.base)
    _, first = read(urls, context(tmp_path))
    pages = tmp_path / "pages"
    index = [json.loads(line) for line in (pages / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    saved = [e for e in index if e.get("file")]
    assert len(saved) == 3
    for entry in saved:
        body = (pages / entry["file"]).read_bytes()
        assert entry["file"] == f"{hashlib.sha256(body).hexdigest()}.html" == f"{entry['sha256']}.html"
        assert set(entry) >= {"url", "final_url", "status", "content_type", "charset", "fetched_at", "file", "sha256"}
    cafe = next(e for e in saved if e["url"].endswith("/kafe.html"))
    assert cafe["charset"] == "cp1252" and "utf-8" in cafe["content_type"]
    redirected = next(e for e in saved if e["url"].endswith("/pindah"))
    assert redirected["final_url"] == f"{server.base}/berita/pasar-baru.html"

    good = ["/berita/banjir-sukamaju.html", "/berita/kafe.html", "/pindah", "/berita/pasar-baru.html"]
    asked = {path: len(server.paths(path)) for path in good}
    _, again = read(urls, context(tmp_path))  # a rerun or resume: same pages folder
    assert {path: len(server.paths(path)) for path in good} == asked
    assert split(again)[0] == split(first)[0]

    server.stop()
    _, offline = read(urls, context(tmp_path, offline=True))
    assert split(offline)[0] == split(first)[0]  # identical articles from the saved pages alone
    assert [(e.origin, e.message) for e in split(offline)[1]] == [(e.origin, e.message) for e in split(first)[1]]

    other = tmp_path / "lain.urls"
    other.write_text(f"{server.base}/berita/jalan-rusak.html\n", encoding="utf-8")
    _, items = read(other, context(tmp_path, offline=True))
    assert [e.message for e in items] == [f"{server.base}/berita/jalan-rusak.html: not fetched before and --offline"]


def test_retries_back_off_until_the_page_comes(server, tmp_path):
    fetch = context(tmp_path, retries=2, backoff_s=0.05)
    sent = record_sends(fetch)
    _, items = read(f"{server.base}/kadang.html", fetch)
    [article] = items
    assert article["title"] == "Layanan Pulih Kembali"
    assert len(server.paths("/kadang.html")) == 3  # 503, 503, 200
    robots, *tries = sent
    assert tries[1] - tries[0] >= 0.049 and tries[2] - tries[1] >= 0.099  # waited 0.05, then 0.1


def test_retries_give_up_with_the_status(server, tmp_path):
    server.flaky_left = 5
    _, [error] = read(f"{server.base}/kadang.html", context(tmp_path, retries=1))
    assert error.message == f"{server.base}/kadang.html: HTTP 503 Service Unavailable"
    assert len(server.paths("/kadang.html")) == 2


def test_requests_to_one_host_keep_the_delay(server, tmp_path):
    urls = tmp_path / "tiga.urls"
    urls.write_text("\n".join(f"{server.base}{p}" for p in
                              ("/berita/banjir-sukamaju.html", "/berita/pasar-baru.html", "/berita/jalan-rusak.html")),
                    encoding="utf-8")
    fetch = context(tmp_path, host_delay_s=0.15)
    sent = record_sends(fetch)
    _, items = read(urls, fetch)
    assert len(split(items)[0]) == 3 and len(server.requests) == len(sent) == 4  # robots.txt and three pages
    assert all(later - earlier >= 0.149 for earlier, later in zip(sent, sent[1:])), sent


def test_a_host_that_does_not_answer_fails_each_url_at_once(tmp_path):
    import socket

    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    urls = tmp_path / "mati.urls"
    urls.write_text(f"{dead}/a.html\n{dead}/b.html\n", encoding="utf-8")
    _, errors = read(urls, context(tmp_path))
    assert [e.origin for e in errors] == ["mati.urls:1", "mati.urls:2"]
    assert all(e.message.startswith(f"{dead}/") and "connection failed" in e.message for e in errors)


def test_robots_can_be_ignored_when_configured(server, tmp_path):
    _, [article] = read(f"{server.base}/private/rahasia.html", context(tmp_path, respect_robots=False))
    assert article["title"] == "Rahasia" and server.paths("/robots.txt") == []


def test_user_agent_names_the_pipeline(server, tmp_path):
    seen = []
    original = server.respond
    server.respond = lambda path: (seen.append(path), original(path))[1]
    fetch = context(tmp_path)
    session = fetch.fetcher().session
    assert session.headers["User-Agent"].startswith("delegation-pipeline/")
    read(f"{server.base}/berita/pasar-baru.html", fetch)
    assert seen == ["/robots.txt", "/berita/pasar-baru.html"]


# -- feeds ------------------------------------------------------------------------------------------------------


def test_feed_entries_since_a_date(server, tmp_path):
    source = feed_source(f"{server.base}/feed.xml", since="2024-03-01", fetch=context(tmp_path))
    articles, errors = split(list(read_articles([source])))
    assert [a["title"] for a in articles] == ["Banjir Rendam Ratusan Rumah di Desa Sukamaju",
                                              "Panen Perdana Padi Tahan Genangan"]
    undated = articles[1]  # the page has no title or date: the feed's are used
    assert undated["published"] == "2024-03-11" and undated["source"] == "Kabar Lembah - Terkini"
    assert undated["origin"] == f"{server.base}/feed.xml#2"
    assert [(e.origin, "HTTP 404" in e.message) for e in errors] == [(f"{server.base}/feed.xml#4", True)]
    assert server.paths("/berita/jalan-rusak.html") == []  # older than since: not fetched
    described = source.describe()
    assert described["kind"] == "feed" and described["cutoff"] == "2024-03-01T00:00:00+00:00"
    assert any(p["url"] == f"{server.base}/feed.xml" for p in described["pages"])

    server.stop()
    again = feed_source(f"{server.base}/feed.xml", since="2024-03-01", fetch=context(tmp_path, offline=True))
    assert split(list(read_articles([again])))[0] == articles


def test_feed_without_since_and_relative_since(server, tmp_path):
    fetch = context(tmp_path)
    articles, _ = split(list(read_articles([feed_source(f"{server.base}/feed.xml", fetch=fetch)])))
    assert len(articles) == 3
    # a relative since counts back from when the feed was fetched (2024 here, years ago): nothing is that new
    articles, errors = split(list(read_articles([feed_source(f"{server.base}/feed.xml", "12h", fetch=fetch)])))
    assert articles == [] and errors == []


def test_feed_that_cannot_be_fetched_is_one_error(server, tmp_path):
    [error] = list(read_articles([feed_source(f"{server.base}/tidak-ada.xml", fetch=context(tmp_path))]))
    assert error.origin == f"{server.base}/tidak-ada.xml" and "HTTP 404" in error.message


def test_parse_since():
    now = datetime(2024, 3, 12, 12, 0, tzinfo=timezone.utc)
    assert parse_since("1d", now) == datetime(2024, 3, 11, 12, 0, tzinfo=timezone.utc)
    assert parse_since("12h", now) == datetime(2024, 3, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_since("30m", now) == datetime(2024, 3, 12, 11, 30, tzinfo=timezone.utc)
    assert parse_since("2024-03-01") == datetime(2024, 3, 1, tzinfo=timezone.utc)
    assert parse_since("2024-03-01T08:00:00+07:00") == datetime(2024, 3, 1, 1, 0, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="1d, 12h"):
        parse_since("kemarin")


# -- ids, config, misuse ----------------------------------------------------------------------------------------


def test_ids_from_urls_are_stable_and_path_safe():
    url = "https://www.kabar.example.id/daerah/2024/03/12/banjir-rendam-desa-sukamaju.html?utm_source=wa#komentar"
    assert url_to_id(url) == url_to_id("https://WWW.kabar.example.id:443/daerah/2024/03/12/banjir-rendam-desa-sukamaju.html")
    assert re.fullmatch(r"kabar\.example\.id-banjir-rendam-desa-sukamaju-[0-9a-f]{10}", url_to_id(url))
    assert url_to_id("https://kabar.example.id/berita/123") != url_to_id("https://kabar.example.id/berita/124")
    assert url_to_id("https://kabar.example.id/read?id=7") != url_to_id("https://kabar.example.id/read?id=8")
    for odd in ("https://x.example/../../etc/passwd", "https://x.example/" + "panjang-" * 40,
                "https://x.example/a/b/c/", "https://x.example/berita/ünïcödé%2F..%2F", "http://127.0.0.1:8080/x"):
        made = url_to_id(odd)
        assert len(made) <= 80 and "/" not in made and ".." not in made and not made.startswith(".")
        assert re.fullmatch(r"[a-z0-9.-]+", made)


def test_fetch_config_and_since_are_checked():
    config = load_config({"fetch": {"timeout_s": 5, "host_delay_s": 2}, "input": {"feeds": ["https://x.example/rss"],
                                                                                  "since": "1d"}})
    assert config.fetch.timeout_s == 5 and config.input.feeds == ["https://x.example/rss"]
    with pytest.raises(ConfigError, match="fetch.timeout: unknown key"):
        load_config({"fetch": {"timeout": 5}})
    with pytest.raises(ConfigError, match="input.since"):
        load_config({"input": {"since": "minggu lalu"}})


def test_web_inputs_need_a_pages_folder(tmp_path):
    urls = tmp_path / "x.urls"
    urls.write_text("https://x.example/a\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a pages folder"):
        open_source(urls, InputConfig())
    with pytest.raises(InputError, match="needs a pages folder"):
        feed_source("https://x.example/rss")
    with pytest.raises(InputError, match="since: expected"):
        feed_source("https://x.example/rss", since="kemarin", fetch=context(tmp_path))


def test_pipeline_run_on_a_url_list_reruns_from_saved_pages_with_the_server_stopped(server, tmp_path, monkeypatch):
    from pipeline.cli import main

    urls = tmp_path / "hari-ini.urls"
    urls.write_text(f"{server.base}/berita/banjir-sukamaju.html\n{server.base}/hilang.html\n", encoding="utf-8")
    config = tmp_path / "fetch.yaml"
    config.write_text("fetch: {timeout_s: 0.4, retries: 0, host_delay_s: 0.0}\n", encoding="utf-8")
    out = tmp_path / "run"
    command = ["run", str(urls), "--config", str(config), "--out", str(out), "--stages", "normalize", "--quiet"]
    assert main(command) == 0
    first = (out / "normalize.jsonl").read_text(encoding="utf-8")
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(first.splitlines()) == 1 and [e["origin"] for e in errors] == ["hari-ini.urls:2"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {page["status"] for page in manifest["inputs"][0]["pages"]} == {200, 404}
    server.stop()
    (out / "normalize.jsonl").unlink()
    for work in (out / ".work").iterdir():
        work.unlink()  # nothing reused: the records are made again from the saved pages
    assert main(command + ["--offline"]) == 0
    assert (out / "normalize.jsonl").read_text(encoding="utf-8") == first
