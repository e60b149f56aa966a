"""The Ray executor: the local executor's records, record for record; resumable; nothing lost or doubled when a
translation actor is killed mid-run; each worker's models and counts in the manifest.

One local Ray cluster (2 CPUs) serves the module. The runs use the first DOCUMENTS NTREX documents, not all
123: random-weight toy models generate to the length limit, and the full set takes minutes on 2 cores.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import yaml

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.evaluate import ntrex
from pipeline.files import read_jsonl
from pipeline.run.ray import RayExecutor, StageActor
from pipeline.stages import build_stage

ray = pytest.importorskip("ray")

DOCUMENTS = 6
RECORD_FILES = ("normalize.jsonl", "translate.jsonl", "summarize.jsonl", "errors.jsonl")


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024 * 1024)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """NTREX documents and one article normalize must reject, so the error path runs on Ray too."""
    path = tmp_path_factory.mktemp("input") / "ntrex.jsonl"
    rows = ntrex.articles()[:DOCUMENTS] + [{"id": "empty", "title": "Judul", "text": ""}]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write_config(folder: Path, toy_models: Path, **ray_settings) -> Path:
    """The toy models, with a translation cache of the folder's own, at settings that keep 2 cores quick."""
    folder.mkdir(parents=True, exist_ok=True)
    toy = yaml.safe_load((toy_models / "pipeline.yaml").read_text(encoding="utf-8"))
    routes = {lang: {**route, "model": str(toy_models / route["model"])}
              for lang, route in toy["translate"]["routes"].items()}
    config = {"translate": {"routes": routes, "cache": str(folder / "translations.sqlite"), "threads": 1,
                            "num_beams": 1, "max_new_tokens_ratio": 0.5, "max_new_tokens_offset": 4},
              "run": {"batch_articles": 2}, "ray": ray_settings}
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def run_cli(config: Path, articles: Path, out: Path, *executor: str) -> dict:
    assert main(["run", str(articles), "--config", str(config), "--out", str(out), "--quiet",
                 "--stages", "normalize,translate,summarize", *executor]) == 0
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def local_run(articles, toy_models, tmp_path_factory) -> Path:
    import torch

    threads = torch.get_num_threads()  # translate.threads sets it for the whole process; restore it after
    folder = tmp_path_factory.mktemp("local")
    try:
        run_cli(write_config(folder, toy_models), articles, folder / "run")
    finally:
        torch.set_num_threads(threads)
    return folder / "run"


def test_ray_run_writes_the_local_executors_records_and_resumes(cluster, articles, toy_models, local_run,
                                                                 tmp_path):
    config = write_config(tmp_path, toy_models, translate_actors=2)
    out = tmp_path / "run"
    manifest = run_cli(config, articles, out, "--executor", "ray")

    for name in RECORD_FILES:
        assert list(read_jsonl(out / name)) == list(read_jsonl(local_run / name)), name
    assert [e["id"] for e in read_jsonl(out / "errors.jsonl")] == ["empty"]
    translate = manifest["stages"]["translate"]
    assert translate["counts"]["ok"] == DOCUMENTS
    executor = manifest["executor"]
    assert executor["name"] == "ray" and executor["address"] and executor["cluster_resources"]["CPU"] == 2
    assert executor["translate_actors"] == 2 and executor["num_gpus_per_actor"] == 0
    # Each translation actor's own describe(): the models it loaded, at the revisions the run names.
    workers = translate["workers"]
    assert workers and sum(worker["batches"] for worker in workers) == DOCUMENTS // 2
    for worker in workers:
        models = worker["describe"]["models"]
        assert {lang: model["revision"] for lang, model in models.items()} == {
            lang: model["revision"] for lang, model in manifest["models"].items()}
        assert all(model["engine"] for model in models.values())  # a loaded engine, which the driver never has
        assert sum(worker["describe"]["sentences_generated"].values()) > 0

    again = run_cli(config, articles, out, "--executor", "ray")
    for name in ("normalize", "translate", "summarize"):
        assert again["stages"][name]["counts"]["reused"] == again["stages"][name]["counts"]["articles"]
        assert again["stages"][name]["counts"]["processed"] == 0
    for name in RECORD_FILES:
        assert list(read_jsonl(out / name)) == list(read_jsonl(local_run / name)), name


def translation_actor_pids() -> set[int]:
    """Processes of translation actors: Ray titles an actor's process after its class."""
    title = f"MapBatches({StageActor.__name__})"
    return {process.pid for process in psutil.process_iter(["cmdline"])
            if title in " ".join(process.info["cmdline"] or [])}


def kill_translation_actor(killed: list[int], earlier: set[int]) -> None:
    """SIGKILL the first translation actor to appear, as an out-of-memory kill would."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not killed:
        for pid in translation_actor_pids() - earlier:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            break
        time.sleep(0.05)


def test_killed_translation_actor_is_restarted_and_every_record_comes_out_once(cluster, toy_models, local_run,
                                                                                tmp_path):
    config = load_config(write_config(tmp_path, toy_models, translate_actors=1))
    stage = build_stage("translate", config)
    stage.check()
    executor = RayExecutor(config.ray)
    normalized = list(read_jsonl(local_run / "normalize.jsonl"))
    size = config.run.batch_articles  # the local run's batches: a translation depends on its batch's company
    batches = [normalized[start:start + size] for start in range(0, len(normalized), size)]
    killed: list[int] = []
    killer = threading.Thread(target=kill_translation_actor, args=(killed, translation_actor_pids()))
    killer.start()
    outputs = list(executor.map(stage, batches))  # the only actor dies while its first batch is in flight
    killer.join()

    assert killed, "no translation actor process was found to kill"
    records = [record for batch, errors in outputs for record in batch]
    assert sorted(r["id"] for r in records) == sorted(r["id"] for r in normalized)  # each exactly once
    assert not any(errors for _, errors in outputs)
    assert {r["id"]: r for r in records} == {r["id"]: r for r in read_jsonl(local_run / "translate.jsonl")}
    restarted = [w for w in executor.workers["translate"].values() if w["pid"] != killed[0]]
    assert restarted, "the batches were not taken over by a restarted actor"


def test_a_model_missing_on_the_workers_node_stops_the_run_with_the_pipeline_error(cluster, toy_models, tmp_path):
    moved = shutil.copytree(toy_models, tmp_path / "models")
    config = load_config(write_config(tmp_path, moved))
    stage = build_stage("translate", config)
    stage.check()  # on the driver the model is there ...
    shutil.rmtree(moved / "en-ja")  # ... and on the worker's node it is not
    batch = [{"id": "a", "sentences": [{"text": "Halo.", "mt_input": "Halo.", "kind": "body", "paragraph": 0}]}]
    with pytest.raises(ModelUnavailableError, match="en-ja"):
        list(RayExecutor(config.ray).map(stage, [batch]))


def test_without_ray_installed_the_ray_executor_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where the extra is not installed
    with pytest.raises(ConfigError, match=r"pip install 'delegation-pipeline\[ray\]'"):
        RayExecutor(load_config(None).ray).describe()


def test_ray_address_without_the_ray_executor_is_refused(articles, tmp_path, capsys):
    assert main(["run", str(articles), "--out", str(tmp_path / "run"), "--ray-address", "auto"]) == 2
    assert "--ray-address needs --executor ray" in capsys.readouterr().err
