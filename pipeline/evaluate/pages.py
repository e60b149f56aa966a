"""How well page text is cleaned to the article: `pipeline eval pages` on a gold-labelled set of real pages.

The gold format (one JSON object a line) is the one of the shared development set: `text` (the page text as
copied or scraped, furniture included), `must_drop` (strings a cleaner must remove), `must_keep` (body strings
that must survive), `date` (ISO date, a list of candidates when the year is not in the text, or null),
`people` (full names, no titles; never bylines), `summary_hint` (spans of the sentences a reader would pick),
`event` (shared by pages that report one event). Five rates, each over all labels of the set:

- noise removed: must_drop strings found in no sentence of the cleaned record (nor its title);
- kept: must_keep strings still in a sentence;
- dates: the record's date equals the gold date (the first candidate of a list; any candidate, reported apart);
- people: gold people among the key facts' people (case and spacing ignored);
- summary: summary_hint spans inside the chosen summary sentences.

The pages run model-free (normalize, summarize) with the config given, the default one unless told; nothing
here is tuned on the set it reports, and the report carries a signature of what produced it.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RATES = ("noise_removed", "kept", "dates", "people", "summary")


@dataclass
class PageScore:
    """Counts for one page; a rate is the sum of hits over the sum of labels across pages."""

    id: str
    hits: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    date_any: bool = False

    def add(self, rate: str, found: bool, label: str) -> None:
        self.labels[rate] = self.labels.get(rate, 0) + 1
        self.hits[rate] = self.hits.get(rate, 0) + int(found)
        if not found:
            self.misses.setdefault(rate, []).append(label)


def squash(text: str) -> str:
    """Compare as a reader would: compatibility forms, no case, one space, straight apostrophes."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    return " ".join(text.split())


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as error:
                raise SystemExit(f"{path}:{number}: invalid JSON: {error}") from None
    return rows


def score_page(gold: dict[str, Any], record: dict[str, Any] | None) -> PageScore:
    """One page's counts; a page the pipeline rejected keeps nothing and finds nothing."""
    score = PageScore(str(gold["id"]))
    sentences = [s["text"] for s in record["sentences"]] if record else []
    cleaned = squash("\n".join(sentences))
    for text in gold.get("must_drop", []):
        score.add("noise_removed", bool(record) and squash(text) not in cleaned, text)
    for text in gold.get("must_keep", []):
        score.add("kept", squash(text) in cleaned, text)
    expected = gold.get("date")
    if expected is not None:
        candidates = expected if isinstance(expected, list) else [expected]
        found = record.get("date") if record else None
        score.add("dates", found == candidates[0], f"{candidates[0]} (got {found})")
        score.date_any = found in candidates
    named = {squash(p.get("name", "")) for p in (record or {}).get("facts", {}).get("people", [])}
    for person in gold.get("people", []):
        score.add("people", squash(person) in named, person)
    summary = squash(" ".join((record or {}).get("summary", {}).get("id", [])))
    for hint in gold.get("summary_hint", []):
        score.add("summary", squash(hint) in summary, hint)
    return score


def evaluate(gold_rows: list[dict[str, Any]], config: Any = None, with_url: bool = False) -> dict[str, Any]:
    """Run the model-free stages over the page texts and score them against their gold labels."""
    from pipeline import process

    articles = [{"id": str(row["id"]), "text": row["text"], **({"url": row["url"]} if with_url and row.get("url")
                                                               else {})} for row in gold_rows]
    result = process(articles, config=config, stages="normalize,summarize")
    by_id = {record["id"]: record for record in result.records}
    return _report(gold_rows, [by_id.get(str(row["id"])) for row in gold_rows],
                   [error.to_json() for error in result.errors])


