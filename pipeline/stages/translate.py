"""The translate stage: every sentence of every record into each target language, through MarianMT routes.

A route is one model reading one language: `en` reads Indonesian (opus-mt-id-en), `ja` reads the English
output (opus-tatoeba-en-ja, a pivot, since English-Japanese models are far better trained than any
Indonesian-Japanese one). A pivot reuses the English already made, and within a batch no text goes through a
model twice: the sentences of all records are pooled and deduplicated per route, looked up in the translation
cache, and only the misses are generated, longest first in batches under a token budget (mt/base.py).

How the models run is resolved once, in `check`: `resolve_plans` turns translate.engine, .precision, .device and
the generation settings into plans (mt/plan.py) that the engines receive; `fast` is then chosen per model by
calibration. The cache namespace of a route names the plan that runs and the versions of the packages that
decide its output, so neither another precision nor a library upgrade can serve a stale translation.

Around the model, per sentence: glossary terms are put into the model's input and enforced in its output
(glossary.py; translate.glossary merged with the glossary of the summarize.profile delegation, if it names one);
a sentence longer than the model's input limit is cut at clause boundaries, translated in parts and rejoined
(flag ``split``), never silently truncated; model-free quality checks add their flags (quality.py). Records
flagged ``not_indonesian`` are left untranslated (``None``, flag ``not_translated``) unless
normalize.translate_other_languages is set.

Key facts (translate.facts, on by default): the roles, organisations and places of each record's key facts
(text/facts/phrases.py: this stage extracts the facts itself, since summarize, which shows them, runs later)
go through the same routes, pooled with the sentences: deduplicated with them, in the same length-sorted
batches, in the same cache. A phrase prepared as a sentence is (typos and abbreviations as in `mt_input`,
glossary terms), except that a phrase which is a glossary term as a whole takes the glossary's translation
without the model. The record gets `fact_translations` ({lang: {phrase: translation}}); quality flags and the
flag counts stay the sentences'. Each text's output depends on its own length only (mt/base.py), so pooling
the phrases changes no sentence's translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.brief.profile import load_profile
from pipeline.config import PipelineConfig, RouteConfig
from pipeline.mt.base import MarianEngine
from pipeline.mt.cache import TranslationCache
from pipeline.mt.calibration import load_engine
from pipeline.mt.plan import Plan, output_versions, resolve_plans
from pipeline.mt.sources import ModelSource, check_available
from pipeline.resources import PACKAGE_DATA, file_hash, read_table
from pipeline.text.cleaning import CharacterTable
from pipeline.text.facts.phrases import RECORD_KEY as FACTS_KEY, fact_phrases, facts_of
from pipeline.text.glossary import Glossary
from pipeline.text.lexicons import Lexicon
from pipeline.text.quality import CHARACTER_LANGUAGES, sentence_flags
from pipeline.records import RecordError, stable_hash
from pipeline.stages.base import Stage
from pipeline.stages.normalize import CHARACTERS_FILE

CLAUSE_WORDS_FILE = PACKAGE_DATA / "translate_clause_words.tsv"
SOURCE_LANGUAGE = "id"

# Where a long sentence may be cut, best first: after clause punctuation, before a clause-opening word
# (translate_clause_words.tsv), between words, and, for text without spaces, anywhere.
_AFTER_PUNCTUATION = re.compile(r"(?<=[;:,])(?=\s)|(?<=[、，；：])")
_BETWEEN_WORDS = re.compile(r"(?<=\S)(?=\s)")


@dataclass
class Route:
    """A target language as the stage runs it: the model, the language it reads, and its cache namespace."""

    target: str
    config: RouteConfig
    source: ModelSource
    engine: MarianEngine | None = None
    namespace: str = ""

    def model_input(self, text: str) -> str:
        """The text as the model reads it: with the target-language token some multilingual models need."""
        return f"{self.config.prefix} {text}" if self.config.prefix else text


class TranslateStage(Stage):
    name = "translate"
    reads = ("normalize",)
    requires = ("sentences",)
    assigns = ("translations", "translation_flags", FACTS_KEY)
    unit = "sentences"

    def __init__(self, config: PipelineConfig, progress: Callable[[int], None] | None = None,
                 engines: dict[tuple[str, tuple[Plan, ...]], MarianEngine] | None = None):
        """`progress`, if given, is called with the number of texts (sentences, and fact phrases pooled with them)
        in each batch a model has generated. `engines`, if given, holds loaded models shared with other stages
        (keyed by folder and plans): an evaluation that compares one route's models loads the pivot's other leg
        once."""
        super().__init__(config)
        self.options = config.translate
        self.progress = progress
        self.order = _route_order(self.options.targets, self.options.routes)
        self.routes: dict[str, Route] = {}
        self.glossary = Glossary.empty()
        self.plans: list[Plan] = []  # how the models run here: one plan, or `fast`'s candidates
        self.cache: TranslationCache | None = None
        self.loaded = False
        self.engines = {} if engines is None else engines
        self.clause_words = _clause_word_patterns()
        #: Per target language, how many sentences got each flag: for the manifest.
        self.flag_counts: dict[str, Counter[str]] = {target: Counter() for target in self.order}
        #: Per target language, how many texts its model generated (the rest came from the cache or repeats):
        #: those sentences need, and those only fact phrases need.
        self.generated: Counter[str] = Counter()
        self.generated_facts: Counter[str] = Counter()
        self.phrase_input: Callable[[str], str] = str  # a fact phrase as the model reads it, like `mt_input`

    def check(self) -> None:
        """Every model the targets need is on disk (or downloaded), the precision can run here and the glossaries
        agree, before any work."""
        if self.routes:
            return
        self.plans = resolve_plans(self.options)
        self.routes = {
            target: Route(target, self.options.routes[target],
                          check_available(self.options.routes[target], f"translate.routes.{target}.model"))
            for target in self.order
        }
        self.glossary = self._load_glossary()
        if self.options.facts:
            normalize = self.config.normalize
            typos, abbreviations = Lexicon.load(normalize.typos), Lexicon.load(normalize.abbreviations)
            characters = CharacterTable.load(CHARACTERS_FILE)
            self.phrase_input = lambda text: characters.mt(abbreviations.apply(typos.apply(text)))

    def _load_glossary(self) -> Glossary:
        """translate.glossary with the delegation profile's glossary: the terms of the people the brief is for."""
        glossary = Glossary.load(self.options.glossary) if self.options.glossary is not None else Glossary.empty()
        profile = load_profile(self.config.summarize.profile) if self.config.summarize.profile is not None else None
        if profile is not None and profile.glossary is not None:
            glossary = glossary.merge(Glossary.load(profile.glossary))
        return glossary

    def setup(self) -> None:
        self.check()
        if self.loaded:
            return
        for route in self.routes.values():  # routes sharing a model folder share one loaded model
            key = (str(route.source.path), tuple(self.plans))
            if key not in self.engines:
                self.engines[key] = load_engine(route.source, self.plans)
            route.engine = self.engines[key]
            # The plan that runs (what `fast` chose), not the setting, and its packages' versions decide the output.
            plan = route.engine.plan
            route.namespace = stable_hash({"model": route.source.ref, "revision": route.source.revision,
                                           "prefix": route.config.prefix, **self._generation(route),
                                           "engine": plan.backend, "precision": plan.precision,
                                           "vocabulary_map": route.engine.describe().get("vocabulary_map"),
                                           "versions": output_versions(plan.backend)})
        if self.options.use_cache:
            self.cache = TranslationCache(self.options.cache)
        self.loaded = True

    def _generation(self, route: Route) -> dict[str, Any]:
        """What, besides model and input, decides a route's output."""
        return {"engine": self.options.engine, "precision": self.options.precision,
                "num_beams": self.options.num_beams or route.source.num_beams,
                "max_new_tokens": [self.options.max_new_tokens_ratio, self.options.max_new_tokens_offset]}

    def settings(self) -> dict[str, Any]:
        self.check()
        return {
            "targets": self.options.targets,
            "routes": {target: {"model": route.source.ref, "revision": route.source.revision,
                                "source": route.config.source, "prefix": route.config.prefix,
                                **self._generation(route)}
                       for target, route in self.routes.items()},
            "max_input_tokens": self.options.max_input_tokens,
            "glossary": self.glossary.fingerprint() if len(self.glossary) else None,
            "clause_words": stable_hash(CLAUSE_WORDS_FILE.read_text(encoding="utf-8")),
            "translate_other_languages": self.config.normalize.translate_other_languages,
            # With key facts, the facts' lexicons decide which phrases are translated (off: the settings as before).
            **({"facts": {p.name: file_hash(p) for p in sorted(PACKAGE_DATA.glob("facts_*"))}}
               if self.options.facts else {}),
        }

    def describe(self) -> dict[str, Any]:
        return {
            # Without a loaded engine (the Ray driver never loads one) the model is still named, with its revision.
            "models": {f"translate.{target}": {**(route.engine.describe() if route.engine is not None else
                                                  {"ref": route.source.ref, "revision": route.source.revision}),
                                               "source": route.config.source}
                       for target, route in self.routes.items()},
            "sentences_generated": {target: self.generated[target] for target in self.order},
            **({"fact_phrases_generated": {target: self.generated_facts[target] for target in self.order}}
               if self.options.facts else {}),
            "cache": dict(self.cache.stats) if self.cache is not None else None,
            "glossary": {"path": self.glossary.origin, "terms": len(self.glossary),
                         "fingerprint": self.glossary.fingerprint()} if len(self.glossary) else None,
            "flags": {target: dict(sorted(counts.items())) for target, counts in self.flag_counts.items()},
        }

    def tally(self, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Flag counts over every final record, reused ones and those translated on Ray actors included."""
        counts: dict[str, Counter[str]] = {target: Counter() for target in self.order}
        for record in records:
            for target, flag_lists in record.get("translation_flags", {}).items():
                for flags in flag_lists:
                    counts.setdefault(target, Counter()).update(flags)
        return {"flags": {target: dict(sorted(c.items())) for target, c in counts.items()}}

    def size(self, record: dict[str, Any]) -> int:
        sentences = record.get("sentences")
        return len(sentences) if isinstance(sentences, list) else 0

    def problem(self, record: Any) -> str | None:
        """Every sentence has the text the model reads (`mt_input`), and `flags` is a list."""
        problem = super().problem(record)
        if problem:
            return problem
        for number, sentence in enumerate(record["sentences"], start=1):
            if not isinstance(sentence, dict) or not isinstance(sentence.get("mt_input"), str):
                return f"sentence {number} has no 'mt_input' text"
        if not isinstance(record.get("flags", []), list):
            return "'flags' must be a list"
        return None

    def process(self, records: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        self.setup()
        outputs: list[dict[str, Any] | RecordError | None] = [None] * len(records)
        to_translate: list[int] = []
        for index, record in enumerate(records):
            problem = self.problem(record)
            if problem:
                outputs[index] = RecordError.for_record(record, self.name, problem)
            elif "not_indonesian" in record.get("flags", []) and not self.config.normalize.translate_other_languages:
                outputs[index] = self._untranslated(record)
            else:
                to_translate.append(index)

        sentences = [s["mt_input"] for i in to_translate for s in records[i]["sentences"]]
        # The key facts' phrases go after the sentences, each once, through the same routes and batches.
        record_phrases = [fact_phrases(facts_of(records[i])) if self.options.facts else [] for i in to_translate]
        phrases = list(dict.fromkeys(phrase for listed in record_phrases for phrase in listed))
        texts = {SOURCE_LANGUAGE: sentences + list(map(self.phrase_input, phrases))}
        flags: dict[str, list[list[str]]] = {}
        for target in self.order:
            route = self.routes[target]
            terms = {len(sentences) + position: term for position, phrase in enumerate(phrases)
                     if (term := self._whole_term(phrase, texts[SOURCE_LANGUAGE][len(sentences) + position], target))}
            texts[target], flags[target] = self._translate_route(route, texts[route.config.source], len(sentences),
                                                                 terms)

        translated = {t: dict(zip(phrases, texts[t][len(sentences):])) for t in self.options.targets}
        start = 0
        for index, listed in zip(to_translate, record_phrases):
            record = records[index]
            end = start + len(record["sentences"])
            outputs[index] = {**record,
                              "translations": {t: texts[t][start:end] for t in self.options.targets},
                              "translation_flags": {t: flags[t][start:end] for t in self.options.targets}}
            if self.options.facts:
                outputs[index][FACTS_KEY] = {t: {phrase: translated[t][phrase] for phrase in listed}
                                             for t in self.options.targets}
            start = end
        return outputs

    def _whole_term(self, phrase: str, model_input: str, target: str) -> str | None:
        """The glossary's `target` form of a phrase that is, as a whole, one of its Indonesian terms."""
        for text in dict.fromkeys((phrase, model_input)):
            _, terms = self.glossary.prepare(text, SOURCE_LANGUAGE, target)
            if len(terms) == 1 and _squashed(text) in map(_squashed, terms[0].source_forms):
                return terms[0].target
        return None

    def _untranslated(self, record: dict[str, Any]) -> dict[str, Any]:
        count = len(record["sentences"])
        for target in self.options.targets:
            self.flag_counts[target]["not_translated"] += count
        return {**record,
                "translations": {t: [None] * count for t in self.options.targets},
                "translation_flags": {t: [["not_translated"] for _ in range(count)] for t in self.options.targets}}

    def _translate_route(self, route: Route, inputs: list[str], sentences: int | None = None,
                         given: dict[int, str] | None = None) -> tuple[list[str], list[list[str]]]:
        """Each input's translation: glossary in, model (or cache), glossary enforced; and the flags of the first
        `sentences` inputs (all by default), checked. An input whose translation is `given` (by position) skips
        the model."""
        src, tgt = route.config.source, route.target
        sentences, given = len(inputs) if sentences is None else sentences, given or {}
        prepared = {index: self.glossary.prepare(text, src, tgt) for index, text in enumerate(inputs)
                    if index not in given}
        translated, split = self._translate_unique(route, list(dict.fromkeys(text for text, _ in prepared.values())),
                                                   {prepared[index][0] for index in range(sentences)})
        outputs, flags = [], []
        for index, source_text in enumerate(inputs):
            if index in given:
                outputs.append(given[index])
                continue
            prepared_text, terms = prepared[index]
            output, glossary_flags = self.glossary.enforce(translated[prepared_text], terms, src, tgt)
            outputs.append(output)
            if index < sentences:
                sentence = (["split"] if prepared_text in split else []) + glossary_flags
                sentence += sentence_flags(source_text, output, src, tgt)
                self.flag_counts[tgt].update(sentence)
                flags.append(sentence)
        return outputs, flags

    def _translate_unique(self, route: Route, texts: list[str], sentences: set[str] | None = None
                          ) -> tuple[dict[str, str], set[str]]:
        """Translations of distinct texts, and which of them had to be split to fit the model. Generated pieces
        count as the `sentences`' (all texts by default), or else as fact phrases'."""
        parts = self._fit_to_model(route, [text for text in texts if text.strip()])
        pieces = list(dict.fromkeys(piece for text_parts in parts.values() for piece in text_parts))
        done = self.cache.get_many(route.namespace, pieces) if self.cache is not None else {}
        missing = [piece for piece in pieces if piece not in done]
        generated = dict(zip(missing, route.engine.translate(list(map(route.model_input, missing)), self.progress)))
        of_sentences = {piece for text in (texts if sentences is None else sentences) for piece in parts.get(text, [])}
        self.generated[route.target] += sum(piece in of_sentences for piece in missing)
        self.generated_facts[route.target] += sum(piece not in of_sentences for piece in missing)
        if self.cache is not None:
            self.cache.put_many(route.namespace, generated)
        done.update(generated)
        joiner = "" if route.target in CHARACTER_LANGUAGES else " "
        translated = {text: joiner.join(done[piece] for piece in parts.get(text, [])) for text in texts}
        return translated, {text for text, text_parts in parts.items() if len(text_parts) > 1}

    def _fit_to_model(self, route: Route, texts: list[str]) -> dict[str, list[str]]:
        """Each text as the parts it is translated in: itself, or clauses that each fit the input limit."""
        engine = route.engine

        def fits(text: str) -> bool:
            return engine.count_tokens([route.model_input(text)])[0] <= engine.max_input_tokens

        counts = engine.count_tokens(list(map(route.model_input, texts)))
        clause_words = self.clause_words.get(route.config.source)
        return {text: [text] if count <= engine.max_input_tokens else split_to_fit(text, fits, clause_words)
                for text, count in zip(texts, counts)}


def split_to_fit(text: str, fits: Callable[[str], bool], clause_words: re.Pattern[str] | None = None) -> list[str]:
    """`text` cut into consecutive parts for which `fits` holds, at the cut nearest the middle of the best kind.

    Kinds of cut, best first: after ; : , (and their CJK forms), before a clause-opening word, between words,
    between characters. Joining the parts with spaces gives back the text, up to whitespace at the cuts.
    """
    if len(text) < 2 or fits(text):
        return [text]
    middle = len(text) / 2
    for pattern in (_AFTER_PUNCTUATION, clause_words, _BETWEEN_WORDS):
        if pattern is None:
            continue
        cuts = [match.start() for match in pattern.finditer(text)
                if text[:match.start()].strip() and text[match.start():].strip()]
        if cuts:
            cut = min(cuts, key=lambda position: abs(position - middle))
            break
    else:
        cut = len(text) // 2
    return split_to_fit(text[:cut].strip(), fits, clause_words) + split_to_fit(text[cut:].strip(), fits, clause_words)


def _clause_word_patterns() -> dict[str, re.Pattern[str]]:
    """Per language, a pattern matching the space before a clause-opening word."""
    words: dict[str, list[str]] = {}
    for _number, (lang, word) in read_table(CLAUSE_WORDS_FILE, 2):
        words.setdefault(lang, []).append(r"\s+".join(map(re.escape, word.split())))
    return {lang: re.compile(rf"\s(?=(?:{'|'.join(forms)})\b)", re.IGNORECASE) for lang, forms in words.items()}


def _squashed(text: str) -> str:
    return " ".join(text.casefold().split())


def _route_order(targets: list[str], routes: dict[str, RouteConfig]) -> list[str]:
    """The routes the targets need, each after the route whose output it reads (the config checked for cycles)."""
    order: list[str] = []
    for target in targets:
        chain = [target]
        while routes[chain[-1]].source != SOURCE_LANGUAGE:
            chain.append(routes[chain[-1]].source)
        order.extend(lang for lang in reversed(chain) if lang not in order)
    return order

