"""Summary rules scored on labelled page files: the numbers behind docs/quality.md, "Four more labelled sets" and
"A figure in the last place".

    python -m eval.summary_candidates PAGES.jsonl [PAGES.jsonl ...] [--bootstrap 1000] [--seed 0]

With several files, the totals over all their pages follow, the interval resampling pages across the files.

Each page goes through normalize as a run does and is summarised by the summarize stage of configs/default.yaml
(its budgets on estimated translation lengths, as `pipeline eval summary` does); a rule picks three body
sentences, and its score is the number of `summary_hint` spans inside a picked sentence, with a paired bootstrap
95% interval against Lead-3 (or the rule `--against` names). The last four rules were written down before any of the sets labelled since
2026-12-02 was scored; "lead" below is the stage with `summarize.method: lead` (the default until 2026-12-03):

- default: the stage as shipped (`lead_figure`: the lead, its last place given to a later sentence with a figure);
- lead: the first three body sentences that are no quote or fragment, within the budgets;
- two+figure: the lead's first two, then the first later sentence (up to the ninth) with a figure and no noise,
  the budgets not checked (as first written down; the default is this rule within the budgets);
- swap: the first of the lead's three that states no fact (no date, action or figure) swapped for the first
  later sentence with an action and a figure and no noise;
- three-of-four: of the first four sentences that are no quote or fragment, the three that state most facts
  (ties keep the earlier; when the fourth is the one left out, the lead);
- ranked: the ranker with its shipped weights (`summarize.method: ranked`).

Lead-4 is printed for scale only: it is longer than the others.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from pipeline.config import load_config
from pipeline.evaluate.summary import SetEvaluation, bootstrap_interval, hint_metric, page_documents
from pipeline.stages.summarize import LEAD_ORDER, SummarizeStage
from pipeline.text.ranking import FEATURES, LEAD_WINDOW, MAX_OVERLAP, NOISE, Article, select

ROOT = Path(__file__).resolve().parent.parent
COLUMN = {name: FEATURES.index(name) for name in FEATURES}
NOISE_COLUMNS = [COLUMN[name] for name in NOISE]


def facts(article: Article, position: int) -> float:
    return sum(article.features[position, COLUMN[name]] for name in ("when", "did", "figures"))


def clean(article: Article, position: int) -> bool:
    return not article.features[position, NOISE_COLUMNS].any()


def lead_choice(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
    plan = evaluation.plans[index]
    return tuple(sorted(select(plan.article, LEAD_ORDER, 3, plan.fits)))


def two_plus_figure(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
    first_two = list(lead_choice(evaluation, index))[:2]
    article = evaluation.plans[index].article
    for position in range(2, min(LEAD_WINDOW, len(article.features))):
        if position not in first_two and article.features[position, COLUMN["figures"]] and clean(article, position) \
                and all(article.similarity[position, other] <= MAX_OVERLAP for other in first_two):
            return tuple(sorted(first_two + [position]))
    return lead_choice(evaluation, index)


def swap(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
    chosen = list(lead_choice(evaluation, index))
    article = evaluation.plans[index].article
    for slot, position in enumerate(chosen):
        if facts(article, position) == 0:
            for later in range(max(chosen) + 1, min(LEAD_WINDOW, len(article.features))):
                if article.features[later, COLUMN["did"]] and article.features[later, COLUMN["figures"]] \
                        and clean(article, later):
                    chosen[slot] = later
                    break
            break
    return tuple(sorted(chosen))


def three_of_four(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
    article = evaluation.plans[index].article
    eligible = [p for p in range(len(article.features))
                if not article.features[p, COLUMN["quote"]] and not article.features[p, COLUMN["fragment"]]][:4]
    if len(eligible) < 4:
        return lead_choice(evaluation, index)
    dropped = min(range(4), key=lambda slot: (facts(article, eligible[slot]), -slot))
    if dropped == 3:
        return lead_choice(evaluation, index)  # the fourth adds nothing: the lead
    return tuple(sorted(p for slot, p in enumerate(eligible) if slot != dropped))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", type=Path, help="labelled page files (the real-pages-dev form)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--against", default="Lead-3", help="the rule the intervals compare with (default Lead-3)")
    args = parser.parse_args()
    config = load_config(ROOT / "configs" / "default.yaml")
    stage = SummarizeStage(config)

    def ranked(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
        plan = evaluation.plans[index]
        return tuple(sorted(select(plan.article, stage.ranked_weights, 3, plan.fits)))

    rules = {"Lead-3": lambda evaluation, index: evaluation.lead(index),
             "default": lambda evaluation, index: evaluation.stage_choice(index), "lead": lead_choice,
             "two+figure": two_plus_figure, "swap": swap, "three-of-four": three_of_four, "ranked": ranked,
             "Lead-4 (longer)": lambda evaluation, index: tuple(range(min(4, len(evaluation.plans[index].body))))}
    pooled: dict[str, list[np.ndarray]] = {name: [] for name in rules}
    for path in args.pages:
        documents = page_documents(path, config)
        evaluation = SetEvaluation(documents, stage, hint_metric(), 3)
        print(f"{path}: {len(documents)} pages, {sum(len(d.hints) for d in documents)} hints")
        for name, rule in rules.items():
            pooled[name].append(evaluation.scores([rule(evaluation, index) if evaluation.plans[index].body else ()
                                                   for index in range(len(documents))])[:, 0])
        _print({name: scores[-1] for name, scores in pooled.items()}, args)
    if len(args.pages) > 1:
        print(f"all {len(args.pages)} files, pages pooled:")
        _print({name: np.concatenate(scores) for name, scores in pooled.items()}, args)


def _print(scores: dict[str, np.ndarray], args: argparse.Namespace) -> None:
    """Each rule's spans found, and the paired bootstrap interval (over pages) of its difference to the baseline."""
    lead = scores[args.against]
    for name, found in scores.items():
        low, high = bootstrap_interval((found - lead)[:, None], args.bootstrap, args.seed, True)[0] \
            if args.bootstrap else (np.nan, np.nan)
        print(f"  {name:16s} {found.sum():5.0f}   vs {args.against} {found.sum() - lead.sum():+4.0f} [{low:+.0f}, {high:+.0f}]")

if __name__ == "__main__":
    main()
