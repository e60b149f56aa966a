"""Normalize stage: a raw Indonesian news article becomes a clean headline and body sentences, each with the
text the translator should read.

Choices, and why:

- Everything language- or outlet-specific is data in pipeline/data (boilerplate.tsv, abbreviations.tsv,
  typos.tsv, normalize_*.tsv/txt): a new outlet's dateline or a new abbreviation is one line, not code.
- `text` keeps the article's words (only markup, mojibake, look-alike characters and spacing are repaired),
  because summaries and briefs quote it; `mt_input` adds abbreviation expansion, typo fixes and plain ASCII
  quotes, because MT models mistranslate "Kunker" and "Pemeirntah" but not "kunjungan kerja".
- Sentences come from a rule splitter, not pysbd or NLTK punkt: pysbd has no Indonesian rules and its
  English ones miss Indonesian titles and degrees (Drs., S.Sos., M.Si., Jl.), and punkt has no Indonesian
  model. News punctuation is regular: a candidate break is . ! ? … (plus closing quotes) before whitespace
  and a capital, digit or opening quote; the abbreviation list in normalize_sentence_abbreviations.tsv
  decides the rest. Numbers (Rp1.500.000, 2,4, 06.00, 24/8/2023) have no space after the period and so
  are never candidates.
- A quotation that ends in ." followed by its attribution ('“…bersama.” Kata Lintong.') is one sentence:
  "Kata Lintong." alone has no content a translator or a summary can use, and keeping the speaker with the
  quote is what the reader needs. The attribution must start with a verb of saying (data) and be short.
- HTML goes through the standard library's html.parser: it tolerates broken markup and needs no dependency;
  page-extraction libraries (trafilatura, readability) discard short texts and bring many dependencies.
- Language check: lingua, built once from a small language set (config normalize.languages), on the first
  LANGUAGE_SAMPLE_CHARS characters. Malay is left out of the default set because lingua calls 18% of
  NTREX's Indonesian sentences Malay, and an Indonesian pipeline loses more from that than it gains.
  Short Latin-script texts are easy to misjudge (names and loanwords), so they need a higher confidence.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any

import ftfy
import regex
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from pipeline.config import NormalizeConfig, PipelineConfig
from pipeline.resources import PACKAGE_DATA, file_hash, read_table
from pipeline.errors import ConfigError
from pipeline.records import SCHEMA_VERSION, RecordError, source_hash
from pipeline.stages.base import Stage

#: Above this share of control, unassigned or replacement characters a text is binary data, not an article.
GARBAGE_LIMIT = 0.1
#: Language detection reads this many characters: enough to be sure, bounded so long articles stay fast.
LANGUAGE_SAMPLE_CHARS = 1000
#: A non-Indonesian verdict needs this confidence, or SHORT_TEXT_CONFIDENCE below SHORT_TEXT_LETTERS letters.
LANGUAGE_CONFIDENCE = 0.8
SHORT_TEXT_LETTERS = 200
SHORT_TEXT_CONFIDENCE = 0.95
#: A quotation up to this long is one unit (its sentences belong to one speaker and one attribution); a longer
#: one is split like running text, so the translator still gets sentence-sized input.
QUOTE_MAX_CHARS = 300
#: An attribution after a quotation ("Kata Lintong.") is joined to it only when it has at most this many words.
ATTRIBUTION_MAX_WORDS = 12
#: Removed text longer than this is shortened in `removed` (a dropped <script> can be large).
REMOVED_TEXT_LIMIT = 300

CALENDAR_FILE = PACKAGE_DATA / "normalize_calendar.tsv"
CHARACTERS_FILE = PACKAGE_DATA / "normalize_characters.tsv"
SENTENCE_ABBREVIATIONS_FILE = PACKAGE_DATA / "normalize_sentence_abbreviations.tsv"
SPEECH_VERBS_FILE = PACKAGE_DATA / "normalize_speech_verbs.txt"


class RejectedArticle(ValueError):
    """An article that cannot be normalized; the message names the problem."""


# ---------------------------------------------------------------------------------------------------------
# Data files


# ---------------------------------------------------------------------------------------------------------
# Characters and markup

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


# ---------------------------------------------------------------------------------------------------------
# Lexicons: abbreviation expansion and typo fixes for mt_input


def _word_variants(form: str) -> set[str]:
    """The spellings a lexicon form matches (case rules in the header of abbreviations.tsv)."""
    if form.isupper():
        return {form}
    if form[0].isupper():
        return {form, form.upper()}
    return {form, form.upper(), form[0].upper() + form[1:]}


def _trie_pattern(words: set[str]) -> str:
    """One regular expression for many whole words, factored by common prefixes.

    A flat alternation of several hundred words tries each one at every position of every sentence; the
    prefix tree makes a non-matching position cost one character test. Longer words are tried first, and a
    word ending in a letter or digit must not continue into another word or an address ("pemkot.go.id").
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict], prefix: str) -> str:
        branches = [re.escape(char) + build(child, prefix + char) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(r"(?![\w@]|\.\w)" if prefix[-1].isalnum() else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(tree, "")


class Lexicon:
    """Whole-word replacements that carry the source's case over (rules in the header of abbreviations.tsv)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.size = len(pairs)
        self.variants: dict[str, tuple[str, str]] = {}
        for form, replacement in pairs:
            for variant in _word_variants(form):
                self.variants.setdefault(variant, (form, replacement))
        self.variants.update({form: (form, replacement) for form, replacement in pairs})  # "Kasi" beats "kasi"
        # Not inside a web or mail address: "pemkot.go.id" stays.
        self.pattern = re.compile(rf"(?<![\w./@]){_trie_pattern(set(self.variants))}") if pairs else None

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        return cls([(form, replacement) for _, (form, replacement) in read_table(path, 2)])

    def __len__(self) -> int:
        return self.size

    def apply(self, text: str) -> str:
        return self.pattern.sub(self._replace, text) if self.pattern else text

    def _replace(self, match: re.Match) -> str:
        matched = match.group()
        form, replacement = self.variants[matched]
        if match.string.isupper():  # an all-capitals headline
            replacement = replacement.upper()
        elif matched[0].isupper() and replacement[0].islower():  # sentence start
            replacement = replacement[0].upper() + replacement[1:]
        return replacement + self._after(match, form)

    @staticmethod
    def _after(match: re.Match, form: str) -> str:
        """A form with a period keeps the sentence's final period, and a space before a glued word."""
        if not form.endswith("."):
            return ""
        rest = match.string[match.end():]
        if not rest.strip("\"'”’)] "):
            return "."
        return " " if rest[0].isalnum() else ""


# ---------------------------------------------------------------------------------------------------------
# Boilerplate: datelines, editor tags, credit and promotion lines


class Boilerplate:
    """The patterns of boilerplate.tsv by kind, with {NAME} pieces expanded."""

    KINDS = ("dateline", "editor_tag", "boilerplate_line", "title_suffix", "inline_marker")

    def __init__(self, patterns: dict[str, list[regex.Pattern]]):
        self.patterns = patterns

    @classmethod
    def load(cls, path: Path) -> Boilerplate:
        pieces: dict[str, str] = {}
        patterns: dict[str, list[regex.Pattern]] = {kind: [] for kind in cls.KINDS}
        for number, (kind, name, pattern) in read_table(path, 3):

            def expand(match: regex.Match) -> str:
                if match.group(1) not in pieces:
                    raise ConfigError(f"{path}:{number}: {{{match.group(1)}}} is not defined above this line")
                return f"(?:{pieces[match.group(1)]})"

            pattern = regex.sub(r"(?<!\\[pPN])\{([A-Z][A-Z_]+)\}", expand, pattern)
            if kind == "define":
                pieces[name] = pattern
                continue
            if kind not in cls.KINDS:
                raise ConfigError(f"{path}:{number}: unknown kind {kind!r}; use define or one of {cls.KINDS}")
            try:
                compiled = regex.compile(pattern)
            except regex.error as error:
                raise ConfigError(f"{path}:{number}: pattern {name!r} is not a valid regular expression: {error}"
                                  ) from None
            if kind == "dateline" and not {"outlet", "place"} & set(compiled.groupindex):
                raise ConfigError(f"{path}:{number}: dateline {name!r} needs a group named outlet or place")
            patterns[kind].append(compiled)
        return cls(patterns)

    def __len__(self) -> int:
        return sum(map(len, self.patterns.values()))

    def is_boilerplate_line(self, line: str) -> bool:
        return any(pattern.fullmatch(line) for pattern in self.patterns["boilerplate_line"])

    def dateline(self, paragraph: str) -> regex.Match | None:
        return self._first("dateline", paragraph)

    def editor_tag(self, paragraph: str) -> regex.Match | None:
        return self._first("editor_tag", paragraph)

    def title_suffix(self, title: str) -> regex.Match | None:
        return self._first("title_suffix", title)

    def cut_inline(self, paragraph: str) -> tuple[str, list[str]]:
        """The paragraph without promotions glued inside it, and what was cut (marker and link title each).

        A link title has no end mark, so where it ends is read from its shape: in brackets, up to the bracket;
        when no sentence follows (the paragraph does not end with . ! ?), up to the paragraph's end; in a Title
        Case title followed by a sentence, before the capital that starts that sentence ("Baca juga: Pemkot
        Bangun Pasar Baru | Warga senang."). Otherwise (a sentence-case title with a sentence glued on) the
        rest of the paragraph goes too: the record shows it in `removed` and is flagged for review.
        """
        cut: list[str] = []
        while match := self._first("inline_marker", paragraph):
            rest = paragraph[match.end():]
            end = _link_title_end(rest, bracketed=match.group().startswith(("(", "[")))
            cut.append((match.group() + rest[:end]).strip())
            paragraph = (paragraph[:match.start()].rstrip() + " " + rest[end:].lstrip()).strip()
        return paragraph, cut

    def _first(self, kind: str, text: str) -> regex.Match | None:
        """The first pattern's match, in file order (datelines are anchored with ^, tags and suffixes with $)."""
        return next((match for pattern in self.patterns[kind] if (match := pattern.search(text))), None)


#: Lowercase words a Title Case Indonesian headline keeps lowercase ("Wali Kota Bekasi dan Dubes Jepang Bahas
#: Investasi di Cikarang").
_TITLE_CASE_SMALL_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada soal jadi ini itu usai bagi oleh atau vs hingga akan saat jelang demi "
    "tak tidak bakal ala per se sebagai karena tentang antara".split())
_ENDS_SENTENCE = regex.compile(r"[.!?…][\"'”’)]*$")


def _link_title_end(rest: str, bracketed: bool) -> int:
    """Where the link title at the start of `rest` ends (see Boilerplate.cut_inline)."""
    if bracketed:
        close = regex.search(r"[)\]]", rest)
        return close.end() if close else len(rest)
    if not _ENDS_SENTENCE.search(rest.rstrip()):
        return len(rest)
    words = list(regex.finditer(r"\S+", rest))
    for index, word in enumerate(words):
        text = word.group()
        if text[0].isupper() or text[0].isdigit() or text in _TITLE_CASE_SMALL_WORDS:
            continue
        # The first lowercase content word: the capitalised word before it opens the glued sentence.
        if index >= 2 and words[index - 1].group()[0].isupper():
            return words[index - 1].start()
        break
    return len(rest)


# ---------------------------------------------------------------------------------------------------------
# Sentence splitting

_CANDIDATE_END = regex.compile(r"([.!?…]+|[。！？]+)([\"'”’)\]]*)")
_OPENING = "\"'“‘([…"
_CLOSING_QUOTES = "\"'”’"
_WORD_BEFORE = regex.compile(r"[\p{L}\p{N}.]*[\p{L}\p{N}]$")
_QUOTATION = regex.compile(rf'“[^“”\n]{{1,{QUOTE_MAX_CHARS}}}”|"[^"\n]{{1,{QUOTE_MAX_CHARS}}}"')
_GLUED_END = regex.compile(r"\p{Ll}{3}$")  # "kerjasama.Sementara", not "Sp.Rad" or "S.Sos"
_GLUED_START = regex.compile(r"\p{Lu}\p{Ll}")
_TRAILING_PUNCTUATION = regex.compile(r"\W+$")


class SentenceSplitter:
    """Rule splitter for Indonesian news (why rules: see the module docstring)."""

    def __init__(self, never_final: set[str], may_be_final: set[str], speech_verbs: set[str]):
        self.never_final = never_final  # lower-case, without the final period: "prof", "m.si"
        self.may_be_final = may_be_final
        self.speech_verbs = speech_verbs

    @classmethod
    def load(cls, abbreviations: Path, speech_verbs: Path) -> SentenceSplitter:
        kinds: dict[str, set[str]] = {"never_final": set(), "may_be_final": set()}
        for number, (form, kind) in read_table(abbreviations, 2):
            if kind not in kinds or not form.endswith("."):
                raise ConfigError(f"{abbreviations}:{number}: expected 'Form.<TAB>never_final|may_be_final'")
            kinds[kind].add(form[:-1].lower())
        verbs = {fields[0].lower() for _, fields in read_table(speech_verbs, 1)}
        return cls(kinds["never_final"], kinds["may_be_final"], verbs)

    def split(self, paragraph: str) -> list[str]:
        sentences: list[str] = []
        start = 0
        quotations = [quotation.span() for quotation in _QUOTATION.finditer(paragraph)]
        for match in _CANDIDATE_END.finditer(paragraph):
            inside_quotation = any(opening < match.start() and match.end() < closing for opening, closing in quotations)
            if not inside_quotation and self._is_boundary(paragraph, start, match):
                sentences.append(paragraph[start:match.end()].strip())
                start = match.end()
        if paragraph[start:].strip():
            sentences.append(paragraph[start:].strip())
        return self._join_attributions(sentences)

    def _is_boundary(self, paragraph: str, start: int, match: regex.Match) -> bool:
        punctuation, closing = match.groups()
        if punctuation[0] in "。！？":
            return True
        after = paragraph[match.end():]
        if not after:
            return False
        word_before = _WORD_BEFORE.search(paragraph, start, match.start())
        token = word_before.group().lower() if word_before else ""
        if not after[0].isspace():  # glued sentences, but not "Rp1.500", "Kompas.com", "S.Sos", "Kab.Bekasi"
            return (punctuation == "." and not closing and _GLUED_START.match(after) is not None
                    and _GLUED_END.search(paragraph, start, match.start()) is not None
                    and not self._is_abbreviation(token))
        following = after.lstrip()
        if not following or not (following[0].isupper() or following[0].isdigit() or following[0] in _OPENING):
            return False
        if punctuation != "." or closing:
            return True
        if token in self.never_final:
            return False
        if len(token) == 1 and token.isalpha() and paragraph[match.start() - 1].isupper():
            return False  # an initial: "Tri A. Nugroho"
        if token.isdigit() and not paragraph[start:match.start() - len(token)].strip():
            return False  # a list number opening the sentence: "1. Pendaftaran"
        if token in self.may_be_final:
            next_word = following.split(maxsplit=1)[0].lower()
            return not (next_word.endswith(".") and self._is_abbreviation(next_word[:-1]))
        return True

    def _is_abbreviation(self, token: str) -> bool:
        return token in self.never_final or token in self.may_be_final

    def _join_attributions(self, sentences: list[str]) -> list[str]:
        """'“…bersama.” Kata Lintong.' stays one sentence (see the module docstring)."""
        joined: list[str] = []
        for sentence in sentences:
            words = sentence.split()
            first = _TRAILING_PUNCTUATION.sub("", words[0]).lower()
            if (joined and joined[-1][-1] in _CLOSING_QUOTES and len(words) <= ATTRIBUTION_MAX_WORDS
                    and (first in self.speech_verbs or first.removesuffix("nya") in self.speech_verbs)):
                joined[-1] += " " + sentence
            else:
                joined.append(sentence)
        return joined


# ---------------------------------------------------------------------------------------------------------
# Dates


class DateFinder:
    """Dates as Indonesian news writes them: "Kamis (24/8/2023)", "24 Agustus 2023", "24/08/2023",
    "Senin, 4 September 2023", ISO "2023-08-24", and "Kamis (24/8)" when a publication date gives the year
    (the weekday tells it from a fraction such as "(2/3)")."""

    def __init__(self, months: dict[str, int], weekdays: set[str]):
        self.months = months
        month_names = "|".join(sorted(map(regex.escape, months), key=len, reverse=True))
        weekday_names = "|".join(sorted(map(regex.escape, weekdays), key=len, reverse=True))
        self.pattern = regex.compile(
            rf"""(?<!\d)(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)
            |(?<![\d/])(?P<day>\d{{1,2}})[/-](?P<month>\d{{1,2}})[/-](?P<year>\d{{4}}|\d{{2}})(?![\d/])
            |(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month_name>{month_names})\.?,?\s+(?P<year>\d{{4}})(?!\d)
            |\b(?P<month_name>{month_names})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})(?!\d)
            |\b(?:{weekday_names}),?\s*\(?\s*(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})\s*\)?(?![\d/])""",
            regex.IGNORECASE | regex.VERBOSE)

    @classmethod
    def load(cls, path: Path) -> DateFinder:
        months, weekdays = {}, set()
        for number, (kind, name, value) in read_table(path, 3):
            if kind == "month" and value.isdigit() and 1 <= int(value) <= 12:
                months[name.lower()] = int(value)
            elif kind == "weekday":
                weekdays.add(name.lower())
            else:
                raise ConfigError(f"{path}:{number}: expected 'month<TAB>name<TAB>1-12' or 'weekday<TAB>name<TAB>n'")
        return cls(months, weekdays)

    def find(self, text: str, published: date | None = None) -> date | None:
        """The first valid date in `text`. A date without a year takes the year that puts it closest to
        `published` ("(28/12)" in an article of 2 January is last year's), and is skipped without one."""
        for match in self.pattern.finditer(text):
            found = match.groupdict()
            month = int(found["month"]) if found["month"] else self.months[found["month_name"].lower()]
            day = int(found["day"])
            try:
                if found["year"] is not None:
                    return date(int(found["year"]) + (2000 if len(found["year"]) == 2 else 0), month, day)
                if published is not None:
                    readings = [date(year, month, day) for year in range(published.year - 1, published.year + 2)]
                    return min(readings, key=lambda reading: abs(reading - published))
            except ValueError:  # not a calendar date (31/2, or 29/2 outside a leap year)
                continue
        return None


# ---------------------------------------------------------------------------------------------------------
# Language


class LanguageCheck:
    """lingua over a bounded sample, from the configured language set (built once: loading models is slow)."""

    def __init__(self, codes: list[str]):
        languages = []
        for code in codes:
            try:
                languages.append(Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))
            except ValueError:
                raise ConfigError(f"normalize.languages: {code!r} is not an ISO 639-1 code lingua knows") from None
        self.codes = codes
        self.detector = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()

    def detect(self, text: str) -> tuple[str, float]:
        """(ISO 639-1 code, confidence); "id" unless another language is clear enough for this much text."""
        sample = text[:LANGUAGE_SAMPLE_CHARS]
        values = self.detector.compute_language_confidence_values(sample)
        scores = {value.language.iso_code_639_1.name.lower(): value.value for value in values}
        best = values[0]
        best_code = best.language.iso_code_639_1.name.lower()
        letters = sum(map(str.isalpha, sample))
        needed = LANGUAGE_CONFIDENCE if letters >= SHORT_TEXT_LETTERS else SHORT_TEXT_CONFIDENCE
        if best_code != "id" and best.value >= needed:
            return best_code, round(best.value, 4)
        return "id", round(scores.get("id", 0.0), 4)


