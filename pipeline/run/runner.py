"""The staged-job runner: inputs in, a run folder out, stage by stage, resumable after any crash.

A run folder holds one `<stage>.jsonl` per record stage (records in input order), `errors.jsonl`,
`manifest.json`, and the brief. While a stage works it appends to `.work/<stage>-<fingerprint>.jsonl` and
fsyncs after each batch; rerunning the same command reads that file back and redoes no finished record, so a
crash or `kill -9` costs at most one batch. The fingerprint chains a stage's settings with its upstream's, so a
changed config for a stage invalidates that stage and every later one instead of mixing results. Final files
are written to a temporary name and renamed into place.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from pipeline import __version__
from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.files import append_jsonl, atomic_write, now, read_jsonl, to_line, write_json
from pipeline.inputs.readers import INPUT_STAGE, InputSource, in_memory_source, open_source, read_articles
from pipeline.records import SCHEMA_VERSION, RecordError, source_hash, stable_hash
from pipeline.stages.base import Stage

STAGE_ORDER = ("normalize", "translate", "summarize", "brief")
RECORD_STAGES = STAGE_ORDER[:3]
_STAGE_CLASSES = {
    "normalize": ("pipeline.stages.normalize", "NormalizeStage"),
    "translate": ("pipeline.stages.translate", "TranslateStage"),
    "summarize": ("pipeline.stages.summarize", "SummarizeStage"),
}
PACKAGES = ("torch", "transformers", "tokenizers", "sentencepiece", "datasets", "ctranslate2", "pydantic", "ftfy",
            "lingua-language-detector", "PySastrawi", "Jinja2", "ray")

Report = Callable[[str], None]


def parse_stages(spec: str | Iterable[str] | None) -> list[str]:
    """Requested stages in canonical order; unknown names are an error that lists the known ones."""
    if spec is None:
        return list(STAGE_ORDER)
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [n for n in names if n not in STAGE_ORDER]
    if unknown or not names:
        raise ConfigError(f"unknown stage(s) {unknown or names}; choose from {', '.join(STAGE_ORDER)}")
    return [n for n in STAGE_ORDER if n in names]


def build_stage(name: str, config: PipelineConfig) -> Stage:
    module_name, class_name = _STAGE_CLASSES[name]
    return getattr(importlib.import_module(module_name), class_name)(config)


# --------------------------------------------------------------------------------------------- results


@dataclass
class StageResult:
    """What a stage did in this run; counts go to the manifest and the summary line."""

    name: str
    fingerprint: str
    articles: int = 0
    ok: int = 0
    errors: int = 0
    reused: int = 0
    units: int = 0
    seconds: float = 0.0
    started: str = field(default_factory=now)
    ended: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def summary_line(self, unit: str) -> str:
        rate = f", {self.units / self.seconds:.1f} {unit}/s" if self.seconds > 0 and self.units else ""
        return (f"{self.name}: {self.articles} articles: {self.ok} ok, {self.errors} errors, {self.reused} reused "
                f"in {self.seconds:.1f} s{rate}")

    def to_manifest(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "status": "complete" if self.ended else "running",
                "counts": {"articles": self.articles, "ok": self.ok, "errors": self.errors, "reused": self.reused,
                           "processed": self.articles - self.reused, "units": self.units},
                "seconds": round(self.seconds, 3), "started": self.started, "ended": self.ended, **self.details}


def process_batch(stage: Stage, batch: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[RecordError]]:
    """One stage call, its outputs split into records and per-record errors (which learn where they came from)."""
    outputs = stage.process(batch)
    if len(outputs) != len(batch):
        raise PipelineError(f"stage {stage.name} returned {len(outputs)} outputs for {len(batch)} records")
    records, errors = [], []
    for output, item in zip(outputs, batch):
        if isinstance(output, RecordError):
            errors.append(replace(output, origin=output.origin or item.get("origin"),
                                  source_hash=output.source_hash or _identity(item)))
        else:
            records.append(output)
    return records, errors


def _identity(item: dict[str, Any]) -> str:
    return item.get("source_hash") or source_hash(item)


def package_versions(extra: Iterable[str] = ()) -> dict[str, str]:
    """Versions of the packages that shape results (and of `extra` ones), for manifests and signatures."""
    versions = {"python": platform.python_version()}
    for name in (*PACKAGES, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def run_signature(manifest: dict[str, Any]) -> str:
    """One line that identifies what produced a run, in the spirit of sacrebleu's signatures."""
    parts = [f"pipeline:{manifest['pipeline_version']}", f"schema:{manifest['schema']}",
             f"config:{manifest['config_hash']}", "stages:" + "+".join(manifest["stages_requested"])]
    for name in RECORD_STAGES:
        if name in manifest["stages"]:
            parts.append(f"{name}:{manifest['stages'][name]['fingerprint']}")
    for lang, model in sorted(manifest.get("models", {}).items()):
        parts.append(f"{lang}:{Path(str(model.get('ref'))).name}@{str(model.get('revision'))[:12]}")
    return "|".join(parts)


