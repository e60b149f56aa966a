"""Readers that turn JSONL, CSV, a folder of .txt files, or a Hugging Face dataset into article dicts.

Every reader yields plain articles (see records.py) or a RecordError for an entry that cannot become one,
so a bad line is reported with its place ("batch.jsonl:7") and the rest of the file still comes through.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import InputConfig
from pipeline.errors import InputError
from pipeline.records import RecordError

INPUT_STAGE = "input"


@dataclass
class InputSource:
    """One thing the user named on the command line, with what the manifest records about it."""

    ref: str
    kind: str  # jsonl | csv | txt | dataset | records
    fingerprint: str
    loader: Any = field(repr=False, default=None)

    def describe(self) -> dict[str, str]:
        return {"ref": self.ref, "kind": self.kind, "sha256": self.fingerprint}


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _txt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt")


def _is_saved_dataset(folder: Path) -> bool:
    return (folder / "dataset_info.json").is_file() or (folder / "dataset_dict.json").is_file()


def open_source(ref: str | Path, config: InputConfig) -> InputSource:
    """Identify what `ref` is, without reading it yet; an unusable ref is an InputError."""
    path = Path(ref)
    if path.is_dir():
        if _is_saved_dataset(path):
            return InputSource(str(ref), "dataset", _folder_fingerprint(path), lambda: _load_saved_dataset(path, config))
        files = _txt_files(path)
        if not files:
            raise InputError(f"{ref}: folder holds no .txt articles and is not a saved Hugging Face dataset")
        return InputSource(str(ref), "txt", _folder_fingerprint(path, files), lambda: _read_txt_files(files))
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix not in FILE_READERS:
            raise InputError(f"{ref}: unknown input format {suffix!r}; use .jsonl, .csv, .txt or a folder")
        kind, reader = FILE_READERS[suffix]
        return InputSource(str(ref), kind, _file_sha256(path), lambda: reader(path, config))
    if str(ref).startswith((".", "/", "~")) or Path(str(ref)).suffix:
        raise InputError(f"{ref}: no such file or folder")
    return InputSource(str(ref), "dataset", f"hub:{ref}:{config.split}", lambda: _load_hub_dataset(str(ref), config))


def _folder_fingerprint(folder: Path, files: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in files if files is not None else sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(_file_sha256(path).encode())
    return digest.hexdigest()


def _read_jsonl(path: Path, config: InputConfig) -> Iterator[dict[str, Any] | RecordError]:
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"{path.name}:{line_number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield RecordError(None, INPUT_STAGE, f"invalid JSON: {error.msg} (column {error.colno})", origin)
                continue
            if not isinstance(row, dict):
                yield RecordError(None, INPUT_STAGE, f"expected a JSON object, got {type(row).__name__}", origin)
                continue
            yield map_row(row, config, origin, default_id=f"{path.stem}-{line_number}")


def _read_csv(path: Path, config: InputConfig) -> Iterator[dict[str, Any] | RecordError]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line_number = reader.line_num
            yield map_row(row, config, f"{path.name}:{line_number}", default_id=f"{path.stem}-{line_number}")


def _read_txt_file(path: Path, config: InputConfig) -> Iterator[dict[str, Any] | RecordError]:
    return _read_txt_files([path])


def _read_txt_files(files: list[Path]) -> Iterator[dict[str, Any] | RecordError]:
    """A .txt article: first line the headline, the rest the body (the way news sites are copied)."""
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        title, _, body = text.lstrip("\ufeff").partition("\n")
        yield {"id": path.stem, "title": title.strip() or None, "text": body, "source": None, "url": None,
               "published": None, "origin": path.name}


FILE_READERS = {".jsonl": ("jsonl", _read_jsonl), ".json": ("jsonl", _read_jsonl), ".csv": ("csv", _read_csv),
                ".txt": ("txt", _read_txt_file)}


def _load_saved_dataset(folder: Path, config: InputConfig):
    import datasets

    loaded = datasets.load_from_disk(str(folder))
    if isinstance(loaded, datasets.DatasetDict):
        if config.split not in loaded:
            raise InputError(f"{folder}: split {config.split!r} not found; it has {sorted(loaded)} (set input.split)")
        loaded = loaded[config.split]
    return iter_rows(loaded, config, origin_prefix=folder.name)


def _load_hub_dataset(name: str, config: InputConfig):
    import datasets

    try:
        loaded = datasets.load_dataset(name, split=config.split)
    except Exception as error:  # the datasets library raises many types for "cannot have it"
        raise InputError(f"{name}: not a file or folder here, and loading it as a Hugging Face dataset "
                         f"(split {config.split!r}) failed: {error}") from None
    return iter_rows(loaded, config, origin_prefix=name)


def iter_rows(rows: Iterable[dict[str, Any]], config: InputConfig, origin_prefix: str = "record"
              ) -> Iterator[dict[str, Any] | RecordError]:
    """Articles from in-memory rows (a list of dicts or a datasets.Dataset), mapped through the config."""
    for index, row in enumerate(rows):
        origin = f"{origin_prefix}[{index}]"
        if not isinstance(row, dict):
            yield RecordError(None, INPUT_STAGE, f"expected a mapping, got {type(row).__name__}", origin)
            continue
        yield map_row(row, config, origin, default_id=f"{origin_prefix}-{index}")


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def map_row(row: dict[str, Any], config: InputConfig, origin: str, default_id: str) -> dict[str, Any] | RecordError:
    """One input row as an article, using the configured column names."""
    raw_id = row.get(config.id)
    article_id = default_id if raw_id is None or str(raw_id).strip() == "" else str(raw_id).strip()
    text_column = next((column for column in config.text if column in row), None)
    if text_column is None:
        wanted = " or ".join(repr(c) for c in config.text)
        return RecordError(article_id, INPUT_STAGE, f"missing text field ({wanted}; set input.text to map it)", origin)
    text = row[text_column]
    if text is not None and not isinstance(text, str):
        return RecordError(article_id, INPUT_STAGE, f"field {text_column!r} must be text, got {type(text).__name__}",
                           origin)
    article = {
        "id": article_id,
        "title": _text_or_none(row.get(config.title)),
        "text": text or "",
        "source": _text_or_none(row.get(config.source)),
        "url": _text_or_none(row.get(config.url)),
        "published": _text_or_none(row.get(config.published)),
        "origin": origin,
    }
    return article


def read_articles(sources: list[InputSource]) -> Iterator[dict[str, Any] | RecordError]:
    """All articles of all sources in order; a repeated id is an error for every copy after the first."""
    first_seen: dict[str, str] = {}
    for source in sources:
        for item in source.loader():
            if isinstance(item, dict):
                if item["id"] in first_seen:
                    item = RecordError(item["id"], INPUT_STAGE, f"duplicate id (first seen at {first_seen[item['id']]})",
                                       item["origin"])
                else:
                    first_seen[item["id"]] = item["origin"]
            yield item


def in_memory_source(rows: Iterable[dict[str, Any]], config: InputConfig) -> InputSource:
    """Rows given to the library API (a list of dicts or a datasets.Dataset)."""
    fingerprint = getattr(rows, "_fingerprint", None)
    if fingerprint is None:
        rows = list(rows)
        fingerprint = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    return InputSource("<in-memory>", "dataset" if hasattr(rows, "_fingerprint") else "records", fingerprint,
                       lambda: iter_rows(rows, config))
