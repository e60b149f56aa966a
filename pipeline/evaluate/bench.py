"""Translate-stage throughput against the model-card baseline, on NTREX Indonesian sentences (not a test).

    pipeline bench [--toy echo|random] [--sentences N] [--rounds R] [--systems pipeline-exact,...]
                   [--models DIR] [--threads N] [--json PATH]

Models: a toy MarianMT pair (toy_models.py) with opus-mt-id-en's dimensions, built once into the cache folder, or
--models DIR. `echo` (the default) gives back its input and stops with </s>, as a real model stops after about as
many tokens as it read, so output lengths, padding and int8 rounding behave as with real weights; its folders
carry a vocabulary map (ct2_engine.write_vocabulary_map) made from NTREX lines the bench does not translate.
`random` has random weights: it never emits </s>, so every output runs to its length limit (ratio × input tokens
+ offset), which flatters length sorting, and its near-uniform scores tie, so int8 and bf16 change many outputs.

Systems, each in a process of its own (its peak RSS is its own) holding both models (id-en and en-ja), the id-en
route timed:

- `baseline`: what a user writes from the MarianMT model card with transformers 5 (which has no translation
  pipeline): MarianTokenizer -> generate -> batch_decode over batches of 16 sentences in input order, float32,
  the model's num_beams, and the pipeline's length rule (through generate's logits_processor and
  stopping_criteria, which cost nothing: generate computes finished rows anyway).
- `pipeline-exact`, `-bf16`, `-int8` (torch dynamic), `-ct2` (CTranslate2 int8), `-fast` (what `fast` chose
  here): the real TranslateStage over one record per NTREX document, with a fresh translation cache each round.

Every system translates the same sentences in each of R rounds (3 by default), the systems taking turns within a
round, so that a burst of load from another process falls on one round of every system rather than on every
round of one. The table gives the median and the range over rounds of sentences/s and of the ratio to the
baseline's time in the same round. One-off costs are a column of their own, never in the rates: loading the
models (process start included), converting to CTranslate2 and calibrating `fast`, both done afresh in a
temporary cache folder before the rounds, as on a machine's first run.

For each system also: the share of sentences whose output equals the baseline's, peak RSS, target tokens/s and,
for the pipeline, its own overhead (normalization, batching, cache, flags, writing records: all but the model's
generate calls) as a share of stage time and a warm-cache rerun against the cold run (last round).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, PipelineError
from pipeline.evaluate import ntrex
from pipeline.evaluate.bench_report import BASELINE, format_report, summarize
from pipeline.files import write_json
from pipeline.resources import cache_dir

BASELINE_BATCH = 16
#: translate settings of each pipeline system (None for the baseline, which does not use the pipeline).
SYSTEMS: dict[str, dict[str, Any] | None] = {
    BASELINE: None,
    "pipeline-exact": {"engine": "torch", "precision": "exact"},
    "pipeline-bf16": {"engine": "torch", "precision": "bf16"},
    "pipeline-int8": {"engine": "torch", "precision": "int8"},
    "pipeline-ct2": {"engine": "ctranslate2", "precision": "int8"},
    "pipeline-ct2-nomap": {"engine": "ctranslate2", "precision": "int8", "vocabulary_map": False},
    "pipeline-fast": {"engine": "auto", "precision": "fast"},
}
#: Toys `--toy` builds: the toy_models size each is, and whether its folders get a vocabulary map.
TOYS = {"echo": "echo", "random": "full"}
#: The NTREX lines (Indonesian and English) the echo toy's vocabulary maps are made from: none of the first
#: VMAP_FIRST_LINE, which a bench of up to that many sentences translates.
VMAP_FIRST_LINE = 1000
ROUNDS = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `pipeline bench`."""
    parser.add_argument("--toy", choices=TOYS, default="echo",
                        help="echo: gives back its input and stops, as real models stop (default); random: random "
                             "weights, every output runs to its length limit")
    parser.add_argument("--sentences", type=int, default=100, help="the first N NTREX sentences (default: 100)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"rounds per system (default: {ROUNDS})")
    parser.add_argument("--systems", help="comma-separated pipeline systems (default: all of "
                                          f"{', '.join(list(SYSTEMS)[1:])}; the baseline always runs)")
    parser.add_argument("--models", help="a folder with id-en, en-ja and pipeline.yaml, as `python -m "
                                         "pipeline.evaluate.toy_models` writes (default: the --toy, built once "
                                         "into the cache folder)")
    parser.add_argument("--threads", type=int, help="CPU threads per system (default: the models' pipeline.yaml, "
                                                    "else all cores)")
    parser.add_argument("--json", help="also write the results here")


def run(args: argparse.Namespace) -> int:
    """What `pipeline bench` does with its parsed options."""
    started = time.perf_counter()
    systems = _systems(args.systems)
    if args.rounds < 1:
        raise PipelineError(f"--rounds: give 1 or more, not {args.rounds}")
    models, toy = (Path(args.models), f"folder:{Path(args.models).name}") if args.models else (toy_models(args.toy),
                                                                                                args.toy)
    config_path = models / "pipeline.yaml"
    if not config_path.is_file():
        raise InputError(f"--models {models}: no pipeline.yaml; build the models with "
                         f"`python -m pipeline.evaluate.toy_models --out {models} --size echo`")
    data = ntrex_sentences(args.sentences)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-translate-") as workdir:
        settings = {"config": str(config_path), "threads": args.threads, "workdir": workdir,
                    "cache": str(Path(workdir) / "cache" / "translations.sqlite")}
        normalize_s = _in_fresh_process(time_normalize, settings, data)
        results = {name: {"name": name, "rounds": []} for name in systems}
        for name in systems:  # one-off work first, each system's in a process of its own
            system = SYSTEMS[name]
            if system is not None and (system["engine"] == "ctranslate2" or system["precision"] == "fast"):
                try:
                    results[name].update(_in_fresh_process(prepare, settings, SYSTEMS[name]))
                except PipelineError as error:
                    results[name]["error"] = str(error)
        workers = {name: Worker(settings, name, data) for name in systems if "error" not in results[name]}
        try:
            for name, worker in workers.items():  # started one at a time: each one's loading is timed alone
                started_worker = worker.start()
                started_worker["one_off"] = {**results[name].get("one_off", {}), **started_worker.get("one_off", {})}
                results[name].update(started_worker)
            for number in range(args.rounds):
                for name, worker in workers.items():
                    if "error" not in results[name]:
                        results[name]["rounds"].append(worker.ask(("round", number == args.rounds - 1)))
                        results[name].update({key: value for key, value in results[name]["rounds"][-1].items()
                                              if key == "error"})
                rates = ", ".join(f"{name} {len(data.sources) / results[name]['rounds'][-1]['seconds']:.2f}"
                                  for name in workers if "seconds" in (results[name]["rounds"] or [{}])[-1])
                print(f"round {number + 1}/{args.rounds}, sentences/s: {rates}", file=sys.stderr, flush=True)
            for name, worker in workers.items():
                results[name].update(worker.ask(("finish",)))
        finally:
            for worker in workers.values():
                worker.stop()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = summarize(list(results.values()), data, models, toy, normalize_s, args, load_before,
                       {"wall_seconds": round(time.perf_counter() - started, 1),
                        "cpu_seconds_children": round(cpu.ru_utime + cpu.ru_stime, 1)})
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


def toy_models(toy: str) -> Path:
    """The toy's models in the cache folder, built the first time (about a minute) into a temporary folder."""
    from pipeline.evaluate.toy_models import build_toy_models

    folder = cache_dir() / f"toy-{TOYS[toy]}"
    if (folder / "pipeline.yaml").is_file():
        return folder
    print(f"building the {toy} toy models once into {folder} (a minute or two)", file=sys.stderr, flush=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".toy-{TOYS[toy]}.", dir=folder.parent))
    try:
        build_toy_models(staging, TOYS[toy])
        if toy == "echo":
            for route in ("id-en", "en-ja"):
                echo_vocabulary_map(staging / route)
        os.rename(staging, folder)
    except OSError:
        if not (folder / "pipeline.yaml").is_file():  # unless another bench built it first
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def echo_vocabulary_map(folder: Path) -> Path:
    """An echo toy's vocabulary map, made as for a real model from its training text, which for a model that copies
    is each line paired with itself: NTREX Indonesian and English lines from VMAP_FIRST_LINE + 1 on."""
    from pipeline.mt.ct2_engine import write_vocabulary_map

    lines = [line for lang in ("id", "en") for line in ntrex.read_lines(lang)[VMAP_FIRST_LINE:]]
    return write_vocabulary_map(folder, lines, lines, f"NTREX-128 id+en lines {VMAP_FIRST_LINE + 1}-end, each line "
                                                      "paired with itself (the echo toy copies)")


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


