"""Summary signals that were tried on top of the shipped ranker and left out: the numbers behind docs/quality.md,
"Signals measured and left out".

    python -m eval.summary_signals [--dev PATH] [--folds 5] [--seed 0]

Each candidate is added to the ranker as configs/default.yaml would run it with `summarize.method: ranked` (its
weights, profile topics and length budgets) and scored as `pipeline eval summary` scores it, on the same three sets: NTREX (ROUGE-1 against
the headline), the real-pages development set and our synthetic pages (summary hints found). A candidate is
kept only if it helps on data it was not tuned on, so besides each grid point's score the script reports the
k-fold cross-validated choice among the points (folds as in pipeline/evaluate/summary.py) with a paired
bootstrap 95% interval against Lead-3.

- headline: cosine of the sentence with the headline (TF-IDF over Sastrawi stems, IDF over headline and body),
  scaled to the article's best. NTREX's headline is its reference, so there it is 0: scored on pages only;
- person: 1 where a person of the article's facts (a name of two words or more) is first named in the body;
- mmr: maximal marginal relevance, each next choice's score less mu x its highest similarity to the sentences
  already chosen (greedy; the topic step and budget retry of ranking.select are left out, so mu = 0 is the row
  to compare with).
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import regex

from pipeline.config import load_config
from pipeline.evaluate import summary as evaluation
from pipeline.stages.summarize import SummarizeStage
from pipeline.text.facts import extract_facts
from pipeline.text.indonesian import content_terms
from pipeline.text.ranking import MAX_OVERLAP, Article, select, tfidf_vectors

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "real-pages-dev" / "articles.jsonl"  # beside the checkout, not in it
SYNTHETIC = ROOT / "tests" / "data" / "pages" / "synthetic.jsonl"
SIGNAL_GRID = {"headline": (0.0, 0.5, 1.0, 2.0), "person": (0.0, 0.5, 1.0, 2.0)}
MMR_GRID = (0.0, 0.25, 0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Boosted:
    """An article whose scores gain extra per-sentence points: what ranking.select reads of an Article."""

    article: Article
    extra: np.ndarray

    @property
    def features(self) -> np.ndarray:
        return self.article.features

    @property
    def similarity(self) -> np.ndarray:
        return self.article.similarity

    def scores(self, weights: Any) -> np.ndarray:
        return self.article.scores(weights) + self.extra


def headline_similarity(record: dict[str, Any], body: list[str]) -> np.ndarray:
    headline = next((s["text"] for s in record["sentences"] if s["kind"] == "headline"), None)
    if not headline or not content_terms(headline) or not body:
        return np.zeros(len(body))
    vectors = tfidf_vectors([content_terms(headline), *(content_terms(text) for text in body)])
    similarity = vectors[1:] @ vectors[0]
    return similarity / similarity.max() if similarity.max() > 0 else similarity


def first_mentions(record: dict[str, Any], body: list[str]) -> np.ndarray:
    flags = np.zeros(len(body))
    lowered = [text.casefold() for text in body]
    for person in extract_facts(record)["people"]:
        if len(person["name"].split()) < 2:
            continue
        needle = regex.compile(r"(?<!\p{L})" + regex.escape(person["name"].casefold()) + r"(?!\p{L})")
        first = next((position for position, text in enumerate(lowered) if needle.search(text)), None)
        if first is not None:
            flags[first] = 1.0
    return flags


def mmr(article: Article, weights: Any, count: int, fits: Any, mu: float) -> list[int]:
    scores = article.scores(weights)
    chosen: list[int] = []
    while len(chosen) < count:
        best: tuple[float, int] | None = None
        for position in range(len(scores)):
            overlap = max((article.similarity[position, other] for other in chosen), default=0.0)
            if position in chosen or overlap > MAX_OVERLAP or (fits is not None and not fits(chosen + [position])):
                continue
            if best is None or scores[position] - mu * overlap > best[0]:
                best = (scores[position] - mu * overlap, position)
        if best is None:
            break
        chosen.append(best[1])
    return chosen or ([int(np.argmax(scores))] if len(scores) else [])


def report(name: str, sets: dict[str, evaluation.SetEvaluation], choose: Any, points: list[Any], folds: int,
           seed: int) -> None:
    """Each point's score per set, and the cross-validated choice among the points against Lead-3."""
    print(f"\n{name}")
    for set_name, data in sets.items():
        summed = data.metric.summed
        lead = data.scores([data.lead(index) for index in range(len(data.documents))])[:, 0]
        per_point = np.array([[data.score(index, choose(data, index, point))[0]
                               for index in range(len(data.documents))] for point in points])
        assigned = np.array(evaluation.fold_of(data.documents, folds, seed))
        held_out = np.zeros(len(data.documents))
        for fold in range(folds):
            best = int(np.argmax(per_point[:, assigned != fold].sum(axis=1)))  # first maximum: the first point
            held_out[assigned == fold] = per_point[best, assigned == fold]
        total = (lambda values: values.sum(axis=-1)) if summed else (lambda values: values.mean(axis=-1))
        interval = evaluation.bootstrap_interval((held_out - lead)[:, None], 1000, seed, summed)[0]
        cells = "  ".join(f"{point}: {value:.2f}" for point, value in zip(points, total(per_point)))
        print(f"  {set_name:<10} lead {total(lead):.2f}  cv{folds} {total(held_out):.2f} "
              f"[{interval[0]:+.2f}, {interval[1]:+.2f}]   {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="the real-pages development set (articles.jsonl)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    config = load_config(ROOT / "configs" / "default.yaml")
    stage = SummarizeStage(config)
    sets = {"ntrex": evaluation.SetEvaluation(evaluation.ntrex_documents(), stage, evaluation.rouge_metric(), 3)}
    for set_name, path in (("dev", args.dev), ("synthetic", SYNTHETIC)):
        if path.is_file():
            sets[set_name] = evaluation.SetEvaluation(evaluation.page_documents(path, config), stage,
                                                      evaluation.hint_metric(), 3)
    signals: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
    for set_name, data in sets.items():
        for index, (document, plan) in enumerate(zip(data.documents, data.plans)):
            body = [document.record["sentences"][i]["text"] for i in plan.body]
            headline = np.zeros(len(body)) if set_name == "ntrex" else headline_similarity(document.record, body)
            signals[set_name, index] = (headline, first_mentions(document.record, body))

    def with_signals(data: evaluation.SetEvaluation, index: int, point: tuple[float, float]) -> tuple[int, ...]:
        plan = data.plans[index]
        set_name = next(name for name, other in sets.items() if other is data)
        headline, person = signals[set_name, index]
        boosted = Boosted(plan.article, point[0] * headline + point[1] * person)
        return tuple(sorted(select(boosted, stage.ranked_weights, 3, plan.fits))) if plan.body else ()  # type: ignore[arg-type]

    def with_mmr(data: evaluation.SetEvaluation, index: int, mu: float) -> tuple[int, ...]:
        plan = data.plans[index]
        return tuple(sorted(mmr(plan.article, stage.ranked_weights, 3, plan.fits, mu))) if plan.body else ()

    report("headline x person weights (0, 0 is the shipped ranker)", sets, with_signals,
           list(itertools.product(*SIGNAL_GRID.values())), args.folds, args.seed)
    report("mmr mu (0: greedy without the topic step)", sets, with_mmr, list(MMR_GRID), args.folds, args.seed)


if __name__ == "__main__":
    main()