# ---------------------------------------------------------------------------------------------------------
# The article


@dataclass
class NormalizeResources:
    """Everything normalize_article needs, loaded once from the config section."""

    characters: CharacterTable
    abbreviations: Lexicon
    typos: Lexicon
    boilerplate: Boilerplate
    splitter: SentenceSplitter
    dates: DateFinder
    language: LanguageCheck | None
    max_chars: int

    @classmethod
    def load(cls, section: NormalizeConfig) -> NormalizeResources:
        return cls(
            characters=CharacterTable.load(CHARACTERS_FILE),
            abbreviations=Lexicon.load(section.abbreviations),
            typos=Lexicon.load(section.typos),
            boilerplate=Boilerplate.load(section.boilerplate),
            splitter=SentenceSplitter.load(SENTENCE_ABBREVIATIONS_FILE, SPEECH_VERBS_FILE),
            dates=DateFinder.load(CALENDAR_FILE),
            language=LanguageCheck(section.languages) if section.language_check else None,
            max_chars=section.max_chars,
        )

    def mt_input(self, text: str) -> str:
        return self.characters.mt(self.abbreviations.apply(self.typos.apply(text)))


def _removed(kind: str, text: str) -> dict[str, str]:
    if len(text) > REMOVED_TEXT_LIMIT:
        text = text[:REMOVED_TEXT_LIMIT].rstrip() + "…"
    return {"kind": kind, "text": text}


