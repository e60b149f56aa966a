"""Finding, loading and running the MarianMT models of the translate stage.

A model is named as anywhere in the Hugging Face ecosystem: a hub id, resolved through the standard hub cache
(so HF_HOME, HF_HUB_CACHE and HF_HUB_OFFLINE mean what they always mean), or a local folder. `check_available`
turns a route into a folder on disk before any work is done: a run without its model stops at once with one
message saying how to provide it, rather than after a batch has been normalised or after minutes of network
retries. Everything is then loaded from that folder, so loading never touches the network.

An engine turns source sentences into translations: `TorchEngine` (transformers + torch) and
`CTranslate2Engine` (ct2.py, the optional `ct2` extra) share `MarianEngine`'s interface (`count_tokens`,
`translate`, `max_input_tokens`, `describe`), its tokenizer, its length-sorted batching and its output-length
rule, and are registered in `ENGINES`. The precision is named (`exact` = float32, the model card's output;
`bf16`, `fp16`, `int8`) or `fast`: the quickest candidate on this machine, measured once per machine and model
revision and remembered (`choose_fast`), since which engine wins depends on the processor.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import platform
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import RouteConfig, TranslateConfig
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.files import now, write_json
from pipeline.resources import PACKAGE_DATA, cache_dir, folder_hash, read_table
from pipeline.records import stable_hash

log = logging.getLogger(__name__)

#: Files a MarianMT folder needs besides config.json: the tokenizer's, and one weights file.
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")  # preferred first: safetensors unpickles nothing
#: What is fetched from the hub for a route (never TF/Flax/Rust weights the repos also hold).
HUB_FILES = ("config.json", "generation_config.json", "tokenizer_config.json", "special_tokens_map.json",
             "target_vocab.json", *TOKENIZER_FILES)
#: Seconds to wait for the hub before concluding it cannot be reached.
HUB_TIMEOUT_S = 10.0
#: Model families the stage can drive: MarianMT reads plain text and needs no language-code arguments.
SUPPORTED_MODEL_TYPES = ("marian",)


@dataclass(frozen=True)
class ModelSource:
    """A route's model, found: the folder its files are in and the revision that identifies them."""

    ref: str  # as configured: hub id or folder
    path: Path
    revision: str  # hub commit hash, or "sha256:..." over a local folder's files
    num_beams: int  # the model's own default, used when the config sets none


def check_available(route: RouteConfig, setting: str) -> ModelSource:
    """The route's model on disk, downloading it first when the hub is reachable and not disabled.

    `setting` names the config key ("translate.routes.en.model") so that every message points at what to change.
    """
    local = Path(route.model).expanduser()
    if local.is_absolute() or local.exists():
        _check_model_folder(local, route.model, setting)
        return _source(route.model, local, folder_hash(local))
    from huggingface_hub import is_offline_mode
    from huggingface_hub.errors import HFValidationError

    try:
        folder = _from_hub_cache(route)
    except HFValidationError:
        raise ModelUnavailableError(f"{setting}: {route.model!r} is neither an existing folder nor a Hugging Face "
                                    "model id (like Helsinki-NLP/opus-mt-id-en)") from None
    if folder is None and not is_offline_mode():
        folder = _download(route, setting)
    if folder is None:
        raise ModelUnavailableError(_unavailable_message(route, setting, "it is not in the Hugging Face cache and "
                                                         "HF_HUB_OFFLINE is set"))
    _check_model_folder(folder, route.model, setting)
    return _source(route.model, folder, folder.name)  # the snapshot folder is named by its commit hash


def _source(ref: str, folder: Path, revision: str) -> ModelSource:
    return ModelSource(ref=ref, path=folder, revision=revision, num_beams=_default_num_beams(folder))


def _default_num_beams(folder: Path) -> int:
    for name in ("generation_config.json", "config.json"):
        path = folder / name
        if path.is_file():
            beams = json.loads(path.read_text(encoding="utf-8")).get("num_beams")
            if beams:
                return int(beams)
    return 1


