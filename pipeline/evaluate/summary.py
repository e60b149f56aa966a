"""`pipeline eval summary`: the summarize stage against Lead-N, with cross-validated weights and paired
bootstrap confidence intervals, on three kinds of data (`--set`, repeatable)::

    pipeline eval summary --config configs/default.yaml --set ntrex \\
        --set pages /path/to/real-pages-dev/articles.jsonl --set pages tests/data/pages/synthetic.jsonl \\
        [--sentences N] [--lead N] [--folds 5] [--bootstrap 1000] [--seed 0] [--json out.json]

- `ntrex [DIR]`: NTREX-128 news (the slice shipped in the package unless DIR). No summaries exist, so each
  document's headline is the reference (a weak proxy: a headline is a compressed lead); scores are ROUGE-1/2/L
  F1 on lowercased, Sastrawi-stemmed Indonesian words. The stage gets the headline as a headline (never a
  summary sentence) and the English and Japanese references as its translations, so the length budgets act
  on real translation lengths.
- `pages FILE`: pages in the real-pages-dev format (pipeline/evaluate/pages.py), normalized model-free as a
  run does; the score is the number of `summary_hint` spans inside a chosen sentence ("hints"). Pages have no
  translations here, so the budgets act on estimated lengths: EN_WORDS_PER_WORD English words per Indonesian
  word and JA_CHARS_PER_CHAR Japanese characters per Indonesian character (the NTREX references' ratios).

Methods, all choosing N body sentences (N: the config's summarize.sentences unless --sentences):

- lead: the first N body sentences, no budgets (`--lead M`: the first M, to compare a summary of up to five
  sentences with Lead-3);
- random: N body sentences at random, averaged over --seeds seeds;
- default: the summarize stage exactly as configured (--config): its method (lead or ranked), profile topics
  and budgets (the interest line is beside the summary, not scored);
- cv: the ranker with weights chosen by k-fold cross-validation over documents (pages of one `event` share a
  fold; folds drawn with --seed): for each fold, the GRID weights that score best on the other folds choose
  its summaries (ties: the config's ranker weights, then grid order), and the held-out choices are pooled. ROUGE-1
  (NTREX) or hints (pages) is what the folds are tuned on;
- xset (with several sets and folds): the stage with the GRID weights that do best on the other sets (their
  gains over Lead-N, each as a share of Lead-N's score, summed): how weights chosen on other kinds of text
  fare on this one, the way the shipped weights were chosen without a set of the next day's pages.

Each method's difference to lead comes with a paired bootstrap 95% interval (--bootstrap resamples of the
documents, seeded): the mean difference for ROUGE, the difference in hints for pages. `= lead` counts the
documents where a method chose exactly Lead-N. Every result carries a signature of how it was made.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from pipeline.config import PipelineConfig, load_config
from pipeline.evaluate import ntrex
from pipeline.run.manifest import Signature
from pipeline.text.indonesian import stem, words
from pipeline.text.ranking import Weights, select
from pipeline.version import __version__

if TYPE_CHECKING:
    from pipeline.stages.summarize import Plan, SummarizeStage

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
EN_WORDS_PER_WORD = 1.05  # NTREX: 42,032 English reference words for 40,159 Indonesian ones
JA_CHARS_PER_CHAR = 0.39  # NTREX: 111,625 Japanese reference characters for 286,972 Indonesian ones
# The weights cross-validation chooses from. The lead weight stays at the config's (only ratios matter); the
# all-zero point is plain Lead-N order, so the folds can always fall back to the lead.
GRID = {"centrality": (0.0, 0.5, 1.0, 2.0), "topics": (0.0, 0.25, 0.5, 1.0), "facts": (0.0, 0.5, 1.0, 2.0, 4.0),
        "noise": (0.0, 0.5, 1.0, 2.0, 4.0)}


@dataclass(frozen=True)
class IndonesianTokenizer:
    """What rouge_score calls to split text: its default keeps only ASCII letters and stems English."""

    stemmed: bool = True

    def tokenize(self, text: str) -> list[str]:
        return [stem(word) for word in words(text)] if self.stemmed else words(text)


@dataclass
class Document:
    """One article of a set: the summarize stage's input record, and what a summary is scored against."""

    id: str
    group: str  # documents of one group (an event) share a fold
    record: dict[str, Any]
    reference: str | None = None  # NTREX: the headline
    hints: list[str] = field(default_factory=list)  # pages: summary_hint spans, squashed


@dataclass
class Metric:
    """How a set is scored: names of the numbers, a scorer of one document's chosen body texts, and whether
    the set's totals are sums (hints) or means (ROUGE)."""

    names: tuple[str, ...]
    score: Callable[[Document, list[str]], tuple[float, ...]]
    summed: bool


