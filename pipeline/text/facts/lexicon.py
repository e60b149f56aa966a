"""The lexicons of the key facts: every pipeline/data/facts_* file, read and compiled once per process.

Entries are compared as `key()`s (no case, no final period); several-word entries are phrases matched on
consecutive tokens, the longest first (`match_length`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline.resources import read_word_list

Phrases = dict[str, list[tuple[str, ...]]]  # phrases by their first key, longest first


@cache
def key(token: str) -> str:
    """How lexicon entries and text tokens are compared: no case, no final period."""
    return token.lower().rstrip(".")


def phrases(entries: list[str]) -> Phrases:
    """Lexicon phrases as token keys, by first key, longest first so that the longest match wins."""
    by_first: Phrases = {}
    for phrase in sorted({tuple(key(word) for word in entry.split()) for entry in entries}, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def match_length(tokens: list[str], start: int, known: Phrases) -> int:
    """Length of the longest phrase that the tokens from `start` spell, 0 if none."""
    if start >= len(tokens):
        return 0
    candidates = known.get(key(tokens[start]))
    if not candidates:
        return 0
    if len(candidates) == 1 and len(candidates[0]) == 1:
        return 1
    keys = tuple(key(token) for token in tokens[start:start + len(candidates[0])])
    return next((len(phrase) for phrase in candidates if keys[:len(phrase)] == phrase), 0)


def capitalised(word: str) -> str:
    """'yukiko' and 'BEKASI' -> 'Yukiko', 'Bekasi'; mixed case as written ('McDonald')."""
    return word.capitalize() if (word.islower() or word.isupper()) and "." not in word else word


def _table(name: str) -> list[list[str]]:
    return [line.split("\t") for line in read_word_list(name)]


def _by_kind(name: str) -> dict[str, list[str]]:
    """A two-column `word<TAB>kind` file as the words of each kind."""
    kinds: dict[str, list[str]] = {}
    for word, kind in _table(name):
        kinds.setdefault(kind, []).append(word)
    return kinds


def _alternation(entries: list[str]) -> str:
    return "|".join(regex.escape(entry) for entry in sorted(entries, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicons:
    """Every facts_* data file, read and compiled once per process."""

    titles: frozenset[str]  # kept with the person: "Prof.", "dr.", "H."
    honorifics: frozenset[str]  # dropped: "Bapak", "Ms."
    ranks: frozenset[str]  # police and military ranks, kept like titles: "AKP", "Letkol"
    corps: frozenset[str]  # may follow a rank: "Inf", "Pol"
    degrees: frozenset[str]  # after a name: "S.Sos.", "SH"
    roles: Phrases
    regional: Phrases  # offices and agencies named after a region ("Bupati", "DPRD")
    region_first: dict[tuple[str, ...], str]  # those where one word alone after them is the region ("Camat"):
    # "local" (a district's or village's office) or "region" (see facts_regional_roles.tsv)
    organisation_heads: Phrases
    organisation_tails: Phrases
    organisation_names: Phrases
    place_markers: dict[str, bool]  # marker -> whether it is part of the name
    abbreviated_markers: frozenset[str]  # markers written with a period ("Kab."): that period is no sentence end
    places: Phrases
    place_suffixes: frozenset[str]
    cues: dict[str, Phrases]  # facts_name_cues.tsv by kind: before, object, speech, between, as, person, ...
    name_words: dict[str, frozenset[str]]  # facts_name_words.tsv by kind: given, particle, not, suffix
    name_starts: Phrases
    office_words: frozenset[str]  # words describing an office ("Dalam", "Negeri", "Pendidikan")
    openers: frozenset[str]  # first keys of offices, courtesy words and name cues: where people are looked for
    months: dict[str, int]
    figure: regex.Pattern  # unit before? number scale? unit?
    counted: regex.Pattern  # number followed by a capitalised name of what is counted
    dates: list[regex.Pattern]  # each with named groups day, month, year
    scales: dict[str, int]


@cache
def lexicons() -> Lexicons:
    organisations = _table("facts_organisations.tsv")
    months = {key(name): int(number) for name, number in _table("facts_months.tsv")}
    scales = {word.lower(): int(multiplier) for word, multiplier in _table("facts_scales.tsv")}
    number = r"\d+(?:[.,]\d+)*"
    figure = regex.compile(
        rf"(?<![\p{{L}}\d/.,])(?:(?P<before>{_alternation(read_word_list('facts_units_before.txt'))})"
        r"(?:\s?\(\p{Lu}{1,4}\))?\s?)?"  # its abbreviation may follow: "magnitudo (M) 5,9"
        rf"(?P<number>{number})(?![\d/]|[.,]\d)"
        rf"(?:\s?(?P<scale>{_alternation(list(scales))})(?!\p{{L}}))?"
        rf"(?:\s?(?P<unit>{_alternation(read_word_list('facts_units.txt'))})(?!\p{{L}}))?",
        regex.IGNORECASE)
    counted = regex.compile(r"(?<![\p{L}\d/.,])(?P<number>\d{1,3})(?![\d/]|[.,]\d)\s+"
                            r"(?P<thing>\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,4})(?:\s+\((?P<acronym>\p{Lu}{2,})\))?")
    month_names = _alternation(list(months))
    dates = [regex.compile(r"(?<!\d)(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?!\d)"),
             regex.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{month_names})\.?\s+(?P<year>\d{{4}})(?!\d)",
                           regex.IGNORECASE),
             regex.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")]
    ranks = _by_kind("facts_ranks.tsv")
    regional = _table("facts_regional_roles.tsv")
    name_words = _by_kind("facts_name_words.tsv")
    cues = {kind: phrases(words) for kind, words in _by_kind("facts_name_cues.tsv").items()}
    roles = phrases(read_word_list("facts_roles.txt"))
    titles = frozenset(key(word) for word in read_word_list("facts_titles.txt"))
    honorifics = frozenset(key(word) for word in read_word_list("facts_honorifics.txt"))
    return Lexicons(
        titles=titles, honorifics=honorifics,
        ranks=frozenset(key(word) for word in ranks.get("rank", [])),
        corps=frozenset(key(word.strip("()")) for word in ranks.get("corps", [])),
        degrees=frozenset(key(word) for word in read_word_list("facts_degrees.txt")),
        roles=roles,
        regional=phrases([office for office, _ in regional]),
        region_first={tuple(key(w) for w in office.split()): single for office, single in regional
                      if single in ("region", "local")},
        organisation_heads=phrases([word for word, position in organisations if position == "head"]),
        organisation_tails=phrases([word for word, position in organisations if position == "tail"]),
        organisation_names=phrases([word for word, position in organisations if position == "name"]),
        place_markers={key(marker): keep == "keep" for marker, keep in _table("facts_place_markers.tsv")},
        abbreviated_markers=frozenset(key(marker) for marker, _ in _table("facts_place_markers.tsv")
                                      if marker.endswith(".")),
        places=phrases(read_word_list("facts_places.txt")),
        place_suffixes=frozenset(key(word) for word in read_word_list("facts_place_suffixes.txt")),
        cues=cues,
        name_words={kind: frozenset(key(word) for word in words) for kind, words in name_words.items()},
        name_starts=phrases(name_words.get("start", [])),
        office_words=frozenset(key(word) for entry in read_word_list("facts_office_words.txt")
                               for word in entry.split()),
        openers=frozenset(roles) | titles | honorifics | frozenset(key(word) for word in ranks.get("rank", []))
        | frozenset(first for kind in ("said", "before", "object", "person", "speech") for first in cues.get(kind, {})),
        months=months, figure=figure, counted=counted, dates=dates, scales=scales)
