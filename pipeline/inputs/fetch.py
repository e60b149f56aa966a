"""Fetching web pages politely and once: every page is kept by content hash, so reruns and --offline never refetch.

`pages_dir/index.jsonl` has a line per fetch (url, final_url, status, content_type, charset, fetched_at, file,
sha256; a failed fetch has `error` instead of a file) and `pages_dir/<sha256>.html` the bytes as received. A URL
with a saved page is never fetched again by this pages folder; one whose last fetch failed is tried again,
except offline, where the recorded failure is reported again so an offline rerun gives the same errors.

Politeness and safety: a User-Agent naming the pipeline, robots.txt (Disallow and Crawl-delay) for that agent,
a delay between two requests to one host, timeouts, retries with exponential backoff on connection errors,
timeouts, HTTP 429 and 5xx (a Retry-After is honoured up to 60 s), redirects followed by hand (each hop checked
against robots.txt; a loop or too many is an error), pages streamed and cut at a size limit, and only HTML
accepted as a page (a PDF is an error naming its type).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from pipeline.version import __version__
from pipeline.config import FetchConfig
from pipeline.files import now
from pipeline.inputs.pages import decode_html

DEFAULT_USER_AGENT = (f"delegation-pipeline/{__version__} (+local news briefs for visiting delegations; "
                      f"set fetch.user_agent to add a contact)")
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json", "text/html", "text/plain", "application/x-rss+xml")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_WAIT_S = 60.0  # the longest Retry-After or Crawl-delay honoured
ROBOTS_MAX_BYTES = 500_000


class FetchError(Exception):
    """A URL that gave no usable page; str() is the message for errors.jsonl (URL, status and reason)."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status
        self.fetched_at: str | None = None  # when the failing fetch was made


@dataclass
class FetchContext:
    """What reading URLs and feeds needs: where pages are kept, whether the network may be used, and how."""

    pages_dir: Path
    offline: bool = False
    settings: FetchConfig = field(default_factory=FetchConfig)
    _fetcher: Fetcher | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.pages_dir = Path(self.pages_dir)

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


@dataclass
class Page:
    """A fetched (or previously saved) page: its index entry and its bytes."""

    entry: dict[str, Any]
    body: bytes

    def describe(self) -> dict[str, Any]:
        return {"url": self.entry["url"], "status": self.entry["status"], "fetched_at": self.entry["fetched_at"],
                "file": self.entry["file"]}