def _article_text(article: dict[str, Any]) -> str:
    text = article.get("text")
    if text is None:
        raise RejectedArticle("missing text: the article has no 'text'")
    if not isinstance(text, str):
        raise RejectedArticle(f"text must be a string, got {type(text).__name__}")
    if not text:
        raise RejectedArticle("empty text")
    if not text.strip():
        raise RejectedArticle("text is only whitespace")
    return text


def _truncate(sentences: list[str], max_chars: int) -> tuple[list[str], bool]:
    """(the leading sentences that fit in max_chars, whether any text was cut); a first sentence longer than
    max_chars is cut at its last space before the limit."""
    kept, used = [], 0
    for sentence in sentences:
        if used + len(sentence) > max_chars:
            if not kept:
                kept.append(sentence[:max_chars].rsplit(" ", 1)[0])
            return kept, True
        kept.append(sentence)
        used += len(sentence) + 1
    return kept, False


def _split_headline(title: CleanedText, body: list[str], boilerplate: Boilerplate, removed: list[dict[str, str]],
                    flags: list[str]) -> str:
    """The headline: the title, else the body's first line (taken off the body), without an outlet suffix;
    a body that repeats the headline loses the repeat."""
    headline = " ".join(title.paragraphs)
    if not headline and body:
        headline = body.pop(0)
        flags.append("headline_from_text")
    if suffix := boilerplate.title_suffix(headline):
        removed.append(_removed("title_suffix", suffix.group().strip(" |–-")))
        headline = headline[:suffix.start()].rstrip()
    if body and body[0] == headline:
        removed.append(_removed("repeated_headline", body.pop(0)))
    return headline


