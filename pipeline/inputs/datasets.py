"""Hugging Face datasets: a folder written by `save_to_disk`, or a dataset name on the hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.config import InputConfig
from pipeline.errors import InputError
from pipeline.inputs.base import Item, iter_rows


def is_saved_dataset(folder: Path) -> bool:
    return (folder / "dataset_info.json").is_file() or (folder / "dataset_dict.json").is_file()


def load_saved_dataset(folder: Path, config: InputConfig) -> Iterator[Item]:
    import datasets  # the library, not this module: imports are absolute

    loaded = datasets.load_from_disk(str(folder))
    if isinstance(loaded, datasets.DatasetDict):
        if config.split not in loaded:
            raise InputError(f"{folder}: split {config.split!r} not found; it has {sorted(loaded)} (set input.split)")
        loaded = loaded[config.split]
    return iter_rows(loaded, config, origin_prefix=folder.name)


def load_hub_dataset(name: str, config: InputConfig) -> Iterator[Item]:
    import datasets

    try:
        loaded = datasets.load_dataset(name, split=config.split)
    except Exception as error:  # the datasets library raises many types for "cannot have it"
        raise InputError(f"{name}: not a file or folder here, and loading it as a Hugging Face dataset "
                         f"(split {config.split!r}) failed: {error}") from None
    return iter_rows(loaded, config, origin_prefix=name)