class Worker:
    """One system in a process of its own for the whole bench: it loads the models once, then runs each round."""

    def __init__(self, settings: dict[str, Any], name: str, data: ntrex.Ntrex):
        context = get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings, name, data), daemon=True)

    def start(self) -> dict[str, Any]:
        self.process.start()
        return self._receive()

    def ask(self, command: tuple[Any, ...]) -> dict[str, Any]:
        self.connection.send(command)
        return self._receive()

    def _receive(self) -> dict[str, Any]:
        try:
            return self.connection.recv()
        except EOFError:  # the process died (out of memory, killed)
            return {"error": f"the system's process ended (exit code {self.process.exitcode})"}

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.connection.send(("stop",))
            except OSError:  # its end of the pipe is gone
                pass
            self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()


# --- in the child processes ----------------------------------------------------------------------------------


def _use_bench_cache(settings: dict[str, Any]) -> None:
    """Conversions and calibrations of this bench in its temporary folder: made afresh, and timed, every run."""
    os.environ["PIPELINE_CACHE"] = settings["cache"]


def _translate_config(settings: dict[str, Any], system: dict[str, str] | None = None, cache: str = "") -> Any:
    from pipeline.config import load_config

    config = load_config(settings["config"])
    config.translate.targets = ["en"]
    config.translate.cache = Path(settings["workdir"]) / (cache or "translations.sqlite")
    if settings["threads"]:
        config.translate.threads = settings["threads"]
    for key, value in (system or {}).items():
        setattr(config.translate, key, value)
    return config


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux's VmHWM where there is one: ru_maxrss carries over the parent's RSS at the
    fork that spawned the process, and would give a small system the bench's (or pytest's) size."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def prepare(settings: dict[str, Any], system: dict[str, str]) -> dict[str, Any]:
    """A system's one-off work on a machine's first run: CTranslate2 conversions, or the `fast` calibration (which
    converts what ctranslate2's system has not). Seconds, and what `fast` chose per route."""
    from pipeline.mt.calibration import load_engine
    from pipeline.mt.ct2_engine import converted_model, vocabulary_map
    from pipeline.mt.plan import resolve_plans
    from pipeline.mt.sources import check_available

    _use_bench_cache(settings)
    config = _translate_config(settings, system)
    plans = resolve_plans(config.translate)
    start = time.perf_counter()
    done: dict[str, Any] = {}
    for target, route in config.translate.routes.items():
        source = check_available(route, f"translate.routes.{target}.model")
        if plans[0].fast:
            done.setdefault("fast", {})[target] = load_engine(source, plans, recalibrate=True).fast
        elif plans[0].backend == "ctranslate2":
            converted_model(source, plans[0].dtype, vocabulary_map(source, plans[0]))
    step = "calibrate" if plans[0].fast else "convert"
    return {"one_off": {step: round(time.perf_counter() - start, 1)}, **done}