class PageStore:
    """The pages folder: content-addressed files and the append-only index.jsonl."""

    def __init__(self, pages_dir: Path):
        self.dir = Path(pages_dir)
        self.index_path = self.dir / "index.jsonl"
        self.saved: dict[str, dict[str, Any]] = {}  # url or final_url -> entry with a file
        self.failed: dict[str, dict[str, Any]] = {}  # url -> last failed entry
        if self.index_path.exists():
            for line in self.index_path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                if not isinstance(entry, dict) or "url" not in entry:
                    continue
                if entry.get("file") and (self.dir / entry["file"]).is_file():
                    self.saved.setdefault(entry["url"], entry)
                    self.saved.setdefault(entry.get("final_url") or entry["url"], entry)
                    self.failed.pop(entry["url"], None)
                elif entry.get("error") and entry["url"] not in self.saved:
                    self.failed[entry["url"]] = entry

    def lookup(self, url: str) -> Page | None:
        entry = self.saved.get(url)
        if entry is None:
            return None
        entry = {**entry, "url": url}
        return Page(entry, (self.dir / entry["file"]).read_bytes())

    def save(self, url: str, final_url: str, status: int, content_type: str, charset: str | None, body: bytes,
             suffix: str = ".html") -> Page:
        digest = hashlib.sha256(body).hexdigest()
        name = f"{digest}{suffix}"
        self.dir.mkdir(parents=True, exist_ok=True)
        target = self.dir / name
        if not target.exists():
            temporary = self.dir / f".{name}.{os.getpid()}.tmp"
            with temporary.open("wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        entry = {"url": url, "final_url": final_url, "status": status, "content_type": content_type,
                 "charset": charset, "fetched_at": now(), "file": name, "sha256": digest}
        self._append(entry)
        self.saved.setdefault(url, entry)
        self.saved.setdefault(final_url, entry)
        self.failed.pop(url, None)
        return Page(entry, body)

    def save_failure(self, error: FetchError) -> None:
        entry = {"url": error.url, "status": error.status, "fetched_at": now(), "error": error.reason}
        error.fetched_at = entry["fetched_at"]
        self._append(entry)
        self.failed[error.url] = entry

    def _append(self, entry: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        with self.index_path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _header_charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _retry_after(value: str | None) -> float | None:
    try:
        return min(max(float(value), 0.0), MAX_WAIT_S) if value else None
    except ValueError:
        return None  # an HTTP date: use our own backoff


class Fetcher:
    """Fetches pages for one FetchContext; one at a time, remembering per host when it last asked."""

    def __init__(self, context: FetchContext):
        self.context = context
        self.settings = context.settings
        self.user_agent = self.settings.user_agent or DEFAULT_USER_AGENT
        self.store = PageStore(context.pages_dir)
        self._session = None
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | str | FetchError | None] = {}

    @property
    def session(self):
        if self._session is None:
            import requests

            self._session = requests.Session()
            self._session.headers.update({"User-Agent": self.user_agent,
                                          "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    # -- the one entry point -------------------------------------------------------------------------------------
    def get(self, url: str, accept: str = "html") -> Page:
        """The page at `url` (saved, or fetched now and saved); a FetchError says why there is none.

        accept: "html" for article pages, "feed" for RSS/Atom documents.
        """
        url = url.strip()
        saved = self.store.lookup(url)
        if saved is not None:
            return saved
        if self.context.offline:
            failed = self.store.failed.get(url)
            if failed is not None:
                error = FetchError(url, failed["error"], failed.get("status"))
                error.fetched_at = failed.get("fetched_at")
                raise error
            raise FetchError(url, "not fetched before and --offline")
        try:
            return self._fetch(url, accept)
        except FetchError as error:
            self.store.save_failure(error)
            raise

    # -- fetching -----------------------------------------------------------------------------------------------
    def _fetch(self, url: str, accept: str) -> Page:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise FetchError(url, "not an http(s) URL")
        chain = [url]
        current = url
        while True:
            self._check_robots(url, current)
            response = self._request(url, current)
            if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                target = urljoin(current, response.headers["Location"])
                response.close()
                if target in chain:
                    raise FetchError(url, f"redirect loop ({' -> '.join([*chain, target])})", response.status_code)
                if len(chain) > self.settings.max_redirects:
                    raise FetchError(url, f"more than {self.settings.max_redirects} redirects (fetch.max_redirects)",
                                     response.status_code)
                chain.append(target)
                current = target
                continue
            break
        with response:
            if response.status_code >= 300:  # a 3xx here is a redirect without a Location
                raise FetchError(url, f"HTTP {response.status_code} {response.reason or ''}".rstrip(),
                                 response.status_code)
            content_type = response.headers.get("Content-Type")
            media_type = _media_type(content_type)
            self._check_type(url, media_type, response.status_code, accept)
            body = self._read_body(url, response)
            if not media_type and body.lstrip()[:5] == b"%PDF-":
                raise FetchError(url, "not an HTML page (application/pdf)", response.status_code)
            charset = decode_html(body, _header_charset(content_type))[1] if accept == "html" else None
            suffix = ".html" if accept == "html" else ".xml"
            return self.store.save(url, current, response.status_code, content_type or "", charset, body, suffix)

    def _check_type(self, url: str, media_type: str, status: int, accept: str) -> None:
        if not media_type:
            return  # no Content-Type: judged by the bytes
        allowed = HTML_TYPES if accept == "html" else FEED_TYPES
        if media_type not in allowed and not (accept == "feed" and media_type.endswith("+xml")):
            what = "an HTML page" if accept == "html" else "an RSS or Atom feed"
            raise FetchError(url, f"not {what} ({media_type})", status)

    def _read_body(self, url: str, response) -> bytes:
        import requests

        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"page of {int(declared)} bytes is over the {limit}-byte limit (fetch.max_bytes)",
                             response.status_code)
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"page is over the {limit}-byte limit (fetch.max_bytes); stopped reading",
                                     response.status_code)
                chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            raise FetchError(url, f"reading the page failed: {_reason(error, self.settings.timeout_s)}",
                             response.status_code) from None
        return b"".join(chunks)

    def _request(self, url: str, current: str, allow_redirects: bool = False):
        """One GET of `current` with retries (connection errors, timeouts, 429, 5xx); the response is streamed.

        Returns the last response (a 5xx after the last retry is returned, to be reported with its status)."""
        import requests

        settings = self.settings
        tries = settings.retries + 1
        for attempt in range(tries):
            self._wait_for_host(current)
            wait = settings.backoff_s * (2 ** attempt)
            try:
                response = self.session.get(current, timeout=(settings.timeout_s, settings.timeout_s), stream=True,
                                            allow_redirects=allow_redirects)
            except requests.exceptions.RequestException as error:
                if not isinstance(error, (requests.exceptions.ConnectionError, requests.exceptions.Timeout)):
                    raise FetchError(url, _reason(error, settings.timeout_s)) from None
                if attempt + 1 == tries:
                    raise FetchError(url, f"{_reason(error, settings.timeout_s)} "
                                          f"({tries} {'try' if tries == 1 else 'tries'})") from None
            else:
                if response.status_code not in RETRY_STATUSES or attempt + 1 == tries:
                    return response
                wait = max(wait, _retry_after(response.headers.get("Retry-After")) or 0.0)
                response.close()
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        delay = self.settings.host_delay_s
        robots = self._robots.get(_origin(url))
        if isinstance(robots, RobotFileParser):
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_WAIT_S))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        self._last_request[host] = time.monotonic()

    # -- robots.txt ---------------------------------------------------------------------------------------------
    def _check_robots(self, url: str, current: str) -> None:
        if not self.settings.respect_robots:
            return
        origin = _origin(current)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        if isinstance(robots, FetchError):  # the host did not answer for robots.txt: do not wait on it again
            raise FetchError(url, f"{robots.reason}, asking {origin} for robots.txt")
        if isinstance(robots, str):  # robots.txt answered with an error that means "stay away"
            raise FetchError(url, f"robots.txt disallows: {robots}")
        if robots is not None and not robots.can_fetch(self.user_agent, current):
            raise FetchError(url, f"robots.txt disallows {current} for {self.user_agent.split('/')[0]}")

    def _load_robots(self, origin: str) -> RobotFileParser | str | FetchError | None:
        """The parsed robots.txt; None when there is none (4xx); a reason string when it must be read as
        "disallow all" (401, 403, 5xx: RFC 9309); the FetchError when the host cannot be reached, so every URL
        of a dead host fails at once instead of waiting through its timeouts and retries again."""
        robots_url = f"{origin}/robots.txt"
        try:
            response = self._request(robots_url, robots_url, allow_redirects=True)
        except FetchError as error:
            return error
        with response:
            status = response.status_code
            if status in (401, 403) or status >= 500:
                return f"{robots_url} answered HTTP {status}"
            if status >= 400:
                return None
            try:
                body = self._read_body(robots_url, response)[:ROBOTS_MAX_BYTES]
            except FetchError:
                return None
        parser = RobotFileParser(robots_url)
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _reason(error: Exception, timeout_s: float) -> str:
    import requests

    if isinstance(error, requests.exceptions.Timeout) or "timed out" in str(error).lower():
        return f"timed out after {timeout_s:g} s (fetch.timeout_s)"
    if isinstance(error, requests.exceptions.ConnectionError):
        found = re.search(r"\[Errno -?\d+\] [^'\")\]]+", str(error))  # no object addresses in errors.jsonl
        return f"connection failed: {found.group().strip() if found else type(error).__name__}"
    return f"{type(error).__name__}: {error}"