def normalize_article(article: dict[str, Any], resources: NormalizeResources) -> dict[str, Any]:
    """One article as a normalize record (schema in records.py); raises RejectedArticle for unusable input."""
    removed: list[dict[str, str]] = []
    # The pipeline never builds a path from an id; the flag warns tools downstream that might.
    flags: list[str] = ["id_not_path_safe"] if any(c in str(article.get("id")) for c in ("/", "\\", "..")) else []
    cleaned = clean_text(_article_text(article), resources.characters)
    title = clean_text(article.get("title") or "", resources.characters, field="title")
    if cleaned.had_markup or title.had_markup:
        flags.append("html")
        removed += [_removed("html", text) for text in cleaned.dropped_markup + title.dropped_markup]
    if not cleaned.paragraphs:
        raise RejectedArticle("no text left after removing HTML markup" if cleaned.had_markup
                              else "no text left after cleaning: only invisible or control characters")

    body = []
    for paragraph in cleaned.paragraphs:
        paragraph, promotions = resources.boilerplate.cut_inline(paragraph)
        if promotions:
            removed += [_removed("inline_boilerplate", text) for text in promotions]
            if "boilerplate_inline" not in flags:
                flags.append("boilerplate_inline")
        if not paragraph:
            continue
        if resources.boilerplate.is_boilerplate_line(paragraph):
            removed.append(_removed("boilerplate_line", paragraph))
        else:
            body.append(paragraph)
    headline = _split_headline(title, body, resources.boilerplate, removed, flags)

    lead = body[0] if body else ""
    dateline = None
    if body and (found := resources.boilerplate.dateline(body[0])):
        dateline = {"outlet": found.groupdict().get("outlet"), "place": found.groupdict().get("place")}
        removed.append(_removed("dateline", found.group().strip()))
        body[0] = body[0][found.end():]
    if body and (tag := resources.boilerplate.editor_tag(body[-1])):
        removed.append(_removed("editor_tag", tag.group().strip()))
        body[-1] = body[-1][:tag.start()]

    numbered = [(number, sentence) for number, paragraph in enumerate(body, start=1)
                for sentence in resources.splitter.split(paragraph)]
    if not numbered:
        raise RejectedArticle("headline only: no body text after the headline"
                              + (f" ({len(removed)} parts were removed as boilerplate or markup)" if removed else ""))
    texts, truncated = _truncate([sentence for _, sentence in numbered], resources.max_chars)
    if truncated:
        flags.append("truncated")

    published = resources.dates.find(article.get("published") or "")
    event_date = resources.dates.find(lead, published) or published

    lang, confidence = "id", None
    if resources.language is not None:
        lang, confidence = resources.language.detect(" ".join([headline, *texts]))
        if lang != "id":
            flags.append("not_indonesian")

    sentences = [{"text": headline, "mt_input": resources.mt_input(headline), "kind": "headline", "paragraph": 0}]
    sentences += [{"text": text, "mt_input": resources.mt_input(text), "kind": "body", "paragraph": number}
                  for (number, _), text in zip(numbered, texts)]
    return {
        "schema": SCHEMA_VERSION,
        "id": article.get("id"),
        "source_hash": source_hash(article),
        "title": headline,
        "source": article.get("source"),
        "url": article.get("url"),
        "published": article.get("published"),
        "origin": article.get("origin"),
        "date": event_date.isoformat() if event_date else None,
        "lang": lang,
        "lang_confidence": confidence,
        "dateline": dateline,
        "removed": removed,
        "flags": flags,
        "sentences": sentences,
    }


