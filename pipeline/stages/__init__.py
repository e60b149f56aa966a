"""The stages a run can name: a lazy registry, and the run order derived from what each stage reads.

In the spirit of spaCy's component registry, a name maps to "module:Class", imported only when the stage is
built or its declarations are read, so importing this package loads no stage (and no torch or transformers).
Each stage class declares `reads` (the stages whose records it consumes, the first one a run has preferred),
`requires` and `assigns` (record keys); a run's order comes from `reads`, and `plan` refuses a stage list the
declarations cannot serve before any work is done.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from pipeline.config import PipelineConfig
from pipeline.errors import ConfigError
from pipeline.stages.base import Stage

REGISTRY: dict[str, str] = {
    "normalize": "pipeline.stages.normalize:NormalizeStage",
    "translate": "pipeline.stages.translate:TranslateStage",
    "summarize": "pipeline.stages.summarize:SummarizeStage",
    "brief": "pipeline.stages.brief:BriefStage",
}


def stage_class(name: str) -> type[Stage]:
    """The class registered under `name`, imported now."""
    if name not in REGISTRY:
        raise ConfigError(f"unknown stage {name!r}; choose from {', '.join(REGISTRY)}")
    module_name, _, class_name = REGISTRY[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def build_stage(name: str, config: PipelineConfig) -> Stage:
    return stage_class(name)(config)


def stage_order() -> list[str]:
    """Every registered stage, each after all the stages it may read (otherwise in registration order)."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            raise ConfigError(f"stages read each other in a cycle: {' -> '.join((*path, name))}")
        if name not in order:
            for upstream in stage_class(name).reads:
                visit(upstream, (*path, name))
            order.append(name)

    for name in REGISTRY:
        visit(name, ())
    return order


def plan(spec: str | Iterable[str] | None) -> list[str]:
    """The requested stages (all for None) in run order, once each is known and its declarations hold."""
    order = stage_order()
    if spec is None:
        names = order
    else:
        names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [n for n in names if n not in order]
    if unknown or not names:
        raise ConfigError(f"unknown stage(s) {unknown or names}; choose from {', '.join(order)}")
    for name in names:
        _check_requires(name)
    return [n for n in order if n in names]


def _check_requires(name: str) -> None:
    """Whichever stage `name` ends up reading, the keys it requires are in those records."""
    stage = stage_class(name)
    for upstream in stage.reads:
        missing = [key for key in stage.requires if key not in _supplied(upstream)]
        if missing:
            raise ConfigError(f"stage {name!r} requires the record key {missing[0]!r}, which {upstream} records "
                              f"need not hold: no stage up to {upstream} assigns it")
    if not stage.reads and stage.requires:
        raise ConfigError(f"stage {name!r} requires the record key {stage.requires[0]!r} and reads no stage that "
                          "assigns it")


def _supplied(name: str) -> set[str]:
    """Record keys every record of stage `name` holds: its own, and those of any stage it may read."""
    stage = stage_class(name)
    inherited = [_supplied(upstream) for upstream in stage.reads]
    return set(stage.assigns).union(set.intersection(*inherited) if inherited else set())
