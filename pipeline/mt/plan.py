"""How the translation models run, decided once, before any work: a frozen `Plan` that every engine receives.

`resolve_plans(options)` reads the translate settings and this machine once and returns what can run here, or
a ConfigError naming the setting: one plan for a named precision (`exact` = float32, the model card's output;
`bf16`, `fp16`, `int8`), or for `fast` every candidate this machine can run, among which calibration.py picks the
quickest per model. A plan carries the backend, device, precision and the runtime's name for it (torch dtype or
CTranslate2 compute type) with the generation and batching settings, so an engine reads nothing from the config
and no layer resolves a precision again.

Backends are registered by name in `BACKENDS` only: the engine class as a "module:Class" string, imported when a
plan is opened (calibration.open_engine), so ctranslate2 stays optional and this module imports no engine
(engines import base, base imports this module); with the format each one runs a precision in, and the packages
whose versions decide its output.
"""

from __future__ import annotations

import functools
import os
import platform
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import TranslateConfig
from pipeline.errors import ConfigError

#: CPU flags (/proc/cpuinfo) of instructions that compute in bfloat16 natively: AVX512-BF16, AMX, Arm BF16.
#: Without them torch emulates bf16, which is slower than float32.
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})
#: torch's name for each precision (int8: float32 weights, quantized dynamically after loading).
TORCH_DTYPES = {"exact": "float32", "bf16": "bfloat16", "fp16": "float16", "int8": "int8"}
#: CTranslate2's compute type for each precision.
COMPUTE_TYPES = {"exact": "float32", "int8": "int8", "fp16": "float16", "bf16": "bfloat16"}
CT2_DEVICES = ("cpu", "cuda")


@dataclass(frozen=True)
class Plan:
    """How one engine runs: read by the engine, the cache namespace, calibration and the manifest alike."""

    backend: str  # a key of BACKENDS
    precision: str  # exact, bf16, fp16 or int8: never fast, which is a choice among plans
    device: str  # cpu, cuda or mps
    dtype: str  # the runtime's name for the precision: torch dtype or CTranslate2 compute type
    threads: int | None  # None: the runtime's default
    num_beams: int | None  # None: the model's own generation config
    max_new_tokens_ratio: float
    max_new_tokens_offset: int
    batch_tokens: int
    max_batch_sentences: int
    max_input_tokens: int | None  # None: the model's limit
    vocabulary_map: bool = True  # CTranslate2 may use a model folder's vocabulary map (not for exact)
    fast: bool = False  # one of precision fast's candidates: calibration chooses among them


def resolve_plans(options: TranslateConfig) -> list[Plan]:
    """The plans the settings allow on this machine: one for a named precision, `fast`'s candidates otherwise.

    A ConfigError, before any work, when a named precision cannot run here or `fast` has no candidate.
    """
    device = pick_device(options.device)
    fast = options.precision == "fast"
    wanted = _fast_candidates(device) if fast else [(_named_backend(options.engine), options.precision)]
    plans = []
    for backend, precision in wanted:
        if options.engine not in ("auto", backend):
            continue
        try:
            dtype = dtype_for(backend, precision, device)
        except ConfigError:
            if not fast or options.engine != "auto":  # an engine asked for by name must be able to run
                raise
            continue  # fast with auto: an engine that is not installed, or lacks the format here, is no candidate
        plans.append(Plan(backend=backend, precision=precision, device=device, dtype=dtype, threads=options.threads,
                          num_beams=options.num_beams, max_new_tokens_ratio=options.max_new_tokens_ratio,
                          max_new_tokens_offset=options.max_new_tokens_offset, batch_tokens=options.batch_tokens,
                          max_batch_sentences=options.max_batch_sentences,
                          max_input_tokens=options.max_input_tokens, vocabulary_map=options.vocabulary_map,
                          fast=fast))
    if not plans:
        raise ConfigError(f"translate.precision: fast has no candidate with engine {options.engine} on {device}")
    return plans


def _named_backend(engine: str) -> str:
    """The backend a named precision runs on: `auto` means torch, the backend every install has."""
    return "torch" if engine == "auto" else engine


