"""How far any summary can agree with one reader: a second reader's sentences scored against the first's hints.

    python -m eval.summary_agreement GOLD_A.jsonl GOLD_B.jsonl [--config CONFIG] [--bootstrap N] [--seed S]

Both files hold the same pages in the shared gold format (id, text, summary_hint), labelled by two readers who
did not see each other's choices. Each reader's hints are mapped to the body sentences that normalize makes of
the page; the sentences one reader picked are then scored as a summary against the other reader's hints, beside
Lead-3 and the summarize stage as configured, with paired bootstrap 95% intervals against Lead-3 (as `pipeline
eval summary` does). Two careful readers' agreement is the ceiling a hint score should be read against.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from pipeline.config import load_config
from pipeline.evaluate.pages import squash
from pipeline.evaluate.summary import SetEvaluation, bootstrap_interval, hint_metric, page_documents
from pipeline.stages.summarize import SummarizeStage


def picked(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
    """Body positions of the sentences that hold this reader's hints (the reader's own summary)."""
    plan, document = evaluation.plans[index], evaluation.documents[index]
    sentences = document.record["sentences"]
    return tuple(sorted({position for position, sentence in enumerate(plan.body)
                         if any(hint in squash(sentences[sentence]["text"]) for hint in document.hints)}))


def compare(gold: SetEvaluation, other: SetEvaluation, resamples: int, seed: int) -> dict[str, object]:
    count = len(gold.documents)
    lead = gold.scores([gold.lead(index) for index in range(count)])[:, 0]
    rows = {"lead": lead,
            "default": gold.scores([gold.stage_choice(index) for index in range(count)])[:, 0],
            "other reader": gold.scores([picked(other, index) for index in range(count)])[:, 0]}
    labels = sum(len(document.hints) for document in gold.documents)
    return {"labels": labels, **{name: {"hints": int(scores.sum()),
                                        "ci95_vs_lead": bootstrap_interval((scores - lead)[:, None], resamples,
                                                                           seed, summed=True)[0]}
                                 for name, scores in rows.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs=2, type=Path, help="the same pages, labelled by two readers")
    parser.add_argument("--config", help="pipeline config (default: the packaged default)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    config = load_config(args.config)
    stage = SummarizeStage(config)
    stage.setup()
    first, second = (SetEvaluation(page_documents(path, config), stage, hint_metric(), 3) for path in args.gold)
    if [d.id for d in first.documents] != [d.id for d in second.documents]:
        parser.error("the two files must hold the same pages in the same order")
    for name, gold, other in ((args.gold[0].name, first, second), (args.gold[1].name, second, first)):
        report = compare(gold, other, args.bootstrap, args.seed)
        print(f"hints of {name}: {report.pop('labels')}")
        for method, numbers in report.items():
            print(f"  {method:13s} {numbers['hints']:4d}   vs lead {np.subtract(numbers['hints'], report['lead']['hints']):+d} "
                  f"{numbers['ci95_vs_lead']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
