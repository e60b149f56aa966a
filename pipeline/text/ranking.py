"""Which sentences of a news article make its extractive summary: model-free, deterministic features and
weights, and a selection that respects length budgets.

Each body sentence gets a score, a weighted sum of signals scaled to 0..1 (`Weights`):

- lead: 1, 1/2, 1/3, ... by position: news puts the essentials first;
- centrality (PACSUM, Zheng & Lapata 2019): on the cosine-similarity graph of the sentences' TF-IDF vectors
  (Sastrawi stems, stopwords removed), a sentence that later sentences echo is central;
- topics: how many of the delegation profile's topics the sentence mentions;
- facts: what a delegation needs from a summary, the mean of four flags: when (a written date or a weekday,
  summarize_time_words.txt), where (a place: "Kota Bekasi", "Jepang"; facts_places.txt and the place
  markers), who did what (an official or office, facts_roles.txt and the organisation heads, and a verb of
  doing, summarize_actions.txt) and figures (a number with a unit, scale or currency: "Rp7,8 miliar",
  "212 posyandu", "30 persen");
- noise, subtracted: the largest of five flags: a direct quote (the sentence opens with a quotation mark or
  is mostly inside quotes), greetings and ceremony (summarize_ceremony.txt), a question, a very short
  sentence, and attribution only ("Hal itu disampaikan ...", summarize_attribution.txt; or a short sentence
  with a verb of saying, summarize_speech_verbs.txt).

The best are chosen in score order (ties: the earlier sentence), skipping a near-repeat of a chosen one.
With length budgets, a sentence that does not fit is passed over for the next best that does, so a long
translation shortens the summary by choosing shorter sentences, never by cutting it to one (`select`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from functools import cache
from typing import Callable, Sequence

import numpy as np
import regex

from pipeline.resources import read_word_list
from pipeline.text.facts.figures import figures
from pipeline.text.facts.lexicon import lexicons, match_length
from pipeline.text.facts.places import place_length
from pipeline.text.indonesian import content_terms, words

# PACSUM's edge threshold and weight of edges to earlier sentences (later ones weigh 1).
BETA = 0.3
BACKWARD_WEIGHT = -0.5
MAX_OVERLAP = 0.5  # a candidate this similar (cosine) to an already chosen sentence mostly repeats it
SHORT_WORDS = 6  # a sentence of fewer words is a fragment, a caption or a cross-heading, not a summary line
ATTRIBUTION_WORDS = 8  # a sentence with a verb of saying and at most this many words only attributes
QUOTED_SHARE = 0.5  # a sentence with at least this share of its letters inside quotation marks is a quote

FEATURES = ("lead", "centrality", "topics", "when", "where", "who_did", "figures",
            "quote", "ceremony", "question", "short", "attribution")
FACTS = ("when", "where", "who_did", "figures")
NOISE = ("quote", "ceremony", "question", "short", "attribution")

_QUOTATION = regex.compile(r"“[^“”]*”?|\"[^\"]*\"?|‘[^‘’]*’|«[^«»]*»?")
_OPENING_QUOTES = "\"“‘'«„"
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’.-]*\p{L}|\p{L}|\d+(?:[.,/:]\d+)*|\S")
# A count: a number (not a year, a clock time or a date) before a word, "221 inovasi", "1.540 rumah", "19,8 persen".
_COUNT = regex.compile(r"(?<![\d/.,:]|\b(?:pukul|jam|RT|RW|No|nomor|tahun)\s)(?!(?:19|20)\d\d\b)"
                       r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d/.:]|,\d)\s+\p{Ll}{3,}")
_SHORT_DATE = regex.compile(r"\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)")  # "(24/8)", "(24/8/2023)"


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; only the ratios matter. The defaults are what the stage ships."""

    lead: float = 2.0
    centrality: float = 1.0
    topics: float = 0.5
    facts: float = 1.0
    noise: float = 1.0

    def vector(self) -> np.ndarray:
        """Per FEATURES column: facts flags share the facts weight, noise flags subtract the noise weight."""
        per = {"lead": self.lead, "centrality": self.centrality, "topics": self.topics}
        per |= {name: self.facts / len(FACTS) for name in FACTS}
        return np.array([per.get(name, 0.0) for name in FEATURES])

    def label(self) -> str:
        return ",".join(f"{field.name}:{getattr(self, field.name):g}" for field in fields(self))


@dataclass(frozen=True)
class Article:
    """One article's body sentences as the ranker sees them: a features row per sentence, and similarities."""

    features: np.ndarray  # sentences x FEATURES
    similarity: np.ndarray  # sentences x sentences, cosine of TF-IDF vectors

    def scores(self, weights: Weights) -> np.ndarray:
        if not len(self.features):
            return np.zeros(0)
        noise = self.features[:, [FEATURES.index(name) for name in NOISE]].max(axis=1)
        return self.features @ weights.vector() - weights.noise * noise


def read_article(texts: Sequence[str], topic_hits: Sequence[int] | None = None) -> Article:
    """The features of each sentence of an article's body (in article order)."""
    count = len(texts)
    if not count:
        return Article(np.zeros((0, len(FEATURES))), np.zeros((0, 0)))
    vectors = tfidf_vectors([content_terms(text) for text in texts])
    similarity = vectors @ vectors.T
    columns = {"lead": 1 / np.arange(1, count + 1),
               "centrality": _scaled(directed_centrality(similarity)),
               "topics": _scaled(np.asarray(topic_hits if topic_hits is not None else [0] * count, dtype=float))}
    flags = [sentence_flags(text) for text in texts]
    for name in FACTS + NOISE:
        columns[name] = np.array([float(row[name]) for row in flags])
    return Article(np.column_stack([columns[name] for name in FEATURES]), similarity)


