"""Boilerplate: datelines, editor tags, credit and promotion lines, outlet suffixes of titles.

Outlets differ in these, so the patterns are data (boilerplate.tsv): a new outlet's dateline is one line, not
code. This module compiles them and finds where a promotion glued inside a paragraph ("Baca juga: ...") ends.
"""

from __future__ import annotations

from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table


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