def _fast_candidates(device: str) -> list[tuple[str, str]]:
    """(backend, precision) pairs `fast` times on this machine, before checking that each can run here.

    On a CPU: torch bf16 only where the CPU computes bf16 natively, torch dynamic int8, CTranslate2 int8. On a GPU:
    torch bf16 (fp16 where bf16 is not supported) and CTranslate2 fp16. Which is quickest depends on the processor.
    """
    import torch

    if device == "cpu":
        native = [("torch", "bf16")] if cpu_info()["native_bf16"] else []
        return native + [("torch", "int8"), ("ctranslate2", "int8")]
    if device == "cuda":
        return [("torch", "bf16" if torch.cuda.is_bf16_supported() else "fp16"), ("ctranslate2", "fp16")]
    return [("torch", "fp16")]


def pick_device(requested: str) -> str:
    import torch

    if requested != "auto":
        available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available()}
        if not available[requested]:
            raise ConfigError(f"translate.device: {requested!r} is not available on this machine; use 'auto' or 'cpu'")
        return requested
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def dtype_for(backend: str, precision: str, device: str) -> str:
    """The runtime's name for `precision` with `backend` on `device`; a ConfigError if it cannot run it there."""
    return BACKENDS[backend].dtype(precision, device)


def _torch_dtype(precision: str, device: str) -> str:
    if precision == "fp16" and device == "cpu":
        raise ConfigError("translate.precision: fp16 needs a GPU; on a CPU use 'exact', 'fast', 'bf16' or 'int8'")
    if precision == "int8" and device != "cpu":
        raise ConfigError(f"translate.precision: int8 with engine torch (dynamic quantization) runs on a CPU only, and "
                          f"the device is {device!r}; use 'fast', 'bf16' or 'fp16' there, or engine ctranslate2")
    return TORCH_DTYPES[precision]


def _ct2_compute_type(precision: str, device: str) -> str:
    try:
        import ctranslate2
    except ImportError:
        raise ConfigError("translate.engine: ctranslate2 is not installed; install the `ct2` extra "
                          "(pip install 'delegation-pipeline[ct2]') or use engine torch") from None
    if device not in CT2_DEVICES:
        raise ConfigError(f"translate.engine: ctranslate2 runs on {' or '.join(CT2_DEVICES)}, not {device!r}; "
                          "use engine torch there")
    supported = ctranslate2.get_supported_compute_types(device)
    wanted = COMPUTE_TYPES[precision]
    if wanted not in supported:
        usable = [name for name, kind in COMPUTE_TYPES.items() if kind in supported]
        raise ConfigError(f"translate.precision: {precision} ({wanted}) is not supported by ctranslate2 on {device} "
                          f"here; with engine ctranslate2 use {', '.join(usable)} or fast")
    return wanted


@dataclass(frozen=True)
class Backend:
    engine: str  # "module:Class" of its MarianEngine, imported on demand
    dtype: Callable[[str, str], str]  # (precision, device) -> the runtime's format; ConfigError if not runnable
    packages: tuple[str, ...]  # whose versions decide its output: part of the translation cache's namespace


BACKENDS: dict[str, Backend] = {
    "torch": Backend("pipeline.mt.torch_engine:TorchEngine", _torch_dtype, ("torch", "transformers")),
    # transformers: CTranslate2 reads and writes tokens through MarianTokenizer.
    "ctranslate2": Backend("pipeline.mt.ct2_engine:CTranslate2Engine", _ct2_compute_type,
                           ("ctranslate2", "transformers")),
}


def output_versions(backend: str) -> dict[str, str | None]:
    """Versions of the packages that decide `backend`'s translations: an upgrade must not reuse cached ones."""
    return package_versions(BACKENDS[backend].packages)


def package_versions(packages: Iterable[str]) -> dict[str, str | None]:
    found = {}
    for package in packages:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def cpu_info() -> dict[str, Any]:
    """The processor as far as speed goes: model name, usable cores, and whether it computes bf16 natively."""
    model, flags = _cpuinfo()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"model": model, "machine": platform.machine(), "cores": cores,
            "native_bf16": bool(flags & NATIVE_BF16_FLAGS)}


@functools.cache
def _cpuinfo() -> tuple[str, frozenset[str]]:
    """(model name, feature flags) from /proc/cpuinfo; where there is none, the platform's name and no flags."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine(), frozenset()
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    model = fields.get("model name") or fields.get("Model") or platform.processor() or platform.machine()
    return model, frozenset((fields.get("flags") or fields.get("Features") or "").split())