def evaluate_served(gold_rows: list[dict[str, Any]], config: Any, work: Path) -> dict[str, Any]:
    """The same pages as plain HTML (one <p> a line, no semantic markup) served on 127.0.0.1 and read as users
    read pages: `pipeline run PAGES.urls`, fetched, extracted with trafilatura, then cleaned. Then the server
    stops and the same run is read again from RUN_DIR/pages alone (`offline`); `rerun_identical` says whether
    that gave the same records."""
    from pipeline.files import read_jsonl
    from pipeline.run.runner import Runner

    from pipeline.config import load_config

    config = load_config(config).model_copy(deep=True)
    config.fetch.host_delay_s = 0.0  # our own server on 127.0.0.1: no one to be polite to
    pages = {f"/{index}.html": plain_html(row["text"]) for index, row in enumerate(gold_rows)}
    with _serve(pages) as base:
        urls = work / "pages.urls"
        urls.write_text("".join(f"{base}{path}\n" for path in pages), encoding="utf-8")
        Runner(config, work / "run", "normalize,summarize", progress=False).run([urls])
        first = (work / "run" / "summarize.jsonl").read_bytes()
    (work / "run" / "summarize.jsonl").unlink()
    for done in (work / "run" / ".work").iterdir():
        done.unlink()
    Runner(config, work / "run", "normalize,summarize", progress=False, offline=True).run([urls])
    by_url = {record["url"].removeprefix(base): record for record in read_jsonl(work / "run" / "summarize.jsonl")}
    report = _report(gold_rows, [by_url.get(path) for path in pages],
                     list(read_jsonl(work / "run" / "errors.jsonl")))
    report["rerun_identical"] = (work / "run" / "summarize.jsonl").read_bytes() == first
    return report


def plain_html(text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return f"<!doctype html><html><head><meta charset=\"utf-8\"></head><body>\n{paragraphs}</body></html>".encode()


@contextmanager
def _serve(pages: dict[str, bytes]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _report(gold_rows: list[dict[str, Any]], records: list[dict[str, Any] | None],
            errors: list[dict[str, Any]]) -> dict[str, Any]:
    pages = [score_page(row, record) for row, record in zip(gold_rows, records)]
    rates = {}
    for rate in RATES:
        labels = sum(page.labels.get(rate, 0) for page in pages)
        hits = sum(page.hits.get(rate, 0) for page in pages)
        rates[rate] = {"hits": hits, "labels": labels, "rate": round(hits / labels, 4) if labels else None}
    dated = [page for page in pages if "dates" in page.labels]
    rates["dates_any_candidate"] = {"hits": sum(p.date_any for p in dated), "labels": len(dated),
                                    "rate": round(sum(p.date_any for p in dated) / len(dated), 4) if dated else None}
    return {"rates": rates, "errors": errors,
            "pages": [{"id": page.id, "misses": page.misses} for page in pages if page.misses]}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", nargs="+", help="gold JSONL files (the shared real-pages-dev format)")
    parser.add_argument("--config", help="pipeline config (default: the packaged default config)")
    parser.add_argument("--with-url", action="store_true", help="give the pipeline each page's URL too")
    parser.add_argument("--served", action="store_true", help="serve each page as plain HTML on 127.0.0.1 and read "
                                                              "it with `pipeline run PAGES.urls`, then again offline")
    parser.add_argument("--misses", action="store_true", help="print what each page missed")
    parser.add_argument("--json", help="also write the report here")


def run(args: argparse.Namespace) -> int:
    from pipeline.config import load_config
    from pipeline.run.manifest import Signature, package_versions
    from pipeline.version import __version__

    config = load_config(args.config)
    report: dict[str, Any] = {"sets": {}}
    for path in args.gold:
        if args.served:
            with tempfile.TemporaryDirectory() as work:
                report["sets"][str(path)] = evaluate_served(load_gold(Path(path)), config, Path(work))
        else:
            report["sets"][str(path)] = evaluate(load_gold(Path(path)), config, with_url=args.with_url)
    versions = package_versions()
    report["signature"] = Signature("pages", {
        "pipeline": __version__, "config": config.fingerprint(), "url": "yes" if args.with_url else "no",
        "input": "served-html" if args.served else "text",
        "lingua": versions.get("lingua-language-detector"), "sastrawi": versions.get("PySastrawi")}).format()
    for path, result in report["sets"].items():
        cells = ", ".join(f"{name} {value['hits']}/{value['labels']} = {value['rate']:.0%}"
                          for name, value in result["rates"].items() if value["rate"] is not None)
        rerun = "" if "rerun_identical" not in result else f"; offline rerun identical: {result['rerun_identical']}"
        print(f"{path}: {cells}; {len(result['errors'])} errors{rerun}")
        if args.misses:
            for page in result["pages"]:
                print(f"  {page['id']}: {json.dumps(page['misses'], ensure_ascii=False)}")
    print(f"signature: {report['signature']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate.pages", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
