"""Articles from the web: a `.urls` file (one URL a line), a single http(s) URL, or an RSS/Atom feed.

Each URL is fetched once into the pages folder (fetch.py) and read as a saved page (pages.py). A URL that gives
no page is a RecordError naming the URL and why, with its place ("list.urls:4", or "<feed>#3" for a feed's
third entry), and the batch goes on. Feeds: entries older than `since` are skipped; an entry's title and date
from the feed are used where its page lacks them. A relative `since` ("1d") counts back from when the feed was
fetched, so a resumed or --offline run picks the same entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from pipeline.config import parse_since
from pipeline.errors import InputError
from pipeline.inputs.base import INPUT_STAGE, InputSource, Item, file_sha256
from pipeline.inputs.fetch import FetchContext, FetchError, Page
from pipeline.inputs.pages import extract_article, url_to_id
from pipeline.records import RecordError

URLS_SUFFIX = ".urls"


def need_fetch(fetch: FetchContext | None, ref: str) -> FetchContext:
    if fetch is None:
        raise InputError(f"{ref}: reading web pages needs a pages folder: pass fetch=FetchContext(pages_dir=...) "
                         f"(a run keeps them in RUN_DIR/pages)")
    return fetch


class _PageReader:
    """Reads URLs of one source into articles, noting each fetch in the source's pages for the manifest, and
    extracting each page once even when the runner reads the source twice (count, then work)."""

    def __init__(self, source: InputSource, fetch: FetchContext):
        self.source, self.fetch = source, fetch
        self._extracted: dict[tuple, Item] = {}

    def get(self, url: str, origin: str, accept: str = "html") -> Page | RecordError:
        try:
            page = self.fetch.fetcher().get(url, accept=accept)
        except FetchError as error:
            self.source.pages[url] = {"url": url, "status": error.status, "fetched_at": error.fetched_at, "file": None,
                                      "error": error.reason}
            return RecordError(url_to_id(url), INPUT_STAGE, str(error), origin)
        self.source.pages[url] = page.describe()
        return page

    def article(self, url: str, origin: str, hints: dict[str, Any] | None = None) -> Item:
        page = self.get(url, origin)
        if isinstance(page, RecordError):
            return page
        key = (page.entry["sha256"], page.entry["final_url"], origin, tuple(sorted((hints or {}).items())))
        if key not in self._extracted:
            self._extracted[key] = extract_article(page.body, origin=origin, default_id=url_to_id(url),
                                                   charset=page.entry.get("charset"),
                                                   page_url=page.entry.get("final_url") or url, hints=hints)
        item = self._extracted[key]
        return dict(item) if isinstance(item, dict) else item


def _url_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line_number, line in enumerate(handle, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            yield line_number, re.split(r"\s+#", text, maxsplit=1)[0]  # "URL  # note": the note is dropped


def urls_source(path: Path, ref: str, fetch: FetchContext | None) -> InputSource:
    """A `.urls` file: one URL a line; blank lines and lines starting with # are skipped."""
    fetch = need_fetch(fetch, ref)
    source = InputSource(ref, "urls", file_sha256(path))

    def load() -> Iterator[Item]:
        for line_number, url in _url_lines(path):
            yield reader.article(url, f"{path.name}:{line_number}")

    reader = _PageReader(source, fetch)
    source.loader = load
    return source


def url_source(url: str, fetch: FetchContext | None) -> InputSource:
    """One http(s) URL named on the command line."""
    fetch = need_fetch(fetch, url)
    source = InputSource(url, "url", f"url:{url}")
    reader = _PageReader(source, fetch)
    source.loader = lambda: iter([reader.article(url, url)])
    return source


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=timezone.utc)  # feedparser gives UTC struct_time
    return None


def feed_source(url_or_path: str | Path, since: str | datetime | None = None,
                fetch: FetchContext | None = None) -> InputSource:
    """An RSS or Atom feed (URL or file): each entry newer than `since` fetched as a page and read as an article.

    A feed that cannot be fetched or parsed is one RecordError; an entry without a link, or whose page cannot
    be fetched, is one RecordError; the other entries still come through.
    """
    ref = str(url_or_path)
    fetch = need_fetch(fetch, ref)
    if since is not None:
        try:
            parse_since(since)  # a bad value stops here, before anything is read
        except ValueError as error:
            raise InputError(str(error)) from None
    local = Path(ref) if not ref.startswith(("http://", "https://")) else None
    if local is not None and not local.is_file():
        raise InputError(f"{ref}: feed is neither an http(s) URL nor a file")
    source = InputSource(ref, "feed", file_sha256(local) if local else f"feed:{ref}",
                         details={"since": str(since) if since is not None else None})
    reader = _PageReader(source, fetch)
    source.loader = _feed_loader(source, reader, ref, local, since)
    return source


def _feed_loader(source: InputSource, reader: _PageReader, ref: str, local: Path | None,
                 since: str | datetime | None) -> Callable[[], Iterator[Item]]:
    def load() -> Iterator[Item]:
        import feedparser

        if local is not None:
            # a relative since counts back from when the file was saved, as from when a URL was fetched
            raw, base = local.read_bytes(), local.resolve().as_uri()
            fetched = datetime.fromtimestamp(local.stat().st_mtime, timezone.utc)
        else:
            page = reader.get(ref, ref, accept="feed")
            if isinstance(page, RecordError):
                yield page
                return
            raw, base = page.body, page.entry.get("final_url") or ref
            fetched = datetime.fromisoformat(page.entry["fetched_at"])
        parsed = feedparser.parse(raw, response_headers={"content-location": base})
        if not parsed.entries:
            problem = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
            if problem or not parsed.get("version"):
                yield RecordError(url_to_id(ref) if local is None else None, INPUT_STAGE,
                                  f"{ref}: not an RSS or Atom feed{problem}", ref)
            return
        cutoff = parse_since(since, now=fetched) if since is not None else None
        source.details["cutoff"] = cutoff.isoformat(timespec="seconds") if cutoff else None
        feed_title = parsed.feed.get("title")
        for number, entry in enumerate(parsed.entries, start=1):
            origin = f"{ref}#{number}"
            when = _entry_time(entry)
            if cutoff is not None and when is not None and when < cutoff:
                continue
            link = entry.get("link")
            if not link:
                yield RecordError(None, INPUT_STAGE, f"feed entry {number} has no link", origin)
                continue
            hints = {"title": entry.get("title"), "published": when.date().isoformat() if when else None,
                     "source": feed_title}
            item = reader.article(urljoin(base, link), origin, hints)
            if (cutoff is not None and when is None and isinstance(item, dict) and item.get("published")
                    and str(item["published"])[:10] < cutoff.date().isoformat()):
                continue  # an undated entry whose page shows it is older than the cutoff
            yield item

    return load
