"""Boilerplate and page furniture: what a copied or scraped news page holds besides the story.

Outlets differ in their furniture, so its shapes are data (boilerplate.tsv: datelines, editor tags, menus,
widgets, bylines, captions and credits, counters, related links, footers, server output...): a new outlet's
dateline or widget label is one line, not code. This module compiles them and adds the structural reading
that no list of strings can give, because a page is laid out the same way whatever the outlet:

- **The lead.** The story starts at its lead paragraph: the first paragraph that opens with a dateline
  ("BEKASI, KOMPAS.com –", also when the dateline sits alone on the line above), else the first prose
  paragraph of 15 words or more. A later dateline is only the lead when little prose comes before it, so a
  mid-story "Jakarta – ..." cannot throw the story away.
- **The top of the page** (before the lead) is menus, stamps, bylines, captions, taglines and the headline:
  everything there goes except one headline (the longest Title Case line; a sentence-case one when there is
  none), and except a short prose paragraph that directly follows the headline or opens the page (a short lead).
- **The body** keeps every line that ends as a sentence does, quotations and list items; it drops a line with
  no sentence end when it is a headline (a related link with no marker), a name or a line in capitals (bylines,
  taglines), at most 8 words (labels), or a caption (ends with a date in brackets). A long sentence-case line
  without its final stop is kept: copy is sloppy.
- **The article end**: a comment form, a copyright or tag line (type `end`), or an editor tag followed by
  something that is not prose. What follows is not the story ("a second article running on"), and a new
  dateline right after a dropped headline starts another story too. The header of a link list (type `list`)
  drops the short lines after it until prose resumes.
- **Repeats**: a line whose words all occur elsewhere on the page (a caption or standfirst repeating the lead,
  an auto-excerpt ending in "[…]", a pull quote, the body printed twice) goes, and of two equal lines the
  later one goes.
- **Glued furniture** is cut off a line first: a photo credit ("...Jakarta.Foto: Redaksi", "(Foto: X)" in
  the middle of a line, which splits it), icon names ("zoom-in-whitePerbesar"), plugin markers. A line that is
  one sentence ending in a photo credit is a caption and goes whole; a paragraph of several sentences loses
  only the credit.

Every removal is recorded as (kind, text) in page order; the kinds are listed in docs/records.md. Patterns
are applied to bounded slices (a line's first or last few hundred characters, lines under a length limit), so
a megabyte of text without line breaks costs linear time.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table

#: The lead is the first prose paragraph of at least this many words (when no dateline marks it).
LEAD_MIN_WORDS = 15
#: A dateline paragraph is searched among this many first lines.
LEAD_SEARCH_LINES = 40
#: A later dateline paragraph is the lead only when at most this many long prose lines come before it.
LEAD_PRIOR_PROSE = 2
#: Whole-line patterns read lines up to this long (furniture is short; a 1 MB line is not furniture).
LINE_PATTERN_CHARS = 400
#: A line of this many words that ends as a sentence does is running text, not furniture.
PROSE_WORDS = 30
#: Glued furniture is looked for in this many characters at a line's start and end.
CUT_WINDOW = 300
#: A line of at most this many words with no sentence end is a label in the body (menu, widget); up to
#: LABEL_MAX_WORDS when it is mostly capitalised ("Sebarkan artikel ini" is one, a sentence-case subheading is not).
LABEL_WORDS = 4
LABEL_MAX_WORDS = 8
#: A headline candidate has at most this many words.
HEADLINE_MAX_WORDS = 24
#: A line repeated elsewhere on the page needs this many words to be dropped as a repeat.
REPEAT_MIN_WORDS = 6
#: A Title Case line has at least this share of its content words capitalised (Indonesian government prose
#: is full of capitalised names and offices, "Pemerintah Kota Bekasi menerima kunjungan ... Osaka": 0.81).
TITLE_CASE_SHARE = 0.85
#: A line's shape (prose, Title Case, capitals) is read from at most this many of its words.
SHAPE_WORDS = 300
#: A page is read up to this many times the characters the record can keep (normalize max_chars): the rest
#: could never reach a sentence, and a megabyte of text should not cost seconds.
PAGE_BUDGET_FACTOR = 2
#: A page stamp holds at most this many words besides its date, none of them in lower case.
STAMP_OTHER_WORDS = 5

TYPES = ("dateline", "editor_tag", "boilerplate_line", "title_suffix", "inline_marker", "line", "end", "list",
         "cut_start", "cut_end", "split", "stamp_date", "stamp_word")
_LINE_TYPES = ("boilerplate_line", "line", "end", "list")

#: Lowercase words a Title Case Indonesian headline keeps lowercase ("Wali Kota Bekasi dan Dubes Jepang Bahas
#: Investasi di Cikarang").
_TITLE_CASE_SMALL_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada soal jadi ini itu usai bagi oleh atau vs hingga akan saat jelang demi "
    "tak tidak bakal ala per se sebagai karena tentang antara dalam serta lewat kian kini bisa jadi the of and "
    "in on for to a an at by".split())
_ENDS_SENTENCE = regex.compile(r"[.!?…。][\"'”’)\]*]*$|[\"”]$")  # a quotation may close on ,” too
_ENDS_DATE = regex.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)$")
_LEADING_FURNITURE = regex.compile(r"^(?:[•·▪►▸◦●■□*|>-]+[ ]*|\d{1,2}[.)][ ]+)+")
_ENUMERATOR = regex.compile(r"^(?:[•·▪►▸◦●\-*]|\d{1,2}[.)]|[a-z][.)])[ ]")
_ELLIPSIS_END = regex.compile(r"(?:\[…\]|\[\.\.\.\]|\[\.\.\]|…|\.\.\.)[ ]*$")
_SENTENCE_BREAK = regex.compile(r"[.!?…][\"'”’)]*[ ]+(?=[\"“‘(]?[\p{Lu}\p{N}])")
_SQUASH = regex.compile(r"[\p{L}\p{N}]+")
_LETTER = regex.compile(r"\p{L}")
_STARTS_PROSE = regex.compile(r"^[\p{L}\p{N}\"“‘'(\[]")
_SUBHEADING = regex.compile(r"^\*[^*]{3,120}\*$")
_NON_SPACE = regex.compile(r"\S")
_DIGIT = regex.compile(r"\d")
#: An editor tag follows a sentence end (or a plugin marker's bracket): "... itu.(red)", "... katanya.” (hms)".
_TAG_FOLLOWS = regex.compile(r"[.!?…\"”’'\]*]$")
#: A short line that can be the first half of a dateline: it ends with a dash, or holds a comma, a pipe or a domain.
_DATELINE_FRAGMENT = regex.compile(r"[-–—][ ]*$|[,|]|\.(?i:com|id|co|net)\b")


class Boilerplate:
    """The patterns of boilerplate.tsv by type, with {NAME} pieces expanded."""

    KINDS = TYPES

    def __init__(self, patterns: dict[str, list[regex.Pattern]], line_kinds: list[tuple[str, str]],
                 named: dict[str, list[tuple[str, regex.Pattern]]]):
        self.patterns = patterns
        self.named = named  # cut_start, cut_end, split: (kind, pattern)

        self.line_kinds = line_kinds  # (type, kind) of each alternative of self.lines
        self.lines = (regex.compile("|".join(f"(?P<k{index}>{pattern.pattern})"
                                             for index, pattern in enumerate(self._line_patterns())))
                      if line_kinds else None)

    def _line_patterns(self) -> Iterator[regex.Pattern]:
        for line_type in _LINE_TYPES:
            yield from self.patterns[line_type]

    @classmethod
    def load(cls, path: Path) -> Boilerplate:
        pieces: dict[str, str] = {}
        patterns: dict[str, list[regex.Pattern]] = {kind: [] for kind in TYPES}
        named: dict[str, list[tuple[str, regex.Pattern]]] = {"cut_start": [], "cut_end": [], "split": []}
        kinds: dict[str, list[str]] = {line_type: [] for line_type in _LINE_TYPES}
        for number, (kind, name, pattern) in read_table(path, 3):

            def expand(match: regex.Match) -> str:
                if match.group(1) not in pieces:
                    raise ConfigError(f"{path}:{number}: {{{match.group(1)}}} is not defined above this line")
                return f"(?:{pieces[match.group(1)]})"

            pattern = regex.sub(r"(?<!\\[pPN])\{([A-Z][A-Z_]+)\}", expand, pattern)
            if kind == "define":
                pieces[name] = pattern
                continue
            if kind not in TYPES:
                raise ConfigError(f"{path}:{number}: unknown kind {kind!r}; use define or one of {TYPES}")
            if pattern.startswith("(?i)") and kind in (*_LINE_TYPES, "cut_start", "cut_end", "split"):
                pattern = f"(?i:{pattern[4:]})"  # scoped, so patterns can be joined into one alternation
            try:
                compiled = regex.compile(pattern)
            except regex.error as error:
                raise ConfigError(f"{path}:{number}: pattern {name!r} is not a valid regular expression: {error}"
                                  ) from None
            if kind == "dateline" and not {"outlet", "place"} & set(compiled.groupindex):
                raise ConfigError(f"{path}:{number}: dateline {name!r} needs a group named outlet or place")
            if kind in _LINE_TYPES and compiled.groupindex:
                raise ConfigError(f"{path}:{number}: {kind} {name!r} must not have named groups")
            patterns[kind].append(compiled)
            if kind in named:
                named[kind].append((name, compiled))
            if kind in _LINE_TYPES:
                kinds[kind].append("boilerplate_line" if kind == "boilerplate_line" else name)
        line_kinds = [(line_type, kind) for line_type in _LINE_TYPES for kind in kinds[line_type]]
        return cls(patterns, line_kinds, named)

    def __len__(self) -> int:
        return sum(len(self.patterns[kind]) for kind in TYPES if not kind.startswith("stamp"))

    # Single questions, used by normalize and by tests ----------------------------------------------------

    def line_kind(self, line: str) -> tuple[str, str] | None:
        """(type, kind) of the first whole-line pattern the line matches, None when it matches none. A long
        paragraph of running text is no furniture and is not tried (LINE_PATTERN_CHARS, PROSE_WORDS)."""
        if self.lines is None:
            return None
        core = _core(line)
        if not core or len(core) > LINE_PATTERN_CHARS:
            return None
        if core.count(" ") >= PROSE_WORDS and _ends_sentence(core) and core[0].isalpha():
            return None
        match = self.lines.fullmatch(core)
        return self.line_kinds[int(match.lastgroup[1:])] if match else None

    def is_boilerplate_line(self, line: str) -> bool:
        return self.line_kind(line) is not None

    def dateline(self, paragraph: str) -> regex.Match | None:
        head = paragraph[:CUT_WINDOW]  # datelines are anchored at the start: match, not search
        return next((match for pattern in self.patterns["dateline"] if (match := pattern.match(head))), None)

    def editor_tag(self, paragraph: str) -> regex.Match | None:
        """The editor tag at the end of a paragraph, after a sentence end or alone on its line ("... itu.(red)",
        "(wib)"; not the "(kiri)" of "... Cheka Virgowansyah (kiri)."); its span is in the whole paragraph."""
        offset = max(0, len(paragraph) - CUT_WINDOW)
        match = self._first("editor_tag", paragraph[offset:])
        if not match:
            return None
        before = paragraph[:offset + match.start()].rstrip()
        return _Shifted(match, offset) if not before or _TAG_FOLLOWS.search(before) else None

    def title_suffix(self, title: str) -> regex.Match | None:
        offset = max(0, len(title) - CUT_WINDOW)
        match = self._first("title_suffix", title[offset:])
        return _Shifted(match, offset) if match else None

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

    def is_stamp(self, line: str) -> bool:
        """A page stamp: a date or clock time with at most a few other words, none in lower case ("Putu Ardana |
        Senin, 03 Mar 2025 14:22 WITA", "Tuesday, December 07, 2021 | Last Updated 2021-12-07T00:46:18Z")."""
        if (len(line) > 200 or not _DIGIT.search(line)
                or not any(pattern.search(line) for pattern in self.patterns["stamp_date"])):
            return False
        rest = line
        for pattern in (*self.patterns["stamp_date"], *self.patterns["stamp_word"]):
            rest = pattern.sub(" ", rest)
        words = [word for word in rest.split() if _LETTER.search(word)]
        return len(words) <= STAMP_OTHER_WORDS and not any(_first_letter(word).islower() for word in words)

    def _first(self, kind: str, text: str) -> regex.Match | None:
        """The first pattern's match, in file order (datelines are anchored with ^, tags and suffixes with $)."""
        return next((match for pattern in self.patterns[kind] if (match := pattern.search(text))), None)

    # The page ----------------------------------------------------------------------------------------------

    def clean_page(self, paragraphs: list[str], max_chars: int | None = None) -> PageText:
        """The story's paragraphs without page furniture, and what was removed (see the module docstring).

        With `max_chars` (what the record can keep), only the first PAGE_BUDGET_FACTOR times that many
        characters of the page are read; the record is cut at max_chars anyway and flagged `truncated`.
        """
        if max_chars is not None:
            paragraphs = _within(paragraphs, PAGE_BUDGET_FACTOR * max_chars)
        return _Page(self, paragraphs).clean()


@dataclass
class PageText:
    """What clean_page keeps and removes: the story's paragraphs (the headline line first when the page has
    one), removals as (kind, text) in page order, flags, and the lead's dateline ({outlet, place}) if any."""

    paragraphs: list[str]
    removed: list[tuple[str, str]]
    flags: list[str]
    dateline: dict[str, str | None] | None


class _Shifted:
    """A match found in a slice of a string, with its span in the whole string."""

    def __init__(self, match: regex.Match, offset: int):
        self._match, self._offset = match, offset

    def group(self, *args):
        return self._match.group(*args)

    def groupdict(self):
        return self._match.groupdict()

    def start(self, *args) -> int:
        return self._match.start(*args) + self._offset

    def end(self, *args) -> int:
        return self._match.end(*args) + self._offset

    def span(self, *args) -> tuple[int, int]:
        return self.start(*args), self.end(*args)


@dataclass
class _Line:
    """One line of the page and what is known about it (its shape is read once per text it holds)."""

    text: str
    index: int  # position on the page, for ordering removals
    kind: str | None = None  # furniture kind from a whole-line pattern
    type: str | None = None  # the pattern's type: line, end, list, boilerplate_line
    credit: bool = False  # a photo credit was cut off its end
    repeat: bool = False  # its words occur elsewhere on the page
    twins: list[_Line] = field(default_factory=list)  # the lines holding them: it goes only if one of them stays
    drop: str | None = None  # the kind it is dropped as
    cuts: list[tuple[int, str, str]] = field(default_factory=list)  # (order, kind, text) cut from it

    _shape: tuple[str, str, list[str], bool] | None = field(default=None, repr=False)

    def _read(self) -> tuple[str, list[str], bool]:
        if self._shape is None or self._shape[0] != self.text:
            core = _core(self.text)
            words = [word for word in core.split(maxsplit=SHAPE_WORDS)[:SHAPE_WORDS]
                     if word[0].isalpha() or _LETTER.search(word)]
            self._shape = (self.text, core, words, _is_title_like(words, core))
        return self._shape[1], self._shape[2], self._shape[3]

    @property
    def title_like(self) -> bool:
        return self._read()[2]

    @property
    def core(self) -> str:
        return self._read()[0]

    @property
    def words(self) -> list[str]:
        return self._read()[1]


def _within(paragraphs: list[str], budget: int) -> list[str]:
    """The leading paragraphs that fit in budget characters, the last one cut at a space."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph) >= budget:
            if budget > 0:
                kept.append(paragraph[:budget].rsplit(" ", 1)[0] if " " in paragraph[:budget] else paragraph[:budget])
            break
        kept.append(paragraph)
        budget -= len(paragraph) + 1
    return kept


def _core(line: str) -> str:
    """A line without leading bullets, list numbers, markdown asterisks and pipes, for shape tests."""
    return _LEADING_FURNITURE.sub("", line.strip()).strip().strip("*").strip()


def _first_letter(word: str) -> str:
    if word[:1].isalpha():  # the usual case, without a regular expression
        return word[0]
    match = _LETTER.search(word)
    return match.group() if match else ""


def _squash(text: str) -> str:
    return " ".join(_SQUASH.findall(text.casefold()))


def _sentences(text: str, cap: int = 4) -> int:
    """How many sentences the text holds, counted up to cap (the callers ask "one?" or "three or more?")."""
    count = 1
    for _ in _SENTENCE_BREAK.finditer(text):
        count += 1
        if count >= cap:
            break
    return count


def _lower_share(words: list[str]) -> float:
    return sum(_first_letter(word).islower() for word in words) / len(words) if words else 0.0


def _ends_sentence(text: str) -> bool:
    return _ENDS_SENTENCE.search(text) is not None


def _is_caps(text: str) -> bool:
    letters = _LETTER.findall(text, 0, 2000)
    return len(letters) >= 3 and sum(letter.isupper() for letter in letters) >= 0.8 * len(letters)


def _is_title_like(words: list[str], core: str) -> bool:
    """A headline's shape: Title Case words, no final stop (! and ? allowed), not all capitals."""
    if not 2 <= len(words) <= 30 or core.endswith(".") or not _first_letter(words[0]).isupper():
        return False
    content = [word for word in words if word.casefold().strip(",:;'\"“”‘’()") not in _TITLE_CASE_SMALL_WORDS]
    capitalised = sum(_first_letter(word).isupper() or word[0].isdigit() for word in content)
    return bool(content) and capitalised >= TITLE_CASE_SHARE * len(content) and not _is_caps(core)


def _is_name_like(words: list[str], core: str) -> bool:
    """A bare name ("Mahdi Andela", "LANI DIANA"): two to five capitalised words, no digits or stop."""
    return (2 <= len(words) <= 5 and not _ends_sentence(core) and not any(char.isdigit() for char in core)
            and all(_first_letter(word).isupper() for word in words)
            and not any(word.casefold() in _TITLE_CASE_SMALL_WORDS for word in words))


def _is_prose(line: _Line, min_words: int = 4) -> bool:
    """Running text: opens like a sentence, has lower-case words, and ends as a sentence (or is long)."""
    core, words = line.core, line.words
    if len(words) < min_words or not _STARTS_PROSE.match(core):
        return False
    share = _lower_share(words)
    if _ends_sentence(core):
        # Government copy is dense with capitalised names and offices ("Perum LKBN ANTARA bersama 3 Pemerintah
        # Kabupaten (Pemkab) ... menandatangani Nota Kesepahaman (MoU)"): two lower-case words make a sentence.
        lower = sum(_first_letter(word).islower() for word in words)
        return share >= 0.25 or lower >= 2 or _is_quoted(core)
    return len(words) >= LEAD_MIN_WORDS and share >= 0.3 and not line.title_like


def _is_quoted(text: str) -> bool:
    return len(text) > 1 and text[0] in "\"“‘'" and text.rstrip()[-1] in "\"”’'"


class _Page:
    """One run of Boilerplate.clean_page."""

    def __init__(self, boilerplate: Boilerplate, paragraphs: list[str]):
        self.bp = boilerplate
        self.kinds: dict[str, tuple[str, str] | None] = {}  # whole-line verdicts: pages repeat their furniture
        self.flags: list[str] = []
        self.lines: list[_Line] = []
        self.dateline: dict[str, str | None] | None = None
        for paragraph in paragraphs:
            self._add(paragraph)

    # Lines and glued furniture -------------------------------------------------------------------------

    def _line_kind(self, text: str) -> tuple[str, str] | None:
        if text not in self.kinds:
            self.kinds[text] = self.bp.line_kind(text)
        return self.kinds[text]

    def _add(self, paragraph: str) -> None:
        index = len(self.lines)
        if kind := self._line_kind(paragraph):
            self.lines.append(_Line(paragraph, index, kind=kind[1], type=kind[0]))
            return
        text, promotions = self.bp.cut_inline(paragraph)
        if promotions and "boilerplate_inline" not in self.flags:
            self.flags.append("boilerplate_inline")
        for piece, credit in self._split(text) or [("", None)]:
            line = self._cut(_Line(piece, len(self.lines)), credit)
            if line.text and (kind := self._line_kind(line.text)):
                line.kind, line.type = kind[1], kind[0]
            self.lines.append(line)
        self.lines[index].cuts[:0] = [(0, "inline_boilerplate", promotion) for promotion in promotions]

    def _split(self, text: str) -> list[tuple[str, str | None]]:
        """The line cut after each photo credit that has text after it: [(piece, credit kind or None)]. Searched
        from a moving position, so a line with thousands of credits costs linear time."""
        pieces: list[tuple[str, str | None]] = []
        start = position = 0
        while position < len(text):
            match, kind = self._search("split", text, position)
            if match is None:
                break
            if _NON_SPACE.search(text, match.end()) is None:
                break  # nothing after the credit: cut_end takes it
            pieces.append((text[start:match.end()].strip(), kind))
            start = position = match.end()
        if text[start:].strip():
            pieces.append((text[start:].strip(), None))
        return pieces

    def _search(self, kind: str, text: str, position: int = 0,
                anchored: bool = False) -> tuple[regex.Match | None, str | None]:
        """The earliest match of the type's patterns (the first pattern on a tie), and its kind. The patterns
        are tried one by one: each then keeps the engine's fast scan for its first character."""
        best: tuple[regex.Match | None, str | None] = (None, None)
        for kind_name, pattern in self.bp.named[kind]:
            match = pattern.match(text, position) if anchored else pattern.search(text, position)
            if match and (best[0] is None or match.start() < best[0].start()):
                best = (match, kind_name)
        return best

    def _cut(self, line: _Line, split_kind: str | None) -> _Line:
        """Furniture glued to the line's start and end, cut and recorded."""
        text, order = line.text.strip(), 0
        for _ in range(8):  # a few layers at most ("[:ID]**Baca juga:", "zoom-in-whitePerbesar")
            match, kind = self._search("cut_start", text[:CUT_WINDOW], anchored=True)
            if match is None or not match.end():
                break
            order -= 1
            line.cuts.append((order, kind, match.group().strip()))
            text = text[match.end():].strip()
        order = 100
        for _ in range(8):
            offset = max(0, len(text) - CUT_WINDOW)
            match, kind = self._search("cut_end", text[offset:])
            if match is None or not match.group().strip():
                break
            order -= 1
            line.cuts.append((order, kind, match.group().strip()))
            text = text[:offset + match.start()].rstrip()
            if kind == "caption":
                line.credit = True
        if split_kind and not line.credit:
            line.credit = True
        line.text = text
        return line

    # Reading the page ------------------------------------------------------------------------------------

    def clean(self) -> PageText:
        lines = self.lines
        self._find_repeats()
        lead = self._find_lead()
        if lead is None:
            for line in lines:
                if line.kind and not line.drop:
                    line.drop = line.kind
                elif not line.text:
                    line.drop = "empty"
            first = next((line for line in lines if not line.drop), None)
            if first is not None:
                self._cut_dateline(first)
        else:
            self._top(lead)
            self._body(lead)
            self._cut_dateline(lines[lead])
        return self._result()

    def _find_repeats(self) -> None:
        """Mark lines whose words all occur elsewhere among the page's text lines (see the module docstring).

        First the later of two equal lines (an earlier caption rather than a later body line) and teasers (an
        excerpt ending in "[…]" that the body continues); then, among what is left, a line found inside a
        longer line or across lines. A Title Case line is only dropped as an equal copy: a headline's words
        are often the lead's.
        """
        candidates = [line for line in self.lines if line.text and not line.kind]
        # A very long line is compared as written: squashing a megabyte is costly and such a line is no caption
        squashed = {id(line): _squash(line.text) if len(line.text) <= 3000 else line.text for line in candidates}
        seen: dict[str, _Line] = {}
        for line in candidates:
            text = squashed[id(line)]
            if not text:
                continue
            if text in seen:
                earlier = seen[text]
                if earlier.credit and not line.credit:
                    earlier.repeat, earlier.twins = True, [line]
                    seen[text] = line
                else:
                    line.repeat, line.twins = True, [earlier]
                continue
            seen[text] = line
        for teasers in (True, False):
            remaining = [line for line in candidates if not line.repeat and squashed[id(line)]]
            starts, parts, position = [], [" "], 1
            for line in remaining:
                starts.append(position)
                parts.append(squashed[id(line)] + " ")
                position += len(squashed[id(line)]) + 1
            whole = "".join(parts)
            if len(whole) > 300_000:
                return  # a very long text: only equal lines are looked for
            for number, line in enumerate(remaining):
                text, core = squashed[id(line)], line.core
                teaser = _ELLIPSIS_END.search(line.text[-12:]) is not None
                if (teaser != teasers or text.count(" ") + 1 < REPEAT_MIN_WORDS or len(text) > 3000
                        or (_is_title_like(line.words, core) and not _ends_sentence(core))):
                    continue
                needle = " " + text + ("" if teaser else " ")
                own = starts[number] - 1
                position = whole.find(needle)
                while position == own:
                    position = whole.find(needle, position + 1)
                if position != -1:
                    first = bisect.bisect_right(starts, position + 1) - 1
                    last = bisect.bisect_right(starts, position + len(needle) - 1) - 1
                    line.repeat, line.twins = True, remaining[first:last + 1]

    def _find_lead(self) -> int | None:
        lines = self.lines
        for number, line in enumerate(lines[:LEAD_SEARCH_LINES]):
            if line.kind or line.repeat or line.credit or not line.text:
                continue
            found = self._dateline_lead(number)
            if found is None:
                continue
            if not self._little_prose_before(number):
                break
            if found is not True:  # the dateline stands alone on the line above
                previous = lines[number - 1]
                previous.drop = "dateline"
                self.dateline = {"outlet": found.groupdict().get("outlet"), "place": found.groupdict().get("place")}
                line.text = line.text.lstrip("–—- ")
            return number
        for min_words in (LEAD_MIN_WORDS, 4):
            for number, line in enumerate(lines):
                if (not line.kind and not line.repeat and not (line.credit and _sentences(line.text) == 1)
                        and not _is_caps(line.core) and _is_prose(line, min_words)
                        and not self.bp.is_stamp(line.text)):
                    return number
        return None

    def _dateline_lead(self, number: int) -> regex.Match | bool | None:
        """None when the line is no dateline lead; True when it opens with a dateline followed by a sentence;
        the dateline's match when the line above is only a dateline ("PALEMBANG, SP -", then the lead)."""
        line = self.lines[number]
        if (match := self.bp.dateline(line.text)) and len(line.text[match.end():].split()) >= 4:
            if _is_prose(_Line(line.text[match.end():], 0), 4) or len(line.text.split()) >= LEAD_MIN_WORDS:
                return True
        if number == 0 or not _is_prose(line, 4):
            return None
        previous = self.lines[number - 1]
        if previous.kind or previous.drop or not previous.text or len(previous.text.split()) > 6:
            return None
        if not (_DATELINE_FRAGMENT.search(previous.text) or line.text[:1] in "-–—"):
            return None  # "Kunker Bugar" above a caption is a label, not a dateline
        head = previous.text.rstrip(" –—-.")
        match = self.bp.dateline(head + " – " + line.text.lstrip("–—- "))
        return match if match and match.end() > len(head) else None

    def _little_prose_before(self, lead: int) -> bool:
        long_prose = 0
        for line in self.lines[:lead]:
            if line.kind or line.repeat or line.credit or _is_quoted(line.core) or not _is_prose(line):
                continue
            if _sentences(line.text) >= 3:
                return False
            long_prose += len(line.words) >= 20
        if long_prose > LEAD_PRIOR_PROSE:
            return False
        return True

    def _top(self, lead: int) -> None:
        """Before the lead: one headline, maybe a short lead right after it; the rest is furniture."""
        top = self.lines[:lead]
        candidates = [line for line in top if not line.kind and not line.repeat and not line.credit and not line.drop
                      and line.text and not _ends_sentence(line.core.rstrip("!?")) and not line.core.endswith(":")
                      and 3 <= len(line.words) <= HEADLINE_MAX_WORDS and not self.bp.is_stamp(line.text)
                      and _STARTS_PROSE.match(line.text.strip())]
        # The longest Title Case line (a kicker or a tagline is shorter), else the first sentence-case one, else
        # a headline in capitals (five words at least: a masthead or a slogan is shorter)
        titles = [line for line in candidates if line.title_like]
        sentences = [line for line in candidates if not _is_caps(line.core)]
        capitals = [line for line in candidates if _is_caps(line.core) and len(line.words) >= 5]
        headline = (max(titles, key=lambda line: len(line.words)) if titles
                    else next(iter(sentences), None) or next(iter(capitals), None))
        kept = {id(headline)} if headline else set()
        if self.dateline is None and not self.bp.dateline(self.lines[lead].text):
            # Sentences or sentence-case summary lines right before the lead, under the headline: a short lead
            run: list[_Line] = []
            for line in reversed(top):
                if (line.kind or line.repeat or line.credit or line.drop or line is headline
                        or not (_ends_sentence(line.core) and _STARTS_PROSE.match(line.core)
                                or len(line.words) > LABEL_WORDS and _lower_share(line.words) >= 0.5)):
                    break
                run.append(line)
            before = top[:len(top) - len(run)]
            if run and (not before or before[-1] is headline):
                kept.update(id(line) for line in run)
        after_masthead = False
        for line in top:
            if id(line) in kept:
                continue
            if not line.drop:
                line.drop = line.kind or self._top_kind(line, after_masthead)
            after_masthead = _is_caps(line.core) and len(line.words) <= 4

    def _top_kind(self, line: _Line, after_masthead: bool) -> str:
        core, words = line.core, line.words
        if not line.text:
            return "empty"
        if line.repeat:
            return "duplicate"
        if line.credit:
            return "caption"
        if self.bp.is_stamp(line.text):
            return "page_date"
        if after_masthead and not _ends_sentence(core):
            return "tagline"
        if _is_caps(core):
            return "tagline"
        if _is_name_like(words, core):
            return "byline"
        if _is_quoted(core):
            return "standfirst"
        if _is_prose(line, 2) or _ends_sentence(core):
            return "caption"
        if _is_title_like(words, core):
            return "heading"
        return "widget"

    def _body(self, lead: int) -> None:
        lines = self.lines
        ended = in_list = link_title = False
        previous_dropped_heading = False
        kept = 0
        for number in range(lead, len(lines)):
            line = lines[number]
            if line.drop:
                continue
            if not line.text:
                line.drop = "empty"
                continue
            if ended:
                line.drop = line.kind or ("run_on_article" if _is_prose(line, 2) else self._shape_kind(line))
                if line.drop == "run_on_article" and "run_on_article" not in self.flags:
                    self.flags.append("run_on_article")
                continue
            if line.kind:
                line.drop = line.kind
                if line.type == "end" and kept:
                    ended = True
                in_list = in_list or line.type == "list"
                link_title = line.kind == "related" and (line.core.endswith(":") or len(line.words) <= 2)
                previous_dropped_heading = False
                continue
            if line.repeat and number != lead and any(not twin.drop for twin in line.twins):
                line.drop = "duplicate"
                continue
            if number != lead and link_title and not _ends_sentence(line.core):
                line.drop = "related"
                link_title = False
                continue
            link_title = False
            if in_list:
                if _is_prose(line, 12) and _ends_sentence(line.core):
                    in_list = False
                else:
                    kind = self._shape_kind(line)
                    line.drop = "related" if kind in ("heading", "text") else kind
                    continue
            tagged = self._cut_editor_tag(line)
            if line.drop:  # the line was only an editor tag: the story ends unless prose follows
                ended = kept > 0 and self._story_ends_after(number)
                continue
            if number != lead:
                if previous_dropped_heading and self.bp.dateline(line.text):
                    ended = True  # another story starts: a headline, then a dateline
                    line.drop = "run_on_article"
                    if "run_on_article" not in self.flags:
                        self.flags.append("run_on_article")
                    continue
                drop = self._body_drop(line, number)
                if drop:
                    line.drop = drop
                    previous_dropped_heading = drop in ("related", "heading")
                    continue
            previous_dropped_heading = False
            kept += 1
            if tagged and self._story_ends_after(number):
                ended = True

    def _body_drop(self, line: _Line, number: int) -> str | None:
        """The kind a body line (not the lead) is dropped as, None to keep it."""
        core, words = line.core, line.words
        if line.credit and _sentences(line.text) == 1:
            return "caption"
        if _SUBHEADING.match(line.text.strip()):
            return None
        if self.bp.is_stamp(line.text):
            return "page_date"
        if _ends_sentence(core) or _is_quoted(core) or core[:1] in "\"“‘":
            return None
        if _ENUMERATOR.match(line.text.strip()) and self._in_list_context(number):
            return None
        if core.endswith(":") and len(words) >= 4 and _lower_share(words) >= 0.3:
            return None  # introduces a list
        if number == len(self.lines) - 1 and len(words) >= 3 and _lower_share(words) >= 0.4:
            return None  # the page was cut off mid-sentence
        if _ENDS_DATE.search(core) and len(words) >= 6:
            return "caption"  # "Wakil Bupati meninjau skrining di Puskesmas Karangasem, Selasa (10/6)"
        if _is_title_like(words, core) and 3 <= len(words) <= 20 and _sentences(core) == 1:
            return "related"
        kind = self._shape_kind(line)
        if kind != "text":
            return kind
        if len(words) <= LABEL_WORDS or (len(words) <= LABEL_MAX_WORDS and _lower_share(words) < 0.5):
            return "widget"
        return None

    def _shape_kind(self, line: _Line) -> str:
        core, words = line.core, line.words
        if not words:
            return "counter" if any(char.isdigit() for char in core) else "widget"
        if _is_caps(core):
            return "byline" if "|" in core or _is_name_like(words, core) else "tagline"
        if _is_name_like(words, core):
            return "byline"
        if _is_title_like(words, core):
            return "heading"
        return "text" if _lower_share(words) >= 0.3 else "widget"

    def _in_list_context(self, number: int) -> bool:
        for line in reversed(self.lines[:number]):
            if line.drop and line.drop != "empty":
                return False
            if line.text:
                return line.core.endswith(":") or _ENUMERATOR.match(line.text.strip()) is not None
        return False

    def _story_ends_after(self, number: int) -> bool:
        """After an editor tag: the story ended unless prose follows (a tag can end a paragraph mid-story);
        furniture between them (an ad slot) is passed over, a comment form or footer ends it anyway."""
        for line in self.lines[number + 1:]:
            if not line.text or line.drop:
                continue
            if line.kind:
                if line.type == "end":
                    return True
                continue
            return not _is_prose(line, 8)
        return True

    def _cut_editor_tag(self, line: _Line) -> bool:
        found = False
        for _ in range(3):  # "(ags)" after "(hms)" and such
            match = self.bp.editor_tag(line.text)
            if not match or not match.group().strip():
                break
            line.cuts.append((50, "editor_tag", match.group().strip()))
            line.text = line.text[:match.start()].rstrip()
            found = True
        if found and not line.text:
            line.drop = "editor_tag"
        return found

    def _cut_dateline(self, line: _Line) -> None:
        if line.drop or self.dateline is not None:
            return
        match = self.bp.dateline(line.text)
        if match and line.text[match.end():].strip():
            self.dateline = {"outlet": match.groupdict().get("outlet"), "place": match.groupdict().get("place")}
            line.cuts.append((-50, "dateline", match.group().strip()))
            line.text = line.text[match.end():].lstrip()

    def _result(self) -> PageText:
        removed: list[tuple[str, str]] = []
        paragraphs: list[str] = []
        for line in self.lines:
            before = sorted(cut for cut in line.cuts if cut[0] <= 0)
            after = sorted(cut for cut in line.cuts if cut[0] > 0)
            removed += [(kind, text) for _, kind, text in before]
            if line.drop:
                if line.text and line.drop != "empty":
                    removed.append((line.drop, line.text.strip()))
            elif line.text:
                paragraphs.append(line.text)
            removed += [(kind, text) for _, kind, text in after]
        return PageText(paragraphs, removed, self.flags, self.dateline)


#: Lowercase words a Title Case link title keeps lowercase, for _link_title_end.
_LINK_TITLE_SMALL_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada soal jadi ini itu usai bagi oleh atau vs hingga akan saat jelang demi "
    "tak tidak bakal ala per se sebagai karena tentang antara".split())
