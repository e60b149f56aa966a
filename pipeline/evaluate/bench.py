"""Translate-stage throughput against the model-card baseline, on NTREX Indonesian sentences (not a test).

    pipeline bench [--sentences N] [--systems pipeline-exact,...] [--models DIR] [--threads N] [--json PATH]

Models: the toy `full` MarianMT pair (toy_models.py: opus-mt-id-en's dimensions, random weights), built once
into the cache folder, or --models DIR. A random model hardly ever emits </s>, so every output runs to its
length limit (max_new_tokens = ratio × input tokens + offset): the same rule for every system, applied per
sentence, so that a sentence's output does not depend on what it is batched with.

Systems, each in a fresh process of its own (so its peak RSS is its own), each with both models (id-en and
en-ja) loaded and the id-en route timed:

- `baseline`: what a user writes from the MarianMT model card with transformers 5 (which has no translation
  pipeline): MarianTokenizer -> generate -> batch_decode over batches of 16 sentences in input order, float32,
  the model's num_beams, and the pipeline's length rule (through generate's logits_processor and
  stopping_criteria, which cost nothing: generate computes finished rows anyway).
- `pipeline-exact`, `-bf16`, `-int8` (torch dynamic), `-ct2` (CTranslate2 int8), `-fast` (what `fast` chose
  here): the real TranslateStage over one record per NTREX document, with a fresh translation cache.

For each system: sentences/s and target tokens/s (outputs counted with the target tokenizer), peak RSS, the
share of sentences whose output equals the baseline's, the speedup over the baseline, and, for the pipeline,
its own overhead (normalization, batching, cache, flags, writing records: everything but the model's generate
calls) as a share of stage time, and a warm-cache rerun against the cold run. One-off work (building the toy
models, converting to CTranslate2, calibrating `fast`) is done first, in its own process, and timed apart.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline.evaluate import ntrex
from pipeline.evaluate.toy_models import build_toy_models
from pipeline.resources import cache_dir
from pipeline.config import load_config
from pipeline.errors import InputError, PipelineError
from pipeline.files import append_jsonl, write_json
from pipeline.records import RecordError
from pipeline.version import __version__

BASELINE = "baseline"
BASELINE_BATCH = 16
#: translate settings of each pipeline system (None for the baseline, which does not use the pipeline).
SYSTEMS: dict[str, dict[str, str] | None] = {
    BASELINE: None,
    "pipeline-exact": {"engine": "torch", "precision": "exact"},
    "pipeline-bf16": {"engine": "torch", "precision": "bf16"},
    "pipeline-int8": {"engine": "torch", "precision": "int8"},
    "pipeline-ct2": {"engine": "ctranslate2", "precision": "int8"},
    "pipeline-fast": {"engine": "auto", "precision": "fast"},
}
#: The targets of issues 3 and 5 on 2 CPU cores.
SPEEDUP_TARGETS = {"pipeline-exact": 1.6, "pipeline-fast": 3.5, "pipeline-ct2": 2.5}
SAME_OUTPUT_TARGET = {"pipeline-exact": 0.99}
RSS_TARGET_MB = {"pipeline-ct2": 1000}
DEFAULT_RSS_TARGET_MB = 2000  # every other pipeline system, with both models loaded
OVERHEAD_TARGET = 0.10
WARM_CACHE_TARGET = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `pipeline bench`."""
    parser.add_argument("--sentences", type=int, default=100, help="the first N NTREX sentences (default: 100)")
    parser.add_argument("--systems", help="comma-separated pipeline systems (default: all of "
                                          f"{', '.join(list(SYSTEMS)[1:])}; the baseline always runs)")
    parser.add_argument("--models", help="folder written by `python -m pipeline.evaluate.toy_models --size full` "
                                         "(default: built once into the cache folder)")
    parser.add_argument("--threads", type=int, help="CPU threads per system (default: the models' pipeline.yaml, "
                                                    "else torch's default)")
    parser.add_argument("--json", help="also write the results here")


def run(args: argparse.Namespace) -> int:
    """What `pipeline bench` does with its parsed options."""
    systems = _systems(args.systems)
    models = Path(args.models) if args.models else toy_full_models()
    config_path = models / "pipeline.yaml"
    if not config_path.is_file():
        raise InputError(f"--models {models}: no pipeline.yaml; build the models with "
                         f"`python -m pipeline.evaluate.toy_models --out {models} --size full`")
    data = ntrex_sentences(args.sentences)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-translate-") as workdir:
        settings = {"config": str(config_path), "threads": args.threads, "workdir": workdir}
        prepared = _in_fresh_process(prepare, settings, [SYSTEMS[name] for name in systems])
        normalize_s = _in_fresh_process(time_normalize, settings, data)
        results = []
        for name in systems:
            try:
                results.append(_in_fresh_process(measure, settings, name, data))
            except PipelineError as error:  # e.g. ctranslate2 not installed: the other systems still run
                results.append({"name": name, "error": str(error)})
    report = summarize(results, data.sources, models, normalize_s, prepared, args, load_before)
    print(format_report(report), flush=True)
    if args.json:
        write_json(Path(args.json), report)
        print(f"results: {args.json}", file=sys.stderr)
    return 0