def ntrex_documents(folder: Path = ntrex.NTREX_DIR) -> list[Document]:
    """NTREX documents with a body: headline then body lines, the references as the translations."""
    data = ntrex.load(folder)
    documents = []
    for document_id, start, end in data.documents or []:
        if end - start < 2:
            continue
        lines = data.sources[start:end]
        sentences = [{"text": text, "mt_input": text, "kind": "headline" if i == 0 else "body"}
                     for i, text in enumerate(lines)]
        record = {"id": document_id, "sentences": sentences,
                  "translations": {lang: refs[start:end] for lang, refs in data.references.items()}}
        documents.append(Document(document_id, document_id, record, reference=lines[0]))
    return documents


def page_documents(path: Path, config: PipelineConfig) -> list[Document]:
    """Gold pages normalized as a run does, with stand-in translations of the estimated lengths."""
    from pipeline import process
    from pipeline.evaluate.pages import squash, load_gold

    gold = load_gold(path)
    result = process([{"id": str(row["id"]), "text": row["text"]} for row in gold], config=config,
                     stages="normalize")
    records = {record["id"]: record for record in result.records}
    documents = []
    for row in gold:
        record = records.get(str(row["id"]), {"id": str(row["id"]), "sentences": []})
        texts = [sentence["text"] for sentence in record["sentences"]]
        record = {**record, "translations": {
            "en": [" ".join(["w"] * round(EN_WORDS_PER_WORD * len(text.split()))) for text in texts],
            "ja": ["字" * round(JA_CHARS_PER_CHAR * len(text)) for text in texts]}}
        documents.append(Document(str(row["id"]), str(row.get("event") or row["id"]), record,
                                  hints=[squash(hint) for hint in row.get("summary_hint", [])]))
    return documents


def rouge_metric(stemmed: bool = True) -> Metric:
    from rouge_score import rouge_scorer  # the `eval` extra, needed only here

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=IndonesianTokenizer(stemmed))

    def score(document: Document, chosen: list[str]) -> tuple[float, ...]:
        result = scorer.score(document.reference or "", " ".join(chosen))
        return tuple(100 * result[rouge_type].fmeasure for rouge_type in ROUGE_TYPES)

    return Metric(("ROUGE-1", "ROUGE-2", "ROUGE-L"), score, summed=False)


def hint_metric() -> Metric:
    from pipeline.evaluate.pages import squash

    def score(document: Document, chosen: list[str]) -> tuple[float, ...]:
        squashed = [squash(text) for text in chosen]
        return (float(sum(any(hint in text for text in squashed) for hint in document.hints)),)

    return Metric(("hints",), score, summed=True)


