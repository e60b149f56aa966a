"""Where a route's model is: a hub id or a local folder, found on disk before any work, with its revision.

A model is named as anywhere in the Hugging Face ecosystem: a hub id, resolved through the standard hub cache
(so HF_HOME, HF_HUB_CACHE and HF_HUB_OFFLINE mean what they always mean), or a local folder. `check_available`
turns a route into a folder on disk before any work is done: a run without its model stops at once with one
message saying how to provide it, rather than after a batch has been normalised or after minutes of network
retries. Everything is then loaded from that folder, so loading never touches the network.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import RouteConfig
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.resources import folder_hash

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
