"""`pipeline bench`'s report: per system the median and range over rounds, the targets, the table, the signature.

Split from bench.py, which runs the systems; this module only reads their results.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import Any

from pipeline.evaluate import ntrex
from pipeline.version import __version__

BASELINE = "baseline"
#: Speed targets on 2 CPU cores, × the baseline (median over rounds), on the echo toy.
SPEEDUP_TARGETS = {"pipeline-exact": 1.6, "pipeline-ct2": 2.5, "pipeline-fast": 6.0}
SAME_OUTPUT_TARGET = {"pipeline-exact": 0.99, "pipeline-fast": 0.95}
RSS_TARGET_MB = {"pipeline-ct2": 1000}
DEFAULT_RSS_TARGET_MB = 2000  # every other pipeline system, with both models loaded
OVERHEAD_TARGET = 0.10
WARM_CACHE_TARGET = 50
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def summarize(results: list[dict[str, Any]], data: ntrex.Ntrex, models: Path, toy: str, normalize_s: float,
              args: argparse.Namespace, load_before: tuple[float, ...], cost: dict[str, float]) -> dict[str, Any]:
    """The JSON report: one entry per system, the targets, and what was measured where and with which code."""
    from pipeline.mt.base import load_tokenizer
    from pipeline.mt.plan import cpu_info
    from pipeline.run.manifest import Signature, package_versions

    tokenizer = load_tokenizer(models / "id-en")
    lines = data.sources
    reference = next(result for result in results if result["name"] == BASELINE)
    base_rounds = [entry for entry in reference["rounds"] if "outputs" in entry]
    systems = []
    for result in results:
        rounds = [entry for entry in result["rounds"] if "outputs" in entry]
        if "error" in result or not rounds or not base_rounds:
            systems.append({"name": result["name"], "error": result.get("error", "no round finished"),
                            "one_off_s": result.get("one_off", {})})
            continue
        outputs = rounds[0]["outputs"]
        seconds = [entry["seconds"] for entry in rounds]
        ratios = [base["seconds"] / entry["seconds"] for base, entry in zip(base_rounds, rounds)]
        target_tokens = sum(len(ids) - 1 for ids in tokenizer(text_target=outputs, verbose=False)["input_ids"])
        one_off = dict(result.get("one_off", {}))
        one_off["total"] = round(sum(one_off.values()), 1)
        entry = {"name": result["name"],
                 "sentences_per_s": spread([len(lines) / s for s in seconds], 3),
                 "speedup": spread(ratios, 2),
                 "target_tokens_per_s": round(target_tokens / statistics.median(seconds), 1),
                 "same_as_baseline": round(sum(a == b for a, b in zip(outputs, reference["rounds"][0]["outputs"]))
                                           / len(lines), 4),
                 "same_every_round": all(entry["outputs"] == outputs for entry in rounds),
                 "peak_rss_mb": result.get("peak_rss_mb"), "one_off_s": one_off,
                 "seconds": [round(s, 2) for s in seconds], "engine": result["engine"]}
        if result.get("fast"):
            entry["fast_choice"] = result["fast"]
        if "model_seconds" in rounds[0]:
            stage_s = [s + normalize_s for s in seconds]
            entry["overhead_share"] = round(statistics.median(
                (stage - r["model_seconds"]) / stage for stage, r in zip(stage_s, rounds)), 4)
            warm = [r["warm_seconds"] for r in rounds if "warm_seconds" in r]
            if warm:
                entry["warm_cache_seconds"] = round(warm[-1], 4)
                entry["warm_cache_speedup"] = round(seconds[-1] / warm[-1], 1)
        systems.append(entry)
    revision = code_revision()
    return _home_as_tilde({
        "systems": systems,
        "toy": toy,
        "code_revision": revision,
        "signature": Signature("bench-translate", {
            "toy": toy, "models": f"{models.name}@{_folder_revision(models)}", "sentences": len(lines),
            "rounds": args.rounds, "beams": reference.get("engine", {}).get("num_beams"),
            "threads": args.threads or "default", "code": revision, "pipeline": __version__}).format(),
        "machine": {**cpu_info(), "python": platform.python_version(), "packages": package_versions(["ctranslate2"]),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "setup": {"sentences": len(lines), "data": data.name, "rounds": args.rounds,
                  "normalize_seconds": round(normalize_s, 3), "models": str(models), **cost,
                  "loaded": "id-en and en-ja in every system's process; the id-en route is timed",
                  "one_off": "load: process start to models loaded and warmed up; convert: CTranslate2 conversion of "
                             "both routes; calibrate: `fast` timing its candidates on both routes (and converting "
                             "what is not yet), all in a temporary cache folder, as on a first run"},
        "targets": targets(systems),
    })


def _home_as_tilde(value: Any) -> Any:
    """The report with paths under the user's home written from `~`: results are committed and shared, and a
    home folder names a person's machine."""
    home = str(Path.home())
    if isinstance(value, str):
        return "~" + value[len(home):] if value == home or value.startswith(home + os.sep) else value
    if isinstance(value, dict):
        return {key: _home_as_tilde(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_home_as_tilde(item) for item in value]
    return value


def spread(values: list[float], digits: int) -> dict[str, Any]:
    """Median, minimum and maximum of per-round values, and the values."""
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "rounds": [round(value, digits) for value in values]}


