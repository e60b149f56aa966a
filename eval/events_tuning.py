"""Would tuning the grouping's constants help? Leave-one-wave-out over sets of the held-out shape.

    python -m eval.events_tuning --wave 4 PAGES.jsonl [PAGES.jsonl ...]

Each file is one labelled set of the held-out shape (docs/events.md: 20 pages, three events told by two outlets,
near-misses among the rest), grouped on its own; it *passes* when its same-event pairs are each one event and no
other articles are merged, as the issue's held-out check reads. The files, in the order given, form waves of
`--wave` sets (the order they were collected and scored in). For each wave, the grid point below that passes the
most sets of the other waves (ties: the shipped constants, then grid order) is scored on that wave; the sum over
waves is what tuning would have delivered on sets it never saw, printed beside the shipped constants' passes.

The grid: SAME_DAY_WEIGHT, SAME_DAY_TEXT, NEXT_DAY_TEXT (or no credit a day apart), PERSON_WEIGHT and the threshold
of pipeline/text/events.py, 324 points; the module's constants are restored afterwards.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from eval.events import load_sets
from pipeline.text import events as grouping

NO_NEXT_DAY_CREDIT = (5.0, 6.0)  # a cosine ramp no text reaches
GRID = {"SAME_DAY_WEIGHT": [0.2, 0.3, 0.4], "SAME_DAY_TEXT": [(0.15, 0.35), (0.1, 0.3), (0.2, 0.4)],
        "NEXT_DAY_TEXT": [(0.25, 0.45), (0.3, 0.5), (0.35, 0.55), NO_NEXT_DAY_CREDIT],
        "PERSON_WEIGHT": [0.06, 0.08, 0.1], "THRESHOLD": [0.55, 0.6, 0.65]}


def passes(records: list[dict], labels: dict[tuple[str, str], str], threshold: float) -> bool:
    articles = grouping._articles(records)
    groups = grouping.cluster(len(articles), grouping.score_pairs(articles), threshold)
    event = {articles[i].id: number for number, members in enumerate(groups) for i in members}
    together = {(a, b): a in event and event.get(a) == event.get(b) for a, b in labels}  # a rejected page: alone
    return all(together[pair] == (label == "same") for pair, label in labels.items() if label in ("same", "different"))


def grid_passes(sets: dict[str, tuple[list[dict], dict]]) -> dict[tuple, dict[str, bool]]:
    """Per grid point (values in GRID's order), whether each set passes."""
    shipped = {name: getattr(grouping, name) for name in GRID}
    results = {}
    try:
        for values in itertools.product(*GRID.values()):
            point = dict(zip(GRID, values))
            for name, value in point.items():
                if name != "THRESHOLD":
                    setattr(grouping, name, value)
            results[values] = {name: passes(records, labels, point["THRESHOLD"])
                               for name, (records, labels) in sets.items()}
    finally:
        for name, value in shipped.items():
            setattr(grouping, name, value)
    return results


def set_names(paths: list[Path]) -> list[str]:
    """Each set's name: its file's name, or its folder's when file names repeat (m81/articles.jsonl, m82/...);
    sets that would still share a name would be scored as one, so that stops the run."""
    for names in ([path.stem for path in paths], [path.parent.name for path in paths]):
        if len(set(names)) == len(names):
            return names
    raise SystemExit("events_tuning: two sets share a file and a folder name: " + ", ".join(
        sorted({str(path) for path in paths if [p.parent.name for p in paths].count(path.parent.name) > 1})))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path, help="labelled sets of the held-out shape, in collection order")
    parser.add_argument("--wave", type=int, default=4, help="sets a wave (default 4)")
    args = parser.parse_args(argv)
    names = set_names(args.pages)
    sets = load_sets(None, dict(zip(names, args.pages)), own=False)
    results = grid_passes(sets)
    shipped = tuple(getattr(grouping, name) for name in GRID)
    waves = [names[start:start + args.wave] for start in range(0, len(names), args.wave)]
    tuned_total = shipped_total = 0
    for wave in waves:
        others = [name for name in names if name not in wave]
        best = max(results, key=lambda point: (sum(results[point][name] for name in others), point == shipped))
        tuned, kept = sum(results[best][name] for name in wave), sum(results[shipped][name] for name in wave)
        tuned_total, shipped_total = tuned_total + tuned, shipped_total + kept
        print(f"{' '.join(wave)}: tuned on the others {dict(zip(GRID, best))} passes {tuned}, shipped {kept}")
    print(f"all {len(names)} sets: tuned on the other waves {tuned_total}, shipped constants {shipped_total} "
          f"(in-sample best: {max(sum(row.values()) for row in results.values())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
