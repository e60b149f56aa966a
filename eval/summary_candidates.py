"""Summary rules scored on labelled page files: the numbers behind docs/quality.md, "Four more labelled sets" and
"A figure in the last place".

    python -m eval.summary_candidates PAGES.jsonl [PAGES.jsonl ...] [--bootstrap 1000] [--seed 0]

With several files, the totals over all their pages follow, the interval resampling pages across the files.

Each page goes through normalize as a run does and is summarised by the summarize stage of configs/default.yaml
(its budgets on estimated translation lengths, as `pipeline eval summary` does); a rule picks three body
sentences, and its score is the number of `summary_hint` spans inside a picked sentence, with a paired bootstrap
95% interval against Lead-3 (or the rule `--against` names). The last four rules were written down before any of the sets labelled since
2026-12-02 was scored; "lead" below is the stage with `summarize.method: lead` (the default until 2026-12-03):

- default: the stage as shipped (`lead_figure`: the lead, its last place given to a later sentence with a figure; at
  most five sentences, as many as the budgets hold);
- three: the same with at most three sentences (the default until 2026-12-03; the other rules pick three too);
- lead: the first three body sentences that are no quote or fragment, within the budgets;
- two+figure: the lead's first two, then the first later sentence (up to the ninth) with a figure and no noise,
  the budgets not checked (as first written down; the default is this rule within the budgets);
- swap: the first of the lead's three that states no fact (no date, action or figure) swapped for the first
  later sentence with an action and a figure and no noise;
- three-of-four: of the first four sentences that are no quote or fragment, the three that state most facts
  (ties keep the earlier; when the fourth is the one left out, the lead);
- ranked: the ranker with its shipped weights (`summarize.method: ranked`).

Five refinements of the default were written down before f1-f3 (docs/quality.md, "Three more fresh sets") were
scored:

- dated-last: the default, but the lead's third sentence is kept when it dates the event (a date or weekday);
- subject-figure: the default, but the figure sentence must name the first name of the lead's first sentence (a
  capitalised word that is no dictionary word nor an office or unit word: the article's subject);
- dated+subject: both;
- long-lead: the lead with sentences of under ten words taken after the others;
- dated(long8): dated-last over the lead with sentences of under eight words taken after the others.

One more was written down before h3 (docs/quality.md, "Two more fresh sets") was scored, after the figure rule as first
written (two+figure, its figure sentence unchecked by the budgets) had found more spans than the default on seven
fresh sets:

- figure-wide: the default, but the figure sentence is checked against budgets of 400 Japanese characters and 120
  English words (FIGURE_BUDGETS); the lead's own choice stays within the shipped ones.

- lead-four: the lead with at most four sentences within the budgets, no figure (the default's length, its rule).

One more was written down before m105-m108 (docs/quality.md, "A fifth sentence where it fits") were collected:

- five: the default with at most five sentences (`summarize.sentences: 5`), within the same budgets.

One more was written down before m117-m120 (docs/quality.md, "Wider budgets for five sentences") were scored, after
m113-m116 showed the budgets, not the sentence count, capping the five-sentence default:

- wide: the default within budgets of 400 Japanese characters and 120 English words (WIDE_BUDGETS); wide360, 360 and
  110, reported beside it. It met its rule on m121-m124 and is the default since: "default", "five" and "wide" are
  now one rule.

Lead-4 is printed for scale: it has no budgets, so it is longer than the default. `--ntrex` prints each rule's ROUGE
against NTREX's headlines instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import regex

from pipeline.config import load_config
from pipeline.evaluate.summary import SetEvaluation, bootstrap_interval, hint_metric, page_documents
from pipeline.stages.summarize import LEAD_ORDER, SummarizeStage
from pipeline.evaluate.summary import ntrex_documents, rouge_metric
from pipeline.text.indonesian import is_common_word
from pipeline.text.ranking import FEATURES, LEAD_WINDOW, MAX_OVERLAP, NOISE, Article, select, with_figure

ROOT = Path(__file__).resolve().parent.parent
#: The budgets figure-wide checks its figure sentence against (the shipped ones were 300 and 90 then).
FIGURE_BUDGETS = {"ja_chars": 400, "en_words": 120}
#: The budgets the candidate "wide" summarises within (written down before m117-m120 were scored).
WIDE_BUDGETS = {"ja_chars": 400, "en_words": 120}
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


_CAPITALISED = regex.compile(r"\b\p{Lu}[\p{L}-]+")
#: Capitalised words that name an office or a unit, not an article's subject.
_NOT_SUBJECTS = {"pemkot", "pemkab", "pemprov", "pemda", "pemerintah", "kabupaten", "kota", "provinsi", "bupati",
                 "wali", "gubernur", "dprd", "kepala", "dinas", "sekda", "wakil", "ketua", "presiden", "menteri",
                 "the", "kecamatan", "desa", "kelurahan"}


def subject_names(text: str) -> list[str]:
    return [match[0].lower() for match in _CAPITALISED.finditer(text)
            if len(match[0]) > 2 and not is_common_word(match[0]) and match[0].lower() not in _NOT_SUBJECTS]


def lead_long_first(evaluation: SetEvaluation, index: int, minimum: int) -> list[int]:
    """The lead, sentences of under `minimum` words taken after the others (quotes, fragments and near-repeats
    passed over, within the budgets as the lead is)."""
    plan = evaluation.plans[index]
    texts = [evaluation.documents[index].record["sentences"][i]["text"] for i in plan.body]
    article, chosen = plan.article, []
    for position in sorted(range(len(texts)), key=lambda p: (len(texts[p].split()) < minimum, p)):
        if len(chosen) == 3:
            break
        if article.features[position, COLUMN["quote"]] or article.features[position, COLUMN["fragment"]] \
                or any(article.similarity[position, other] > MAX_OVERLAP for other in chosen):
            continue
        if plan.fits is None or plan.fits(chosen + [position]):
            chosen.append(position)
    return chosen or list(lead_choice(evaluation, index))


def refined_figure(evaluation: SetEvaluation, index: int, dated: bool = False, subject: bool = False,
                   long_words: int = 0) -> tuple[int, ...]:
    """The default's figure rule over the lead (or `lead_long_first`), refined as the docstring says."""
    plan = evaluation.plans[index]
    article = plan.article
    lead = lead_long_first(evaluation, index, long_words) if long_words else list(lead_choice(evaluation, index))
    if len(lead) < 2 or (dated and article.features[max(lead), COLUMN["when"]]):
        return tuple(sorted(lead))
    if subject:
        texts = [evaluation.documents[index].record["sentences"][i]["text"] for i in plan.body]
        first = subject_names(texts[min(lead)])
        if first:  # a figure sentence that does not name the subject counts as no figure
            features = article.features.copy()
            for position, text in enumerate(texts):
                if first[0] not in subject_names(text):
                    features[position, COLUMN["figures"]] = 0
            article = Article(features, article.similarity)
    return tuple(sorted(with_figure(article, sorted(lead), plan.fits)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="labelled page files (the real-pages-dev form)")
    parser.add_argument("--ntrex", action="store_true", help="score the rules on NTREX (ROUGE against headlines)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--against", default="Lead-3", help="the rule the intervals compare with (default Lead-3)")
    args = parser.parse_args()
    config = load_config(ROOT / "configs" / "default.yaml")
    stage = SummarizeStage(config)

    def budgeted(budgets: dict[str, int]) -> SummarizeStage:
        return SummarizeStage(config.model_copy(update={"summarize": config.summarize.model_copy(update=budgets)}))

    wide_stage = budgeted(FIGURE_BUDGETS)

    def figure_wide(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
        plan = evaluation.plans[index]
        wide_fits = wide_stage.plan(evaluation.documents[index].record).fits
        return tuple(sorted(with_figure(plan.article, sorted(lead_choice(evaluation, index)), wide_fits)))

    def within(budgets: dict[str, int]):
        """The default (five sentences, lead and figure) within other budgets."""
        other = budgeted(budgets)
        return lambda evaluation, index: tuple(sorted(other.choose(other.plan(evaluation.documents[index].record), 5)))

    def ranked(evaluation: SetEvaluation, index: int) -> tuple[int, ...]:
        plan = evaluation.plans[index]
        return tuple(sorted(select(plan.article, stage.ranked_weights, 3, plan.fits)))

    rules = {"Lead-3": lambda evaluation, index: evaluation.lead(index),
             "default": lambda evaluation, index: evaluation.stage_choice(index),
             "three": lambda evaluation, index: tuple(sorted(stage.choose(evaluation.plans[index], 3))),
             "five": lambda evaluation, index: tuple(sorted(stage.choose(evaluation.plans[index], 5))),
             "lead": lead_choice,
             "lead-four": lambda evaluation, index: tuple(sorted(select(evaluation.plans[index].article, LEAD_ORDER, 4,
                                                                        evaluation.plans[index].fits))),
             "two+figure": two_plus_figure, "swap": swap, "three-of-four": three_of_four, "ranked": ranked,
             "dated-last": lambda evaluation, index: refined_figure(evaluation, index, dated=True),
             "subject-figure": lambda evaluation, index: refined_figure(evaluation, index, subject=True),
             "dated+subject": lambda evaluation, index: refined_figure(evaluation, index, dated=True, subject=True),
             "long-lead": lambda evaluation, index: tuple(sorted(lead_long_first(evaluation, index, 10))),
             "dated(long8)": lambda evaluation, index: refined_figure(evaluation, index, dated=True, long_words=8),
             "figure-wide": figure_wide,
             "wide": within(WIDE_BUDGETS), "wide360": within({"ja_chars": 360, "en_words": 110}),
             "Lead-4": lambda evaluation, index: tuple(range(min(4, len(evaluation.plans[index].body))))}
    if args.ntrex:
        evaluation = SetEvaluation(ntrex_documents(), stage, rouge_metric(), config.summarize.sentences, 3)
        for name, rule in rules.items():
            scores = evaluation.scores([rule(evaluation, index) if evaluation.plans[index].body else ()
                                        for index in range(len(evaluation.documents))])
            print(f"  {name:16s} ROUGE-1/2/L " + " / ".join(f"{column.mean():.2f}" for column in scores.T))
        return
    pooled: dict[str, list[np.ndarray]] = {name: [] for name in rules}
    for path in args.pages:
        documents = page_documents(path, config)
        evaluation = SetEvaluation(documents, stage, hint_metric(), config.summarize.sentences, 3)
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
