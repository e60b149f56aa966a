"""Extractive trilingual summaries, key facts and relevance to the delegation's profile.

Extractive, because a summary made of the article's own sentences can be shown in Indonesian, English and
Japanese from translations that already exist (the translate stage's, aligned with `sentences`), with no
second translation and no text a model made up. `summarize.method: lead_figure` (the default) takes the article's
order, passing over a direct quote unless its words carry the headline's news, and gives the last place to the
first later sentence that states a figure (readers of real pages picked it: docs/quality.md); `lead` keeps the
order alone; `ranked` ranks sentences by pipeline/text/ranking.py: lead position, PACSUM centrality, the delegation
profile's topics, facts a delegation needs (a date, a verb of doing, figures), less quotes, ceremony, questions,
fragments and bare attributions, with the config's lead and topic weights. The ranker did not beat the lead on
real pages it was not tuned on, hence the default; `pipeline eval summary` measures the whole stage against
Lead-N, with cross-validated weights and bootstrap confidence intervals (docs/quality.md). Either way, when
none of the chosen sentences mentions a profile topic, the best factual sentence that does is the delegation's
interest line, shown beside the summary (`summarize.interest_line`).

The headline is never a summary sentence (the brief shows it anyway). The best `sentences` sentences are
chosen, a near-repeat of a chosen one skipped; a sentence whose translation would break a budget (Japanese
characters, English words) is passed over for the next best that fits, so a long translation makes the
summary's sentences shorter, not fewer (one sentence only when no two fit together).

Adds to the record::

    "summary": {"method": "lead-quotes-fragments+figure",  # or the ranker's: "lead+pacsum+topics+facts-noise"
                "indexes": [1, 4],                       # sentence indexes, article order
                "id": [...], "en": [...], "ja": [...],  # chosen sentences; a target language only when the
                                                         # record has its translations (None where one failed)
                "translated": True,   # False: only the Indonesian summary is complete
                "topics": ["public services"],           # profile topics the article mentions
                "interest": {"index": 7, "topics": ["health and welfare"], "id": "...", "en": "...", "ja": "..."},
                                      # the delegation's interest line, or None (see above)
                "abstractive": "..."},                   # only with summarize.abstractive_model (Indonesian)
    "facts": {...},                                      # see pipeline/text/facts.py
    "relevance": 0.6,                                    # share of profile topics mentioned; 0 without profile
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pipeline.config import PipelineConfig
from pipeline.errors import ModelUnavailableError
from pipeline.text.facts.phrases import with_fact_translations
from pipeline.text.indonesian import stems, words
from pipeline.text.ranking import (Article, Weights, interest_position, ranker_settings, read_article, select,
                                   with_figure)
from pipeline.resources import PACKAGE_DATA, folder_hash
from pipeline.brief.profile import DelegationProfile, load_profile
from pipeline.records import RecordError, stable_hash
from pipeline.stages.base import Stage

ABSTRACTIVE_BATCH = 8  # articles per generate() call: bounds memory on long articles


class TopicMatcher:
    """Finds a profile's topics: Indonesian keywords on word stems, English ones on the English translation."""

    def __init__(self, topics: dict[str, list[str]]):
        self.keywords = [(topic, tuple(stems(keyword)), tuple(words(keyword)))
                         for topic, keywords in topics.items() for keyword in keywords]
        self._phrases: tuple[dict[tuple[str, ...], set[str]], dict[tuple[str, ...], set[str]]] = ({}, {})
        for topic, keyword_stems, keyword_words in self.keywords:
            for table, phrase in zip(self._phrases, (keyword_stems, keyword_words)):
                if phrase:
                    table.setdefault(phrase, set()).add(topic)
        self._widths = tuple(sorted({len(phrase) for phrase in table}) for table in self._phrases)

    def topics_in(self, text: str, english: str | None = None) -> set[str]:
        """The topics one sentence mentions; synonyms of one topic count once, so no topic outweighs others."""
        found: set[str] = set()
        for table, widths, sequence in zip(self._phrases, self._widths, (stems(text), words(english or ""))):
            for width in widths:
                for start in range(len(sequence) - width + 1):
                    found |= table.get(tuple(sequence[start:start + width]), set())
        return found


# How each target language's summary length is measured against its budget in the config.
BUDGET_MEASURES = {"ja": len, "en": lambda text: len(text.split())}


@dataclass(frozen=True)
class Plan:
    body: list[int]  # indexes in record["sentences"] of the body sentences, the ranker's positions
    article: Article
    fits: Callable[[list[int]], bool] | None  # whether positions keep within every budget; None: no translations


