"""Lexicons: whole-word replacements (abbreviation expansion, typo fixes) for the text the translator reads.

MT models mistranslate "Kunker" and "Pemeirntah" but not "kunjungan kerja", so `mt_input` expands and fixes
words from abbreviations.tsv and typos.tsv while `text` keeps them. One class serves both files: the same
whole-word matching and case rules (header of abbreviations.tsv) apply to each.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.resources import read_table


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