_ENDS_SENTENCE_INLINE = regex.compile(r"[.!?…][\"'”’)]*$")


def _link_title_end(rest: str, bracketed: bool) -> int:
    """Where the link title at the start of `rest` ends (see Boilerplate.cut_inline)."""
    if bracketed:
        close = regex.search(r"[)\]]", rest)
        return close.end() if close else len(rest)
    if not _ENDS_SENTENCE_INLINE.search(rest.rstrip()):
        return len(rest)
    words = list(regex.finditer(r"\S+", rest[:2000]))
    for index, word in enumerate(words):
        text = word.group()
        if text[0].isupper() or text[0].isdigit() or text in _LINK_TITLE_SMALL_WORDS:
            continue
        # The first lowercase content word: the capitalised word before it opens the glued sentence.
        if index >= 2 and words[index - 1].group()[0].isupper():
            return words[index - 1].start()
        break
    # A sentence-case title ("Harga cabai rawit di Tabanan mulai turun Bendesa Adat ..."): the glued sentence
    # opens with the first capital after a lowercase content word, three words in at least.
    for index in range(3, len(words)):
        before, text = words[index - 1].group(), words[index].group()
        if (text[0].isupper() and before[0].islower() and before not in _LINK_TITLE_SMALL_WORDS
                and not before.endswith((",", ":"))):
            return words[index].start()
    return len(rest)
