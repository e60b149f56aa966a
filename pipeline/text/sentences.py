"""Sentence splitting for Indonesian news: paragraphs become the sentence-sized units the translator reads.

Sentences come from a rule splitter, not pysbd or NLTK punkt: pysbd has no Indonesian rules and its English
ones miss Indonesian titles and degrees (Drs., S.Sos., M.Si., Jl.), and punkt has no Indonesian model. News
punctuation is regular: a candidate break is . ! ? … (plus closing quotes) before whitespace and a capital,
digit or opening quote; the abbreviation list in normalize_sentence_abbreviations.tsv decides the rest.
Numbers (Rp1.500.000, 2,4, 06.00, 24/8/2023) have no space after the period and so are never candidates.

A quotation that ends in ." followed by its attribution ('“…bersama.” Kata Lintong.') is one sentence: "Kata
Lintong." alone has no content a translator or a summary can use, and keeping the speaker with the quote is
what the reader needs. The attribution must start with a verb of saying (normalize_speech_verbs.txt) and be
short.
"""

from __future__ import annotations

from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table

#: A quotation up to this long is one unit (its sentences belong to one speaker and one attribution); a longer
#: one is split like running text, so the translator still gets sentence-sized input.
QUOTE_MAX_CHARS = 300
#: An attribution after a quotation ("Kata Lintong.") is joined to it only when it has at most this many words.
ATTRIBUTION_MAX_WORDS = 12

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
