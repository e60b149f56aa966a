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

import bisect
from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import read_table

#: A quotation up to this long is one unit (its sentences belong to one speaker and one attribution); a longer
#: one is split like running text, so the translator still gets sentence-sized input.
QUOTE_MAX_CHARS = 300
#: An attribution after a quotation ("Kata Lintong.") is joined to it only when it has at most this many words.
ATTRIBUTION_MAX_WORDS = 12
#: An inline list's number follows the one before it within this many characters ("1. SK tim 2. Rapat tim").
LIST_ITEM_CHARS = 300
#: The word before a candidate break is read within this many characters (abbreviations are short), so a long
#: run of text without breaks costs linear time.
WORD_WINDOW = 64

_CANDIDATE_END = regex.compile(r"([.!?…]+|[。！？]+)([\"'”’)\]]*)")
_OPENING = "\"'“‘([…"
_CLOSING_QUOTES = "\"'”’"
_WORD_BEFORE = regex.compile(r"[\p{L}\p{N}.]*[\p{L}\p{N}]$")
_QUOTATION = regex.compile(rf'“[^“”\n]{{1,{QUOTE_MAX_CHARS}}}”|"[^"\n]{{1,{QUOTE_MAX_CHARS}}}"')
# "kerjasama.Sementara", "(21/11/2025).Penghargaan", "Agustus 2013.Berselang", not "S.Sos" or "Rp1.500.Ribu"
_GLUED_END = regex.compile(r"\p{Ll}{3}$|\d\)$|(?<![\d.,])(?:19|20)\d\d$")
_GLUED_START = regex.compile(r"“?\p{Lu}\p{Ll}")  # "Kemasjidan.“Kami ..."
_NEXT_NON_SPACE = regex.compile(r"\S")
_NEXT_WORD = regex.compile(r"\S{1,64}")
_INITIALS = regex.compile(r"(?:\p{Lu}\.)*\p{Lu}")  # "A", "D.A": the word before the period, without it
_LIST_BEFORE = regex.compile(r"(?:[,:;]|\b(?i:yaitu|yakni|dan|serta))[ ]+$")  # what comes before "2." in a list
# A day and date left as a sentence of their own ("... di Padang. Senin (12/6/2023).") belong to the one before.
_DATE_ONLY = regex.compile(r"(?i:pada[ ])?(?i:senin|selasa|rabu|kamis|jum'?at|jum’at|sabtu|minggu|ahad),?[ ]*"
                           r"(?:\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}[ ]\p{L}+(?:[ ]\d{4})?)"
                           r"(?:[ ](?i:pagi|siang|sore|malam))?[.!]?")


