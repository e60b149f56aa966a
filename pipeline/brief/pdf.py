"""brief.pdf: the brief's HTML printed to A4 by headless Chromium, driven over the DevTools protocol.

How, and why this way:

- The PDF is the HTML the delegation also gets, printed by the browser the tests already use, so the two
  cannot drift apart; Chromium lays out Japanese line breaking, print CSS and page breaks as the HTML shows.
- Chromium is driven with its DevTools protocol (`Page.printToPDF`) over `--remote-debugging-pipe`: JSON
  messages ending in a NUL byte on file descriptors 3 (to the browser) and 4 (from it). That needs only the
  standard library, opens no network port, and is the channel Puppeteer and Playwright use themselves.
  `printToPDF` gives what `chromium --print-to-pdf` does not: a footer template with the page number and page
  count (`pageNumber`, `totalPages`), a wait for the page's load event, and an error message when a step
  fails, each step under one deadline. (Playwright's Python package installs from PyPI without a browser
  and can drive /usr/bin/chromium through `executable_path`, but it brings a 50 MB Node driver for six
  protocol calls and is pinned to its own browser builds. The calls used here have been in Chromium for
  years, and a browser ignores parameters it does not know, such as the tagged PDF and its outline.)
  The page numbers are that footer's. brief.css has no `@page` margin boxes: Chromium draws those too since
  version 131, and the numbers would be printed twice.
- Fonts: Chromium embeds TrueType-outline fonts as CID TrueType (FontFile2), subset; fonts with CFF outlines,
  such as Debian's Noto Sans CJK (.ttc), it can only draw as Type 3 glyph procedures, which carry no font
  name or font program. scripts/install_chromium.sh therefore also installs "Noto Sans JP", the same Noto CJK
  Japanese design with TrueType outlines, which the stylesheet names first for Japanese (and as the fallback
  for Latin text): the PDF then embeds a real, named Noto CJK font. That script also keeps the PDF's text
  searchable: Chromium maps a glyph back to the lowest code point the font gives it, so 日, whose glyph Noto
  shares with the Kangxi radical ⽇, would copy as the radical; the converted font maps such glyphs only from
  the ideograph, kana or punctuation.

The browser is not a Python dependency: where it is missing, `BrowserMissing` says so, and the brief keeps
its HTML and Markdown (render.py turns that into one warning line per run).
"""

from __future__ import annotations

import base64
import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from markupsafe import escape

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-dev-shm-usage", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
    "--remote-debugging-pipe",
)
TIMEOUT_S = 120.0  # the whole print, browser start included; a 30-article brief takes a few seconds
A4_INCHES = (8.27, 11.69)
# The page margins are the stylesheet's (@page in brief.css); these only apply to a page that has none.
MARGINS_INCHES = {"marginTop": 0.63, "marginBottom": 0.71, "marginLeft": 0.59, "marginRight": 0.59}
FOOTER_FONTS = '"Noto Sans JP", "Noto Sans CJK JP", "Noto Sans", sans-serif'


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why, in words for the run's log."""


class BrowserMissing(PdfError):
    """No Chromium to print with."""


def find_browser(configured: str | Path | None = None) -> Path:
    """The Chromium to print with: the configured path or name, else the first of BROWSER_NAMES on PATH."""
    candidates = [str(configured)] if configured else list(BROWSER_NAMES)
    for name in candidates:
        found = shutil.which(name)
        if found:
            return Path(found)
    wanted = f"{configured}" if configured else " or ".join(BROWSER_NAMES)
    raise BrowserMissing(f"no browser to print brief.pdf with ({wanted} not found; scripts/install_chromium.sh "
                         "installs Chromium and the fonts)")


def footer_template(left: str, page_label: str) -> str:
    """Chromium's footer: `left` (e.g. the brief's title) and the page label, whose `{page}` and `{pages}`
    become the page number and count. Text is escaped: the template is HTML, and a title is anyone's text."""
    number = str(escape(page_label)).format(page='<span class="pageNumber"></span>',
                                            pages='<span class="totalPages"></span>')
    # The footer is its own small page: it inherits nothing, and its font size defaults to almost nothing.
    return (f'<div style="box-sizing:border-box;width:100%;padding:0 15mm;display:flex;'
            f'justify-content:space-between;gap:8mm;font-family:{escape(FOOTER_FONTS)};font-size:7.5pt;'
            f'color:#5d6675;-webkit-print-color-adjust:exact">'
            f'<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">{escape(left)}</span>'
            f'<span style="white-space:nowrap">{number}</span></div>')


