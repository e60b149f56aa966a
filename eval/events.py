"""Grouping articles into events (pipeline/text/events.py): pair precision and recall, and the margins.

    python -m eval.events [--dev PATH] [--pages NAME=PATH ...] [--sweep] [--draws N] [--json PATH]

Three sets, each run through normalize and summarize with the default config, then grouped:

- dev: the shared real-pages development set (noisy page text; `event` marks the four same-event pairs; d15 vs
  d05/d06 and d20 vs d21 are hard negatives). Its text stays outside the repository;
- own: invented articles in tests/data/events/pairs.jsonl: one event in two house styles, a syndicated copy,
  near-misses (the same official at two events, the same award or programme a year apart), lone events;
- ntrex: the 123 NTREX documents (WMT19 news, in Indonesian). They were collected from many outlets over a few
  days, so some do report one event: tests/data/events/ntrex_labels.jsonl lists those (`same`, judged by
  reading), and the stories with several events (`related`: a disaster's later days, a tournament's other
  rounds), whose merges count neither way. Every other pair is a different event.

`--pages NAME=PATH` adds any labelled page file of the dev set's form (id, text, event; url and outlet if known),
scored on its own and not part of the day: how the fresh test set of docs/events.md was measured.

`--draws N` also groups N random small runs drawn from each `--pages` file, the shape of a held-out check: three
events reported by two or more outlets (two of their pages each) and one page of each of up to 14 other events,
grouped alone (IDF and name frequencies from those 20 pages); a draw is perfect when the three pairs are merged and
no other articles are (seeded, so the counts repeat).

Each set is grouped on its own and all together as one day (174 articles) (IDF and name frequencies then come
from the whole day). A pair is found when both articles end in one event. Margins: the threshold against the
highest score of a different-event pair that no date keeps apart (the nearest wrong pair), and against the
lowest score of a same-event pair found. Nothing here is tuned on the set it reports; the threshold and weights
are the module's constants.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.evaluate import ntrex
from pipeline.text import events as grouping

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "real-pages-dev" / "articles.jsonl"  # beside the checkout, not in it
OWN = ROOT / "tests" / "data" / "events" / "pairs.jsonl"
NTREX_LABELS = ROOT / "tests" / "data" / "events" / "ntrex_labels.jsonl"
SWEEP = [round(0.40 + 0.05 * step, 2) for step in range(8)]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def pair_labels_from_events(rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """'same' for every pair of rows with one `event`, 'different' for every other pair."""
    return {(a["id"], b["id"]) if a["id"] < b["id"] else (b["id"], a["id"]):
            "same" if a["event"] == b["event"] else "different" for a, b in itertools.combinations(rows, 2)}


def ntrex_pair_labels(articles: list[dict[str, Any]], labels: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    same = {pair for row in labels if row["label"] == "same"
            for pair in itertools.combinations(sorted(row["members"]), 2)}
    related = {pair for row in labels if row["label"] == "related"
               for pair in itertools.combinations(sorted(row["members"]), 2)}
    ids = sorted(article["id"] for article in articles)
    return {pair: "same" if pair in same else "related" if pair in related else "different"
            for pair in itertools.combinations(ids, 2)}


def load_sets(dev_path: Path | None, pages: dict[str, Path] | None = None, own: bool = True
              ) -> dict[str, tuple[list[dict[str, Any]], dict[tuple[str, str], str]]]:
    """Each set's records (normalize + summarize) and its pair labels: dev, own and NTREX, or the `pages` files."""
    import pipeline

    sets: dict[str, tuple[list[dict[str, Any]], dict[tuple[str, str], str]]] = {}
    inputs: dict[str, tuple[list[dict[str, Any]], dict[tuple[str, str], str]]] = {}
    for name, path in {**({"dev": dev_path} if dev_path and dev_path.exists() else {}), **(pages or {})}.items():
        rows = read_jsonl(path)
        inputs[name] = ([{"id": r["id"], "text": r["text"], "url": r.get("url"), "source": r.get("outlet")}
                         for r in rows], pair_labels_from_events(rows))
    if own:
        own_rows = read_jsonl(OWN)
        inputs["own"] = ([{k: r[k] for k in ("id", "title", "text", "source", "url")} for r in own_rows],
                         pair_labels_from_events(own_rows))
        ntrex_docs = ntrex.articles()
        inputs["ntrex"] = (ntrex_docs, ntrex_pair_labels(ntrex_docs, read_jsonl(NTREX_LABELS)))
    for name, (articles, labels) in inputs.items():
        result = pipeline.process(articles, config=ROOT / "configs" / "default.yaml", stages="normalize,summarize")
        for error in result.errors:  # a page the pipeline rejects is in no event: its pairs count as missed
            print(f"{name}: {error.id} not grouped ({error.stage}: {error.message})", file=sys.stderr)
        sets[name] = (result.records, labels)
    return sets


