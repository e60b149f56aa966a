"""JSON Lines and atomic writes: how every stage, engine and report touches the run folder."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def atomic_write(path: Path, lines: Iterable[str]) -> None:
    """Write a file so readers see the old one or the whole new one, never a part (also after a crash)."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False)
    try:
        with handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # a temporary file is private; the result is an ordinary file
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_json(path: Path, value: Any) -> None:
    atomic_write(path, [json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n"])


def to_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file; a torn last line (a crash mid-write) is cut off the file and skipped."""
    if not path.exists():
        return
    good_end = 0
    with path.open("rb") as handle:
        for raw in handle:
            try:
                value = json.loads(raw)
            except ValueError:
                break
            if not raw.endswith(b"\n"):
                break
            good_end += len(raw)
            yield value
    if path.stat().st_size != good_end:
        with path.open("r+b") as handle:
            handle.truncate(good_end)


def append_jsonl(path: Path, values: list[dict[str, Any]]) -> None:
    """Append and fsync: once this returns, the values survive a crash."""
    if not values:
        return
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(to_line(v) for v in values)
        handle.flush()
        os.fsync(handle.fileno())