def _systems(spec: str | None) -> list[str]:
    """The baseline (always: everything is compared with it) and the requested pipeline systems, in table order."""
    if not spec:
        return list(SYSTEMS)
    names = {name.strip() for name in spec.split(",") if name.strip()}
    unknown = sorted(names - set(SYSTEMS))
    if unknown:
        raise PipelineError(f"--systems: unknown {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
    return [name for name in SYSTEMS if name in names or name == BASELINE]


def toy_full_models() -> Path:
    """The toy `full` models in the cache folder, built the first time (about a minute) into a temporary folder."""
    folder = cache_dir() / "toy-full"
    if (folder / "pipeline.yaml").is_file():
        return folder
    print(f"building the toy `full` models once into {folder} (about a minute)", file=sys.stderr, flush=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".toy-full.", dir=folder.parent))
    try:
        build_toy_models(staging, "full")
        os.rename(staging, folder)
    except OSError:
        if not (folder / "pipeline.yaml").is_file():  # unless another bench built it first
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def ntrex_sentences(count: int) -> ntrex.Ntrex:
    """The first `count` Indonesian NTREX sentences, in their documents."""
    data = ntrex.load()
    if not 0 < count <= len(data.sources):
        raise PipelineError(f"--sentences: give 1 to {len(data.sources)} (the NTREX sentences there are), not {count}")
    return data.first(count)


def _in_fresh_process(function: Any, *args: Any) -> Any:
    """`function(*args)` in a new interpreter, so that its memory and loaded models are its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _translate_config(settings: dict[str, Any], system: dict[str, str] | None = None) -> Any:
    config = load_config(settings["config"])
    config.translate.targets = ["en"]
    config.translate.cache = Path(settings["workdir"]) / "translations.sqlite"
    if settings["threads"]:
        config.translate.threads = settings["threads"]
    if system:
        config.translate.engine = system["engine"]
        config.translate.precision = system["precision"]
    return config


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


# --- in the child processes ----------------------------------------------------------------------------------


def prepare(settings: dict[str, Any], systems: list[dict[str, str] | None]) -> dict[str, Any]:
    """One-off work a first run on a machine does: CTranslate2 conversions and the `fast` calibration.

    The calibration is redone (and kept for later runs): one remembered from another time, when the machine was
    busier or its processor another (a virtual machine may move), would make `pipeline-fast` measure a stale choice.
    """
    from pipeline.mt.calibration import load_engine
    from pipeline.mt.plan import resolve_plans
    from pipeline.mt.sources import check_available

    start = time.perf_counter()
    chosen = {}
    for system in [system for system in systems
                   if system and (system["precision"] == "fast" or system["engine"] == "ctranslate2")]:
        config = _translate_config(settings, system)
        for target, route in config.translate.routes.items():
            try:
                engine = load_engine(check_available(route, f"translate.routes.{target}.model"),
                                     resolve_plans(config.translate),
                                     recalibrate=True)  # `fast` as this machine is now, not as it once was
            except PipelineError:
                continue  # the system's own process reports it
            if engine.fast:
                chosen[target] = engine.fast
    return {"seconds": round(time.perf_counter() - start, 1), "fast": chosen}


def time_normalize(settings: dict[str, Any], data: ntrex.Ntrex) -> float:
    """Seconds the normalize stage takes over the same documents (headline as title), setup excluded."""
    from pipeline.stages.normalize import NormalizeStage

    stage = NormalizeStage(load_config(settings["config"]))
    stage.setup()
    articles = data.articles()
    start = time.perf_counter()
    stage.process(articles)
    return time.perf_counter() - start


def measure(settings: dict[str, Any], name: str, data: ntrex.Ntrex) -> dict[str, Any]:
    """One system's outputs and timings, in this (fresh) process; both models are loaded."""
    result = baseline(settings, data.sources) if SYSTEMS[name] is None else pipeline(settings, name, data)
    return {"name": name, **result, "peak_rss_mb": _peak_rss_mb()}


