"""The contract every stage fulfils, so the runner (local or on Ray) can drive any of them the same way.

A stage is built once per run from the whole config (models load in `__init__` or `setup`, never per record),
then called on batches of records. Like a spaCy component it declares what it reads, requires and assigns, so
the registry (pipeline/stages/__init__.py) can order a run and refuse an impossible one before any work.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from pipeline.config import PipelineConfig
from pipeline.records import KEY_TYPES, RecordError

_TYPE_NAMES = {list: "list", dict: "mapping"}


class Stage:
    name: ClassVar[str]
    #: The stages whose records this one consumes, the first one a run has preferred; () for raw articles.
    reads: ClassVar[tuple[str, ...]] = ()
    #: Record keys this stage needs in what it reads, and the keys it adds to each record.
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    #: False for a stage that turns the records it reads into files of its own (`write`) instead of records.
    makes_records: ClassVar[bool] = True
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

    def problem(self, record: Any) -> str | None:
        """Why this stage cannot take `record`, in words naming the field; None when it can.

        Here: a mapping holding every key in `requires`, of its type. A stage with checks of its own overrides
        this and calls it first, so every stage reports a malformed record the same way.
        """
        if not isinstance(record, dict):
            return f"expected a record (a mapping), got {type(record).__name__}"
        for key in self.requires:
            expected = KEY_TYPES.get(key, object)
            if not isinstance(record.get(key), expected):
                return (f"the record has no {key!r} {_TYPE_NAMES.get(expected, 'value')}; {self.name} reads records "
                        f"of the {' or '.join(self.reads)} stage")
        return None

    def process(self, records: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        """One output per input, in order: the enriched record, or a RecordError for that record."""
        raise NotImplementedError

    def write(self, records: Iterable[dict[str, Any]], out_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
        """For a stage that does not make records: write its files from the records it reads into the run
        folder; returns what the manifest records, at least `articles` (how many it shows) and `paths`."""
        raise NotImplementedError

    def tally(self, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Counts over the stage's final records (flags, say) for the manifest: they cover reused records too,
        and records processed in other processes (Ray actors), which the stage object never saw."""
        return {}

    def size(self, record: dict[str, Any]) -> int:
        """How many `unit`s a record counts for on the progress bar."""
        return 1
