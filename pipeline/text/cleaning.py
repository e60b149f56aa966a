"""Characters and markup: raw article text (or HTML) becomes repaired, markup-free paragraphs.

Its own module because every text field goes through it before any word is read: mojibake, binary data,
look-alike characters (normalize_characters.tsv), spacing and hard-wrapped lines are fixed here once, and the
repair keeps the article's words, since summaries and briefs quote them.

HTML goes through the standard library's html.parser: it tolerates broken markup and needs no dependency;
page-extraction libraries (trafilatura, readability) discard short texts and bring many dependencies.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import ftfy
import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table

#: Above this share of control, unassigned or replacement characters a text is binary data, not an article.
GARBAGE_LIMIT = 0.1


class RejectedArticle(ValueError):
    """An article that cannot be normalized; the message names the problem."""



_GARBAGE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\p{Cs}\p{Co}\p{Cn}]")
_HTML_TAG = regex.compile(r"<(?:!doctype|!--|/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>)", regex.IGNORECASE)
_HTML_ENTITY = regex.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")
_SPACES = regex.compile(r"[^\S\n]+")
_SPACE_BEFORE_PUNCTUATION = regex.compile(r"[ ]+([,;:!?)\]]|(?<=\p{L}[ ]+)\.(?=[ \n]|$))", regex.MULTILINE)
_SPACE_AFTER_BRACKET = regex.compile(r"([(\[])[ ]+")
_MISSING_SPACE_AFTER_COMMA = regex.compile(r"(?<=\p{Ll}),(?=\p{L})")
# Entities are decoded with the markup, quotes stay typographic, control characters first count as garbage.
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, remove_control_chars=False, explain=False)


def garbage_share(text: str) -> float:
    """Share of non-space characters that are control, unassigned, private-use or replacement characters."""
    visible = len("".join(text.split()))
    return len(_GARBAGE.findall(text)) / visible if visible else 0.0


class _HtmlText(HTMLParser):
    """Visible text of an HTML fragment or page: block elements become line breaks, non-content elements
    (scripts, styles, navigation, the page head) are dropped and kept aside for the `removed` list."""

    DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "aside",
               "form", "button", "select"}
    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
              "article", "header", "main", "blockquote", "figure", "figcaption", "pre", "hr", "dd", "dt", "body"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []
        self._open_dropped: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # HTML may leave </head> out: the body starts the content anyway
            while self._open_dropped:
                self._close_dropped()
        if tag in self.DROPPED:
            self._open_dropped.append((tag, []))
        elif tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._open_dropped and self._open_dropped[-1][0] == tag:
            self._close_dropped()
        elif tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def _close_dropped(self):
        name, content = self._open_dropped.pop()
        text = " ".join("".join(content).split())
        if text:
            self.dropped.append(f"<{name}> {text}")

    def handle_data(self, data):
        (self._open_dropped[-1][1] if self._open_dropped else self.parts).append(data)


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text with paragraph breaks, text of the dropped non-content elements)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts), parser.dropped


class CharacterTable:
    """Look-alike characters unified for `text`, and made plain ASCII for `mt_input` (normalize_characters.tsv)."""

    def __init__(self, for_text: dict[str, str], for_mt: dict[str, str]):
        self.for_text = for_text
        self.for_mt = for_mt
        # A character class finds the few characters to replace; str.translate would visit every character.
        self.pattern = re.compile("[" + "".join(map(re.escape, for_text)) + "]")

    @classmethod
    def load(cls, path: Path) -> CharacterTable:
        def chars(field: str, number: int) -> str:
            try:
                return "".join(chr(int(code.removeprefix("U+"), 16)) for code in field.split())
            except ValueError:
                raise ConfigError(f"{path}:{number}: {field!r} is not a list of U+XXXX code points") from None

        for_text, for_mt = {}, {}
        for number, (source, text, mt) in read_table(path, 3):
            for_text[chars(source, number)] = chars(text, number)
            for_mt[chars(source, number)] = chars(mt, number)
        return cls(for_text, for_mt)

    def text(self, value: str) -> str:
        return self.pattern.sub(lambda match: self.for_text[match.group()], value)

    def mt(self, value: str) -> str:
        return self.pattern.sub(lambda match: self.for_mt[match.group()], value)


@dataclass(frozen=True)
class CleanedText:
    paragraphs: list[str]
    had_markup: bool
    dropped_markup: list[str]  # text of the non-content HTML elements that were dropped


def clean_text(raw: str, characters: CharacterTable, field: str = "text") -> CleanedText:
    """Repaired, unified, markup-free paragraphs; raises RejectedArticle when `raw` is binary data.

    Order matters: mojibake is repaired first (it can hide in markup), binary data is judged before markup
    or control characters are removed, and spacing is fixed last.
    """
    text = ftfy.fix_text(raw, _FTFY)
    share = garbage_share(text)
    if share > GARBAGE_LIMIT:
        raise RejectedArticle(f"{field} looks like binary data: {share:.0%} of its characters are control, "
                              f"unassigned or replacement characters")
    text = _GARBAGE.sub("", text)
    dropped: list[str] = []
    had_markup = _HTML_TAG.search(text) is not None
    if had_markup:
        text, dropped = html_to_text(text)
    elif _HTML_ENTITY.search(text):
        text = html.unescape(text)
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", characters.text(text)))
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = _MISSING_SPACE_AFTER_COMMA.sub(", ", _SPACE_AFTER_BRACKET.sub(r"\1", text))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return CleanedText(unwrap_lines(lines), had_markup, dropped)


_LINE_ENDS_SENTENCE = regex.compile(r"[.!?…:;\"”’')\]。！？]$")


def unwrap_lines(lines: list[str]) -> list[str]:
    """Paragraphs from lines: a line cut mid-sentence (hard-wrapped copy) continues on a lower-case line."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not _LINE_ENDS_SENTENCE.search(paragraphs[-1]) and line[0].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs
