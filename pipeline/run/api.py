"""The library's entry points, re-exported by `pipeline`: `run` (a run folder, as `pipeline run` makes) and
`process` (the same stages in memory, nothing written)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError
from pipeline.inputs import in_memory_source, read_articles
from pipeline.records import RecordError
from pipeline.run.executors import process_batch
from pipeline.run.runner import Runner
from pipeline.stages import build_stage, plan, stage_class


def run(inputs: list[str | Path] | Iterable[dict[str, Any]], config: PipelineConfig | str | Path | dict | None = None,
        out_dir: str | Path | None = None, stages: str | Iterable[str] | None = None, progress: bool = False
        ) -> dict[str, Any]:
    """Library entry point: the same run as `pipeline run`. Returns the manifest; records are in out_dir."""
    if out_dir is None:
        raise ConfigError("run() needs out_dir; use process() for an in-memory run")
    paths = [p for p in inputs if isinstance(p, (str, Path))] if isinstance(inputs, list) else []
    rows = None if paths else inputs
    return Runner(config, out_dir, stages, progress=progress).run(paths, rows)


@dataclass
class Processed:
    """The outcome of an in-memory run: records that came through, and an error per record that did not."""

    records: list[dict[str, Any]]
    errors: list[RecordError]

    def to_dataset(self):
        """The records as an Arrow-backed `datasets.Dataset`."""
        import datasets

        return datasets.Dataset.from_list(self.records)


def process(articles: Iterable[dict[str, Any]], config: PipelineConfig | str | Path | dict | None = None,
            stages: str | Iterable[str] = ("normalize", "translate", "summarize")) -> Processed:
    """In-memory run over a list of dicts or a `datasets.Dataset`: same stages, no run folder, nothing written
    (so no stage that makes files, such as the brief).

    Without normalize among the stages, `articles` are records of the stage before the first one named.
    """
    config = load_config(config)
    built = [build_stage(name, config) for name in plan(stages) if stage_class(name).makes_records]
    for stage in built:
        stage.check()
    if built and not built[0].reads:
        items = list(read_articles([in_memory_source(articles, config.input)]))
    else:
        items = list(articles)
    errors = [i for i in items if isinstance(i, RecordError)]
    records = [i for i in items if not isinstance(i, RecordError)]
    size = config.run.batch_articles
    for stage in built:
        stage.setup()
        outputs: list[dict[str, Any]] = []
        for start in range(0, len(records), size):
            done, failed = process_batch(stage, records[start:start + size])
            outputs.extend(done)
            errors.extend(failed)
        records = outputs
    return Processed(records, errors)
