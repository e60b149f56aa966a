"""The contract every stage fulfils, so the runner (local or Ray) can drive any of them the same way.

A stage is built once per run from the whole config (models load in `__init__` or `setup`, never per record),
then called on batches of records. Like a spaCy component it has a name and declares what it reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from pipeline.config import PipelineConfig
from pipeline.records import RecordError


class Stage:
    name: ClassVar[str]
    #: The stage whose records this one consumes; None for the first stage (raw articles).
    reads: ClassVar[str | None]
    #: Unit shown on the progress bar besides articles (e.g. "sentences").
    unit: ClassVar[str] = "articles"

    def __init__(self, config: PipelineConfig):
        self.config = config

    def check(self) -> None:
        """Fail fast, before any work, when the stage cannot run (e.g. a model cannot be had)."""

    def setup(self) -> None:
        """Load heavy resources; called once, after `check`, before the first batch."""

    def settings(self) -> dict[str, Any]:
        """Everything that changes this stage's output: hashed into the stage's fingerprint."""
        return {}

    def describe(self) -> dict[str, Any]:
        """What the manifest records about this stage (models and their revisions, engine, ...)."""
        return {}

    def process(self, records: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        """One output per input, in order: the enriched record, or a RecordError for that record."""
        raise NotImplementedError

    def tally(self, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Counts over the stage's final records (flags, say) for the manifest: they cover reused records too,
        and records processed in other processes (Ray actors), which the stage object never saw."""
        return {}

    def size(self, record: dict[str, Any]) -> int:
        """How many `unit`s a record counts for on the progress bar."""
        return 1
