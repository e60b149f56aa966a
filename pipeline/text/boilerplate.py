"""Boilerplate and page furniture, by shape: the patterns of boilerplate.tsv.

Outlets differ in their furniture, so its shapes are data (boilerplate.tsv: datelines, editor tags, menus,
widgets, bylines, captions and credits, counters, related links, footers, server output...): a new outlet's
dateline or widget label is one line, not code. This module compiles them and answers the questions asked of
one line or paragraph (is it furniture and of which kind; its dateline, editor tag, glued credits and icon names;
a page stamp; a promotion inside it). Where the story is on a page (the lead, the top, the end, repeats) is read
from the page's layout by pipeline/text/furniture.py (read_page), with these patterns.

Patterns are applied to bounded slices (a line's first or last few hundred characters, lines under a length
limit), and a pattern that must follow a sentence end starts with that character and \\K rather than a
lookbehind (the engine then scans fast for its first character), so a megabyte of text costs linear time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table
from pipeline.text.page_lines import CUT_WINDOW, core_of, ends_sentence, first_letter

#: Whole-line patterns read lines up to this long (furniture is short; a 1 MB line is not furniture).
LINE_PATTERN_CHARS = 400
#: A line of this many words that ends as a sentence does is running text, not furniture.
PROSE_WORDS = 30
#: A page stamp holds at most this many words besides its date, none of them in lower case.
STAMP_OTHER_WORDS = 5

TYPES = ("dateline", "editor_tag", "boilerplate_line", "title_suffix", "title_prefix", "inline_marker", "line", "end",
         "list",
         "cut_start", "cut_end", "split", "stamp_date", "stamp_word")
_LINE_TYPES = ("boilerplate_line", "line", "end", "list")

_LETTER = regex.compile(r"\p{L}")
_NON_SPACE = regex.compile(r"\S")
_DIGIT = regex.compile(r"\d")
_DOMAIN_WORD = regex.compile(r"^[\p{L}\p{N}-]+(?:\.\p{L}{2,6}){1,2}$")  # "kabarkita.com" in a stamp line
_STRAY_MARKS = regex.compile(r"[\"“”‘’'|–—\- ]+")
#: An editor tag follows a sentence end (or a plugin marker's bracket): "... itu.(red)", "... katanya.” (hms)"; or a
#: quotation's attribution that lost its stop: "... diterapkan.”pungkasnya (rif)".
_TAG_FOLLOWS = regex.compile(r"(?:[.!?…\"”’'\]*]|[\"”][ ]?\p{Ll}{3,20})$")


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
        core = core_of(line)
        if not core or _STRAY_MARKS.fullmatch(core):  # only bullets, pipes, dashes or quotes: "|", "”"
            return ("line", "markup") if line.strip() else None
        if len(core) > LINE_PATTERN_CHARS:
            return None
        if core.count(" ") >= PROSE_WORDS and ends_sentence(core) and core[0].isalpha():
            return None
        match = self.lines.fullmatch(core)
        return self.line_kinds[int(match.lastgroup[1:])] if match else None

    def dateline(self, paragraph: str) -> regex.Match | _Joined | None:
        """The dateline at the start of a paragraph. An outlet alone may be followed by a place alone, which
        completes it ("WahanaNews-Likupang| ...", "Kabarkita.id - Bekasi | ..."), or by a place with its print
        edition's code ("Kabarkita.co.id – BEKASI-KK. ...")."""
        head = paragraph[:CUT_WINDOW]  # datelines are anchored at the start: match, not search
        match = self._dateline_at(head)
        if match and match.groupdict().get("outlet"):
            place = (match.groupdict().get("place") or "").casefold()
            rest = self._dateline_at(head[match.end():])
            code = rest and rest.groupdict().get("outlet") or ""
            if rest and rest.groupdict().get("place") and (not code or not place and _EDITION_CODE.fullmatch(code)) \
                    and (not place or rest.groupdict()["place"].casefold() == place):  # "BEKASI, X.com – Bekasi –"
                return _Joined(head, match, rest)
        return match

    def _dateline_at(self, head: str) -> regex.Match | None:
        return next((match for pattern in self.patterns["dateline"] if (match := pattern.match(head))), None)

    def editor_tag(self, paragraph: str) -> regex.Match | None:
        """The editor tag at the end of a paragraph, after a sentence end or alone on its line ("... itu.(red)",
        "(wib)"; not the "(kiri)" of "... Tanaka Hiroshi (kiri)."); its span is in the whole paragraph."""
        offset = max(0, len(paragraph) - CUT_WINDOW)
        match = self._first("editor_tag", paragraph[offset:])
        if not match:
            return None
        before = paragraph[:offset + match.start()].rstrip()
        return _Shifted(match, offset) if not before or _TAG_FOLLOWS.search(before) else None

    def title_prefix(self, title: str) -> regex.Match | None:
        return self._first("title_prefix", title[:CUT_WINDOW])

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
        """A page stamp: a date or clock time with at most a few other words, none in lower case but a domain
        ("Putu Ardana | Senin, 03 Mar 2025 14:22 WITA", "Tuesday, December 07, 2021 | Last Updated
        2021-12-07T00:46:18Z", "kabarkita.com | Pemerintahan | 3 Mei 2023 | 10:15 WIB")."""
        if (len(line) > 200 or not _DIGIT.search(line)
                or not any(pattern.search(line) for pattern in self.patterns["stamp_date"])):
            return False
        rest = line
        for pattern in (*self.patterns["stamp_date"], *self.patterns["stamp_word"]):
            rest = pattern.sub(" ", rest)
        words = [word for word in rest.split() if _LETTER.search(word)]
        return len(words) <= STAMP_OTHER_WORDS and not any(first_letter(word).islower() and not _DOMAIN_WORD.match(word)
                                                           for word in words)

    def _first(self, kind: str, text: str) -> regex.Match | None:
        """The first pattern's match, in file order (datelines are anchored with ^, tags and suffixes with $)."""
        return next((match for pattern in self.patterns[kind] if (match := pattern.search(text))), None)

    # The page ----------------------------------------------------------------------------------------------

    def cut_glued(self, paragraph: str) -> list[tuple[str, list[tuple[int, str, str]], bool]]:
        """A paragraph cut apart at photo credits inside it ("...Panjunan.(Foto: Dok)Menurut Edi"), each piece
        without the furniture glued to its start and end (icon names, plugin markers, credits, promotions):
        [(piece, cuts as (order, kind, text), whether a photo credit was cut)]."""
        return [self._cut(piece, credit) for piece, credit in self._split(paragraph) or [("", None)]]

    def _split(self, text: str) -> list[tuple[str, str | None]]:
        """The line cut after each photo credit that has text after it: [(piece, credit kind or None)]. Each
        pattern's matches are found in one pass, so a line with thousands of credits costs linear time."""
        found = sorted(((match.start(), order, match.end(), kind) for order, (kind, pattern)
                        in enumerate(self.named["split"]) for match in pattern.finditer(text)))
        pieces: list[tuple[str, str | None]] = []
        start = 0
        for match_start, _, end, kind in found:
            if match_start < start:
                continue  # inside a piece already cut
            if _NON_SPACE.search(text, end) is None:
                break  # nothing after it (cut_end takes a credit at the end)
            pieces.append((text[start:end].strip(), kind))
            start = end
        if text[start:].strip():
            pieces.append((text[start:].strip(), None))
        return pieces

    def _search(self, kind: str, text: str, position: int = 0,
                anchored: bool = False) -> tuple[regex.Match | None, str | None]:
        """The earliest match of the type's patterns (the first pattern on a tie), and its kind. The patterns
        are tried one by one: each then keeps the engine's fast scan for its first character."""
        best: tuple[regex.Match | None, str | None] = (None, None)
        for kind_name, pattern in self.named[kind]:
            match = pattern.match(text, position) if anchored else pattern.search(text, position)
            if match and (best[0] is None or match.start() < best[0].start()):
                best = (match, kind_name)
        return best

    def _cut(self, text: str, split_kind: str | None) -> tuple[str, list[tuple[int, str, str]], bool]:
        """Furniture glued to a line's start and end: (the line, the cuts as (order, kind, text), whether a
        photo credit was among them)."""
        cuts: list[tuple[int, str, str]] = []
        credit = bool(split_kind)
        text, order = text.strip(), 0
        for _ in range(8):  # a few layers at most ("[:ID]**Baca juga:", "zoom-in-whitePerbesar")
            match, kind = self._search("cut_start", text[:CUT_WINDOW], anchored=True)
            if match is None or not match.end():
                break
            order -= 1
            cuts.append((order, kind, match.group().strip()))
            text = text[match.end():].strip()
        order = 100
        for _ in range(8):
            offset = max(0, len(text) - CUT_WINDOW)
            match, kind = self._search("cut_end", text[offset:])
            if match is None or not match.group().strip():
                break
            order -= 1
            cuts.append((order, kind, match.group().strip()))
            text = text[:offset + match.start()].rstrip()
            credit = credit or kind == "caption"
        return text, cuts, credit




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


#: A print edition's code after the place of a second dateline: "RK", "KK".
_EDITION_CODE = regex.compile(r"\p{Lu}{2,5}")


class _Joined:
    """An outlet-only dateline and the place-only one right after it (or the same place again), as one match."""

    def __init__(self, text: str, outlet: regex.Match, place: regex.Match):
        self._text, self._end = text, outlet.end() + place.end()
        self._groups = {"outlet": outlet.groupdict().get("outlet"), "place": place.groupdict().get("place")}

    def group(self, *args):
        return self._text[:self._end]

    def groupdict(self):
        return dict(self._groups)

    def start(self, *args) -> int:
        return 0

    def end(self, *args) -> int:
        return self._end


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
    small_in_lower_case = False
    for index, word in enumerate(words):
        text = word.group()
        if index >= 2 and small_in_lower_case and text.lower() in _LINK_TITLE_SMALL_WORDS and text[0].isupper():
            return word.start()  # a title writing "di" opens no word "Di": the glued sentence does ("Sumut Di Desa")
        small_in_lower_case = small_in_lower_case or text in _LINK_TITLE_SMALL_WORDS
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