def _check_model_folder(folder: Path, ref: str, setting: str) -> None:
    if not folder.exists():
        raise ModelUnavailableError(f"{setting}: model folder {folder} does not exist")
    if not folder.is_dir():
        raise ModelUnavailableError(f"{setting}: {folder} is a file; give the folder that holds the model's files")
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelUnavailableError(f"{setting}: {folder} has no config.json, so it is not a Hugging Face model "
                                    f"folder (expected config.json, model.safetensors, {', '.join(TOKENIZER_FILES)})")
    try:
        model_type = json.loads(config_path.read_text(encoding="utf-8")).get("model_type")
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelUnavailableError(f"{setting}: {config_path} is not valid JSON: {error}") from None
    if model_type not in SUPPORTED_MODEL_TYPES:
        raise ConfigError(f"{setting}: {ref} is a {model_type!r} model; translation needs a MarianMT model "
                          f"(model_type 'marian'), such as Helsinki-NLP/opus-mt-id-en")
    missing = [name for name in TOKENIZER_FILES if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    if missing:
        raise ModelUnavailableError(f"{setting}: model folder {folder} lacks {', '.join(missing)}")


def _from_hub_cache(route: RouteConfig) -> Path | None:
    """The cached snapshot of the route's revision, if one is there with every file the stage needs."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = Path(snapshot_download(route.model, revision=route.revision, local_files_only=True))
    except LocalEntryNotFoundError:
        return None
    complete = all((folder / name).is_file() for name in ("config.json", *TOKENIZER_FILES)) and any(
        (folder / name).is_file() for name in WEIGHT_FILES)
    return folder if complete else None


def _download(route: RouteConfig, setting: str) -> Path:
    """Fetch config, tokenizer and one weights file (safetensors when the repo has it) into the hub cache."""
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

    try:
        info = HfApi().model_info(route.model, revision=route.revision, timeout=HUB_TIMEOUT_S)
        files = {sibling.rfilename for sibling in info.siblings or []}
        weights = next((name for name in WEIGHT_FILES if name in files), None)
        if weights is None:
            raise ModelUnavailableError(f"{setting}: {route.model} on the Hugging Face Hub has no PyTorch weights "
                                        f"({' or '.join(WEIGHT_FILES)})")
        log.info("downloading %s (%s) into the Hugging Face cache", route.model, info.sha)
        folder = snapshot_download(route.model, revision=info.sha, allow_patterns=[*HUB_FILES, weights],
                                   etag_timeout=HUB_TIMEOUT_S)
    except (RepositoryNotFoundError, RevisionNotFoundError) as error:
        revision = f" at revision {route.revision!r}" if route.revision else ""
        raise ModelUnavailableError(f"{setting}: {route.model}{revision} is not on the Hugging Face Hub "
                                    f"({type(error).__name__}); check the id, or give a local folder") from None
    except ModelUnavailableError:
        raise
    except Exception as error:  # network and hub failures come in many types (httpx, OSError, HfHubHTTPError)
        raise ModelUnavailableError(_unavailable_message(
            route, setting, f"it is not in the Hugging Face cache and the hub cannot be reached "
            f"({type(error).__name__}: {error})")) from None
    return Path(folder)


def _unavailable_message(route: RouteConfig, setting: str, reason: str) -> str:
    from huggingface_hub import constants

    revision = f" --revision {route.revision}" if route.revision else ""
    return (
        f"translation model {route.model!r} ({setting}) cannot be loaded: {reason}.\n"
        f"Hugging Face cache searched: {constants.HF_HUB_CACHE}\n"
        "Provide the model in one of these ways:\n"
        f"  - on a machine with internet: `hf download {route.model}{revision}` (or `huggingface-cli download "
        f"{route.model}{revision}`), then copy its HF_HOME folder here and run with HF_HOME set to that folder "
        "and HF_HUB_OFFLINE=1;\n"
        f"  - or set {setting} to a local folder holding the model (config.json, model.safetensors, "
        f"{', '.join(TOKENIZER_FILES)})."
    )


# --- running -----------------------------------------------------------------------------------------------

#: Sentences `fast` translates with each candidate engine to time it on this machine.
CALIBRATION_FILE = PACKAGE_DATA / "translate_calibration.txt"
#: CPU flags (/proc/cpuinfo) of instructions that compute in bfloat16 natively: AVX512-BF16, AMX, Arm BF16.
#: Without them torch emulates bf16, which is slower than float32.
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})


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


def pick_precision(precision: str, device: str, engine: str = "torch") -> str:
    """The named precision (exact = float32, bf16, fp16, int8) if `engine` can run it on `device`, else a ConfigError.

    `fast` is not a format but a choice among formats, made by `load_engine` (see `fast_candidates`).
    """
    if precision == "fast":
        raise ValueError("precision fast is resolved by load_engine into an engine and a named precision")
    if engine == "ctranslate2":
        from pipeline.mt.ct2_engine import compute_type

        compute_type(precision, device)  # raises for what this CTranslate2 build cannot run there
        return precision
    if precision == "fp16" and device == "cpu":
        raise ConfigError("translate.precision: fp16 needs a GPU; on a CPU use 'exact', 'fast', 'bf16' or 'int8'")
    if precision == "int8" and device != "cpu":
        raise ConfigError(f"translate.precision: int8 with engine torch (dynamic quantization) runs on a CPU only, and "
                          f"the device is {device!r}; use 'fast', 'bf16' or 'fp16' there, or engine ctranslate2")
    return precision


def fast_candidates(engine: str, device: str) -> list[tuple[str, str]]:
    """(engine, precision) pairs that `fast` chooses among on this machine, restricted to `engine` unless auto.

    On a CPU: torch bf16 only where the CPU computes bf16 natively, torch dynamic int8, CTranslate2 int8. On a GPU:
    torch bf16 (fp16 where bf16 is not supported) and CTranslate2 fp16. Which is quickest depends on the processor.
    """
    import torch

    if device == "cpu":
        candidates = [("torch", "bf16")] if cpu_info()["native_bf16"] else []
        candidates += [("torch", "int8"), ("ctranslate2", "int8")]
    elif device == "cuda":
        candidates = [("torch", "bf16" if torch.cuda.is_bf16_supported() else "fp16"), ("ctranslate2", "fp16")]
    else:
        candidates = [("torch", "fp16")]
    usable = []
    for name, precision in candidates:
        if engine not in ("auto", name):
            continue
        try:
            pick_precision(precision, device, name)
        except ConfigError:
            if engine != "auto":  # an engine asked for by name must be able to run
                raise
            continue  # auto: an engine that is not installed, or lacks the format here, is no candidate
        usable.append((name, precision))
    if not usable:
        raise ConfigError(f"translate.precision: fast has no candidate with engine {engine} on {device}")
    return usable


def engine_name(options: TranslateConfig) -> str:
    """The engine a named precision runs on: `auto` means torch, the engine every install has."""
    return "torch" if options.engine == "auto" else options.engine


def new_token_limit(input_tokens: int, options: TranslateConfig, max_positions: int) -> int:
    """A sentence's max_new_tokens: ratio × its own input tokens + offset, within the model's position table."""
    return min(math.ceil(options.max_new_tokens_ratio * input_tokens + options.max_new_tokens_offset),
               max_positions - 1)


def per_sentence_limits(limits: list[int], forced_eos_token_id: int | None, device: str = "cpu") -> dict[str, Any]:
    """`generate` arguments that end each sentence at its own limit, as if it were generated alone.

    generate takes one max_new_tokens per call; with it, a sentence's output would depend on the longest sentence
    batched with it whenever the model does not stop by itself (loops, random weights). At a sentence's own limit
    its beams end as generate ends every beam at max_new_tokens: </s> forced on the last step when the model's
    generation config asks for that (Marian's do), and no step after. Finished rows are still computed, so this
    costs nothing; sorting by length keeps the waste small.
    """
    import torch
    from transformers import LogitsProcessorList, StoppingCriteriaList

    per_row = torch.tensor(limits, device=device)
    processors = [_EndAtLimit(per_row, forced_eos_token_id)] if forced_eos_token_id is not None else []
    return {"max_new_tokens": max(limits), "logits_processor": LogitsProcessorList(processors),
            "stopping_criteria": StoppingCriteriaList([_StopAtLimit(per_row)])}


def _row_limits(limits: Any, rows: int) -> Any:
    """Each row's limit: generate lays out a sentence's beams (or beam candidates) as consecutive rows."""
    return limits.repeat_interleave(rows // len(limits))


class _EndAtLimit:
    """What forced_eos_token_id does at max_new_tokens, per sentence: on its last step, only </s> may come."""

    def __init__(self, limits: Any, eos: int):
        self.limits, self.eos = limits, eos

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        # input_ids holds the decoder's start token and the tokens so far: its length is the step being chosen.
        last_step = _row_limits(self.limits, input_ids.shape[0]) == input_ids.shape[-1]
        if not last_step.any():
            return scores
        rows = last_step.nonzero().squeeze(1)
        # In place, on those rows only: the scores are generate's own copy for this step, and copying all of them
        # (rows x vocabulary) on every step some sentence ends would cost more than the rest of this processor.
        scores[rows] = -math.inf
        scores[rows, self.eos] = 0
        return scores


class _StopAtLimit:
    """What max_new_tokens does, per sentence: a row that has generated its limit is finished."""

    def __init__(self, limits: Any):
        self.limits = limits

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        return input_ids.shape[-1] - 1 >= _row_limits(self.limits, input_ids.shape[0])


@contextmanager
def quiet_loading() -> Iterator[None]:
    """No "Loading weights" progress bars from transformers while a model loads: they clutter the CLI's output."""
    from transformers.utils import logging as transformers_logging

    was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            transformers_logging.enable_progress_bar()


def load_tokenizer(folder: Path) -> Any:
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # MarianTokenizer asks for sacremoses for a punctuation normaliser that tokenization never calls.
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        return MarianTokenizer.from_pretrained(folder)


class MarianEngine:
    """What every engine shares: Marian's tokenizer and input limit, the output-length rule, length-sorted batching.

    An engine subclass loads the model in its runtime and implements `_generate`, so the stage, the cache and
    the `fast` calibration treat all engines alike.
    """

    name = ""
    #: Whether a batch holds sentences of one input length only, hence of one output limit (for runtimes that take
    #: one limit per call).
    one_length_per_batch = False

    def __init__(self, source: ModelSource, options: TranslateConfig):
        from transformers import MarianConfig

        self.source = source
        self.options = options
        self.device = pick_device(options.device)
        self.precision = pick_precision(options.precision, self.device, self.name)
        self.dtype = ""  # the runtime's name for the format, set by the subclass
        self.tokenizer = load_tokenizer(source.path)
        self.num_beams = options.num_beams or source.num_beams
        # Sinusoidal position tables end at max_position_embeddings, for the source and for the output alike.
        self.max_positions = MarianConfig.from_pretrained(source.path).max_position_embeddings
        limits = [self.max_positions, self.tokenizer.model_max_length, options.max_input_tokens]
        self.max_input_tokens = min(limit for limit in limits if limit)
        #: Seconds spent generating, so that a caller can tell the stage's own overhead from model time.
        self.generate_seconds = 0.0
        #: How `fast` chose this engine (set by choose_fast), for the manifest.
        self.fast: dict[str, Any] | None = None

    def describe(self) -> dict[str, Any]:
        return {"ref": self.source.ref, "revision": self.source.revision, "engine": self.name,
                "device": self.device, "precision": self.precision, "dtype": self.dtype, "num_beams": self.num_beams,
                "max_input_tokens": self.max_input_tokens, **({"fast": self.fast} if self.fast else {})}

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source tokens of each text, end-of-sentence token included, as the model's input limit counts them."""
        return [len(ids) for ids in self._encode(texts)]

    def translate(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[str]:
        """Translations in the order of `texts`; each must fit `max_input_tokens` (the caller splits longer ones).

        Texts are generated longest first in batches of similar length, so little compute goes to padding and an
        out-of-memory error, if it comes, comes in the first batch. Each text's output limit follows from its own
        length, so its translation does not depend on what it is batched with.
        """
        encoded = self._encode(texts)
        too_long = [len(ids) for ids in encoded if len(ids) > self.max_input_tokens]
        if too_long:
            raise ValueError(f"{len(too_long)} texts exceed the model's input limit of {self.max_input_tokens} tokens")
        limits = [new_token_limit(len(ids), self.options, self.max_positions) for ids in encoded]
        batches = list(self._batches([len(ids) for ids in encoded]))
        outputs: list[str] = [""] * len(texts)
        start = time.perf_counter()
        for batch, generated in zip(batches, self._generate([([encoded[i] for i in batch], [limits[i] for i in batch])
                                                             for batch in batches])):
            for index, text in zip(batch, generated):
                outputs[index] = text
            if progress is not None:
                progress(len(batch))
        self.generate_seconds += time.perf_counter() - start
        return outputs

    def _encode(self, texts: list[str]) -> list[list[int]]:
        # verbose=False: over-long texts are expected here (they are counted to be split), not an error to log.
        return self.tokenizer(texts, verbose=False)["input_ids"] if texts else []

    def _batches(self, lengths: list[int]) -> Iterator[list[int]]:
        """Indexes longest first, grouped so that each batch's padded size times its beams stays within the budget."""
        batch: list[int] = []
        for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
            longest = lengths[batch[0]] if batch else lengths[index]
            if batch and ((len(batch) + 1) * longest * self.num_beams > self.options.batch_tokens
                          or len(batch) >= self.options.max_batch_sentences
                          or (self.one_length_per_batch and lengths[index] != longest)):
                yield batch
                batch = []
            batch.append(index)
        if batch:
            yield batch

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        """Each batch's translations, in order, as each is done; a batch is token ids and each one's output limit."""
        raise NotImplementedError


class TorchEngine(MarianEngine):
    """MarianMT generation with transformers on torch."""

    name = "torch"

    def __init__(self, source: ModelSource, options: TranslateConfig):
        import torch
        from transformers import MarianMTModel

        super().__init__(source, options)
        if options.threads:
            torch.set_num_threads(options.threads)
        dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.precision, torch.float32)
        use_safetensors = (source.path / WEIGHT_FILES[0]).is_file()
        with quiet_loading():
            # Concrete Marian classes: no code from a model folder is ever run (no trust_remote_code).
            model = MarianMTModel.from_pretrained(source.path, dtype=dtype, use_safetensors=use_safetensors)
        if self.precision == "int8":
            with warnings.catch_warnings():
                # torch.ao is deprecated in favour of torchao; the ctranslate2 engine is the other int8 route.
                warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
                # In place: each float32 layer is freed as its int8 copy replaces it, so two models never coexist.
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8,
                                                               inplace=True)
        self.model = model.to(self.device).eval()
        self.dtype = "int8" if self.precision == "int8" else str(dtype).removeprefix("torch.")
        self.model.generation_config.num_beams = self.num_beams
        self.model.generation_config.max_length = None  # the length is max_new_tokens, set per batch

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        for encoded, limits in batches:
            yield self._generate_batch(encoded, limits)

    def _generate_batch(self, encoded: list[list[int]], limits: list[int]) -> list[str]:
        import torch

        inputs = self.tokenizer.pad({"input_ids": encoded}, return_tensors="pt").to(self.device)
        limit_arguments = per_sentence_limits(limits, self.model.generation_config.forced_eos_token_id, self.device)
        try:
            with torch.inference_mode():
                generated = self.model.generate(**inputs, **limit_arguments)
        except torch.OutOfMemoryError:
            if len(encoded) == 1:
                raise
            if self.device == "cuda":
                torch.cuda.empty_cache()
            half = len(encoded) // 2
            log.warning("out of memory on a batch of %d sentences; retrying in halves", len(encoded))
            return (self._generate_batch(encoded[:half], limits[:half])
                    + self._generate_batch(encoded[half:], limits[half:]))
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)