def baseline(settings: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    """The model-card recipe: tokenizer -> generate -> batch_decode, batches of 16 in input order, float32."""
    import torch
    from transformers import MarianMTModel

    from pipeline.mt.base import load_tokenizer, new_token_limit, quiet_loading
    from pipeline.mt.torch_engine import per_sentence_limits

    options = _translate_config(settings).translate
    if options.threads:
        torch.set_num_threads(options.threads)
    loaded = {}
    for target, route in options.routes.items():
        with quiet_loading():  # MarianTokenizer and MarianMTModel, less the progress bars and warnings
            loaded[target] = (load_tokenizer(Path(route.model)), MarianMTModel.from_pretrained(route.model))
    tokenizer, model = loaded["en"]
    model.generation_config.max_length = None  # max_new_tokens decides; this only silences generate's warning
    num_beams = options.num_beams or model.generation_config.num_beams

    def translate(batch: list[str]) -> list[str]:
        inputs = tokenizer(batch, return_tensors="pt", padding=True)
        limits = [new_token_limit(length, options, model.config.max_position_embeddings)
                  for length in inputs["attention_mask"].sum(dim=1).tolist()]
        with torch.inference_mode():
            generated = model.generate(**inputs, num_beams=num_beams,
                                       **per_sentence_limits(limits, model.generation_config.forced_eos_token_id))
        return tokenizer.batch_decode(generated, skip_special_tokens=True)

    translate(lines[:1])  # warm-up: the first call allocates
    start = time.perf_counter()
    outputs = [output for first in range(0, len(lines), BASELINE_BATCH)
               for output in translate(lines[first:first + BASELINE_BATCH])]
    return {"outputs": outputs, "seconds": time.perf_counter() - start, "engine": {"engine": "transformers",
            "dtype": "float32", "num_beams": num_beams, "batch": BASELINE_BATCH, "order": "input"}}


def pipeline(settings: dict[str, Any], name: str, data: ntrex.Ntrex) -> dict[str, Any]:
    """The translate stage over one record per document: a cold run (fresh cache), then a warm rerun."""
    from pipeline.mt.calibration import load_engine
    from pipeline.mt.sources import check_available
    from pipeline.stages.translate import TranslateStage

    config = _translate_config(settings, SYSTEMS[name])
    config.translate.cache = Path(settings["workdir"]) / f"{name}.sqlite"
    stage = TranslateStage(config)
    stage.setup()
    # The ja route is not timed (it would translate the English output), but loaded: a run holds both models.
    pivot = config.translate.routes["ja"]
    held = load_engine(check_available(pivot, "translate.routes.ja.model"), stage.plans)
    engine = stage.routes["en"].engine
    engine.translate(data.sources[:1])  # warm-up: the first call allocates
    records = [{"id": document_id, "origin": f"ntrex:{document_id}", "flags": [],
                "sentences": [{"mt_input": line} for line in document_lines]}
               for document_id, document_lines in data.document_lines()]
    records_file = Path(settings["workdir"]) / f"{name}.jsonl"

    model_before = engine.generate_seconds
    start = time.perf_counter()
    translated = stage.process(records)
    append_jsonl(records_file, [record for record in translated if not isinstance(record, RecordError)])
    cold = time.perf_counter() - start
    model = engine.generate_seconds - model_before
    start = time.perf_counter()
    stage.process(records)
    warm = time.perf_counter() - start

    errors = [record.message for record in translated if isinstance(record, RecordError)]
    if errors:
        raise PipelineError(f"{name}: the translate stage refused records: {errors[0]}")
    outputs = [text for record in translated for text in record["translations"]["en"]]
    return {"outputs": outputs, "seconds": cold, "model_seconds": model, "warm_seconds": warm,
            "engine": stage.describe()["models"]["translate.en"], "pivot_loaded": held.describe()["engine"]}


# --- the report ------------------------------------------------------------------------------------------------


def summarize(results: list[dict[str, Any]], lines: list[str], models: Path, normalize_s: float,
              prepared: dict[str, Any], args: argparse.Namespace, load_before: tuple[float, ...]) -> dict[str, Any]:
    """The JSON report: one entry per system, targets, and what was measured where."""
    from pipeline.mt.base import load_tokenizer
    from pipeline.mt.plan import cpu_info
    from pipeline.run.manifest import Signature, package_versions

    tokenizer = load_tokenizer(models / "id-en")
    reference = next(result for result in results if result["name"] == BASELINE)
    systems = []
    for result in results:
        if "error" in result:
            systems.append(result)
            continue
        outputs, seconds = result["outputs"], result["seconds"]
        target_tokens = sum(len(ids) - 1 for ids in tokenizer(text_target=outputs, verbose=False)["input_ids"])  # less </s>
        entry = {"name": result["name"], "sentences_per_s": round(len(lines) / seconds, 3),
                 "target_tokens_per_s": round(target_tokens / seconds, 1), "peak_rss_mb": result["peak_rss_mb"],
                 "same_as_baseline": round(sum(a == b for a, b in zip(outputs, reference["outputs"])) / len(lines), 4),
                 "speedup": round(reference["seconds"] / seconds, 2), "seconds": round(seconds, 2),
                 "engine": result["engine"]}
        if "model_seconds" in result:
            stage_s = seconds + normalize_s
            entry.update({"overhead_share": round((stage_s - result["model_seconds"]) / stage_s, 4),
                          "model_seconds": round(result["model_seconds"], 2),
                          "warm_cache_seconds": round(result["warm_seconds"], 4),
                          "warm_cache_speedup": round(seconds / result["warm_seconds"], 1)})
        systems.append(entry)
    return {
        "systems": systems,
        "signature": Signature("bench-translate", {
            "models": f"{models.name}@{_revision(models)}", "sentences": len(lines),
            "beams": reference["engine"]["num_beams"], "threads": args.threads or "default",
            "pipeline": __version__}).format(),
        "machine": {**cpu_info(), "python": platform.python_version(), "packages": package_versions(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "setup": {"normalize_seconds": round(normalize_s, 3), "one_off_seconds": prepared["seconds"],
                  "fast_choice": prepared["fast"], "models": str(models),
                  "loaded": "id-en and en-ja in every system's process; the id-en route is timed"},
        "targets": targets(systems),
    }


def _revision(models: Path) -> str:
    from pipeline.resources import folder_hash

    return folder_hash(models / "id-en").removeprefix("sha256:")[:8]


def targets(systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target of issues 3 and 5 that this run measured: what it asks, what was measured, and whether met."""
    found = {system["name"]: system for system in systems if "error" not in system}
    checks = []

    def check(what: str, measured: float, met: bool) -> None:
        checks.append({"target": what, "measured": measured, "met": met})

    for name, ratio in SPEEDUP_TARGETS.items():
        if name in found:
            check(f"{name} >= {ratio}x baseline", found[name]["speedup"], found[name]["speedup"] >= ratio)
    for name, share in SAME_OUTPUT_TARGET.items():
        if name in found:
            check(f"{name} same output as baseline >= {share:.0%}", found[name]["same_as_baseline"],
                  found[name]["same_as_baseline"] >= share)
    for name, system in found.items():
        if name == BASELINE:
            continue
        limit = RSS_TARGET_MB.get(name, DEFAULT_RSS_TARGET_MB)
        check(f"{name} peak RSS < {limit} MB", system["peak_rss_mb"], system["peak_rss_mb"] < limit)
        check(f"{name} overhead <= {OVERHEAD_TARGET:.0%} of stage time", system["overhead_share"],
              system["overhead_share"] <= OVERHEAD_TARGET)
        check(f"{name} warm-cache rerun >= {WARM_CACHE_TARGET}x cold", system["warm_cache_speedup"],
              system["warm_cache_speedup"] >= WARM_CACHE_TARGET)
    return checks


def format_report(report: dict[str, Any]) -> str:
    rows = [f"{'system':<34}{'sent/s':>8}{'tgt tok/s':>11}{'peak RSS MB':>13}{'same as base':>14}{'speedup':>9}"
            f"{'overhead':>10}{'warm cache':>12}"]
    for system in report["systems"]:
        if "error" in system:
            rows.append(f"{system['name']:<34}skipped: {system['error']}")
            continue
        engine = system["engine"]
        label = system["name"]
        if label != BASELINE:
            label += f" ({engine['engine']}/{engine['dtype']})"
        extra = (f"{system['overhead_share']:>10.1%}{system['warm_cache_speedup']:>11.0f}x"
                 if "overhead_share" in system else "")
        rows.append(f"{label:<34}{system['sentences_per_s']:>8.2f}{system['target_tokens_per_s']:>11.1f}"
                    f"{system['peak_rss_mb']:>13.0f}{system['same_as_baseline']:>14.1%}{system['speedup']:>8.2f}x"
                    f"{extra}")
    machine, setup = report["machine"], report["setup"]
    rows += [
        "",
        f"overhead: the stage's time outside the model's generate calls, plus normalizing the same documents "
        f"({setup['normalize_seconds']:.2f} s), as a share of both; warm cache: cold stage time / rerun time",
        f"loaded: {setup['loaded']}; one-off conversion and `fast` calibration: {setup['one_off_seconds']} s",
        f"machine: {machine['model']}, {machine['cores']} cores (native bf16: {machine['native_bf16']}), load "
        f"average {machine['load_average_before'][0]} before, {machine['load_average_after'][0]} after "
        "(a shared machine makes every figure noisy)",
        f"signature: {report['signature']}",
        "targets:",
        *[f"  {'met    ' if check['met'] else 'NOT met'}  {check['target']} (measured {check['measured']})"
          for check in report["targets"]],
    ]
    return "\n".join(rows)

