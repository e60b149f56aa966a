"""Finding, loading and running the MarianMT models of the translate stage.

A model is named as anywhere in the Hugging Face ecosystem: a hub id, resolved through the standard hub cache
(so HF_HOME, HF_HUB_CACHE and HF_HUB_OFFLINE mean what they always mean), or a local folder. `check_available`
turns a route into a folder on disk before any work is done: a run without its model stops at once with one
message saying how to provide it, rather than after a batch has been normalised or after minutes of network
retries. Everything is then loaded from that folder, so loading never touches the network.

An engine turns source sentences into translations. `TorchEngine` (transformers + torch) is the one there is;
`ENGINES` is where another implementation of the same small interface (`count_tokens`, `translate`,
`max_input_tokens`, `describe`) plugs in, e.g. CTranslate2 for int8 inference.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import RouteConfig, TranslateConfig
from .errors import ConfigError, ModelUnavailableError

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
        return _source(route.model, local, folder_revision(local))
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


def folder_revision(folder: Path) -> str:
    """A content hash of a local model folder (file names and bytes), so a retrained model is a new revision.

    Hidden entries (.git, .cache/huggingface download metadata) are skipped: they change without the model changing.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or any(part.startswith(".") for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()[:16]


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


def pick_precision(precision: str, device: str) -> str:
    """The numeric format a precision setting means on a device: exact (float32), bf16, fp16 or int8.

    `fast` is the quickest format that keeps MarianMT's output close to float32: bf16 (or fp16 where bf16 is
    not supported) on a GPU, dynamically quantized int8 linear layers on a CPU.
    """
    import torch

    if precision == "fast":
        if device == "cuda":
            return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        return "fp16" if device == "mps" else "int8"
    if precision == "fp16" and device == "cpu":
        raise ConfigError("translate.precision: fp16 needs a GPU; on a CPU use 'exact', 'bf16' or 'int8'")
    if precision == "int8" and device != "cpu":
        raise ConfigError(f"translate.precision: int8 (torch dynamic quantization) runs on a CPU only, and the device "
                          f"is {device!r}; use 'fast', 'bf16' or 'fp16' there")
    return precision


class TorchEngine:
    """MarianMT generation with transformers on torch, batched under a token budget."""

    name = "torch"

    def __init__(self, source: ModelSource, options: TranslateConfig):
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        self.source = source
        self.device = pick_device(options.device)
        self.precision = pick_precision(options.precision, self.device)
        if options.threads:
            torch.set_num_threads(options.threads)
        dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.precision, torch.float32)
        with warnings.catch_warnings():
            # MarianTokenizer asks for sacremoses for a punctuation normaliser that tokenization never calls.
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            self.tokenizer = MarianTokenizer.from_pretrained(source.path)
        use_safetensors = (source.path / WEIGHT_FILES[0]).is_file()
        # Concrete Marian classes: no code from a model folder is ever run (no trust_remote_code).
        model = MarianMTModel.from_pretrained(source.path, dtype=dtype, use_safetensors=use_safetensors)
        if self.precision == "int8":
            with warnings.catch_warnings():
                # torch.ao is deprecated in favour of torchao; int8 is meant to move to a CTranslate2 engine.
                warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model = model.to(self.device).eval()
        self.dtype = "int8" if self.precision == "int8" else str(dtype).removeprefix("torch.")

        self.num_beams = options.num_beams or source.num_beams
        self.batch_tokens = options.batch_tokens
        self.max_batch_sentences = options.max_batch_sentences
        self.new_tokens = (options.max_new_tokens_ratio, options.max_new_tokens_offset)
        # Sinusoidal position tables end at max_position_embeddings, for the source and for the output alike.
        self.max_positions = self.model.config.max_position_embeddings
        limits = [self.max_positions, self.tokenizer.model_max_length, options.max_input_tokens]
        self.max_input_tokens = min(limit for limit in limits if limit)
        self.model.generation_config.num_beams = self.num_beams
        self.model.generation_config.max_length = None  # the length is max_new_tokens, set per batch

    def describe(self) -> dict[str, Any]:
        return {"ref": self.source.ref, "revision": self.source.revision, "engine": self.name,
                "device": self.device, "dtype": self.dtype, "num_beams": self.num_beams,
                "max_input_tokens": self.max_input_tokens}

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source tokens of each text, end-of-sentence token included, as the model's input limit counts them."""
        return [len(ids) for ids in self._encode(texts)]

    def translate(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[str]:
        """Translations in the order of `texts`; each must fit `max_input_tokens` (the caller splits longer ones).

        Texts are generated longest first in batches of similar length, so little compute goes to padding and an
        out-of-memory error, if it comes, comes in the first batch.
        """
        encoded = self._encode(texts)
        too_long = [len(ids) for ids in encoded if len(ids) > self.max_input_tokens]
        if too_long:
            raise ValueError(f"{len(too_long)} texts exceed the model's input limit of {self.max_input_tokens} tokens")
        outputs: list[str] = [""] * len(texts)
        for batch in self._batches([len(ids) for ids in encoded]):
            for index, text in zip(batch, self._generate([encoded[i] for i in batch])):
                outputs[index] = text
            if progress is not None:
                progress(len(batch))
        return outputs

    def _encode(self, texts: list[str]) -> list[list[int]]:
        # verbose=False: over-long texts are expected here (they are counted to be split), not an error to log.
        return self.tokenizer(texts, verbose=False)["input_ids"] if texts else []

    def _batches(self, lengths: list[int]) -> Iterator[list[int]]:
        """Indexes longest first, grouped so that each batch's padded size stays within the token budget."""
        batch: list[int] = []
        for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
            longest = lengths[batch[0]] if batch else lengths[index]
            if batch and ((len(batch) + 1) * longest > self.batch_tokens or len(batch) >= self.max_batch_sentences):
                yield batch
                batch = []
            batch.append(index)
        if batch:
            yield batch

    def _generate(self, encoded: list[list[int]]) -> list[str]:
        import torch

        inputs = self.tokenizer.pad({"input_ids": encoded}, return_tensors="pt").to(self.device)
        longest = max(len(ids) for ids in encoded)
        ratio, offset = self.new_tokens
        max_new_tokens = min(math.ceil(ratio * longest + offset), self.max_positions - 1)
        try:
            with torch.inference_mode():
                generated = self.model.generate(**inputs, max_new_tokens=max_new_tokens)
        except torch.OutOfMemoryError:
            if len(encoded) == 1:
                raise
            if self.device == "cuda":
                torch.cuda.empty_cache()
            half = len(encoded) // 2
            log.warning("out of memory on a batch of %d sentences; retrying in halves", len(encoded))
            return self._generate(encoded[:half]) + self._generate(encoded[half:])
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)


ENGINES: dict[str, Callable[[ModelSource, TranslateConfig], TorchEngine]] = {"torch": TorchEngine}


def check_engine(options: TranslateConfig) -> str:
    """The precision the engine will run at here; a ConfigError, before any work, for what cannot run here."""
    if options.engine not in ENGINES:
        raise ConfigError(f"translate.engine: {options.engine!r} is not available in this version; "
                          f"use one of {', '.join(sorted(ENGINES))}")
    return pick_precision(options.precision, pick_device(options.device))


def load_engine(source: ModelSource, options: TranslateConfig) -> TorchEngine:
    return ENGINES[options.engine](source, options)