def _ctranslate2_engine(source: ModelSource, options: TranslateConfig) -> MarianEngine:
    from pipeline.mt.ct2_engine import CTranslate2Engine  # ctranslate2 is an optional extra

    return CTranslate2Engine(source, options)


ENGINES: dict[str, Callable[[ModelSource, TranslateConfig], MarianEngine]] = {
    "torch": TorchEngine, "ctranslate2": _ctranslate2_engine}


def check_engine(options: TranslateConfig) -> str:
    """The precision setting, once it is known to be runnable here; a ConfigError, before any work, otherwise."""
    device = pick_device(options.device)
    if options.precision == "fast":
        fast_candidates(options.engine, device)
    else:
        pick_precision(options.precision, device, engine_name(options))
    return options.precision


def load_engine(source: ModelSource, options: TranslateConfig, recalibrate: bool = False) -> MarianEngine:
    """The route's engine; for `fast`, the calibrated choice (`recalibrate` measures again, as `pipeline bench` does)."""
    if options.precision == "fast":
        return choose_fast(source, options, recalibrate)
    return ENGINES[engine_name(options)](source, options)


# --- choosing `fast` -----------------------------------------------------------------------------------------

#: Timed passes over the calibration sentences, taking turns among the candidates; each keeps its best pass, so a
#: burst of load from another process penalises one pass, not one candidate.
CALIBRATION_ROUNDS = 2