class NormalizeStage(Stage):
    """The first stage: raw articles in, normalize records (or a RecordError per unusable article) out."""

    name = "normalize"
    reads = None
    unit = "articles"

    def __init__(self, config: PipelineConfig):
        super().__init__(config)
        self.section = config.normalize
        self.resources = NormalizeResources.load(self.section)

    def _data_files(self) -> dict[str, Path]:
        return {"abbreviations": self.section.abbreviations, "typos": self.section.typos,
                "boilerplate": self.section.boilerplate, "calendar": CALENDAR_FILE, "characters": CHARACTERS_FILE,
                "sentence_abbreviations": SENTENCE_ABBREVIATIONS_FILE, "speech_verbs": SPEECH_VERBS_FILE}

    def settings(self) -> dict[str, Any]:
        return {
            "config": self.section.fingerprint(),
            "data": {name: file_hash(path) for name, path in self._data_files().items()},
            "libraries": {name: metadata.version(name) for name in ("ftfy", "lingua-language-detector", "regex")},
        }

    def describe(self) -> dict[str, Any]:
        return {
            "abbreviations": len(self.resources.abbreviations),
            "typos": len(self.resources.typos),
            "boilerplate_patterns": len(self.resources.boilerplate),
            "sentence_abbreviations": len(self.resources.splitter.never_final | self.resources.splitter.may_be_final),
            "languages": self.resources.language.codes if self.resources.language else None,
            "lingua": metadata.version("lingua-language-detector"),
            "max_chars": self.section.max_chars,
        }

    def tally(self, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        flags: Counter[str] = Counter()
        sentences = 0
        for record in records:
            flags.update(record["flags"])
            sentences += len(record["sentences"])
        return {"sentences": sentences, "flag_counts": dict(sorted(flags.items()))}

    def process(self, articles: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        return [self._normalize_or_error(article) for article in articles]

    def _normalize_or_error(self, article: dict[str, Any]) -> dict[str, Any] | RecordError:
        identity = dict(id=article.get("id"), stage=self.name, origin=article.get("origin"),
                        source_hash=source_hash(article))
        try:
            return normalize_article(article, self.resources)
        except RejectedArticle as problem:
            return RecordError(message=str(problem), **identity)
        except Exception as error:  # one article's surprise must not cost the batch; errors.jsonl shows it
            return RecordError(message=f"unexpected {type(error).__name__} while normalizing: {error}", **identity)
