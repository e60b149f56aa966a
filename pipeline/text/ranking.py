"""Which sentences of a news article make its extractive summary: model-free, deterministic signals, their
weights, and a selection that keeps within length budgets.

Each body sentence gets a score, a weighted sum of signals scaled to 0..1 (`Weights`):

- lead: 1 for the first sentence, falling linearly to 0 at position LEAD_WINDOW (the ninth): news puts the
  essentials first;
- centrality (PACSUM, Zheng & Lapata 2019): on the cosine-similarity graph of the sentences' TF-IDF vectors
  (Sastrawi stems, stopwords removed), a sentence that later sentences echo is central;
- topics: how many of the delegation profile's topics the sentence mentions (the caller counts them);
- facts, what a delegation needs from a summary: the mean of three flags, when (a written date, "(24/8)" or a
  weekday, summarize_time_words.txt and facts_months.tsv), who did what (a verb of doing,
  summarize_actions.txt: "meresmikan", "disalurkan", "sepakat") and figures (a count, an amount or a share:
  "212 posyandu", "Rp7,8 miliar", "19,8 persen"; facts_units.txt and facts_units_before.txt);
- noise, subtracted: one if any of five flags is up: a direct quote (the sentence opens with a quotation
  mark, or most of its words are inside one), greetings and ceremony (summarize_ceremony.txt), a question,
  a very short sentence, and attribution only ("Hal itu disampaikan ...", summarize_attribution.txt; "Kata
  Lintong.", a verb of saying from summarize_speech_verbs.txt in a few words; a sentence that ends in ":"). A
  quote that shares ECHO_TERMS content words with the headline is no noise: it is what the headline reports
  ("Wali Kota Harus Jadi Pelayan, Bukan Kacung Pengembang" over the mayor's own words);
- quote and fragment, subtracted on their own (`Weights.quote`, `Weights.fragment`): how the lead passes over
  quotes and fragments of under FRAGMENT_WORDS words ("Jayapura.", "BIRO ADPIM.", "1.Kabupaten Pati.": page
  furniture the cleaner left, list items) and keeps everything else.

Two flags that were measured and left out, on the pages with hand-picked summary sentences: a place (in most
sentences of local news, so it tells nothing) and a named official next to the verb (the verb alone marked the
picked sentences better: "Ia meminta ...", "Kedua pihak sepakat ...").

The best are chosen in score order (ties: the earlier sentence), skipping a near-repeat of a chosen one.
With length budgets, a sentence that does not fit is passed over for the next best that does; a summary is
only cut to one sentence when no two sentences fit together (`select`). When none of the chosen sentences
mentions a profile topic, the best factual, noise-free sentence that does is the delegation's interest line,
shown beside the summary, not in it (`interest_position`). The default summary is not ranked: it is the lead
(quotes and fragments passed over) with its last place given to a later sentence that states a figure
(`with_figure`). docs/quality.md ("Summaries") has the measurements behind the weights and flags.
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
from pipeline.text.facts.lexicon import lexicons
from pipeline.text.indonesian import content_terms, words

# PACSUM's edge threshold and weight of edges to earlier sentences (later ones weigh 1).
BETA = 0.3
BACKWARD_WEIGHT = -0.5
LEAD_WINDOW = 8  # the lead signal reaches 0 at this position (0-based): from the 9th sentence on, none
MAX_OVERLAP = 0.6  # a candidate this similar (cosine) to an already chosen sentence mostly repeats it
SHORT_WORDS = 6  # a sentence of fewer words is a fragment, a caption or a cross-heading, not a summary line
# Fewer words than this make no sentence at all: a place, a desk's name, a list item the page left in the body.
# (Under SHORT_WORDS would also drop "Rombongan berjumlah tujuh orang." and cost NTREX 0.13 ROUGE-1.)
FRAGMENT_WORDS = 4
ATTRIBUTION_WORDS = 4  # a sentence with a verb of saying and at most this many words only attributes
QUOTED_SHARE = 0.5  # a sentence with at least this share of its words inside quotation marks is a quote
ECHO_TERMS = 3  # a quote whose own words share this many content words with the headline is its news

FACTS = ("when", "did", "figures")
NOISE = ("quote", "ceremony", "question", "short", "attribution")
FEATURES = ("lead", "centrality", "topics", *FACTS, *NOISE, "fragment")

_QUOTATION = regex.compile(r"“[^“”]*”?|\"[^\"]*\"?|‘[^‘’]*’|«[^«»]*»?")  # an unclosed one runs to the end
_OPENING_QUOTES = "\"“‘'«„"
# A count: a number (not a year, a clock time, a date or an RT/RW number) before a word: "212 posyandu",
# "1.540 rumah", "19,8 persen". facts.figures adds amounts ("Rp7,8 miliar") and counted names ("3 MPP").
_COUNT = regex.compile(r"(?<![\d/.,:]|\b(?:pukul|jam|RT|RW|No|nomor|tahun)\s)(?!(?:19|20)\d\d\b)"
                       r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d/.:]|,\d)\s+\p{Ll}{3,}")
_SHORT_DATE = regex.compile(r"\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)")  # "(24/8)", "(24/8/2023)"


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; only ratios matter. The defaults are what the summarize stage ships
    (its config sets `lead` and `topics`), chosen as pipeline/evaluate/summary.py and docs/quality.md say."""

    lead: float = 2.0
    centrality: float = 0.5
    topics: float = 0.5
    facts: float = 0.5
    noise: float = 1.0
    quote: float = 0.0  # a direct quote's own penalty, besides the noise flags' maximum
    fragment: float = 0.0  # a fragment's own penalty (under FRAGMENT_WORDS words), likewise

    def vector(self) -> np.ndarray:
        """One weight per FEATURES column (the noise flags are scored apart, as their maximum)."""
        per = {"lead": self.lead, "centrality": self.centrality, "topics": self.topics, "quote": -self.quote,
               "fragment": -self.fragment}
        per |= {name: self.facts / len(FACTS) for name in FACTS}
        return np.array([per.get(name, 0.0) for name in FEATURES])

    def label(self) -> str:
        return ",".join(f"{field.name}:{getattr(self, field.name):g}" for field in fields(self))


