"""What the pipeline reads from each labelled page, kept to compare two revisions: a fix must change only the pages it
means to.

    python -m eval.page_outputs dump OUT.json PAGES.jsonl [PAGES.jsonl ...]
    python -m eval.page_outputs diff BEFORE.json AFTER.json [--fields date,people]

`dump` runs normalize and summarize (configs/default.yaml) over every page of the files (the dev set's form: id, text,
url and outlet if known) and writes, per page id, its date and where it came from, its people, the first words of
its summary sentences and its event (grouped within its own file), or the error that rejected it. `diff` prints
every field that differs between two dumps and their count. Run `dump` on the old revision (`git stash`), again on the
new one, then `diff`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_CHARS = 60  # of each summary sentence: enough to tell which sentence was chosen


def dump(paths: list[Path]) -> dict[str, dict[str, Any]]:
    import pipeline
    from eval.events import read_jsonl
    from pipeline.text import events as grouping

    outputs: dict[str, dict[str, Any]] = {}
    for path in paths:
        rows = read_jsonl(path)
        result = pipeline.process([{"id": row["id"], "text": row["text"], "url": row.get("url"),
                                    "source": row.get("outlet")} for row in rows],
                                  config=ROOT / "configs" / "default.yaml", stages="normalize,summarize")
        members_of = {member: sorted(event.members) for event in grouping.group_events(result.records)
                      for member in event.members}
        for record in result.records:
            outputs[record["id"]] = {
                "date": record.get("date"), "date_source": record.get("date_source"),
                "people": sorted(person.get("name", "") for person in record.get("facts", {}).get("people", [])),
                "summary": [sentence[:SUMMARY_CHARS] for sentence in record.get("summary", {}).get("id") or []],
                "event": members_of[record["id"]]}
        for error in result.errors:
            outputs[error.id] = {"error": error.message}
    return outputs


def differences(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
                fields: list[str] | None = None) -> list[tuple[str, str, Any, Any]]:
    """(page id, field, before, after) for every field that differs, pages in id order."""
    found = []
    for page in sorted(set(before) | set(after)):
        old, new = before.get(page, {}), after.get(page, {})
        for field in fields or sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                found.append((page, field, old.get(field), new.get(field)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="write what the pipeline reads from each page")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("pages", nargs="+", type=Path)
    diffing = commands.add_parser("diff", help="print what differs between two dumps")
    diffing.add_argument("before", type=Path)
    diffing.add_argument("after", type=Path)
    diffing.add_argument("--fields", help="comma-separated fields to compare (default: all)")
    args = parser.parse_args(argv)
    if args.command == "dump":
        outputs = dump(args.pages)
        args.out.write_text(json.dumps(outputs, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(outputs)} pages -> {args.out}")
        return 0
    before, after = (json.loads(path.read_text(encoding="utf-8")) for path in (args.before, args.after))
    found = differences(before, after, args.fields.split(",") if args.fields else None)
    for page, field, old, new in found:
        print(f"{page} {field}\n  - {old}\n  + {new}")
    print(f"{len(found)} differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