def score(records: list[dict[str, Any]], labels: dict[tuple[str, str], str], threshold: float) -> dict[str, Any]:
    """Pair counts of one grouping of `records` against `labels` (pairs not labelled are not counted)."""
    events = grouping.group_events(records, threshold)
    event_of = {member: event.event_id for event in events for member in event.members}
    articles = grouping._articles(records)
    evidence = grouping.score_pairs(articles)
    scores = {(articles[i].id, articles[j].id): e for (i, j), e in evidence.items()}
    found, missed, wrong, blocked_negatives = [], [], [], []
    nearest_wrong: tuple[float, str, str] | None = None
    weakest_found: tuple[float, str, str] | None = None
    for (a, b), label in sorted(labels.items()):
        if a not in event_of or b not in event_of:  # a rejected page: the brief shows it in no event
            if label == "same":
                missed.append((a, b, None))
            continue
        together = event_of[a] == event_of[b]
        e = scores[(a, b) if a < b else (b, a)]
        if label == "same":
            (found if together else missed).append((a, b, round(e.score, 3)))
            if together and (weakest_found is None or e.score < weakest_found[0]):
                weakest_found = (e.score, a, b)
        elif label == "different":
            if together:
                wrong.append((a, b, round(e.score, 3)))
            if e.blocked:
                if e.score >= threshold - 0.15:  # a cannot-link (dates, magnitudes) keeps these apart
                    blocked_negatives.append((a, b, round(e.score, 3), e.blocked))
            elif nearest_wrong is None or e.score > nearest_wrong[0]:
                nearest_wrong = (e.score, a, b)
    syndicated = sorted((copy, original) for event in events for copy, original in event.syndicated.items())
    nearest_merge = _nearest_wrong_merge(events, articles, evidence, labels)
    return {"threshold": threshold, "same_pairs": len(found) + len(missed), "found": found, "missed": missed,
            "wrong": wrong, "precision": len(found) / (len(found) + len(wrong)) if found or wrong else None,
            "recall": len(found) / (len(found) + len(missed)) if found or missed else None,
            "events": len(events), "multi_article_events": sum(len(e.members) > 1 for e in events),
            "syndicated": syndicated,
            "nearest_wrong": nearest_wrong and {"score": round(nearest_wrong[0], 3), "pair": nearest_wrong[1:],
                                                "margin": round(threshold - nearest_wrong[0], 3)},
            "weakest_found": weakest_found and {"score": round(weakest_found[0], 3), "pair": weakest_found[1:],
                                                "margin": round(weakest_found[0] - threshold, 3)},
            "nearest_wrong_merge": nearest_merge and {
                "score": round(nearest_merge[0], 3), "events": nearest_merge[1:],
                "margin": round(threshold - nearest_merge[0], 3)},
            "kept_apart": blocked_negatives}


def _nearest_wrong_merge(events: list[grouping.Event], articles: list[grouping.Article],
                         evidence: dict[tuple[int, int], grouping.PairEvidence],
                         labels: dict[tuple[str, str], str]) -> tuple[float, str, str] | None:
    """The best average-link score of two final events whose merge would join a different-event pair: how far
    the grouping itself (not one pair) is from a wrong merge."""
    index = {article.id: i for i, article in enumerate(articles)}
    best: tuple[float, str, str] | None = None
    for left, right in itertools.combinations(events, 2):
        cross = [evidence[tuple(sorted((index[a], index[b])))] for a in left.members for b in right.members]
        if any(e.blocked for e in cross):
            continue
        if not any(labels.get((a, b) if a < b else (b, a)) == "different" for a in left.members for b in right.members):
            continue
        average = sum(e.score for e in cross) / len(cross)
        if best is None or average > best[0]:
            best = (average, left.members[0], right.members[0])
    return best