# --------------------------------------------------------------------------------------------- engines


class Engine(Protocol):
    """Where a stage's batches run. Resume, ordering and error files stay with the runner, whatever the engine."""

    name: str

    def prepare(self, stage: Stage) -> None: ...

    def map(self, stage: Stage, batches: Iterable[list[dict[str, Any]]]
            ) -> Iterator[tuple[list[dict[str, Any]], list[RecordError]]]: ...

    def describe(self) -> dict[str, Any]: ...


class LocalEngine:
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

# --------------------------------------------------------------------------------------------- runner


class Runner:
    """Runs the requested stages of one config over inputs into one run folder."""

    def __init__(self, config: PipelineConfig | str | Path | dict | None, out_dir: str | Path,
                 stages: str | Iterable[str] | None = None, progress: bool | None = None,
                 report: Report | None = None, engine: Engine | None = None):
        self.config = load_config(config)
        self.engine = engine or LocalEngine()
        self.out = Path(out_dir)
        self.work = self.out / ".work"
        self.requested = parse_stages(stages)
        self.progress = self.config.run.progress if progress is None else progress
        self.report = report or (lambda line: None)
        self.manifest_path = self.out / "manifest.json"
        self.stages = {name: build_stage(name, self.config) for name in self.requested if name in RECORD_STAGES}

    # The previous manifest tells which stage outputs on disk are still valid for this config.
    def _previous_manifest(self) -> dict[str, Any]:
        if not self.manifest_path.exists():
            return {}
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            self.report(f"warning: {self.manifest_path} is unreadable; earlier results in it are redone")
            return {}

    def _final(self, name: str) -> Path:
        return self.out / f"{name}.jsonl"

    def _upstream(self, name: str, previous: dict[str, Any]) -> str | None:
        """The stage whose records `name` reads: the nearest earlier one that runs now or has valid output."""
        if name == "normalize":
            return None
        for candidate in reversed(RECORD_STAGES[: RECORD_STAGES.index(name)]):
            if candidate in self.stages or (candidate in previous.get("stages", {})
                                            and previous["stages"][candidate].get("status") == "complete"
                                            and self._final(candidate).exists()):
                return candidate
        return "normalize"

    def run(self, inputs: list[str | Path] | None = None, rows: Iterable[dict[str, Any]] | None = None
            ) -> dict[str, Any]:
        """Run the stages; `inputs` are paths or dataset names, `rows` in-memory articles. Returns the manifest."""
        sources = self._sources(inputs, rows)
        for stage in self.stages.values():
            stage.check()  # before any work: a missing model stops the run here, with nothing written
        self.out.mkdir(parents=True, exist_ok=True)
        self.work.mkdir(exist_ok=True)
        previous = self._previous_manifest()
        manifest = self._start_manifest(sources, previous)
        write_json(self.manifest_path, manifest)

        input_errors: list[RecordError] = []
        fingerprints = {n: s["fingerprint"] for n, s in previous.get("stages", {}).items() if "fingerprint" in s}
        for name in self.requested:
            if name == "brief":
                manifest["stages"]["brief"] = self._brief(manifest)
                continue
            stage = self.stages[name]
            upstream = self._upstream(name, previous)
            if upstream is not None and upstream not in self.stages and not self._final(upstream).exists():
                raise ConfigError(f"stage {name!r} reads {upstream} records, and {self._final(upstream)} does not "
                                  f"exist: add {upstream} to --stages")
            self.engine.prepare(stage)
            fingerprint = stable_hash({"schema": SCHEMA_VERSION, "version": __version__, "stage": name,
                                       "settings": stage.settings(), "upstream": fingerprints.get(upstream)})
            if fingerprints.get(name) != fingerprint:
                self._invalidate_from(name, fingerprint, manifest)
            fingerprints[name] = fingerprint
            if upstream is None:
                items = lambda: read_articles(sources)  # noqa: E731
            else:
                items = lambda path=self._final(upstream): read_jsonl(path)  # noqa: E731
            result = self._run_stage(stage, items, fingerprint, input_errors)
            manifest["stages"][name] = result.to_manifest()
            self.report(result.summary_line(stage.unit))
            manifest["models"].update(result.details.get("models", {}))
            manifest["signature"] = run_signature(manifest)
            write_json(self.manifest_path, manifest)

        self._write_errors(input_errors, manifest)
        manifest["ended"] = now()
        manifest["status"] = "complete"
        manifest["signature"] = run_signature(manifest)
        write_json(self.manifest_path, manifest)
        return manifest

    def _sources(self, inputs, rows) -> list[InputSource]:
        if "normalize" not in self.stages:
            return []
        sources = [open_source(ref, self.config.input) for ref in inputs or []]
        if rows is not None:
            sources.append(in_memory_source(rows, self.config.input))
        if not sources:
            raise ConfigError("the normalize stage needs input: give files, folders, dataset names or rows")
        return sources

    def _start_manifest(self, sources: list[InputSource], previous: dict[str, Any]) -> dict[str, Any]:
        config_json = self.config.model_dump(mode="json")
        kept = {n: s for n, s in previous.get("stages", {}).items() if n not in self.requested}
        return {"schema": SCHEMA_VERSION, "pipeline_version": __version__, "status": "running",
                "started": now(), "ended": None, "stages_requested": self.requested,
                "config": config_json, "config_hash": stable_hash(config_json), "packages": package_versions(),
                "argv": sys.argv, "engine": self.engine.describe(), "inputs": [s.describe() for s in sources] or previous.get("inputs", []),
                "models": dict(previous.get("models", {})), "stages": kept}

    def _invalidate_from(self, name: str, fingerprint: str, manifest: dict[str, Any]) -> None:
        """Outputs of `name` and every later stage not made under `fingerprint` are stale: remove them.

        The work file of `fingerprint` itself stays: it is what an interrupted run with these settings left.
        """
        for later in STAGE_ORDER[STAGE_ORDER.index(name):]:
            if later in RECORD_STAGES:
                self._final(later).unlink(missing_ok=True)
                for stale in self.work.glob(f"{later}-*.jsonl"):
                    if not stale.name.startswith(f"{name}-{fingerprint}."):
                        stale.unlink()
            manifest["stages"].pop(later, None)

    def _run_stage(self, stage: Stage, items: Callable[[], Iterator[dict[str, Any] | RecordError]],
                   fingerprint: str, input_errors: list[RecordError]) -> StageResult:
        from tqdm.auto import tqdm

        result = StageResult(stage.name, fingerprint)
        started = time.perf_counter()
        done_path = self.work / f"{stage.name}-{fingerprint}.jsonl"
        errors_path = self.work / f"{stage.name}-{fingerprint}.errors.jsonl"
        done_path.touch()
        done = {r["id"]: _identity(r) for r in read_jsonl(done_path)}
        done.update({e["id"]: e.get("source_hash") for e in read_jsonl(errors_path) if e.get("id") is not None})

        total = sum(stage.size(i) for i in items() if isinstance(i, dict)) if self.progress else None
        bar = tqdm(total=total, unit=stage.unit, desc=stage.name, disable=not self.progress, dynamic_ncols=True,
                   leave=False)
        order: list[tuple[str, str]] = []

        def todo() -> Iterator[list[dict[str, Any]]]:
            batch: list[dict[str, Any]] = []
            for item in items():
                if isinstance(item, RecordError):
                    input_errors.append(item)
                    continue
                result.articles += 1
                order.append((item["id"], _identity(item)))
                if done.get(item["id"]) == _identity(item):
                    result.reused += 1
                    bar.update(stage.size(item))
                    continue
                batch.append(item)
                if len(batch) >= self.config.run.batch_articles:
                    yield batch
                    batch = []
            if batch:
                yield batch

        for records, errors in self.engine.map(stage, todo()):
            append_jsonl(done_path, records)
            append_jsonl(errors_path, [e.to_json() for e in errors])
            units = sum(stage.size(r) for r in records) + len(errors)
            result.units += units
            bar.update(units)
        bar.close()

        written = self._finalize(stage.name, done_path, [article_id for article_id, _ in order])
        result.ok = len(written)
        result.errors = self._compact_errors(errors_path, dict(order), written)
        result.seconds = time.perf_counter() - started
        result.ended = now()
        result.details = {**stage.describe(), **stage.tally(read_jsonl(self._final(stage.name)))}
        return result

    def _finalize(self, name: str, done_path: Path, order: list[str]) -> set[str]:
        """Write `<stage>.jsonl` in input order, each record once (the last write of an id wins)."""
        offsets: dict[str, tuple[int, int]] = {}
        with done_path.open("rb") as handle:
            position = 0
            for raw in handle:
                offsets[json.loads(raw)["id"]] = (position, len(raw))
                position += len(raw)
        wanted = [i for i in order if i in offsets]

        def lines() -> Iterator[str]:
            with done_path.open("rb") as handle:
                for article_id in wanted:
                    start, length = offsets[article_id]
                    handle.seek(start)
                    yield handle.read(length).decode("utf-8")

        atomic_write(self._final(name), lines())
        return set(wanted)

    @staticmethod
    def _compact_errors(errors_path: Path, current: dict[str, str], written: set[str]) -> int:
        """Keep one error per failed article of the current input; drop those since fixed or removed."""
        kept: dict[str, dict[str, Any]] = {}
        for row in read_jsonl(errors_path):
            if row.get("id") not in written and current.get(row.get("id")) == row.get("source_hash"):
                kept[row["id"]] = row
        atomic_write(errors_path, (to_line(r) for r in kept.values()))
        return len(kept)

    def _write_errors(self, input_errors: list[RecordError], manifest: dict[str, Any]) -> None:
        """errors.jsonl: input errors and each valid stage's record errors, once each, rebuilt every run."""
        if "normalize" in self.stages:
            rows = [e.to_json() for e in input_errors]
        else:  # inputs were not read this time: keep what the last run that read them found
            rows = [r for r in read_jsonl(self.out / "errors.jsonl") if r.get("stage") == INPUT_STAGE]
        for name in RECORD_STAGES:
            if name in manifest["stages"]:
                rows.extend(read_jsonl(self.work / f"{name}-{manifest['stages'][name]['fingerprint']}.errors.jsonl"))
        rows.extend(manifest["stages"].get("brief", {}).get("errors", []))
        atomic_write(self.out / "errors.jsonl", (to_line(r) for r in rows))
        manifest["errors"] = {"total": len(rows), **{s: sum(1 for r in rows if r.get("stage") == s)
                                                     for s in (INPUT_STAGE, *STAGE_ORDER)}}

    def _brief(self, manifest: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        source = self._final("summarize")
        if not source.exists():
            raise ConfigError(f"the brief reads summarize records and {source} does not exist: add summarize "
                              "to --stages")
        info = build_brief_from_run(self.out, self.config, manifest)
        self.report(f"brief: {info['articles']} articles -> {', '.join(Path(p).name for p in info['paths'])}")
        return {"status": "complete", "seconds": round(time.perf_counter() - started, 3), "ended": now(), **info}


def build_brief_from_run(run_dir: Path, config: PipelineConfig, manifest: dict[str, Any],
                         profile_path: Path | None = None) -> dict[str, Any]:
    """The brief from a run folder's summarize records; also what `pipeline brief RUN_DIR` calls."""
    from pipeline.brief.render import build_brief
    from pipeline.brief.profile import load_profile

    path = profile_path or config.summarize.profile
    profile = load_profile(path) if path else None
    return build_brief(read_jsonl(run_dir / "summarize.jsonl"), run_dir, profile=profile, config=config.brief,
                       manifest=manifest)


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
    """In-memory run over a list of dicts or a `datasets.Dataset`: same stages, no run folder, nothing written.

    Without normalize among the stages, `articles` are records of the stage before the first one named.
    """
    config = load_config(config)
    built = [build_stage(name, config) for name in parse_stages(stages) if name in RECORD_STAGES]
    for stage in built:
        stage.check()
    if built and built[0].name == "normalize":
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
