"""Extractive trilingual summaries, key facts and relevance to the delegation's profile.

Extractive, because a summary made of the article's own sentences can be shown in Indonesian, English and
Japanese from translations that already exist (the translate stage's, aligned with `sentences`), with no
second translation and no text a model made up. Sentences are ranked by three signals:

- centrality (PACSUM, Zheng & Lapata 2019): on the cosine-similarity graph of the sentences' TF-IDF vectors
  (Sastrawi stems, stopwords removed), a sentence that later sentences echo is central. Directed, it beat
  undirected LexRank (PageRank on the same graph) on NTREX: ROUGE-1 19.1 against 18.1 with 3 sentences,
  each with its best lead weight (`pipeline eval summary`);
- lead position: news puts the essentials first, and the first sentences are a strong baseline;
- profile topics: sentences that mention what the delegation came to learn rank higher.

The headline is never a summary sentence (the brief shows it anyway). The best `sentences` sentences are
chosen, a near-repeat of a chosen one skipped, then the lowest ranked dropped until every language's summary
fits its budget (Japanese characters, English words), keeping at least one.

Adds to the record::

    "summary": {"method": "pacsum+lead+topics", "indexes": [1, 4],      # sentence indexes, article order
                "id": [...], "en": [...], "ja": [...],  # chosen sentences; a target language only when the
                                                         # record has its translations (None where one failed)
                "translated": True,   # False: only the Indonesian summary is complete
                "topics": ["public services"],           # profile topics the article mentions
                "abstractive": "..."},                   # only with summarize.abstractive_model (Indonesian)
    "facts": {...},                                      # see pipeline/text/facts.py
    "relevance": 0.6,                                    # share of profile topics mentioned; 0 without profile
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.config import PipelineConfig
from pipeline.errors import ModelUnavailableError
from pipeline.text.facts.phrases import with_fact_translations
from pipeline.text.indonesian import content_terms, stems, words
from pipeline.resources import PACKAGE_DATA, folder_hash
from pipeline.brief.profile import DelegationProfile, load_profile
from pipeline.records import RecordError, stable_hash
from pipeline.stages.base import Stage

# PACSUM's edge threshold and weight of edges to earlier sentences (later ones weigh 1); tuned on NTREX.
BETA = 0.3
BACKWARD_WEIGHT = -0.5
MAX_OVERLAP = 0.5  # a candidate this similar (cosine) to an already chosen sentence mostly repeats it
ABSTRACTIVE_BATCH = 8  # articles per generate() call: bounds memory on long articles


def tfidf_vectors(term_lists: list[list[str]]) -> np.ndarray:
    """Unit-length TF-IDF rows, one per sentence, IDF over the article's own sentences."""
    vocabulary = {term: column for column, term in enumerate(sorted({t for terms in term_lists for t in terms}))}
    counts = np.zeros((len(term_lists), len(vocabulary)))
    for row, terms in enumerate(term_lists):
        for term, count in Counter(terms).items():
            counts[row, vocabulary[term]] = count
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


def lead_scores(count: int) -> np.ndarray:
    """1 for the first sentence, then 1/2, 1/3, ...: the first lines of a news story matter most."""
    return 1 / np.arange(1, count + 1)


def rank_sentences(texts: list[str], count: int, lead_weight: float, topic_hits: list[int] | None = None,
                   topic_weight: float = 0.0) -> list[int]:
    """Positions in `texts` of at most `count` sentences, best first, none a near-repeat of a better one.

    Each signal is scaled to a maximum of 1, then `centrality + lead_weight * lead + topic_weight * topics`;
    ties go to the earlier sentence, so the result is deterministic.
    """
    if not texts:
        return []
    vectors = tfidf_vectors([content_terms(text) for text in texts])
    similarity = vectors @ vectors.T
    scores = _scaled(directed_centrality(similarity)) + lead_weight * lead_scores(len(texts))
    if topic_hits is not None:
        scores = scores + topic_weight * _scaled(np.asarray(topic_hits, dtype=float))
    chosen: list[int] = []
    for position in sorted(range(len(texts)), key=lambda p: (-scores[p], p)):
        if len(chosen) == count:
            break
        if all(similarity[position, other] <= MAX_OVERLAP for other in chosen):
            chosen.append(position)
    return chosen


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max(initial=0.0)
    return values / top if top > 0 else np.zeros_like(values)


