"""What every reader shares: the InputSource handle, column mapping, and the one pass that catches repeated ids.

Every reader yields plain articles (see records.py) or a RecordError for an entry that cannot become one, so a
bad line is reported with its place ("batch.jsonl:7") and the rest of the input still comes through.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import InputConfig
from pipeline.records import RecordError

INPUT_STAGE = "input"

Item = dict[str, Any] | RecordError


@dataclass
class InputSource:
    """One thing the user named on the command line, with what the manifest records about it.

    `pages` is filled while a web source is read (url, status, fetched_at, file per URL), so describe() called
    after reading shows what was fetched; for files and datasets it stays empty and describe() is unchanged.
    """

    ref: str
    kind: str  # jsonl | csv | txt | html | folder | dataset | records | urls | feed
    fingerprint: str
    loader: Callable[[], Iterator[Item]] | None = field(repr=False, default=None)
    details: dict[str, Any] = field(default_factory=dict)  # extra manifest keys (a feed's cutoff, ...)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> what fetching it gave

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {"ref": self.ref, "kind": self.kind, "sha256": self.fingerprint}
        described.update(self.details)
        if self.pages:
            described["pages"] = list(self.pages.values())
        return described


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_fingerprint(folder: Path, files: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in files if files is not None else sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def iter_rows(rows: Iterable[dict[str, Any]], config: InputConfig, origin_prefix: str = "record") -> Iterator[Item]:
    """Articles from in-memory rows (a list of dicts or a datasets.Dataset), mapped through the config."""
    for index, row in enumerate(rows):
        origin = f"{origin_prefix}[{index}]"
        if not isinstance(row, dict):
            yield RecordError(None, INPUT_STAGE, f"expected a mapping, got {type(row).__name__}", origin)
            continue
        yield map_row(row, config, origin, default_id=f"{origin_prefix}-{index}")


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def map_row(row: dict[str, Any], config: InputConfig, origin: str, default_id: str) -> Item:
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
        "title": text_or_none(row.get(config.title)),
        "text": text or "",
        "source": text_or_none(row.get(config.source)),
        "url": text_or_none(row.get(config.url)),
        "published": text_or_none(row.get(config.published)),
        "origin": origin,
    }
    return article


def read_articles(sources: list[InputSource]) -> Iterator[Item]:
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
