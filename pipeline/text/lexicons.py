"""Lexicons: whole-word replacements (abbreviation expansion, typo fixes) for the text the translator reads.

MT models mistranslate "Kunker" and "Pemeirntah" but not "kunjungan kerja", so `mt_input` expands and fixes
words from abbreviations.tsv and typos.tsv while `text` keeps them. One class serves both files: the same
whole-word matching and case rules (header of abbreviations.tsv) apply to each.

English words misspelt in Indonesian copy ("School of Bussiness", "Departemen healtd and walfare") are too
many to list one by one, so typos.tsv also lists correct English words (replacement `*`): a word one edit away
from exactly one of them (a letter dropped, doubled, changed or two swapped; same first letter; five letters at
least) is fixed when a neighbouring word is English and it is no Indonesian root word ("publik", "sistem"
stay). The English neighbour is what makes the guess safe: Indonesian prose around it is never touched.
Frequent long news words (replacement `~`) get one fix anywhere: two neighbouring letters swapped
("pemeirntah", "koordiansi"); a long word with two letters swapped is almost never another word.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

import regex

from pipeline.resources import read_table

#: The replacement that marks a typos.tsv row as a correct English word rather than a typo.
ENGLISH_WORD = "*"
#: The replacement that marks a typos.tsv row as a frequent Indonesian news word (see the module docstring).
FREQUENT_WORD = "~"
#: Shortest frequent word whose swapped-letter misspellings are fixed.
SWAP_MIN_LETTERS = 8
#: Shortest word near-miss correction considers (short words have too many neighbours one edit away).
NEAR_MISS_MIN_LETTERS = 5

_TOKEN = regex.compile(r"[A-Za-z]+")
_BETWEEN_WORDS = regex.compile(r"[ \-&/,]*")


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

    def __init__(self, pairs: list[tuple[str, str]], english: Iterable[str] = (), frequent: Iterable[str] = ()):
        self.english = frozenset(word.lower() for word in english)
        self.frequent = frozenset(word.lower() for word in frequent if len(word) >= SWAP_MIN_LETTERS)
        self.size = len(pairs) + len(self.english) + len(self.frequent)
        self.variants: dict[str, tuple[str, str]] = {}
        for form, replacement in pairs:
            for variant in _word_variants(form):
                self.variants.setdefault(variant, (form, replacement))
        self.variants.update({form: (form, replacement) for form, replacement in pairs})  # "Kasi" beats "kasi"
        # Not inside a web or mail address: "pemkot.go.id" stays.
        self.pattern = re.compile(rf"(?<![\w./@]){_trie_pattern(set(self.variants))}") if pairs else None

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        rows = [(form, replacement) for _, (form, replacement) in read_table(path, 2)]
        return cls([row for row in rows if row[1] not in (ENGLISH_WORD, FREQUENT_WORD)],
                   [form for form, replacement in rows if replacement == ENGLISH_WORD],
                   [form for form, replacement in rows if replacement == FREQUENT_WORD])

    def __len__(self) -> int:
        return self.size

    def apply(self, text: str) -> str:
        text = self.pattern.sub(self._replace, text) if self.pattern else text
        return self._near_misses(text) if self.english or self.frequent else text

    def _near_misses(self, text: str) -> str:
        """Swapped letters in a frequent word, and English words one edit away from a listed one inside English
        phrases, fixed (see the module docstring)."""
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            return text
        lowered = [token.group().lower() for token in tokens]
        fixes: list[tuple[int, int, str]] = []
        for index, (token, word) in enumerate(zip(tokens, lowered)):
            if len(word) >= SWAP_MIN_LETTERS and word not in self.frequent and self.frequent:
                swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
                candidates = swapped & self.frequent
                if len(candidates) == 1 and not _indonesian(word):
                    fixes.append((token.start(), token.end(), _same_case(token.group(), candidates.pop())))
                    continue
            if len(word) < NEAR_MISS_MIN_LETTERS or word in self.english or not self.english:
                continue
            if not any(0 <= other < len(tokens) and lowered[other] in self.english and self._adjacent(
                    text, tokens[min(index, other)], tokens[max(index, other)]) for other in (index - 1, index + 1)):
                continue
            candidates = {edit for edit in _edits(word) if edit in self.english and edit[0] == word[0]}
            if len(candidates) == 1 and not _indonesian(word):
                fixes.append((token.start(), token.end(), _same_case(token.group(), candidates.pop())))
        for start, end, fixed in reversed(fixes):
            text = text[:start] + fixed + text[end:]
        return text

    @staticmethod
    def _adjacent(text: str, first: regex.Match, second: regex.Match) -> bool:
        """Neighbours in a phrase: only spaces, hyphens, ampersands or commas between them."""
        gap = _BETWEEN_WORDS.match(text, first.end(), second.start())
        return gap is not None and gap.end() == second.start()

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


def _edits(word: str) -> set[str]:
    """Every string one edit away: a letter deleted, two neighbours swapped, a letter changed or inserted."""
    letters = string.ascii_lowercase
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    return ({left + right[1:] for left, right in splits if right}
            | {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
            | {left + letter + right[1:] for left, right in splits if right for letter in letters}
            | {left + letter + right for left, right in splits for letter in letters})


def _same_case(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    return word[0].upper() + word[1:] if original[0].isupper() else word


def _indonesian(word: str) -> bool:
    """An Indonesian root word ("publik", "sistem"): never an English misspelling to fix."""
    from pipeline.text.indonesian import root_words  # Sastrawi's dictionary, loaded only when a fix is near

    return word in root_words()
