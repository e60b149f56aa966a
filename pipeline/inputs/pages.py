"""Saved web pages (.html/.htm) as articles: bytes decoded by their real charset, text and metadata by trafilatura.

trafilatura finds the main text (paragraphs kept as lines), title, author, site name, canonical URL, and the
publication date (through htmldate). What it leaves behind (a repeated headline, a dateline, "Baca juga"
promotions) is normalize's job, as for any other input. A page without article text is a RecordError.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.inputs.base import INPUT_STAGE, Item, text_or_none
from pipeline.records import RecordError

HTML_SUFFIXES = (".html", ".htm")

# Labels that browsers decode as windows-1252 (WHATWG Encoding Standard): a page "in latin-1" is really cp1252.
_CP1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "ibm819",
                  "windows-1252", "cp1252", "x-cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)
_ID_LENGTH = 80


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _CP1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start (the HTML prescan), if any."""
    found = _META_CHARSET.search(raw[:4096])
    return found.group(1).decode("ascii") if found else None


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec name) for page bytes whose declared charset (HTTP header, else <meta>) may be wrong.

    Order: a byte-order mark; UTF-8 when the bytes are valid UTF-8 (other encodings almost never are, so this
    also rescues UTF-8 pages labelled latin-1); the declared charset when the bytes decode strictly in it;
    charset_normalizer's detection; windows-1252 with replacement characters as the last resort. So a
    windows-1252 page declared as UTF-8 comes out with its “quotes” and é intact.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw.decode(name, errors="replace"), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for label in (declared, meta_charset(raw)):
        codec = _codec(label)
        if codec is None or codec == "utf-8":
            continue
        try:
            return raw.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    results = from_bytes(raw)
    best = results.best()
    if best is not None and best.encoding:
        # Short Western text decodes equally well in several single-byte code pages (cp1250, cp1252, cp1257...);
        # among equally plausible ones, windows-1252 is what such pages really are (the web's Western default).
        tied = [match for match in results if match.chaos <= best.chaos and match.coherence >= best.coherence]
        if any("cp1252" in match.could_be_from_charset for match in tied):
            try:
                return raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        return str(best), best.encoding
    return raw.decode("cp1252", errors="replace"), "cp1252"


def decode_as(raw: bytes, charset: str | None) -> str:
    """Bytes saved earlier, decoded with the charset found when they were fetched (see decode_html)."""
    if charset:
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_html(raw)[0]


def canonical_url(url: str) -> str:
    """A URL as the same article is recognised by: scheme and host lowercased, default port, fragment and
    tracking parameters (utm_*, fbclid, gclid) dropped; path and other query parameters kept."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_to_id(url: str) -> str:
    """A record id from a URL: stable (the same URL, give or take tracking parameters, gives the same id in every
    run) and path-safe (only a-z 0-9 . -, no "..", at most 80 characters): host, a slug of the path, a short hash.

    >>> url_to_id("https://www.warta.example.id/daerah/2024/03/12/banjir-rendam-desa?utm_source=x")
    'warta.example.id-banjir-rendam-desa-...'
    """
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    host = re.sub(r"[^a-z0-9.-]+", "-", (parts.hostname or "page").lower())
    host = re.sub(r"\.{2,}", ".", host.removeprefix("www.")).strip(".-") or "page"
    segments = [s for s in parts.path.split("/") if s]
    slug = ""
    if segments:
        slug = re.sub(r"\.(html?|php|aspx?|jsp)$", "", segments[-1], flags=re.IGNORECASE)
        if len(slug) < 8 and len(segments) > 1:  # ".../berita/12345": the number alone says little
            slug = f"{segments[-2]}-{slug}"
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]
    room = _ID_LENGTH - len(digest) - 2
    head = host[: min(len(host), 30)].strip(".-")
    slug = slug[: max(0, room - len(head))].strip("-")
    return "-".join(part for part in (head, slug, digest) if part)


def _article_url(found: str | None, page_url: str | None) -> str | None:
    """The page's canonical URL, unless it is clearly not this article's (a site's home page as canonical)."""
    if found and urlsplit(found).scheme in ("http", "https"):
        if page_url and urlsplit(found).path in ("", "/") and urlsplit(page_url).path not in ("", "/"):
            return page_url
        return found
    return page_url


def _is_host(name: str, url: str | None) -> bool:
    if not url:
        return False
    netloc = urlsplit(url).netloc.lower()
    return name.lower().removeprefix("www.") in (netloc, netloc.removeprefix("www."))


def extract_article(raw: bytes, *, origin: str, default_id: str, charset: str | None = None,
                    page_url: str | None = None, hints: dict[str, Any] | None = None) -> Item:
    """One page's bytes as an article; `charset` is what fetching found (None: decode_html decides), `page_url`
    where it was fetched from, `hints` title/published/source from a feed entry, used where the page lacks them."""
    import trafilatura

    hints = hints or {}
    html = decode_as(raw, charset) if charset else decode_html(raw)[0]
    try:
        document = trafilatura.bare_extraction(html, url=page_url, with_metadata=True, include_comments=False,
                                               include_tables=True, deduplicate=False)
    except Exception as error:  # lxml and trafilatura raise several types on broken markup
        return RecordError(default_id, INPUT_STAGE, f"could not read the page: {type(error).__name__}: {error}",
                           origin)
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    url = _article_url(getattr(document, "url", None), page_url)
    article_id = url_to_id(url) if url else default_id
    if not text:
        return RecordError(article_id, INPUT_STAGE, "no article text found in the page", origin)
    source = text_or_none(document.sitename)
    if source is None or _is_host(source, url):  # trafilatura names a page without a site name by its host
        source = text_or_none(hints.get("source")) or source
    if source is None and url:
        source = (urlsplit(url).hostname or "").removeprefix("www.") or None
    article = {
        "id": article_id,
        "title": text_or_none(document.title) or text_or_none(hints.get("title")),
        "text": text,
        "source": source,
        "url": url,
        "published": text_or_none(document.date) or text_or_none(hints.get("published")),
        "origin": origin,
    }
    if author := text_or_none(document.author):
        article["author"] = author
    return article


def read_html_file(path: Path) -> Item:
    return extract_article(path.read_bytes(), origin=path.name, default_id=path.stem)


def read_html_files(files: list[Path]) -> Iterator[Item]:
    for path in files:
        yield read_html_file(path)
