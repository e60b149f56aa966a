"""Benchmark of the normalize stage on NTREX news documents and on page texts (not a test: timings depend on
the machine).

    python -m eval.bench_normalize [--ntrex DIR] [--pages GOLD.jsonl] [--repeat N]

NTREX is line-aligned: DOCUMENT_IDS.tsv names each line's document, and a document's first line is its
headline, so every document becomes one article (title = first line, text = the other lines). Setup (loading
lexicons and lingua's models) is timed apart from normalizing, since a run pays it once. CPU time is
time.process_time, so a busy machine does not inflate it as much as wall time. Page texts (furniture
included; default: our invented gold pages) are timed twice: as copied text through normalize, and as plain HTML
through trafilatura's extraction alone, reported apart since only HTML inputs pay it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.evaluate import ntrex
from pipeline.evaluate.pages import load_gold, plain_html
from pipeline.records import RecordError

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages" / "synthetic.jsonl"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ntrex", type=Path, default=ntrex.NTREX_DIR, help="NTREX folder (default: %(default)s)")
    parser.add_argument("--pages", type=Path, default=PAGES, help="gold page texts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the documents (default: %(default)s)")
    args = parser.parse_args(argv)

    articles = ntrex.articles(args.ntrex)
    pages = [{"id": str(row["id"]), "text": row["text"]} for row in load_gold(args.pages)]
    wall, cpu = time.perf_counter(), time.process_time()
    from pipeline.stages.normalize import NormalizeStage  # imported here so its import cost counts as setup

    stage = NormalizeStage(load_config())
    setup_wall, setup_cpu = time.perf_counter() - wall, time.process_time() - cpu

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        outputs = stage.process(articles)
    run_wall, run_cpu = time.perf_counter() - wall, time.process_time() - cpu

    done = [output for output in outputs if not isinstance(output, RecordError)]
    count = len(articles) * args.repeat
    sentences = sum(len(record["sentences"]) for record in done)
    flagged = sum(1 for record in done if record["flags"])
    print(f"documents: {len(articles)} ({len(done)} normalized, {len(articles) - len(done)} errors, "
          f"{flagged} flagged), {sentences} sentences incl. headlines, {args.repeat} passes")
    print(f"setup: {setup_cpu:.2f} s CPU, {setup_wall:.2f} s wall")
    print(f"normalize: {count / run_wall:.0f} articles/s, {100 * run_cpu / count:.3f} s CPU per 100 articles")

    cpu = time.process_time()
    for _ in range(args.repeat):
        stage.process(pages)
    page_cpu = time.process_time() - cpu
    print(f"normalize, page texts ({len(pages)}): {100 * page_cpu / (len(pages) * args.repeat):.3f} s CPU per 100")

    from pipeline.inputs.pages import extract_article

    markup = [plain_html(page["text"]) for page in pages]
    cpu = time.process_time()
    for _ in range(args.repeat):
        for index, raw in enumerate(markup):
            extract_article(raw, origin=f"page {index}", default_id=str(index))
    html_cpu = time.process_time() - cpu
    print(f"HTML extraction (trafilatura), same pages as plain HTML: "
          f"{100 * html_cpu / (len(markup) * args.repeat):.3f} s CPU per 100 pages")


if __name__ == "__main__":
    main()
