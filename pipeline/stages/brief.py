"""The brief as a stage: summarize's records in, brief.md and brief.html out (pipeline/brief/render.py).

A stage like the others, so the registry orders it and checks what it requires, but it makes files rather
than records: the runner calls `write` once over all the records instead of `process` batch by batch.

It is also where the run's articles are grouped into events (pipeline/text/events.py), because that needs every
article of the run at once, and an event's id depends on which other articles the run has: it cannot be part of
a per-article, cached stage result. `write` groups the records the brief can show, writes RUN_DIR/events.jsonl
(one event a line), adds `event_id` (and, to a copy of another outlet's text, the flag `syndicated` and
`syndicated_of`) to those records in RUN_DIR/summarize.jsonl, replacing the file whole, and shows one item per
event. The grouping is deterministic, so a rerun writes the same bytes; summarize's own results (its work file
in .work/) are never touched, so nothing is redone because of it (docs/records.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.brief.items import EVENT_KEYS, SYNDICATED_FLAG
from pipeline.brief.profile import DelegationProfile, load_profile
from pipeline.brief.render import STAGE, build_brief, check_record
from pipeline.config import PipelineConfig
from pipeline.files import atomic_write, read_jsonl, to_line
from pipeline.records import RecordError
from pipeline.stages.base import Stage

EVENTS_FILE = "events.jsonl"

log = logging.getLogger(__name__)


class BriefStage(Stage):
    name = STAGE
    reads = ("summarize",)
    requires = ("sentences", "summary", "facts")
    makes_records = False

    def __init__(self, config: PipelineConfig):
        super().__init__(config)
        path = config.summarize.profile  # the delegation's profile, which summarize ranks by too
        self.profile: DelegationProfile | None = load_profile(path) if path else None

    def problem(self, record: Any) -> str | None:
        problem = super().problem(record)
        if problem is None:
            try:
                check_record(record)
            except ValueError as error:
                problem = str(error)
        return problem

    def process(self, records: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        """Each record as it came, or the RecordError saying why the brief cannot show it."""
        return [RecordError.for_record(record, self.name, problem) if (problem := self.problem(record)) else record
                for record in records]

    def write(self, records: Iterable[dict[str, Any]], out_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
        records = list(records)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        checked = self.process(records)
        first = _first_of_each_id(checked)  # a repeated id is the brief's error to report (render.py)
        grouped, events, warnings = group_run([checked[i] for i in first])
        items = [grouped[str(item["id"])] if n in first else item for n, item in enumerate(checked)]
        info = build_brief(items, out_dir, profile=self.profile, config=self.config.brief, manifest=manifest,
                           events=events)
        events_path = out_dir / EVENTS_FILE
        atomic_write(events_path, (to_line(event.to_json()) for event in events))
        _rewrite_upstream(out_dir / f"{self.reads[0]}.jsonl", records, grouped, first)
        return {**info, "paths": [*info["paths"], str(events_path)], "events": len(events),
                "warnings": [*info["warnings"], *warnings]}


def _first_of_each_id(checked: list[Any]) -> set[int]:
    seen: set[str] = set()
    first = set()
    for n, item in enumerate(checked):
        if isinstance(item, dict) and str(item["id"]) not in seen:
            seen.add(str(item["id"]))
            first.add(n)
    return first


def without_events(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what an earlier grouping set on it, so that grouping again gives the same result."""
    clean = {key: value for key, value in record.items() if key not in EVENT_KEYS}
    if isinstance(record.get("flags"), list) and SYNDICATED_FLAG in record["flags"]:
        clean["flags"] = [flag for flag in record["flags"] if flag != SYNDICATED_FLAG]
    return clean


def group_run(records: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[Any], list[str]]:
    """The run's events over these records (unique ids): id -> the record with `event_id` (a copy: with the
    flag `syndicated` and `syndicated_of`), the events, and a warning should grouping fail on odd input
    (then every article is an event of its own and the brief is still made)."""
    from pipeline.text.events import Event, assign_events, event_id  # numpy and stemming: only when grouping

    clean = [without_events(record) for record in records]
    try:
        assigned, events = assign_events(clean)
    except (ValueError, TypeError, AttributeError, KeyError) as problem:
        warning = f"events not grouped, each article is its own: {type(problem).__name__}: {problem}"
        log.warning("%s", warning)
        events = [Event(event_id=event_id([str(r["id"])]), members=[str(r["id"])], best=str(r["id"]))
                  for r in clean]
        assigned = [{**record, "event_id": event.event_id} for record, event in zip(clean, events)]
        return {str(r["id"]): r for r in assigned}, events, [warning]
    return {str(r["id"]): r for r in assigned}, events, []


def _rewrite_upstream(path: Path, records: list[Any], grouped: dict[str, dict[str, Any]], first: set[int]) -> None:
    """summarize.jsonl with each record the brief grouped carrying its event keys, the others without any;
    only when these records are that file's (as in a run), and only when that changes the file."""
    if not path.exists() or list(read_jsonl(path)) != records:
        return
    lines = [to_line(grouped[str(record["id"])] if n in first else without_events(record))
             for n, record in enumerate(records) if isinstance(record, dict)]
    if "".join(lines).encode("utf-8") != path.read_bytes():
        atomic_write(path, lines)
