"""Runs the stages' batches on a Ray cluster with Ray Data, for volumes one machine cannot take.

The runner keeps everything that makes a run a run (resume, input order, error files, manifest); this
executor only changes where batches execute. Normalize and summarize run as Ray tasks on CPUs; translate runs on a
fixed pool of actors, each loading the models once (on its own GPU where the cluster has GPUs). Every worker
builds its stage from the run's config with `build_stage` and calls it through `process_batch`, the function
the local executor calls, so there is one copy of the stage code.

Each runner batch travels as one Ray Data row holding the batch as JSON, and comes back as one row. JSON,
because records are nested and differ in shape from article to article, which Arrow schema inference across
blocks does not survive. Whole batches, because translate pools and deduplicates the sentences of a batch
before generating them, so keeping the local executor's batches is what keeps the records identical to its.

An actor that dies (a node lost, an out-of-memory kill) is restarted and its unfinished batch retried, by Ray
Data's defaults for actor pools (max_restarts=-1, max_task_retries=-1; Ray 2.60 deprecates passing them, so
the executor leaves them be). Ray Data hands on a batch's output only once, so nothing is lost or doubled. A
`PipelineError` raised in a worker (a model folder missing on one node, say) reaches the driver as the same
error, as it would locally.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline import errors
from pipeline.config import PipelineConfig, RayConfig
from pipeline.errors import ConfigError, PipelineError
from pipeline.records import RecordError
from pipeline.run.executors import process_batch
from pipeline.stages import build_stage
from pipeline.stages.base import Stage

#: Stages that hold a model and so run on actors; the others run as tasks.
ACTOR_STAGES = ("translate",)
BATCH_COLUMN = "batch"
RESULT_COLUMN = "result"


class RayExecutor:
    """The `Executor` of `pipeline run --executor ray`: one Ray Data pipeline per stage."""

    name = "ray"

    def __init__(self, settings: RayConfig):
        self.settings = settings
        #: Per stage, per worker process ("node:pid"), what that worker did and its stage's describe().
        self.workers: dict[str, dict[str, dict[str, Any]]] = {}

    def _connect(self):
        """Join the configured cluster, $RAY_ADDRESS, or a Ray started here; once, and not if already joined."""
        try:
            import ray
        except ImportError:
            raise ConfigError("--executor ray needs Ray: pip install 'delegation-pipeline[ray]'") from None
        if not ray.is_initialized():
            ray.init(address=self.settings.address, include_dashboard=False, configure_logging=False)
        return ray

    def prepare(self, stage: Stage) -> None:
        """Nothing on the driver: the workers load the stage's models, where the work runs."""

    def describe(self) -> dict[str, Any]:
        ray = self._connect()
        nodes = [node for node in ray.nodes() if node.get("Alive")]
        return {"name": self.name, "ray": ray.__version__, "address": ray.get_runtime_context().gcs_address,
                "nodes": len(nodes), "cluster_resources": _plain_resources(ray.cluster_resources()),
                "translate_actors": self.settings.translate_actors,
                "num_cpus_per_actor": self.settings.num_cpus_per_actor,
                "num_gpus_per_actor": self._gpus_per_actor()}

    def stage_details(self, stage: Stage) -> dict[str, Any]:
        """What each worker's copy of `stage` did: the driver's copy never runs a batch, so its describe() is
        empty of models and counts. One entry per worker process; a restarted actor is a new entry."""
        return {"workers": list(self.workers.get(stage.name, {}).values())}

    def _gpus_per_actor(self) -> float:
        if self.settings.num_gpus_per_actor is not None:
            return self.settings.num_gpus_per_actor
        return 1.0 if self._connect().cluster_resources().get("GPU", 0) > 0 else 0.0

    def map(self, stage: Stage, batches: Iterable[list[dict[str, Any]]]
            ) -> Iterator[tuple[list[dict[str, Any]], list[RecordError]]]:
        ray = self._connect()
        rows = [{BATCH_COLUMN: json.dumps(batch, ensure_ascii=False)} for batch in batches]
        if not rows:
            return
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the runner shows progress; two bars on one terminal garble it
        stage_args = {"stage_name": stage.name, "config_json": stage.config.model_dump_json(),
                      "run_id": uuid.uuid4().hex}
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        if stage.name in ACTOR_STAGES:
            dataset = dataset.map_batches(
                StageActor, batch_size=1, fn_constructor_kwargs=stage_args,
                compute=ray.data.ActorPoolStrategy(size=self.settings.translate_actors),
                num_cpus=self.settings.num_cpus_per_actor, num_gpus=self._gpus_per_actor())
        else:
            dataset = dataset.map_batches(run_task, batch_size=1, fn_kwargs=stage_args)
        seen = self.workers.setdefault(stage.name, {})
        for row in dataset.iter_rows():
            result = json.loads(row[RESULT_COLUMN])
            if "failure" in result:
                raise _pipeline_error(result["failure"])
            worker = result["worker"]
            key = f"{worker['node']}:{worker['pid']}"
            entry = seen.setdefault(key, {"node": worker["node"], "pid": worker["pid"], "batches": 0})
            entry["batches"] += 1
            entry["describe"] = worker["describe"]
            yield result["records"], [RecordError(**error) for error in result["errors"]]


class StageActor:
    """What Ray Data runs on each actor of the translate pool: the same per-process stage as a task's."""

    def __init__(self, stage_name: str, config_json: str, run_id: str):
        self.stage_args = (stage_name, config_json, run_id)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        return run_task(batch, *self.stage_args)


def run_task(batch: dict[str, Any], stage_name: str, config_json: str, run_id: str) -> dict[str, list[str]]:
    """One result row per runner batch: its records and errors, or the PipelineError that stopped the worker."""
    results = []
    for encoded in batch[BATCH_COLUMN]:
        try:
            stage = _worker_stage(stage_name, config_json, run_id)
            records, record_errors = process_batch(stage, json.loads(encoded))
        except PipelineError as error:
            results.append({"failure": {"type": type(error).__name__, "message": str(error)}})
            continue
        results.append({"records": records, "errors": [error.to_json() for error in record_errors],
                        "worker": {"node": _node_id(), "pid": os.getpid(), "describe": stage.describe()}})
    return {RESULT_COLUMN: [json.dumps(result, ensure_ascii=False, default=str) for result in results]}


@functools.lru_cache(maxsize=2)
def _worker_stage(stage_name: str, config_json: str, run_id: str) -> Stage:
    """The stage, set up once per run and worker process (Ray reuses task processes; an actor is one).

    Set up on the first batch rather than when an actor is built, because Ray Data runs an actor's batches on
    another thread than its constructor, and the translation cache's SQLite connection belongs to one thread.
    """
    stage = build_stage(stage_name, PipelineConfig.model_validate_json(config_json))
    stage.setup()
    return stage


def _node_id() -> str:
    import ray

    return ray.get_runtime_context().get_node_id()


def _pipeline_error(failure: dict[str, str]) -> PipelineError:
    error_type = getattr(errors, failure["type"], None)
    if not (isinstance(error_type, type) and issubclass(error_type, PipelineError)):
        error_type = PipelineError
    return error_type(failure["message"])


def _plain_resources(resources: dict[str, float]) -> dict[str, float]:
    """CPU, GPU and memory totals; Ray's per-node bookkeeping entries ("node:10.0.0.1") say nothing more."""
    return {name: value for name, value in sorted(resources.items()) if not name.startswith("node:")}
