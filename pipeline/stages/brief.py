"""The brief as a stage: summarize's records in, brief.md and brief.html out (pipeline/brief/render.py).

A stage like the others, so the registry orders it and checks what it requires, but it makes files rather
than records: the runner calls `write` once over all the records instead of `process` batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.brief.profile import DelegationProfile, load_profile
from pipeline.brief.render import STAGE, build_brief, check_record
from pipeline.config import PipelineConfig
from pipeline.records import RecordError
from pipeline.stages.base import Stage


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
        return build_brief(self.process(list(records)), out_dir, profile=self.profile, config=self.config.brief,
                           manifest=manifest)