def time_normalize(settings: dict[str, Any], data: ntrex.Ntrex) -> float:
    """Seconds the normalize stage takes over the same documents (headline as title), setup excluded."""
    from pipeline.config import load_config
    from pipeline.stages.normalize import NormalizeStage

    stage = NormalizeStage(load_config(settings["config"]))
    stage.setup()
    articles = data.articles()
    start = time.perf_counter()
    stage.process(articles)
    return time.perf_counter() - start


def _serve(connection: Any, settings: dict[str, Any], name: str, data: ntrex.Ntrex) -> None:
    """A worker's loop: load (timed), then answer ("round", warm) and ("finish",) until ("stop",)."""
    start = time.perf_counter()
    try:
        _use_bench_cache(settings)
        system = Baseline(settings, data) if SYSTEMS[name] is None else PipelineSystem(settings, name, data)
        connection.send({"one_off": {"load": round(time.perf_counter() - start, 1)}, "engine": system.engine})
        while True:
            command = connection.recv()
            if command[0] == "round":
                connection.send(system.round(warm=command[1]))
            elif command[0] == "finish":
                connection.send({"peak_rss_mb": _peak_rss_mb()})
            else:
                return
    except (PipelineError, OSError, RuntimeError, ValueError, ImportError) as error:
        connection.send({"error": f"{type(error).__name__}: {error}" if not isinstance(error, PipelineError)
                         else str(error)})


