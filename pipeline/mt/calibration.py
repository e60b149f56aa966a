"""Opening the engine a plan names, and choosing among precision `fast`'s candidate plans by timing them.

Which candidate is quickest depends on the processor, so `choose_fast` measures it once per machine, model
revision and settings, and remembers the rates in the cache folder; later runs load the winner at once.
`load_engine` is what callers use: the plan's engine, or for `fast` the calibrated choice. Engines are imported
through the plan.BACKENDS registry by name, so this module needs no engine (nor ctranslate2) to be importable.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from pipeline.files import now, write_json
from pipeline.mt.base import MarianEngine
from pipeline.mt.plan import BACKENDS, Plan, cpu_info, package_versions
from pipeline.mt.sources import ModelSource
from pipeline.records import stable_hash
from pipeline.resources import PACKAGE_DATA, cache_dir, read_table

log = logging.getLogger(__name__)

#: Sentences `fast` translates with each candidate engine to time it on this machine.
CALIBRATION_FILE = PACKAGE_DATA / "translate_calibration.txt"
#: Timed passes over the calibration sentences, taking turns among the candidates; each keeps its best pass, so a
#: burst of load from another process penalises one pass, not one candidate.
CALIBRATION_ROUNDS = 2
#: Packages whose versions may change which candidate is quickest.
CALIBRATION_PACKAGES = ("torch", "transformers", "ctranslate2")


def load_engine(source: ModelSource, plans: list[Plan], recalibrate: bool = False) -> MarianEngine:
    """The route's engine: the one plan's, or for `fast` the calibrated choice (`recalibrate` measures again, as
    `pipeline bench` does)."""
    if plans[0].fast:
        return choose_fast(source, plans, recalibrate)
    return open_engine(source, plans[0])


def open_engine(source: ModelSource, plan: Plan) -> MarianEngine:
    """The model loaded by the engine class BACKENDS registers for the plan's backend, imported now."""
    module, _, name = BACKENDS[plan.backend].engine.partition(":")
    return getattr(importlib.import_module(module), name)(source, plan)


def choose_fast(source: ModelSource, plans: list[Plan], recalibrate: bool = False) -> MarianEngine:
    """The quickest of `fast`'s candidate plans for this model on this machine, loaded, with how it was chosen.

    The first time, the candidates translate the calibration sentences (seconds); the rates are kept in the
    cache folder, keyed by machine, model revision and settings, so later runs load the winner at once.
    """
    first = plans[0]  # the candidates differ in backend and precision only
    candidates = [[plan.backend, plan.precision] for plan in plans]
    key = stable_hash({"machine": cpu_info(), "device": first.device, "threads": first.threads,
                       "revision": source.revision, "num_beams": first.num_beams or source.num_beams,
                       "batching": [first.batch_tokens, first.max_batch_sentences], "candidates": candidates,
                       "vocabulary_map": first.vocabulary_map,
                       "versions": package_versions(CALIBRATION_PACKAGES)})
    known = None if recalibrate else _read_calibrations().get(key)
    if known is not None and known["choice"] in candidates:
        engine = open_engine(source, plans[candidates.index(known["choice"])])
        engine.fast = {**known, "calibrated_now": False}
        return engine
    if len(plans) == 1:
        engine = open_engine(source, first)
        engine.fast = {"choice": candidates[0], "sentences_per_s": None, "calibrated_now": False}
        return engine
    load_average = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    engines = {f"{plan.backend}/{plan.precision}": open_engine(source, plan) for plan in plans}
    rates = {name: 0.0 for name in engines}
    for _ in range(CALIBRATION_ROUNDS):
        for name, engine in engines.items():
            rates[name] = max(rates[name], calibrate(engine))
    best = engines[max(rates, key=rates.__getitem__)]
    record = {"choice": [best.plan.backend, best.plan.precision], "sentences_per_s": rates,
              "cpu": cpu_info()["model"], "load_average": load_average, "measured": now()}
    _write_calibration(key, record)
    log.info("precision fast: %s/%s for %s (sentences/s: %s)", best.plan.backend, best.plan.precision, source.ref,
             rates)
    best.fast = {**record, "calibrated_now": True}
    return best  # the other candidates are freed on return


def calibrate(engine: MarianEngine) -> float:
    """Sentences per second of `engine` on the calibration sentences (the first call after loading also warms up)."""
    sentences = [fields[0] for _, fields in read_table(CALIBRATION_FILE, 1)]
    if not engine.generate_seconds:
        engine.translate(sentences[:1])
    start = time.perf_counter()
    engine.translate(sentences)
    return round(len(sentences) / (time.perf_counter() - start), 3)


def _calibration_path() -> Path:
    return cache_dir() / "translate_calibration.json"


def _read_calibrations() -> dict[str, Any]:
    path = _calibration_path()
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("ignoring unreadable calibration file %s (%s); calibrating again", path, error)
        return {}
    return known if isinstance(known, dict) else {}


def _write_calibration(key: str, record: dict[str, Any]) -> None:
    """Add one calibration to the file, replacing it whole (a concurrent writer's entry may be lost: it is redone)."""
    path = _calibration_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, {**_read_calibrations(), key: record})
    except OSError as error:
        log.warning("cannot keep the calibration in %s (%s); it will be redone next run", path, error)