class TopicMatcher:
    """Finds a profile's topics: Indonesian keywords on word stems, English ones on the English translation."""

    def __init__(self, topics: dict[str, list[str]]):
        self.keywords = [(topic, tuple(stems(keyword)), tuple(words(keyword)))
                         for topic, keywords in topics.items() for keyword in keywords]

    def topics_in(self, text: str, english: str | None = None) -> set[str]:
        """The topics one sentence mentions; synonyms of one topic count once, so no topic outweighs others."""
        text_stems, english_words = stems(text), words(english or "")
        return {topic for topic, keyword_stems, keyword_words in self.keywords
                if _contains(text_stems, keyword_stems) or _contains(english_words, keyword_words)}


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return width > 0 and any(tuple(sequence[i:i + width]) == phrase for i in range(len(sequence) - width + 1))


# How each target language's summary length is measured against its budget in the config.
BUDGET_MEASURES = {"ja": len, "en": lambda text: len(text.split())}


class SummarizeStage(Stage):
    name = "summarize"
    reads = ("translate", "normalize")  # translated records when the run has them, else normalized ones
    requires = ("sentences",)
    assigns = ("summary", "facts", "relevance")

    def __init__(self, config: PipelineConfig):
        super().__init__(config)
        self.options = config.summarize
        self.profile: DelegationProfile | None = load_profile(self.options.profile) if self.options.profile else None
        self.topics = TopicMatcher(self.profile.topics) if self.profile else None
        self.method = "pacsum" + ("+lead" if self.options.lead_weight > 0 else "") + (
            "+topics" if self.topics and self.options.topic_weight > 0 else "")
        self.budgets = {"ja": self.options.ja_chars, "en": self.options.en_words}
        self._abstractive = None
        self.abstractive_revision: str | None = None

    def check(self) -> None:
        if self.options.abstractive_model is None:
            return
        from transformers import AutoConfig

        try:
            AutoConfig.from_pretrained(self.options.abstractive_model)
        except (OSError, ValueError) as error:
            raise ModelUnavailableError(
                f"summarize.abstractive_model {self.options.abstractive_model!r} cannot be loaded: {error}") from None

    def setup(self) -> None:
        if self.options.abstractive_model is None or self._abstractive is not None:
            return
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(self.options.abstractive_model)
        model = AutoModelForSeq2SeqLM.from_pretrained(self.options.abstractive_model).eval()
        self._abstractive = (tokenizer, model.to("cuda" if torch.cuda.is_available() else "cpu"))
        # As for translation models: the hub commit, or a content hash of a local folder.
        local = Path(self.options.abstractive_model)
        self.abstractive_revision = (folder_hash(local) if local.is_dir()
                                     else getattr(model.config, "_commit_hash", None))

    def settings(self) -> dict[str, Any]:
        lexicons = sorted(p for p in PACKAGE_DATA.iterdir() if p.name.startswith(("summarize_", "facts_")))
        return {"summarize": self.options.model_dump(mode="json"),
                "profile": self.profile.model_dump(mode="json") if self.profile else None,
                "lexicons": {p.name: stable_hash(p.read_text(encoding="utf-8")) for p in lexicons}}

    def describe(self) -> dict[str, Any]:
        return {"method": self.method, "profile": self.profile.name if self.profile else None,
                "abstractive_model": self.options.abstractive_model, "abstractive_revision": self.abstractive_revision}

    def problem(self, record: Any) -> str | None:
        """Sentences with text and kind, and translations (if any) aligned with them."""
        problem = super().problem(record)
        if problem:
            return problem
        sentences = record["sentences"]
        for index, sentence in enumerate(sentences):
            if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str) \
                    or sentence.get("kind") not in ("headline", "body", "fragment"):
                return f"sentences[{index}] needs a 'text' string and a 'kind' of 'headline', 'body' or 'fragment'"
        translations = record.get("translations") or {}
        if not isinstance(translations, dict):
            return "'translations' must map a language to sentences"
        for lang, translated in translations.items():
            if not isinstance(translated, list) or len(translated) != len(sentences):
                count = len(translated) if isinstance(translated, list) else type(translated).__name__
                return f"translations[{lang!r}] has {count} entries for {len(sentences)} sentences"
            if not all(text is None or isinstance(text, str) for text in translated):
                return f"translations[{lang!r}] holds something other than text or null"
        return None

    def process(self, records: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        outputs: list[dict[str, Any] | RecordError] = []
        for record in records:
            problem = self.problem(record)
            if problem:
                outputs.append(RecordError.for_record(record, self.name, problem))
            else:
                outputs.append(self.summarize(record))
        if self.options.abstractive_model is not None:
            self._add_abstractive([output for output in outputs if isinstance(output, dict)])
        return outputs

    def summarize(self, record: dict[str, Any]) -> dict[str, Any]:
        sentences = record["sentences"]
        translations: dict[str, list[str | None]] = record.get("translations") or {}
        english = translations.get("en") or [None] * len(sentences)
        topics = ([self.topics.topics_in(s["text"], english[i]) for i, s in enumerate(sentences)]
                  if self.topics else [set() for _ in sentences])
        body = [i for i, sentence in enumerate(sentences) if sentence["kind"] == "body"]
        ranked = [body[position] for position in rank_sentences(
            [sentences[i]["text"] for i in body], self.options.sentences, self.options.lead_weight,
            [len(topics[i]) for i in body], self.options.topic_weight)]
        indexes = sorted(self._within_budgets(ranked, translations))

        summary: dict[str, Any] = {"method": self.method, "indexes": indexes,
                                   "id": [sentences[i]["text"] for i in indexes]}
        for lang, translated in translations.items():
            summary[lang] = [translated[i] for i in indexes]
        summary["translated"] = any(all(summary[lang][k] is not None for k in range(len(indexes)))
                                    for lang in translations)
        mentioned = set().union(*topics)
        summary["topics"] = [topic for topic in self.profile.topics if topic in mentioned] if self.profile else []
        relevance = len(summary["topics"]) / len(self.profile.topics) if self.profile else 0.0
        rest, facts = with_fact_translations(record)  # the translate stage's fact_translations, moved into facts
        return {**rest, "summary": summary, "facts": facts, "relevance": round(relevance, 4)}

    def _within_budgets(self, ranked: list[int], translations: dict[str, list[str | None]]) -> list[int]:
        """The best-ranked prefix of `ranked` whose every translation fits its budget; at least one sentence."""
        kept = ranked[:1]
        for index in ranked[1:]:
            candidate = kept + [index]
            if any(sum(BUDGET_MEASURES[lang](translations[lang][i] or "") for i in candidate) > budget
                   for lang, budget in self.budgets.items() if lang in translations):
                break
            kept = candidate
        return kept

    def _add_abstractive(self, records: list[dict[str, Any]]) -> None:
        """summary["abstractive"]: one model-written Indonesian summary of each article's body."""
        import torch

        self.setup()
        tokenizer, model = self._abstractive
        limits = (tokenizer.model_max_length, getattr(model.config, "max_position_embeddings", None))
        max_length = min((limit for limit in limits if limit and limit < 100_000), default=512)  # unset: huge
        pending = [(record, body) for record in records
                   if (body := " ".join(s["text"] for s in record["sentences"] if s["kind"] == "body"))]
        for start in range(0, len(pending), ABSTRACTIVE_BATCH):
            batch = pending[start:start + ABSTRACTIVE_BATCH]
            inputs = tokenizer([body for _, body in batch], return_tensors="pt", padding=True, truncation=True,
                               max_length=max_length).to(model.device)
            with torch.inference_mode():
                generated = model.generate(**inputs, max_new_tokens=self.options.abstractive_max_new_tokens)
            for (record, _), text in zip(batch, tokenizer.batch_decode(generated, skip_special_tokens=True)):
                record["summary"]["abstractive"] = text.strip()