def weight_grid(shipped: Weights) -> list[Weights]:
    """The shipped weights first (they win ties), then every GRID point, with the config's lead weight."""
    points = [replace(shipped, **dict(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    return [shipped, *[point for point in points if point != shipped]]


def fold_of(documents: list[Document], folds: int, seed: int) -> list[int]:
    """A fold per document: groups shuffled with the seed, then dealt out in turn."""
    groups = sorted({document.group for document in documents})
    random.Random(seed).shuffle(groups)
    number = {group: position % folds for position, group in enumerate(groups)}
    return [number[document.group] for document in documents]


class SetEvaluation:
    """One set's documents, planned once by the stage, then scored for any weights (results memoised)."""

    def __init__(self, documents: list[Document], stage: SummarizeStage, metric: Metric, count: int,
                 lead_count: int | None = None):
        self.documents, self.stage, self.metric, self.count = documents, stage, metric, count
        self.lead_count = lead_count or count
        self.plans: list[Plan] = [stage.plan(document.record) for document in documents]
        self._scores: dict[tuple[int, tuple[int, ...]], tuple[float, ...]] = {}
        self._grid: tuple[list[Weights], list[list[tuple[int, ...]]], np.ndarray] | None = None

    def choose(self, index: int, weights: Weights) -> tuple[int, ...]:
        plan = self.plans[index]
        return tuple(sorted(select(plan.article, weights, self.count, plan.fits))) if plan.body else ()

    def stage_choice(self, index: int) -> tuple[int, ...]:
        """The stage's own choice, as configured (its method, budgets)."""
        plan = self.plans[index]
        return tuple(sorted(self.stage.choose(plan, self.count))) if plan.body else ()

    def lead(self, index: int) -> tuple[int, ...]:
        return tuple(range(min(self.lead_count, len(self.plans[index].body))))

    def score(self, index: int, positions: tuple[int, ...]) -> tuple[float, ...]:
        key = (index, positions)
        if key not in self._scores:
            plan, sentences = self.plans[index], self.documents[index].record["sentences"]
            self._scores[key] = self.metric.score(self.documents[index],
                                                  [sentences[plan.body[p]]["text"] for p in positions])
        return self._scores[key]

    def scores(self, choices: list[tuple[int, ...]]) -> np.ndarray:
        return np.array([self.score(index, positions) for index, positions in enumerate(choices)]).reshape(
            len(choices), len(self.metric.names))

    def grid_choices(self, grid: list[Weights]) -> tuple[list[list[tuple[int, ...]]], np.ndarray]:
        """Every document's choice under every grid point, and its primary score (grid x documents)."""
        if self._grid is None or self._grid[0] != grid:
            choices = [[self.choose(index, weights) for index in range(len(self.documents))] for weights in grid]
            self._grid = (grid, choices, np.array([self.scores(per_document)[:, 0] for per_document in choices]))
        return self._grid[1], self._grid[2]

    def relative_gains(self, grid: list[Weights]) -> np.ndarray:
        """Per grid point, the primary score's gain over Lead-N as a share of Lead-N's (comparable across sets)."""
        lead = self.scores([self.lead(index) for index in range(len(self.documents))])[:, 0].sum()
        return (self.grid_choices(grid)[1].sum(axis=1) - lead) / lead if lead else np.zeros(len(grid))

    def cross_validate(self, grid: list[Weights], folds: int, seed: int) -> tuple[list[tuple[int, ...]], list[str]]:
        """Held-out choices per document, and the weights each fold chose (as labels)."""
        choices, primary = self.grid_choices(grid)
        assigned = np.array(fold_of(self.documents, folds, seed))
        held_out: list[tuple[int, ...]] = [()] * len(self.documents)
        chosen = []
        for fold in range(folds):
            best = int(np.argmax(primary[:, assigned != fold].sum(axis=1)))  # first maximum: shipped, then grid order
            chosen.append(grid[best].label())
            for index in np.flatnonzero(assigned == fold):
                held_out[index] = choices[best][index]
        return held_out, chosen


def bootstrap_interval(differences: np.ndarray, resamples: int, seed: int, summed: bool) -> list[list[float]]:
    """Paired bootstrap 95% interval per column of per-document differences (of the sum, or of the mean)."""
    if resamples <= 0 or not len(differences):
        return []
    draws = np.random.default_rng(seed).integers(0, len(differences), size=(resamples, len(differences)))
    statistics = differences[draws].sum(axis=1) if summed else differences[draws].mean(axis=1)
    low, high = np.percentile(statistics, [2.5, 97.5], axis=0)
    return [[round(float(a), 2), round(float(b), 2)] for a, b in zip(low, high)]


def evaluate_set(name: str, evaluation: SetEvaluation, others: list[SetEvaluation], config: PipelineConfig,
                 folds: int, resamples: int, seed: int, seeds: int) -> dict[str, Any]:
    """Lead, random, default, cross-validated and (with `others`) cross-set scores of one set, with
    intervals against the lead."""
    stage, metric, count, documents = evaluation.stage, evaluation.metric, evaluation.count, evaluation.documents
    indexes = range(len(documents))
    lead = [evaluation.lead(index) for index in indexes]
    lead_scores = evaluation.scores(lead)
    grid = weight_grid(stage.ranked_weights)
    methods: dict[str, tuple[list[tuple[int, ...]], dict[str, Any]]] = {
        "lead": (lead, {}), "default": ([evaluation.stage_choice(index) for index in indexes],
                                        {"weights": stage.weights.label(), "stage_method": stage.method})}
    if folds > 1:
        held_out, chosen = evaluation.cross_validate(grid, folds, seed)
        methods[f"cv{folds}"] = (held_out, {"fold_weights": chosen, "grid": len(grid)})
    if others:  # the weights the other sets would choose (summed relative gains), never tuned on this one
        best = int(np.argmax(sum(other.relative_gains(grid) for other in others)))
        methods["xset"] = (evaluation.grid_choices(grid)[0][best], {"weights": grid[best].label()})
    baseline = {"lead": evaluation.lead_count} if evaluation.lead_count != count else {}
    common = {"set": name, "docs": len(documents), "n": count, **baseline, "metric": "+".join(metric.names),
              "config": config.fingerprint(), "version": __version__}
    results = []
    for method, (choices, extra) in methods.items():
        scores = evaluation.scores(choices)
        results.append(_result(method, scores, lead_scores, metric, resamples, seed, common, extra,
                               same=sum(choice == base for choice, base in zip(choices, lead))))
    random_scores = np.mean([evaluation.scores([tuple(sorted(rng.sample(range(len(plan.body)),
                                                                        min(count, len(plan.body)))))
                                                for plan in evaluation.plans])
                             for rng in (random.Random(seed_) for seed_ in range(seeds))], axis=0)
    results.insert(1, _result("random", random_scores, lead_scores, metric, 0, seed,
                              {**common, "seeds": seeds}, {}, same=None))
    return {"set": name, "documents": len(documents), "metric": list(metric.names),
            "labels": sum(len(document.hints) for document in documents) if metric.summed else None,
            "results": results}


def _result(method: str, scores: np.ndarray, lead_scores: np.ndarray, metric: Metric, resamples: int,
            seed: int, common: dict[str, Any], extra: dict[str, Any], same: int | None) -> dict[str, Any]:
    totals = scores.sum(axis=0) if metric.summed else scores.mean(axis=0)
    differences = scores - lead_scores
    gain = differences.sum(axis=0) if metric.summed else differences.mean(axis=0)
    result = {"method": method, "signature": Signature(None, {**common, "method": method}).format(),
              **{name: round(float(total), 2) for name, total in zip(metric.names, totals)},
              "vs_lead": {name: round(float(value), 2) for name, value in zip(metric.names, gain)}, **extra}
    if method != "lead":
        result["ci95"] = dict(zip(metric.names, bootstrap_interval(differences, resamples, seed, metric.summed)))
        if same is not None:
            result["same_as_lead"] = same
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `pipeline eval summary`."""
    parser.add_argument("--set", nargs="+", action="append", metavar=("ntrex|pages", "PATH"), dest="sets",
                        help="a set to score: 'ntrex [DIR]' or 'pages FILE' (repeatable; default: ntrex)")
    parser.add_argument("--ntrex", type=Path, help="folder of the ntrex set (default: the slice in the package)")
    parser.add_argument("--config", help="pipeline config whose summarize stage is scored (default: the defaults)")
    parser.add_argument("--sentences", type=int, help="summary length N (default: the config's summarize.sentences)")
    parser.add_argument("--lead", type=int, help="Lead-N's N, the baseline (default: the summary length N)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds; 0: none (default 5)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples; 0: none (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds and the bootstrap (default 0)")
    parser.add_argument("--seeds", type=int, default=5, help="seeds the Random-N baseline is averaged over")
    parser.add_argument("--no-stem", action="store_true", help="ROUGE on words without Sastrawi stemming")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")


def run(args: argparse.Namespace) -> int:
    """What `pipeline eval summary` does with its parsed options."""
    from pipeline.stages.summarize import SummarizeStage

    config = load_config(args.config)
    count = args.sentences or config.summarize.sentences
    stage = SummarizeStage(config)
    sets: list[tuple[str, SetEvaluation]] = []
    for spec in args.sets or [["ntrex"]]:
        kind, paths = spec[0], spec[1:]
        if kind == "ntrex" and len(paths) <= 1:
            folder = Path(paths[0]) if paths else args.ntrex or ntrex.NTREX_DIR
            documents, metric, name = ntrex_documents(folder), rouge_metric(not args.no_stem), ntrex.load(folder).name
        elif kind == "pages" and len(paths) == 1:
            documents, metric, name = page_documents(Path(paths[0]), config), hint_metric(), f"pages:{Path(paths[0]).name}"
        else:
            raise SystemExit(f"--set {' '.join(spec)}: expected 'ntrex [DIR]' or 'pages FILE'")
        sets.append((name, SetEvaluation(documents, stage, metric, count, args.lead)))
    report = [evaluate_set(name, evaluation, [other for _, other in sets if other is not evaluation] if args.folds > 1
                           else [], config, args.folds, args.bootstrap, args.seed, args.seeds)
              for name, evaluation in sets]
    for result in report:
        _print(result)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _print(report: dict[str, Any]) -> None:
    names = report["metric"]
    labels = f", {report['labels']} hints" if report["labels"] is not None else ""
    print(f"{report['set']}: {report['documents']} documents{labels}")
    print(f"  {'method':<8} " + " ".join(f"{name:>8}" for name in names)
          + "   " + "   ".join(f"{'vs lead ' + name + ' [95% CI]':<30}" for name in names) + "  = lead")
    for result in report["results"]:
        cells = []
        for name in names:
            interval = result.get("ci95", {}).get(name)
            cells.append(f"{result['vs_lead'][name]:+7.2f} [{interval[0]:+.2f}, {interval[1]:+.2f}]" if interval
                         else f"{result['vs_lead'][name]:+7.2f}" if result["method"] != "lead" else "")
        same = f"{result['same_as_lead']}/{report['documents']}" if "same_as_lead" in result else ""
        print(f"  {result['method']:<8} " + " ".join(f"{result[name]:8.2f}" for name in names) + "   "
              + "   ".join(f"{cell:<30}" for cell in cells) + f"  {same}")
        if "fold_weights" in result:
            print(f"           fold weights: {'; '.join(result['fold_weights'])}")
        elif result["method"] != "lead" and "weights" in result:
            stage = f"{result['stage_method']}, " if "stage_method" in result else ""
            print(f"           {stage}weights: {result['weights']}")
    for result in report["results"]:
        print(f"  {result['signature']}")
