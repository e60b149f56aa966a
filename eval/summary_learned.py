"""A learned sentence selector, measured against the shipped summary (docs/quality.md, "A learned selector").

    python -m eval.summary_learned PAGES.jsonl[,PAGES.jsonl] ... [--test PAGES.jsonl ...]

Without --test: leave one group out, where a group is one argument (comma-joined files are held out together:
two labellings of the same pages). With --test: trained once on every group, scored once on the test files.

The model is linear over per-sentence signals (position, rank among the sentences that are no quote or fragment,
the ranker's flags and centrality, the first later figure sentence `with_figure` would take, length, similarity
to the headline, to the first sentence and to the sentences before), trained listwise: per page, a softmax over
its sentences against the sentences that hold a reader's span. It picks three, best score first, with the stage's
budgets and near-repeat skip (`ranking.select`). Scores are spans found, with paired bootstrap 95% intervals
(over pages) against the default and Lead-3.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from pipeline.config import load_config
from pipeline.evaluate.pages import squash
from pipeline.evaluate.summary import SetEvaluation, bootstrap_interval, hint_metric, page_documents
from pipeline.stages.summarize import SummarizeStage
from pipeline.text.indonesian import content_terms
from pipeline.text.ranking import FEATURES, LEAD_WINDOW, NOISE, Article, Weights, select, tfidf_vectors

ROOT = Path(__file__).resolve().parent.parent
COLUMN = {name: FEATURES.index(name) for name in FEATURES}
SIGNALS = ("centrality", "when", "did", "figures", *NOISE, "fragment")
BY_SCORE = Weights(lead=1.0, centrality=0.0, topics=0.0, facts=0.0, noise=0.0)  # `lead` carries the model's score


class Page:
    """One labelled page as the selector sees it: its features, which sentences hold a span, its baselines."""

    def __init__(self, evaluation: SetEvaluation, index: int):
        document, plan = evaluation.documents[index], evaluation.plans[index]
        sentences = document.record["sentences"]
        self.texts = [sentences[i]["text"] for i in plan.body]
        headline = next((s["text"] for s in sentences if s.get("kind") == "headline"), "")
        self.evaluation, self.index, self.article, self.fits = evaluation, index, plan.article, plan.fits
        self.picked = np.array([any(hint in squash(text) for hint in document.hints) for text in self.texts])
        self.lead, self.default = evaluation.lead(index), evaluation.stage_choice(index)
        self.features = self._features(headline)

    def _features(self, headline: str) -> np.ndarray:
        flags, similarity = self.article.features, self.article.similarity
        noise = flags[:, [COLUMN[name] for name in NOISE]].any(axis=1)
        eligible = [i for i in range(len(self.texts))
                    if not flags[i, COLUMN["quote"]] and not flags[i, COLUMN["fragment"]]]
        rank = {position: order for order, position in enumerate(eligible)}
        figure = next((i for i in eligible[2:LEAD_WINDOW] if flags[i, COLUMN["figures"]] and not noise[i]), None)
        headline_similarity = np.zeros(len(self.texts))
        if headline and self.texts:
            vectors = tfidf_vectors([content_terms(text) for text in [headline, *self.texts]])
            headline_similarity = vectors[1:] @ vectors[0]
        rows = []
        for i, text in enumerate(self.texts):
            count = len(text.split())
            late = float(rank.get(i, LEAD_WINDOW) >= 2)
            rows.append([*np.eye(10)[min(i, 9)], *np.eye(7)[min(rank.get(i, 6), 6)],
                         *(flags[i, COLUMN[name]] for name in SIGNALS), float(i == figure),
                         np.log1p(count) / 4, float(count < 10), float(count > 40), headline_similarity[i],
                         max(similarity[i, :i], default=0.0),
                         similarity[i, eligible[0]] if eligible and eligible[0] != i else 0.0,
                         *(late * flags[i, COLUMN[name]] for name in ("figures", "did", "when"))])
        return np.array(rows, dtype=float)

    def choose(self, scores: np.ndarray) -> tuple[int, ...]:
        carried = np.zeros_like(self.article.features)
        carried[:, COLUMN["lead"]] = scores - scores.min() + 1e-3
        return tuple(sorted(select(Article(carried, self.article.similarity), BY_SCORE, 3, self.fits)))

    def found(self, positions: tuple[int, ...]) -> float:
        return self.evaluation.score(self.index, positions)[0]


def train(pages: list[Page], epochs: int = 200, decay: float = 0.01, seed: int = 0) -> torch.nn.Linear:
    torch.manual_seed(seed)
    model = torch.nn.Linear(pages[0].features.shape[1], 1).double()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=decay)
    batches = [(torch.tensor(p.features), torch.tensor(p.picked, dtype=torch.float64)) for p in pages
               if p.picked.any()]
    for _ in range(epochs):
        optimiser.zero_grad()
        loss = sum(-(target / target.sum() * torch.log_softmax(model(x).squeeze(-1), 0)).sum() for x, target in batches)
        (loss / len(batches)).backward()
        optimiser.step()
    return model


def score(model: torch.nn.Linear, pages: list[Page]) -> np.ndarray:
    """Per page: spans found by Lead-3, the default and the learned choice."""
    with torch.no_grad():
        return np.array([(p.found(p.lead), p.found(p.default),
                          p.found(p.choose(model(torch.tensor(p.features)).squeeze(-1).numpy()))) for p in pages])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="+", help="labelled page files; comma-joined files form one group")
    parser.add_argument("--test", nargs="*", type=Path, default=[], help="train on every group, score these once")
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    config = load_config(ROOT / "configs" / "default.yaml")
    stage = SummarizeStage(config)

    def pages_of(path: Path) -> list[Page]:
        evaluation = SetEvaluation(page_documents(path, config), stage, hint_metric(), 3)
        return [Page(evaluation, i) for i in range(len(evaluation.documents)) if evaluation.plans[i].body]

    groups = {group: [page for path in group.split(",") for page in pages_of(Path(path))] for group in args.groups}
    if args.test:
        model = train([page for pages in groups.values() for page in pages])
        results = {str(path): score(model, pages_of(path)) for path in args.test}
    else:
        results = {group: score(train([p for other, pages in groups.items() if other != group for p in pages]), pages)
                   for group, pages in groups.items()}
    for name, found in [*results.items(), ("all, pages pooled", np.vstack(list(results.values())))]:
        lead, default, learned = found.sum(axis=0)
        intervals = bootstrap_interval(np.column_stack([found[:, 2] - found[:, 1], found[:, 2] - found[:, 0]]),
                                       args.bootstrap, 0, True)
        print(f"{name}: Lead-3 {lead:.0f}, default {default:.0f}, learned {learned:.0f}"
              + (f"; learned vs default [{intervals[0][0]:+.0f}, {intervals[0][1]:+.0f}],"
                 f" vs Lead-3 [{intervals[1][0]:+.0f}, {intervals[1][1]:+.0f}]" if intervals else ""))


if __name__ == "__main__":
    main()