class Baseline:
    """The model-card recipe: tokenizer -> generate -> batch_decode, batches of 16 in input order, float32."""

    def __init__(self, settings: dict[str, Any], data: ntrex.Ntrex):
        import torch
        from transformers import MarianMTModel

        from pipeline.mt.base import load_tokenizer, quiet_loading

        self.options = _translate_config(settings).translate
        if self.options.threads:
            torch.set_num_threads(self.options.threads)
        loaded = {}
        for target, route in self.options.routes.items():
            with quiet_loading():  # MarianTokenizer and MarianMTModel, less the progress bars and warnings
                loaded[target] = (load_tokenizer(Path(route.model)), MarianMTModel.from_pretrained(route.model))
        self.tokenizer, self.model = loaded["en"]
        self.model.generation_config.max_length = None  # max_new_tokens decides; this only silences a warning
        self.num_beams = self.options.num_beams or self.model.generation_config.num_beams
        self.lines = data.sources
        self.engine = {"engine": "transformers", "dtype": "float32", "num_beams": self.num_beams,
                       "batch": BASELINE_BATCH, "order": "input"}
        self._translate(self.lines[:1])  # warm-up: the first call allocates

    def _translate(self, batch: list[str]) -> list[str]:
        import torch

        from pipeline.mt.base import new_token_limit
        from pipeline.mt.torch_engine import per_sentence_limits

        inputs = self.tokenizer(batch, return_tensors="pt", padding=True)
        limits = [new_token_limit(length, self.options, self.model.config.max_position_embeddings)
                  for length in inputs["attention_mask"].sum(dim=1).tolist()]
        ends = per_sentence_limits(limits, self.model.generation_config.forced_eos_token_id)
        with torch.inference_mode():
            generated = self.model.generate(**inputs, num_beams=self.num_beams, **ends)
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)

    def round(self, warm: bool = False) -> dict[str, Any]:
        start = time.perf_counter()
        outputs = [output for first in range(0, len(self.lines), BASELINE_BATCH)
                   for output in self._translate(self.lines[first:first + BASELINE_BATCH])]
        return {"outputs": outputs, "seconds": time.perf_counter() - start}


class PipelineSystem:
    """The translate stage over one record per document, both models loaded (the ja route is not timed: it would
    translate the English output), a fresh translation cache each round."""

    def __init__(self, settings: dict[str, Any], name: str, data: ntrex.Ntrex):
        from pipeline.mt.calibration import load_engine
        from pipeline.mt.sources import check_available
        from pipeline.stages.translate import TranslateStage

        self.settings, self.name = settings, name
        config = _translate_config(settings, SYSTEMS[name], f"{name}-0.sqlite")
        self.stage = TranslateStage(config)
        self.stage.setup()
        pivot = config.translate.routes["ja"]
        self.held = load_engine(check_available(pivot, "translate.routes.ja.model"), self.stage.plans)
        self.model = self.stage.routes["en"].engine
        self.model.translate(data.sources[:1])  # warm-up: the first call allocates
        self.records = [{"id": document_id, "origin": f"ntrex:{document_id}", "flags": [],
                         "sentences": [{"mt_input": line} for line in document_lines]}
                        for document_id, document_lines in data.document_lines()]
        self.engine = {**self.stage.describe()["models"]["translate.en"], "pivot_loaded": self.held.describe()}
        self.rounds = 0

    def round(self, warm: bool = False) -> dict[str, Any]:
        from pipeline.files import append_jsonl
        from pipeline.mt.cache import TranslationCache
        from pipeline.records import RecordError

        self.rounds += 1
        self.stage.cache = TranslationCache(Path(self.settings["workdir"]) / f"{self.name}-{self.rounds}.sqlite")
        records_file = Path(self.settings["workdir"]) / f"{self.name}-{self.rounds}.jsonl"
        model_before = self.model.generate_seconds
        start = time.perf_counter()
        translated = self.stage.process(self.records)
        append_jsonl(records_file, [record for record in translated if not isinstance(record, RecordError)])
        result = {"seconds": time.perf_counter() - start, "model_seconds": self.model.generate_seconds - model_before}
        errors = [record.message for record in translated if isinstance(record, RecordError)]
        if errors:
            return {"error": f"{self.name}: the translate stage refused records: {errors[0]}"}
        result["outputs"] = [text for record in translated for text in record["translations"]["en"]]
        if warm:
            start = time.perf_counter()
            self.stage.process(self.records)
            result["warm_seconds"] = time.perf_counter() - start
        return result