def draws(records: list[dict[str, Any]], event_of: dict[str, str], count: int, threshold: float,
          seed: int = 0, pairs: int = 3, others: int = 14) -> dict[str, int]:
    """Small runs drawn from one labelled set: how many are perfect, miss a pair, or merge two events (a page the
    pipeline rejected is drawn too, and is in no event)."""
    by_id = {record["id"]: record for record in records}
    members: dict[str, list[str]] = {}
    for record_id in sorted(event_of):
        members.setdefault(event_of[record_id], []).append(record_id)
    reported_twice = sorted(event for event, ids in members.items() if len(ids) > 1)
    rng = random.Random(seed)
    counts = {"draws": count, "perfect": 0, "missing_a_pair": 0, "wrong_merge": 0}
    for _ in range(count):
        chosen = rng.sample(reported_twice, pairs)
        ids = [record_id for event in chosen for record_id in rng.sample(members[event], 2)]
        rest = [event for event in sorted(members) if event not in chosen]
        ids += [rng.choice(members[event]) for event in rng.sample(rest, min(others, len(rest)))]
        grouped = {i: f"rejected {i}" for i in ids} | {
            member: event.event_id for event in grouping.group_events([by_id[i] for i in ids if i in by_id], threshold)
            for member in event.members}
        whole = all(grouped[ids[2 * k]] == grouped[ids[2 * k + 1]] for k in range(pairs))
        wrong = any(grouped[a] == grouped[b] and event_of[a] != event_of[b] for a, b in itertools.combinations(ids, 2))
        counts["perfect"] += whole and not wrong
        counts["missing_a_pair"] += not whole
        counts["wrong_merge"] += wrong
    return counts


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def report(name: str, result: dict[str, Any], detail: bool = True) -> None:
    print(f"{name}: {len(result['found'])}/{result['same_pairs']} same-event pairs found "
          f"(recall {_rate(result['recall'])}), {len(result['wrong'])} wrong merges "
          f"(precision {_rate(result['precision'])}); {result['events']} events, "
          f"{result['multi_article_events']} with several articles")
    if not detail:
        return
    if result["nearest_wrong"]:
        nearest = result["nearest_wrong"]
        print(f"  nearest wrong pair {nearest['score']:.3f} {nearest['pair'][0]} ~ {nearest['pair'][1]}: "
              f"margin {nearest['margin']:+.3f} below the threshold")
    if result["nearest_wrong_merge"]:
        merge = result["nearest_wrong_merge"]
        print(f"  nearest wrong merge of two events (average link) {merge['score']:.3f}, the events of "
              f"{merge['events'][0]} and {merge['events'][1]}: margin {merge['margin']:+.3f} below the threshold")
    if result["weakest_found"]:
        weakest = result["weakest_found"]
        print(f"  weakest pair found {weakest['score']:.3f} {weakest['pair'][0]} ~ {weakest['pair'][1]}: "
              f"margin {weakest['margin']:+.3f} above the threshold")
    for a, b, pair_score, reason in result["kept_apart"]:
        print(f"  kept apart ({reason}): {a} ~ {b}, score {pair_score:.3f}")
    for copy, original in result["syndicated"]:
        print(f"  syndicated: {copy} copies {original}")
    for a, b, pair_score in result["missed"]:
        print(f"  missed {a} ~ {b} " + (f"({pair_score:.3f})" if pair_score is not None else "(a page was rejected)"))
    for a, b, pair_score in result["wrong"]:
        print(f"  WRONG MERGE {a} ~ {b} ({pair_score:.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="the real-pages dev set (default: %(default)s)")
    parser.add_argument("--pages", action="append", default=[], metavar="NAME=PATH",
                        help="another labelled page file (id, text, event), scored alone (repeatable)")
    parser.add_argument("--threshold", type=float, default=grouping.THRESHOLD, help="default: %(default)s")
    parser.add_argument("--sweep", action="store_true", help=f"also report thresholds {SWEEP[0]}-{SWEEP[-1]}")
    parser.add_argument("--draws", type=int, default=0, metavar="N",
                        help="also group N random 20-page runs drawn from each --pages file (seed 0)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)

    sets = load_sets(args.dev)
    if "dev" not in sets:
        print(f"{args.dev} not found: dev pairs not measured")
    day_records = [record for records, _ in sets.values() for record in records]
    day_labels = {pair: label for _, labels in sets.values() for pair, label in labels.items()}
    ids = sorted(record["id"] for record in day_records)
    day_labels.update({pair: "different" for pair in itertools.combinations(ids, 2) if pair not in day_labels})
    sets["day (all sets together)"] = (day_records, day_labels)
    page_events: dict[str, dict[str, str]] = {}
    for spec in args.pages:
        name, _, path = spec.partition("=")
        if not path:
            parser.error(f"--pages {spec!r}: expected NAME=PATH")
        sets.update(load_sets(None, {name: Path(path)}, own=False))
        page_events[name] = {row["id"]: row["event"] for row in read_jsonl(Path(path))}

    print(f"threshold {args.threshold}, syndication at {grouping.SYNDICATION:.0%} shared 5-grams, "
          f"dates more than {grouping.DATE_TOLERANCE_DAYS} days apart keep articles apart (up to "
          f"{grouping.RETOLD_DAYS} days, not when their texts agree at {grouping.RETOLD_TEXT} or more)")
    results: dict[str, Any] = {}
    for name, (records, labels) in sets.items():
        start = time.perf_counter()
        results[name] = score(records, labels, args.threshold)
        results[name]["seconds"] = round(time.perf_counter() - start, 2)
        report(f"{name} ({len(records)} articles, grouped in {results[name]['seconds']:.2f} s)", results[name])
    if args.sweep:
        print("\nsweep: threshold -> found/same-event pairs, wrong merges, per set")
        results["sweep"] = {}
        for threshold in SWEEP:
            row = {name: score(records, labels, threshold) for name, (records, labels) in sets.items()}
            results["sweep"][threshold] = {name: {"found": len(r["found"]), "same_pairs": r["same_pairs"],
                                                  "wrong": len(r["wrong"])} for name, r in row.items()}
            print(f"  {threshold:.2f}: " + "; ".join(
                f"{name.split(' ')[0]} {len(r['found'])}/{r['same_pairs']} found, {len(r['wrong'])} wrong"
                for name, r in row.items()))
    for name, event_of in page_events.items() if args.draws else ():
        results.setdefault("draws", {})[name] = counts = draws(sets[name][0], event_of, args.draws, args.threshold)
        print(f"{name}: {counts['perfect']}/{counts['draws']} draws perfect, {counts['missing_a_pair']} missing a "
              f"pair, {counts['wrong_merge']} with a wrong merge")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=list) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