#: summarize.method "lead" (and "lead_figure" before its figure): article order, a direct quote passed over unless
#: it carries the headline's news, and a fragment of under four words (with the budgets, as for the ranker).
LEAD_ORDER = Weights(lead=1.0, centrality=0.0, topics=0.0, facts=0.0, noise=0.0, quote=1.0, fragment=1.0)


def method_name(weights: Weights) -> str:
    """summary["method"]: the signals that count: "lead+pacsum+topics+facts-noise", "lead-quotes-fragments", ..."""
    signals = [name for name, weight in (("lead", weights.lead), ("pacsum", weights.centrality),
                                         ("topics", weights.topics), ("facts", weights.facts)) if weight > 0]
    penalty = "-noise" if weights.noise > 0 else \
        "".join(name for name, weight in (("-quotes", weights.quote), ("-fragments", weights.fragment)) if weight > 0)
    return "+".join(signals or ["order"]) + penalty


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
        # The config sets the ranker's lead and topic weights; the other weights are the ranker's defaults.
        self.ranked_weights = Weights(lead=self.options.lead_weight,
                                      topics=self.options.topic_weight if self.topics else 0.0)
        self.weights = self.ranked_weights if self.options.method == "ranked" else LEAD_ORDER
        self.interest_line = self.topics is not None and self.options.interest_line
        self.method = method_name(self.weights) + ("+figure" if self.options.method == "lead_figure" else "")
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
                "lexicons": {p.name: stable_hash(p.read_text(encoding="utf-8")) for p in lexicons},
                "ranker": ranker_settings(self.weights)}

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
        plan = self.plan(record, topics)
        indexes = sorted(plan.body[position] for position in self.choose(plan))

        summary: dict[str, Any] = {"method": self.method, "indexes": indexes,
                                   "id": [sentences[i]["text"] for i in indexes]}
        for lang, translated in translations.items():
            summary[lang] = [translated[i] for i in indexes]
        summary["translated"] = any(all(summary[lang][k] is not None for k in range(len(indexes)))
                                    for lang in translations)
        mentioned = set().union(*topics)
        summary["topics"] = [topic for topic in self.profile.topics if topic in mentioned] if self.profile else []
        summary["interest"] = self.interest(plan, indexes, sentences, translations, topics)
        relevance = len(summary["topics"]) / len(self.profile.topics) if self.profile else 0.0
        rest, facts = with_fact_translations(record)  # the translate stage's fact_translations, moved into facts
        return {**rest, "summary": summary, "facts": facts, "relevance": round(relevance, 4)}

    def choose(self, plan: Plan, count: int | None = None) -> list[int]:
        """Body positions of the summary's sentences (`count`: the config's), best first, as the stage picks them."""
        chosen = select(plan.article, self.weights, count or self.options.sentences, plan.fits)
        return with_figure(plan.article, chosen, plan.fits) if self.options.method == "lead_figure" else chosen

    def interest(self, plan: Plan, indexes: list[int], sentences: list[dict[str, Any]],
                 translations: dict[str, list[str | None]], topics: list[set[str]]) -> dict[str, Any] | None:
        """summary["interest"]: the sentence on the delegation's topics the summary lacks, in every language."""
        if not self.interest_line:
            return None
        position = interest_position(plan.article, self.weights, [plan.body.index(i) for i in indexes])
        if position is None:
            return None
        index = plan.body[position]
        return {"index": index, "topics": [topic for topic in self.profile.topics if topic in topics[index]],
                "id": sentences[index]["text"], **{lang: translated[index] for lang, translated in translations.items()}}

    def plan(self, record: dict[str, Any], topics: list[set[str]] | None = None) -> Plan:
        """What the ranker needs of a valid record: its body sentences' signals and the budget check.

        Also what `pipeline eval summary` scores other weights with, so it measures the stage itself."""
        sentences = record["sentences"]
        translations: dict[str, list[str | None]] = record.get("translations") or {}
        if topics is None:
            english = translations.get("en") or [None] * len(sentences)
            topics = ([self.topics.topics_in(s["text"], english[i]) for i, s in enumerate(sentences)]
                      if self.topics else [set() for _ in sentences])
        body = [i for i, sentence in enumerate(sentences) if sentence["kind"] == "body"]
        headline = " ".join(sentence["text"] for sentence in sentences if sentence["kind"] == "headline")
        article = read_article([sentences[i]["text"] for i in body], [len(topics[i]) for i in body], headline)
        lengths = [(budget, [BUDGET_MEASURES[lang](translations[lang][i] or "") for i in body])
                   for lang, budget in self.budgets.items() if lang in translations]
        fits = (lambda positions: all(sum(sizes[p] for p in positions) <= budget for budget, sizes in lengths)) \
            if lengths else None
        return Plan(body, article, fits)

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