def write_pdf(html_path: Path, pdf_path: Path, *, footer: str, browser: str | Path | None = None,
              timeout: float = TIMEOUT_S) -> Path:
    """Print `html_path` to `pdf_path` (A4, backgrounds, `footer` on every page); replaced whole or not at all.

    Raises BrowserMissing where there is no Chromium, PdfError where printing fails or runs past `timeout`.
    """
    executable = find_browser(browser)
    data = _print(executable, Path(html_path).resolve().as_uri(), footer, timeout)
    if not data.startswith(b"%PDF-"):
        raise PdfError("the browser returned something that is not a PDF")
    pdf_path = Path(pdf_path)
    handle = tempfile.NamedTemporaryFile("wb", dir=pdf_path.parent, prefix=f".{pdf_path.name}.", suffix=".tmp",
                                         delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, pdf_path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return pdf_path


def _print(executable: Path, url: str, footer: str, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="brief-pdf-", ignore_cleanup_errors=True) as profile, \
            tempfile.TemporaryFile() as log:
        # The browser speaks the protocol on fds 3 and 4; the shell moves the pipes there from stdin and stdout.
        command = ["/bin/sh", "-c", 'exec 3<&0 4>&1 </dev/null >&2 "$@"', "sh", str(executable), *BROWSER_FLAGS,
                   f"--user-data-dir={profile}", "about:blank"]
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                       start_new_session=True)  # its own process group, to end it whole
        except OSError as error:
            raise PdfError(f"cannot start {executable}: {error}") from error
        session = _Pipe(process, time.monotonic() + timeout)
        try:
            return _print_page(session, url, footer)
        except PdfError as error:
            raise PdfError(f"{executable}: {error}{_tail(log)}") from None
        except (KeyError, TypeError, ValueError) as error:  # a reply of another shape than the protocol's
            raise PdfError(f"{executable}: unexpected DevTools reply ({error!r}){_tail(log)}") from None
        finally:
            session.close()


def _print_page(browser: "_Pipe", url: str, footer: str) -> bytes:
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session=session)
    navigated = browser.call("Page.navigate", session=session, url=url)
    if navigated.get("errorText"):
        raise PdfError(f"cannot open {url}: {navigated['errorText']}")
    browser.wait_for("Page.loadEventFired", session)
    width, height = A4_INCHES
    printed = browser.call(
        "Page.printToPDF", session=session, paperWidth=width, paperHeight=height, preferCSSPageSize=True,
        printBackground=True, displayHeaderFooter=True, headerTemplate="<span></span>", footerTemplate=footer,
        generateTaggedPDF=True, generateDocumentOutline=True, **MARGINS_INCHES)
    return base64.b64decode(printed["data"])


class _Pipe:
    """One DevTools protocol connection over the browser's pipe: numbered calls, their answers, and events."""

    def __init__(self, process: subprocess.Popen, deadline: float):
        self.process, self.deadline = process, deadline
        self.selector = selectors.DefaultSelector()
        self.selector.register(process.stdout, selectors.EVENT_READ)
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.last_id = 0

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\0")
            self.process.stdin.flush()
        except OSError:
            raise self._gone(method) from None
        while True:
            reply = self._next(method)
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise PdfError(f"{method} failed: {reply['error'].get('message', reply['error'])}")
                return reply.get("result") or {}
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        while True:
            for index, message in enumerate(self.events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self.events.pop(index)
            self.events.append(self._next(event))

    def _next(self, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not self.selector.select(left):
                raise PdfError(f"timed out waiting for {waiting_for}")
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise self._gone(waiting_for)
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def _gone(self, waiting_for: str) -> PdfError:
        try:
            status = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return PdfError(f"the browser closed its pipe while waiting for {waiting_for}")
        return PdfError(f"the browser exited (status {status}) while waiting for {waiting_for}")

    def close(self) -> None:
        """Ask the browser to quit, then make sure it has: no Chromium outlives a brief."""
        try:
            if self.process.poll() is None:
                self.process.stdin.write(json.dumps({"id": self.last_id + 1, "method": "Browser.close"}).encode()
                                         + b"\0")
                self.process.stdin.flush()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:  # the renderer and helper processes too: the group is the one this browser was started in
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        finally:
            self.selector.close()
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass


def _tail(log) -> str:
    """The browser's last error lines, for a failure message; its routine noise (D-Bus, GPU) left out."""
    log.seek(0)
    lines = [line for line in log.read().decode("utf-8", "replace").splitlines()
             if ":ERROR:" in line and "dbus" not in line.lower()]
    return f" (browser: {' | '.join(lines[-3:])})" if lines else ""
