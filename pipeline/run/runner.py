"""The staged-job runner: inputs in, a run folder out, stage by stage, resumable after any crash.

A run folder holds one `<stage>.jsonl` per record stage (records in input order), `errors.jsonl`,
`manifest.json`, and the brief. While a stage works it appends to `.work/<stage>-<fingerprint>.jsonl` and
fsyncs after each batch; rerunning the same command reads that file back and redoes no finished record, so a
crash or `kill -9` costs at most one batch. The fingerprint chains a stage's settings with its upstream's, so a
changed config for a stage invalidates that stage and every later one instead of mixing results. Final files
are written to a temporary name and renamed into place.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError
from pipeline.files import append_jsonl, atomic_write, now, read_jsonl, to_line, write_json
from pipeline.inputs import (INPUT_STAGE, FetchContext, InputSource, feed_source, in_memory_source, open_source,
                             read_articles)
from pipeline.records import SCHEMA_VERSION, RecordError, record_identity, stable_hash
from pipeline.run.executors import Executor, LocalExecutor
from pipeline.run.manifest import StageResult, run_signature, start_manifest
from pipeline.stages import build_stage, plan, stage_class, stage_order
from pipeline.stages.base import Stage
from pipeline.version import __version__

Report = Callable[[str], None]


class Runner:
    """Runs the requested stages of one config over inputs into one run folder."""

    def __init__(self, config: PipelineConfig | str | Path | dict | None, out_dir: str | Path,
                 stages: str | Iterable[str] | None = None, progress: bool | None = None,
                 report: Report | None = None, executor: Executor | None = None, offline: bool = False):
        self.config = load_config(config)
        self.offline = offline  # web inputs only from the pages a run already saved in RUN_DIR/pages
        self.executor = executor or LocalExecutor()
        self.out = Path(out_dir)
        self.work = self.out / ".work"
        self.order = stage_order()
        self.requested = plan(stages)
        self.progress = self.config.run.progress if progress is None else progress
        self.report = report or (lambda line: None)
        self.manifest_path = self.out / "manifest.json"
        self.stages = {name: build_stage(name, self.config) for name in self.requested}

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
        """The stage whose records `name` reads: the first it may read that runs now or has valid output; a
        ConfigError, before any work when called from `run`, if that is none of them."""
        reads = self.stages[name].reads
        for candidate in reads:
            if candidate in self.stages or (previous.get("stages", {}).get(candidate, {}).get("status") == "complete"
                                            and self._final(candidate).exists()):
                return candidate
        if reads and not self._final(reads[-1]).exists():
            raise ConfigError(f"stage {name!r} reads {reads[-1]} records, and {self._final(reads[-1])} does not "
                              f"exist: add {reads[-1]} to --stages")
        return reads[-1] if reads else None

    def run(self, inputs: list[str | Path] | None = None, rows: Iterable[dict[str, Any]] | None = None
            ) -> dict[str, Any]:
        """Run the stages; `inputs` are paths or dataset names, `rows` in-memory articles. Returns the manifest."""
        sources = self._sources(inputs, rows)
        previous = self._previous_manifest()
        for name, stage in self.stages.items():
            self._upstream(name, previous)  # before any work: what a stage reads must be there or be made now
            stage.check()  # and a missing model stops the run here, with nothing written
        self.out.mkdir(parents=True, exist_ok=True)
        self.work.mkdir(exist_ok=True)
        manifest = start_manifest(self.config.model_dump(mode="json"), self.requested, self.executor.describe(),
                                  [s.describe() for s in sources], previous)
        write_json(self.manifest_path, manifest)

        input_errors: list[RecordError] = []
        fingerprints = {n: s["fingerprint"] for n, s in previous.get("stages", {}).items() if "fingerprint" in s}
        for name, stage in self.stages.items():
            upstream = self._upstream(name, previous)
            if not stage.makes_records:
                manifest["stages"][name] = self._write_files(stage, upstream, manifest)
                continue
            self.executor.prepare(stage)
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
            if upstream is None:  # web sources know what they fetched only once read
                manifest["inputs"] = [source.describe() for source in sources]
            manifest["stages"][name] = result.to_manifest()
            self.report(result.summary_line(stage.unit))
            manifest["models"].update(result.details.get("models", {}))
            manifest["signature"] = run_signature(manifest, self.order).format()
            write_json(self.manifest_path, manifest)

        self._write_errors(input_errors, manifest)
        if sources:
            self.fetch.close()
        manifest["ended"] = now()
        manifest["status"] = "complete"
        manifest["signature"] = run_signature(manifest, self.order).format()
        write_json(self.manifest_path, manifest)
        return manifest

    def _reads_inputs(self) -> bool:
        """Whether a stage of this run reads articles (normalize); otherwise the inputs were read before."""
        return any(not stage.reads for stage in self.stages.values())

    def _sources(self, inputs, rows) -> list[InputSource]:
        if not self._reads_inputs():
            return []
        self.fetch = FetchContext(pages_dir=self.out / "pages", offline=self.offline, settings=self.config.fetch)
        sources = [open_source(ref, self.config.input, self.fetch) for ref in inputs or []]
        sources += [feed_source(url, self.config.input.since, self.fetch) for url in self.config.input.feeds]
        if rows is not None:
            sources.append(in_memory_source(rows, self.config.input))
        if not sources:
            raise ConfigError("the normalize stage needs input: give files, folders, URLs, feeds, dataset names or rows")
        return sources

    def _downstream(self, name: str) -> list[str]:
        """`name` and every stage that reads its records, directly or not, in run order."""
        affected = [name]
        for later in self.order[self.order.index(name) + 1:]:
            if any(upstream in affected for upstream in stage_class(later).reads):
                affected.append(later)
        return affected

    def _invalidate_from(self, name: str, fingerprint: str, manifest: dict[str, Any]) -> None:
        """Outputs of `name` and every later stage not made under `fingerprint` are stale: remove them.

        The work file of `fingerprint` itself stays: it is what an interrupted run with these settings left.
        """
        for later in self._downstream(name):
            if stage_class(later).makes_records:
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
        done = {r["id"]: record_identity(r) for r in read_jsonl(done_path)}
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
                order.append((item["id"], record_identity(item)))
                if done.get(item["id"]) == record_identity(item):
                    result.reused += 1
                    bar.update(stage.size(item))
                    continue
                batch.append(item)
                if len(batch) >= self.config.run.batch_articles:
                    yield batch
                    batch = []
            if batch:
                yield batch

        for records, errors in self.executor.map(stage, todo()):
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
        result.details = {**stage.describe(), **stage.tally(read_jsonl(self._final(stage.name))),
                          **self.executor.stage_details(stage)}
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
        if self._reads_inputs():
            rows = [e.to_json() for e in input_errors]
        else:  # inputs were not read this time: keep what the last run that read them found
            rows = [r for r in read_jsonl(self.out / "errors.jsonl") if r.get("stage") == INPUT_STAGE]
        for name in self.order:
            entry = manifest["stages"].get(name, {})
            if "fingerprint" in entry:
                rows.extend(read_jsonl(self.work / f"{name}-{entry['fingerprint']}.errors.jsonl"))
            else:  # a stage that writes files lists its errors in the manifest
                rows.extend(entry.get("errors", []))
        atomic_write(self.out / "errors.jsonl", (to_line(r) for r in rows))
        manifest["errors"] = {"total": len(rows), **{s: sum(1 for r in rows if r.get("stage") == s)
                                                     for s in (INPUT_STAGE, *self.order)}}

    def _write_files(self, stage: Stage, upstream: str, manifest: dict[str, Any]) -> dict[str, Any]:
        """A stage that makes files (the brief) from all of its upstream's records at once."""
        started = time.perf_counter()
        info = stage.write(read_jsonl(self._final(upstream)), self.out, manifest)
        self.report(f"{stage.name}: {info['articles']} articles -> {', '.join(Path(p).name for p in info['paths'])}")
        return {"status": "complete", "seconds": round(time.perf_counter() - started, 3), "ended": now(), **info}