def select(article: Article, weights: Weights, count: int,
           fits: Callable[[list[int]], bool] | None = None) -> list[int]:
    """Positions of at most `count` sentences, best first: no near-repeat of a chosen one, and, with `fits`,
    only sentences that keep the chosen ones within their length budgets (a sentence that does not fit is
    passed over for the next best that does). At least one sentence, the best, when nothing fits."""
    scores = article.scores(weights)
    order = sorted(range(len(scores)), key=lambda position: (-scores[position], position))
    chosen: list[int] = []
    for position in order:
        if len(chosen) == count:
            break
        if any(article.similarity[position, other] > MAX_OVERLAP for other in chosen):
            continue
        if fits is None or fits(chosen + [position]):
            chosen.append(position)
    return chosen or order[:1]


def rank_sentences(texts: Sequence[str], count: int, weights: Weights = Weights(),
                   topic_hits: Sequence[int] | None = None,
                   fits: Callable[[list[int]], bool] | None = None) -> list[int]:
    """Positions in `texts` of at most `count` sentences, best first (see `select`)."""
    return select(read_article(texts, topic_hits), weights, count, fits)


# Signals ----------------------------------------------------------------------------------------------------

def tfidf_vectors(term_lists: list[list[str]]) -> np.ndarray:
    """Unit-length TF-IDF rows, one per sentence, IDF over the article's own sentences."""
    vocabulary = {term: column for column, term in enumerate(sorted({t for terms in term_lists for t in terms}))}
    counts = np.zeros((len(term_lists), len(vocabulary)))
    for row, terms in enumerate(term_lists):
        for term, number in Counter(terms).items():
            counts[row, vocabulary[term]] = number
    document_frequency = (counts > 0).sum(axis=0)
    idf = np.log((1 + len(term_lists)) / (1 + document_frequency)) + 1  # smoothed, as in scikit-learn
    weights = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0) * idf  # sublinear term frequency
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)


def directed_centrality(similarity: np.ndarray) -> np.ndarray:
    """PACSUM centrality: similarity to the sentences after minus half the similarity to those before.

    News introduces a topic before elaborating it, so a sentence that later ones echo is central, one that
    echoes earlier ones less so. Each similarity counts only by how far it exceeds a threshold at BETA of
    the article's range, so the many weak overlaps (shared common words) make no edges.
    """
    count = len(similarity)
    if count < 2:
        return np.zeros(count)
    off_diagonal = similarity[~np.eye(count, dtype=bool)]
    threshold = off_diagonal.min() + BETA * (off_diagonal.max() - off_diagonal.min())
    edges = np.maximum(similarity - threshold, 0) * (1 - np.eye(count))
    return np.triu(edges, 1).sum(axis=1) + BACKWARD_WEIGHT * np.tril(edges, -1).sum(axis=1)


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max(initial=0.0)
    return values / top if top > 0 else np.zeros_like(values)


@cache
def _lexicon(name: str) -> frozenset[tuple[str, ...]]:
    """A summarize_* word list as word tuples (split like the text: letters only, lowercased)."""
    return frozenset(tuple(words(entry)) for entry in read_word_list(name) if words(entry))


def _has_phrase(text_words: list[str], name: str, at_start: bool = False) -> bool:
    entries = _lexicon(name)
    widths = {len(entry) for entry in entries}
    starts = [0] if at_start else range(len(text_words))
    return any(tuple(text_words[start:start + width]) in entries for start in starts for width in widths)


def sentence_flags(text: str) -> dict[str, bool]:
    """The facts and noise flags of one sentence (see the module docstring)."""
    text_words = words(text)
    tokens = _TOKEN.findall(text)
    known = lexicons()
    dated = any(pattern.search(text) for pattern in known.dates) or bool(_SHORT_DATE.search(text)) \
        or _has_phrase(text_words, "summarize_time_words.txt")
    placed = any(tokens[start][:1].isupper() and place_length(tokens, start) for start in range(len(tokens)))
    actor = any(token[:1].isupper() and (match_length(tokens, start, known.roles)
                                        or match_length(tokens, start, known.regional)
                                        or match_length(tokens, start, known.organisation_heads))
                for start, token in enumerate(tokens))
    stripped = text.strip()
    quoted = sum(len(words(match)) for match in _QUOTATION.findall(stripped))
    speech = _has_phrase(text_words, "summarize_speech_verbs.txt")
    return {
        "when": dated,
        "where": placed,
        "who_did": actor and _has_phrase(text_words, "summarize_actions.txt"),
        "figures": bool(_COUNT.search(text)) or bool(figures(0, text)),
        "quote": stripped[:1] in _OPENING_QUOTES or (bool(text_words) and quoted / len(text_words) >= QUOTED_SHARE),
        "ceremony": _has_phrase(text_words, "summarize_ceremony.txt"),
        "question": stripped.rstrip("\"”’' )").endswith("?"),
        "short": len(text_words) < SHORT_WORDS,
        "attribution": _has_phrase(text_words, "summarize_attribution.txt", at_start=True)
        or (speech and len(text_words) <= ATTRIBUTION_WORDS) or stripped.endswith(":"),
    }