class SentenceSplitter:
    """Rule splitter for Indonesian news (why rules: see the module docstring)."""

    def __init__(self, never_final: set[str], may_be_final: set[str], speech_verbs: set[str]):
        self.never_final = never_final  # lower-case, without the final period: "prof", "m.si"
        self.may_be_final = may_be_final
        self.degrees = {form.replace(".", "") for form in may_be_final}  # "msi": also as written "SE. MSi"
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
        openings = [opening for opening, _ in quotations]  # quotations do not overlap: one bisect finds the one
        length = len(paragraph)
        for match in _CANDIDATE_END.finditer(paragraph):
            end = match.end()
            if end < length and not paragraph[end].isspace() and not paragraph[end].isupper() and (
                    paragraph[match.start()] not in "。！？" and paragraph[end] != "“"):
                continue  # "Rp1.500", "a.m.", "Kompas.com": no break can follow
            index = bisect.bisect_left(openings, match.start()) - 1
            inside_quotation = index >= 0 and match.end() < quotations[index][1]
            if not inside_quotation and self._is_boundary(paragraph, start, match):
                sentences.append(paragraph[start:match.end()].strip())
                start = match.end()
        if paragraph[start:].strip():
            sentences.append(paragraph[start:].strip())
        return self._join_fragments(sentences)

    def _is_boundary(self, paragraph: str, start: int, match: regex.Match) -> bool:
        """Whether the candidate ends a sentence. Only a bounded stretch around it is read (WORD_WINDOW), never
        the rest of the paragraph, so splitting stays linear in the paragraph's length."""
        punctuation, closing = match.groups()
        if punctuation[0] in "。！？":
            return True
        end = match.end()
        if end >= len(paragraph):
            return False
        word_before = _WORD_BEFORE.search(paragraph, max(start, match.start() - WORD_WINDOW), match.start())
        token = word_before.group().lower() if word_before else ""
        if not paragraph[end].isspace():  # glued sentences, but not "Rp1.500", "Kompas.com", "S.Sos", "Kab.Bekasi"
            return (punctuation == "." and not closing and _GLUED_START.match(paragraph, end) is not None
                    and _GLUED_END.search(paragraph, max(start, match.start() - 5), match.start()) is not None
                    and not self._is_abbreviation(token))
        following = _NEXT_NON_SPACE.search(paragraph, end)
        if following is None:
            return False
        first = following.group()
        if not (first.isupper() or first.isdigit() or first in _OPENING):
            return False
        if punctuation == "." and (token in self.never_final or self._title_chain(token)) and first not in "“\"":
            return False  # also in brackets: "Jenderal TNI (Purn.) Luhut"; and run together: "Prof.Dr. Karta"
            # (a quotation after it opens a sentence: "... merangkap jadi plt. “Ini ...")
        if punctuation != "." or closing:
            return True
        if word_before and _INITIALS.fullmatch(word_before.group()):
            return False  # initials: "Tri A. Nugroho", "Naina D.A. Sahib"
        number_at = match.start() - len(token)
        if token.isdigit() and (
                self._opens(paragraph, start, number_at)
                or token == "1" and _LIST_BEFORE.search(paragraph, max(start, number_at - 12), number_at)
                or f"{int(token) - 1}. " in paragraph[max(start, number_at - LIST_ITEM_CHARS):number_at]):
            return False  # a list number opening the sentence, "1. Pendaftaran", inside it: "yaitu 1. Musik, 2. Pop",
            # or the next of a list run together: "yakni 1. SK tim 2. Rapat tim"; not "paripurna ke-9, 10, dan 11. Namun"
        next_word = _NEXT_WORD.match(paragraph, following.start()).group().lower()
        if token.replace(".", "") in self.degrees and next_word.strip("().,;").replace(".", "") in self.degrees:
            return False  # degrees in a row, however dotted: "SE. M.Si", "S.Sos. MSi", "SH. MH", "M.Tr. (Han)."
        if token in self.may_be_final:  # not before an initial or another abbreviation ("Wabup. H. Ahmad", "Wabup. I
            # Made"), nor as the sentence's first word ("Wabup. Ketut dan ...")
            bare = next_word.strip("().,;")
            return not (len(bare) == 1 or next_word.endswith(".") and self._is_abbreviation(next_word[:-1])
                        or self._opens(paragraph, start, match.start() - len(token)))
        return True

    @staticmethod
    def _opens(paragraph: str, start: int, position: int) -> bool:
        """Whether only spaces stand between the sentence start and position (read backwards: linear overall)."""
        while position > start and paragraph[position - 1].isspace():
            position -= 1
        return position <= start

    def _title_chain(self, token: str) -> bool:
        """Titles run together before a name: "prof.dr", "dr.ir", "kol.inf", "drs.h" (a title, then an initial)."""
        *titles, last = token.split(".")
        return bool(titles) and all(title in self.never_final for title in titles) \
            and (last in self.never_final or len(last) == 1)

    def _is_abbreviation(self, token: str) -> bool:
        return token in self.never_final or token in self.may_be_final

    def _is_speech_verb(self, word: str) -> bool:
        """"Kata", "ujarnya,": a verb of saying, with its -nya and punctuation (stripped in a loop: a regular
        expression anchored at the end was quadratic on a long run of punctuation)."""
        end = len(word)
        while end and not word[end - 1].isalnum():
            end -= 1
        word = word[:end].lower()
        return word in self.speech_verbs or word.removesuffix("nya") in self.speech_verbs

    def _join_fragments(self, sentences: list[str]) -> list[str]:
        """'“…bersama.” Kata Lintong.' stays one sentence (see the module docstring), and so does '... di Padang.
        Senin (12/6/2023).': a day and date alone are no sentence."""
        joined: list[str] = []
        for sentence in sentences:
            words = sentence.split()
            if joined and _DATE_ONLY.fullmatch(sentence):
                joined[-1] += " " + sentence
            elif (joined and joined[-1][-1] in _CLOSING_QUOTES and len(words) <= ATTRIBUTION_MAX_WORDS
                    and self._is_speech_verb(words[0])):
                joined[-1] += " " + sentence
            else:
                joined.append(sentence)
        return joined
