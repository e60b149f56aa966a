"""Indonesian words for ranking and matching: letter-only tokens, stopwords, Sastrawi stems, root words.

Shared by the summarizer (TF-IDF terms, profile keyword matches), key-fact extraction (telling a common
word from a name) and the ROUGE evaluation, so all three see the same words. Sastrawi's stemmer strips
affixes against a dictionary and is slow; one CachedStemmer serves the process and memoises each word.
"""

from __future__ import annotations

from functools import cache

import regex
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from pipeline.resources import read_word_list

_WORD = regex.compile(r"\p{L}+")


@cache
def _stemmer():
    return StemmerFactory().create_stemmer()


@cache
def stopwords() -> frozenset[str]:
    return frozenset(StopWordRemoverFactory().get_stop_words()) | frozenset(
        read_word_list("summarize_stopwords_id.txt"))


@cache
def root_words() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian root words (the one its stemmer strips affixes against)."""
    return frozenset(word for word in StemmerFactory().get_words() if word)


def words(text: str) -> list[str]:
    """Lowercased runs of letters: digits and punctuation split words and are dropped."""
    return [word.lower() for word in _WORD.findall(text)]


@cache
def stem(word: str) -> str:
    """Sastrawi's stem, once per distinct word: its own cache still normalises every word it is given."""
    return _stemmer().stem(word)


def stems(text: str) -> list[str]:
    """Every word stemmed, stopwords kept: what multi-word keywords ("kerja sama") are matched on."""
    return [stem(word) for word in words(text)]


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry content: what sentences are compared on."""
    stop = stopwords()
    return [stem(word) for word in words(text) if len(word) > 1 and word not in stop]


def is_common_word(word: str) -> bool:
    """An Indonesian dictionary or function word (pemerintahan, dan), as opposed to a name (Dianto)."""
    lowered = word.lower()
    return lowered in stopwords() or stem(lowered) in root_words()