def choose_fast(source: ModelSource, options: TranslateConfig, recalibrate: bool = False) -> MarianEngine:
    """The quickest `fast` candidate for this model on this machine, loaded, with how it was chosen.

    The first time, the candidates translate the calibration sentences (seconds); the rates are kept in the
    cache folder, keyed by machine, model revision and settings, so later runs load the winner at once.
    """
    device = pick_device(options.device)
    candidates = fast_candidates(options.engine, device)
    key = stable_hash({"machine": cpu_info(), "device": device, "threads": options.threads,
                       "revision": source.revision, "num_beams": options.num_beams or source.num_beams,
                       "batching": [options.batch_tokens, options.max_batch_sentences], "candidates": candidates,
                       "versions": _versions()})
    known = None if recalibrate else _read_calibrations().get(key)
    if known is not None and known["choice"] in [list(candidate) for candidate in candidates]:
        engine = _load_candidate(source, options, *known["choice"])
        engine.fast = {**known, "calibrated_now": False}
        return engine
    if len(candidates) == 1:
        engine = _load_candidate(source, options, *candidates[0])
        engine.fast = {"choice": list(candidates[0]), "sentences_per_s": None, "calibrated_now": False}
        return engine
    load_average = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    engines = {"/".join(candidate): _load_candidate(source, options, *candidate) for candidate in candidates}
    rates = {name: 0.0 for name in engines}
    for _ in range(CALIBRATION_ROUNDS):
        for name, engine in engines.items():
            rates[name] = max(rates[name], calibrate(engine))
    best = engines[max(rates, key=rates.__getitem__)]
    record = {"choice": [best.name, best.precision], "sentences_per_s": rates, "cpu": cpu_info()["model"],
              "load_average": load_average, "measured": now()}
    _write_calibration(key, record)
    log.info("precision fast: %s/%s for %s (sentences/s: %s)", best.name, best.precision, source.ref, rates)
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


def _load_candidate(source: ModelSource, options: TranslateConfig, engine: str, precision: str) -> MarianEngine:
    return ENGINES[engine](source, options.model_copy(update={"engine": engine, "precision": precision}))


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


def _versions() -> dict[str, str | None]:
    found = {}
    for package in ("torch", "transformers", "ctranslate2"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


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