def code_revision() -> str:
    """The checkout's git commit (with a hash of the package's sources when they differ from it), else the
    package version and that hash: which code measured."""
    sources = _sources_hash()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=PACKAGE_DIR, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=PACKAGE_DIR, capture_output=True,
                                 text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"{__version__}+src.{sources}"
    return f"{commit}+src.{sources}" if changed else commit


def _sources_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


def _folder_revision(models: Path) -> str:
    from pipeline.resources import folder_hash

    return folder_hash(models / "id-en").removeprefix("sha256:")[:8]


def targets(systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target this run measured: what it asks, what was measured (medians over rounds), and whether met."""
    found = {system["name"]: system for system in systems if "error" not in system}
    checks = []

    def check(what: str, measured: float, met: bool) -> None:
        checks.append({"target": what, "measured": measured, "met": met})

    for name, ratio in SPEEDUP_TARGETS.items():
        if name in found:
            measured = found[name]["speedup"]["median"]
            check(f"{name} >= {ratio}x baseline", measured, measured >= ratio)
    for name, share in SAME_OUTPUT_TARGET.items():
        if name in found:
            check(f"{name} same output as baseline >= {share:.0%}", found[name]["same_as_baseline"],
                  found[name]["same_as_baseline"] >= share)
    for name, system in found.items():
        if name == BASELINE:
            continue
        limit = RSS_TARGET_MB.get(name, DEFAULT_RSS_TARGET_MB)
        if system.get("peak_rss_mb") is not None:
            check(f"{name} peak RSS < {limit} MB", system["peak_rss_mb"], system["peak_rss_mb"] < limit)
        check(f"{name} overhead <= {OVERHEAD_TARGET:.0%} of stage time", system["overhead_share"],
              system["overhead_share"] <= OVERHEAD_TARGET)
        if "warm_cache_speedup" in system:
            check(f"{name} warm-cache rerun >= {WARM_CACHE_TARGET}x cold", system["warm_cache_speedup"],
                  system["warm_cache_speedup"] >= WARM_CACHE_TARGET)
    return checks


def label(system: dict[str, Any]) -> str:
    """The system and what it ran: the engine and format, and for `fast` its choice."""
    engine = system.get("engine", {})
    if system["name"] == BASELINE or not engine:
        return system["name"]
    return f"{system['name']} ({engine['engine']}/{engine['dtype']}{', vmap' if 'vocabulary_map' in engine else ''})"


def format_report(report: dict[str, Any]) -> str:
    rows = [f"{'system':<42}{'sent/s median (range)':>24}{'× baseline (range)':>22}{'same as base':>14}"
            f"{'peak RSS MB':>13}{'one-off s':>11}"]
    for system in report["systems"]:
        if "error" in system:
            rows.append(f"{system['name']:<42}skipped: {system['error']}")
            continue
        rate, ratio = system["sentences_per_s"], system["speedup"]
        rate_text = f"{rate['median']:.2f} ({rate['min']:.2f}-{rate['max']:.2f})"
        ratio_text = f"{ratio['median']:.2f}x ({ratio['min']:.2f}-{ratio['max']:.2f})"
        rows.append(f"{label(system):<42}{rate_text:>24}{ratio_text:>22}{system['same_as_baseline']:>14.1%}"
                    f"{system['peak_rss_mb'] or 0:>13.0f}{system['one_off_s']['total']:>11.1f}")
    machine, setup = report["machine"], report["setup"]
    extra = [f"  {system['name']}: overhead {system['overhead_share']:.1%} of stage time, warm-cache rerun "
             f"{system.get('warm_cache_speedup', 0):.0f}x faster than cold; one-off {system['one_off_s']}"
             for system in report["systems"] if "overhead_share" in system]
    rows += [
        "",
        f"toy: {report['toy']}; {setup['sentences']} sentences x {setup['rounds']} rounds, systems taking turns; "
        f"{setup['loaded']}",
        *extra,
        f"one-off: {setup['one_off']}",
        f"machine: {machine['model']}, {machine['cores']} cores (native bf16: {machine['native_bf16']}), load "
        f"average {machine['load_average_before'][0]} before, {machine['load_average_after'][0]} after "
        "(a shared machine makes every figure noisy)",
        f"bench: {setup['wall_seconds']} s wall, {setup['cpu_seconds_children']} CPU-s in its processes",
        f"signature: {report['signature']}",
        "targets:",
        *[f"  {'met    ' if check['met'] else 'NOT met'}  {check['target']} (measured {check['measured']})"
          for check in report["targets"]],
    ]
    return "\n".join(rows)
