"""Row files: JSONL (one JSON object a line) and CSV with a header, mapped through `input:` column names."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import InputConfig
from pipeline.inputs.base import INPUT_STAGE, Item, map_row
from pipeline.records import RecordError


def read_jsonl(path: Path, config: InputConfig) -> Iterator[Item]:
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


def read_csv(path: Path, config: InputConfig) -> Iterator[Item]:
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line_number = reader.line_num
            yield map_row(row, config, f"{path.name}:{line_number}", default_id=f"{path.stem}-{line_number}")
