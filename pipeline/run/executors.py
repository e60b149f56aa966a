"""Where a stage's batches run. Resume, ordering and error files stay with the runner, whatever the executor.

"Executor", not "engine": the engine is the translation backend (torch, CTranslate2; translate.engine).
`LocalExecutor` runs batches in this process; `RayExecutor` (ray.py) on a Ray cluster. Both call a stage
through `process_batch`, so there is one copy of the stage code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from pipeline.errors import PipelineError
from pipeline.records import RecordError
from pipeline.stages.base import Stage


class Executor(Protocol):
    name: str

    def prepare(self, stage: Stage) -> None:
        """Make `stage` ready where its batches will run, before the first one."""

    def map(self, stage: Stage, batches: Iterable[list[dict[str, Any]]]
            ) -> Iterator[tuple[list[dict[str, Any]], list[RecordError]]]:
        """Each batch's records and record errors, in any order."""

    def describe(self) -> dict[str, Any]:
        """What the manifest records about the executor under `executor`."""

    def stage_details(self, stage: Stage) -> dict[str, Any]:
        """What the manifest records about `stage`'s work besides the stage's own describe(): where copies of
        the stage ran in other processes, what each did (the runner's copy saw none of it)."""


class LocalExecutor:
    """Runs a stage's batches in this process, one after another."""

    name = "local"

    def prepare(self, stage: Stage) -> None:
        stage.setup()

    def map(self, stage: Stage, batches: Iterable[list[dict[str, Any]]]
            ) -> Iterator[tuple[list[dict[str, Any]], list[RecordError]]]:
        for batch in batches:
            yield process_batch(stage, batch)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name}

    def stage_details(self, stage: Stage) -> dict[str, Any]:
        return {}  # the stage ran here: its describe() says it all


def process_batch(stage: Stage, batch: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[RecordError]]:
    """One stage call, its outputs split into records and per-record errors."""
    outputs = stage.process(batch)
    if len(outputs) != len(batch):
        raise PipelineError(f"stage {stage.name} returned {len(outputs)} outputs for {len(batch)} records")
    records = [output for output in outputs if not isinstance(output, RecordError)]
    return records, [output for output in outputs if isinstance(output, RecordError)]