_NOISE_COLUMNS = [FEATURES.index(name) for name in NOISE]
_FACT_COLUMNS = [FEATURES.index(name) for name in FACTS]


@dataclass(frozen=True)
class Article:
    """An article's body sentences as the ranker sees them: signals per sentence, and their similarities."""

    features: np.ndarray  # sentences x FEATURES, each 0..1
    similarity: np.ndarray  # sentences x sentences, cosine of the TF-IDF vectors

    def scores(self, weights: Weights) -> np.ndarray:
        if not len(self.features):
            return np.zeros(0)
        return self.features @ weights.vector() - weights.noise * self.features[:, _NOISE_COLUMNS].max(axis=1)


def read_article(texts: Sequence[str], topic_hits: Sequence[int] | None = None, headline: str = "") -> Article:
    """The signals of each sentence of an article's body (texts in article order); `headline` tells a quote
    that carries the news it reports (ECHO_TERMS) from one that is noise."""
    count = len(texts)
    if not count:
        return Article(np.zeros((0, len(FEATURES))), np.zeros((0, 0)))
    vectors = tfidf_vectors([content_terms(text) for text in texts])
    similarity = vectors @ vectors.T
    columns = {"lead": np.maximum(0.0, 1 - np.arange(count) / LEAD_WINDOW),
               "centrality": _scaled(directed_centrality(similarity)),
               "topics": _scaled(np.asarray(topic_hits if topic_hits is not None else [0] * count, dtype=float))}
    flags = [sentence_flags(text) for text in texts]
    if headline_terms := set(content_terms(headline)):
        for text, row in zip(texts, flags):
            quoted = " ".join(_QUOTATION.findall(text)) or text  # the quoted words, not "kata Wali Kota X"
            if row["quote"] and len(headline_terms & set(content_terms(quoted))) >= ECHO_TERMS:
                row["quote"] = False
    columns |= {name: np.array([float(row[name]) for row in flags]) for name in (*FACTS, *NOISE, "fragment")}
    return Article(np.column_stack([columns[name] for name in FEATURES]), similarity)


def with_figure(article: Article, lead: list[int], fits: Callable[[list[int]], bool] | None = None) -> list[int]:
    """The lead's choice with its last place given to the first later sentence of the lead window that states a
    figure and raises no noise flag (not a near-repeat, within the budgets); the lead's own when none does.

    Readers of local news pick the sentence that says how big (the dead, the families, the budget, the magnitude)
    for a summary's last place where the lead's third sentence is background: on ten sets of real pages labelled
    after this rule was written down, it found 24 more of 1,235 hand-picked spans than the lead (docs/quality.md).
    """
    if len(lead) < 2:
        return lead
    kept = sorted(lead)[:-1]
    figures_column, noise = FEATURES.index("figures"), article.features[:, _NOISE_COLUMNS].any(axis=1)
    for position in range(len(kept), min(LEAD_WINDOW, len(article.features))):
        if position not in kept and article.features[position, figures_column] and not noise[position] \
                and all(article.similarity[position, other] <= MAX_OVERLAP for other in kept) \
                and (fits is None or fits(kept + [position])):
            return kept + [position]
    return lead


