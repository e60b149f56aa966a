"""Check the gold of a page-cleaning JSONL file (real-pages-dev format). Standard library only.

    python tests/data/pages/check_gold.py FILE.jsonl [FILE.jsonl ...]

One JSON object a line with: id, url, outlet, event, text, must_drop, must_keep, date, people, summary_hint, note.
Rules checked (errors make the exit status 1):
  - every field present with the right type; ids unique; text at most 2,000 UTF-8 bytes;
  - every must_drop, must_keep and summary_hint string occurs verbatim in text;
  - must_drop has 2-6 strings, must_keep 3-6, summary_hint 2-3, each hint 5-10 words;
  - no must_drop string lies inside a must_keep or summary_hint string (drop text never occurs in a kept
    body span), and every must_keep / summary_hint string has an occurrence that no must_drop occurrence
    overlaps (otherwise removing the drops would remove it);
  - date is null, an ISO date, or a non-empty list of ISO dates (year not in the text) that share month,
    day and weekday;
  - people are names as written in text, without leading titles or trailing degrees.
Warnings (printed, exit status unchanged): outlet differs from the URL host, a kept string spans lines,
a date outside 1990-2035.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
from urllib.parse import urlsplit

FIELDS = {
    "id": str, "url": str, "outlet": str, "event": str, "text": str, "must_drop": list, "must_keep": list,
    "date": (str, list, type(None)), "people": list, "summary_hint": list, "note": str,
}
MAX_BYTES = 2000
# Leading honorifics and ranks that are not part of a name (Balinese, Sasak, Malay and Bugis name parts such as
# "I Gusti", "Anak Agung", "Lalu", "Raja", "Daeng" are names as written and are not listed here).
TITLE = re.compile(
    r"^(?:dr|drg|Dr|Drs|Dra|Ir|Prof|H|Hj|KH|Mr|Ms|Mrs|Mbah|Pak|Bu|Bapak|Ibu|Cak|Kang|Ustaz|Ustadz|"
    r"AKBP|AKP|Kompol|Letkol|Kapten|Serda|Serka|Brigjen|Komjen|Pj|Plt)\.?(?:\s|$)"
)
DEGREE = re.compile(
    r"(?:^|[\s,])(?:S\.[A-Za-z]{1,6}\.?|M\.[A-Za-z]{1,6}\.?|Sp\.[A-Za-z]{1,6}\.?|Ph\.D\.?|SE|SH|MH|MM|MSi|"
    r"MHum|ST|SKM|MPd|SPd)$"
)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value: str, where: str, errors: list[str]) -> datetime.date | None:
    if not isinstance(value, str) or not ISO.match(value):
        errors.append(f"{where}: date {value!r} is not YYYY-MM-DD")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: date {value!r} does not exist")
        return None


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def check_record(rec: dict, where: str, errors: list[str], warnings: list[str]) -> None:
    for name, kind in FIELDS.items():
        if name not in rec:
            errors.append(f"{where}: missing field {name!r}")
        elif not isinstance(rec[name], kind):
            errors.append(f"{where}: field {name!r} has type {type(rec[name]).__name__}")
    if any(name not in rec or not isinstance(rec[name], kind) for name, kind in FIELDS.items()):
        return
    text = rec["text"]
    for name in ("id", "url", "outlet", "event", "text", "note"):
        if not rec[name].strip():
            errors.append(f"{where}: field {name!r} is empty")
    if len(text.encode("utf-8")) > MAX_BYTES:
        errors.append(f"{where}: text is {len(text.encode('utf-8'))} bytes, over {MAX_BYTES}")
    host = urlsplit(rec["url"]).hostname or ""
    if host != rec["outlet"]:
        warnings.append(f"{where}: outlet {rec['outlet']!r} is not the URL host {host!r}")

    for name, low, high in (("must_drop", 2, 6), ("must_keep", 3, 6), ("summary_hint", 2, 3)):
        items = rec[name]
        if not low <= len(items) <= high:
            errors.append(f"{where}: {name} has {len(items)} strings (want {low}-{high})")
        for s in items:
            if not isinstance(s, str) or not s.strip():
                errors.append(f"{where}: {name} has an empty or non-string entry {s!r}")
            elif s not in text:
                errors.append(f"{where}: {name} string not in text: {s!r}")
        if len(set(map(str, items))) != len(items):
            errors.append(f"{where}: {name} has duplicates")
    for s in rec["summary_hint"]:
        if isinstance(s, str) and not 5 <= len(s.split()) <= 10:
            errors.append(f"{where}: summary_hint has {len(s.split())} words: {s!r}")

    drops = [s for s in rec["must_drop"] if isinstance(s, str) and s and s in text]
    kept = [s for s in rec["must_keep"] + rec["summary_hint"] if isinstance(s, str) and s and s in text]
    for d in drops:
        for k in kept:
            if d in k:
                errors.append(f"{where}: must_drop {d!r} lies inside kept string {k!r}")
    drop_spans = [span for d in drops for span in _spans(text, d)]
    for k in kept:
        if "\n" in k:
            warnings.append(f"{where}: kept string spans lines: {k!r}")
        free = [
            (a, b) for a, b in _spans(text, k)
            if not any(a < db and da < b for da, db in drop_spans)
        ]
        if not free:
            errors.append(f"{where}: every occurrence of kept string {k!r} overlaps a must_drop string")

    date = rec["date"]
    if isinstance(date, str):
        day = _iso(date, where, errors)
        if day and not 1990 <= day.year <= 2035:
            warnings.append(f"{where}: date {date} is outside 1990-2035")
    elif isinstance(date, list):
        if not date:
            errors.append(f"{where}: date list is empty (use null when no date is inferable)")
        days = [d for d in (_iso(v, where, errors) for v in date) if d]
        if len(set(days)) != len(days):
            errors.append(f"{where}: date list has duplicates")
        if len({(d.month, d.day) for d in days}) > 1:
            errors.append(f"{where}: date candidates differ in month or day: {date}")
        if len({d.weekday() for d in days}) > 1:
            errors.append(f"{where}: date candidates fall on different weekdays: {date}")

    people = rec["people"]
    if len(set(map(str, people))) != len(people):
        errors.append(f"{where}: people has duplicates")
    for p in people:
        if not isinstance(p, str) or not p.strip() or p != p.strip():
            errors.append(f"{where}: bad person entry {p!r}")
            continue
        if TITLE.match(p):
            errors.append(f"{where}: person starts with a title: {p!r}")
        if "," in p or DEGREE.search(p):
            errors.append(f"{where}: person carries a degree or comma: {p!r}")
        if p not in text:
            errors.append(f"{where}: person not in text: {p!r}")


def check_file(path: str) -> tuple[list[str], list[str], int, dict[str, list[str]]]:
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    events: dict[str, list[str]] = {}
    count = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not JSON ({exc})")
                continue
            if not isinstance(rec, dict):
                errors.append(f"{where}: not a JSON object")
                continue
            count += 1
            rid = rec.get("id")
            if isinstance(rid, str):
                where = f"{path}:{number} {rid}"
                if rid in seen:
                    errors.append(f"{where}: duplicate id")
                seen.add(rid)
            check_record(rec, where, errors, warnings)
            if isinstance(rec.get("event"), str):
                events.setdefault(rec["event"], []).append(str(rid))
    return errors, warnings, count, events


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    status = 0
    for path in argv:
        errors, warnings, count, events = check_file(path)
        groups = {e: ids for e, ids in events.items() if len(ids) > 1}
        for w in warnings:
            print(f"warning: {w}")
        for e in errors:
            print(f"error: {e}")
        print(f"{path}: {count} articles, {len(groups)} shared events, {len(errors)} errors, {len(warnings)} warnings")
        for event, ids in sorted(groups.items()):
            print(f"  event {event}: {', '.join(ids)}")
        status = status or (1 if errors else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