def select(article: Article, weights: Weights, count: int,
           fits: Callable[[list[int]], bool] | None = None) -> list[int]:
    """Positions of at most `count` sentences, best first, none a near-repeat of a chosen one.

    With `fits` (whether the chosen positions keep within the length budgets), a sentence that would break a
    budget is passed over for the next best that fits. When that leaves one sentence although the article
    has more (one long translation crowds out every other), the sentence is set aside, longest chosen first,
    and the choice made again: a summary gets shorter sentences, not fewer, down to one only when no two
    sentences fit together. When nothing fits, the best sentence alone.
    """
    order = ranked_order(article, weights)

    def choose(excluded: set[int]) -> list[int]:
        chosen: list[int] = []
        for position in order:
            if len(chosen) == count:
                break
            if position in excluded or any(article.similarity[position, other] > MAX_OVERLAP for other in chosen):
                continue
            if fits is None or fits(chosen + [position]):
                chosen.append(position)
        return chosen

    chosen = choose(set())
    if fits is not None and len(chosen) == 1 and count > 1:
        excluded: set[int] = set()
        while len(excluded) < len(order) - 1:
            excluded.add(chosen[0])
            retry = choose(excluded)
            if len(retry) >= 2:
                chosen = retry
                break
            if not retry:
                chosen = choose(set())
                break
            chosen = retry
        else:
            chosen = choose(set())
    return chosen or order[:1]


def ranked_order(article: Article, weights: Weights) -> list[int]:
    """Every position, best score first; ties go to the earlier sentence."""
    scores = article.scores(weights)
    return sorted(range(len(scores)), key=lambda position: (-scores[position], position))


def interest_position(article: Article, weights: Weights, chosen: Sequence[int]) -> int | None:
    """The delegation's interest line: when no chosen sentence mentions a profile topic, the best sentence that
    does, factual, no noise, not a near-repeat of a chosen one.

    It is shown beside the summary rather than in its last place: in its place it cost readers' picks on fresh
    real pages (docs/quality.md, "Summaries"), whose news is seldom the delegation's topic."""
    topics = article.features[:, FEATURES.index("topics")]
    if any(topics[position] > 0 for position in chosen):
        return None
    for position in ranked_order(article, weights):
        if topics[position] > 0 and position not in chosen and not article.features[position, _NOISE_COLUMNS].any() \
                and article.features[position, _FACT_COLUMNS].any() \
                and all(article.similarity[position, other] <= MAX_OVERLAP for other in chosen):
            return position
    return None


def ranker_settings(weights: Weights) -> dict[str, float | str]:
    """What decides the ranker's choices besides the word lists: for the summarize stage's fingerprint."""
    return {"weights": weights.label(), "beta": BETA, "backward": BACKWARD_WEIGHT, "lead_window": LEAD_WINDOW,
            "max_overlap": MAX_OVERLAP, "short_words": SHORT_WORDS, "fragment_words": FRAGMENT_WORDS,
            "attribution_words": ATTRIBUTION_WORDS, "quoted_share": QUOTED_SHARE, "echo_terms": ECHO_TERMS}


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
def _word_list(name: str) -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """A summarize_* word list as word tuples (split like the text: letters only, lowercased), and their widths."""
    entries = frozenset(tuple(words(entry)) for entry in read_word_list(name) if words(entry))
    return entries, tuple(sorted({len(entry) for entry in entries}))


def _has_phrase(text_words: list[str], name: str, at_start: bool = False) -> bool:
    entries, widths = _word_list(name)
    starts = range(1) if at_start else range(len(text_words))
    return any(tuple(text_words[start:start + width]) in entries for start in starts for width in widths)


def sentence_flags(text: str) -> dict[str, bool]:
    """The facts and noise flags of one sentence (see the module docstring)."""
    text_words = words(text)
    stripped = text.strip()
    quoted = sum(len(words(match)) for match in _QUOTATION.findall(stripped))
    return {
        "when": any(pattern.search(text) for pattern in lexicons().dates) or bool(_SHORT_DATE.search(text))
        or _has_phrase(text_words, "summarize_time_words.txt"),
        "did": _has_phrase(text_words, "summarize_actions.txt"),
        "figures": bool(_COUNT.search(text)) or bool(figures(0, text)),
        "quote": stripped[:1] in _OPENING_QUOTES or (bool(text_words) and quoted / len(text_words) >= QUOTED_SHARE),
        "ceremony": _has_phrase(text_words, "summarize_ceremony.txt"),
        "question": stripped.rstrip("\"”’' )").endswith("?"),
        "short": len(text_words) < SHORT_WORDS,
        "fragment": len(text_words) < FRAGMENT_WORDS,
        "attribution": _has_phrase(text_words, "summarize_attribution.txt", at_start=True) or stripped.endswith(":")
        or (len(text_words) <= ATTRIBUTION_WORDS and _has_phrase(text_words, "summarize_speech_verbs.txt")),
    }
