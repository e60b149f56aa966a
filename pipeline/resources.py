"""The package's own data files and the user's cache folder: one reader for every table and word list.

Lexicons, calibration sentences and number vocabularies are data, not code (`pipeline/data/`), so a linguist can
edit them; they are read here and nowhere else, and their hashes feed the stage fingerprints.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.errors import ConfigError

PACKAGE_DATA = Path(__file__).parent / "data"
APP_NAME = "delegation-pipeline"


def read_table(path: Path | str, columns: int) -> list[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated data file; `#` comments and blank lines are skipped.

    A path without a folder names a file of pipeline/data. A row with fewer fields is a ConfigError naming
    file and line, since these files are user-editable.
    """
    path = _resolve(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read data file: {error.strerror or error}") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < columns or not fields[0].strip():
            raise ConfigError(f"{path}:{number}: expected {columns} tab-separated fields, got {line!r}")
        rows.append((number, [field.strip() for field in fields[:columns]]))
    return rows


def read_word_list(path: Path | str) -> list[str]:
    """Lines of a data file, without blank lines and `#` comments (a name alone: a file of pipeline/data)."""
    lines = _resolve(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _resolve(path: Path | str) -> Path:
    path = Path(path)
    return path if path.parent != Path(".") or path.is_absolute() else PACKAGE_DATA / path


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def folder_hash(folder: Path) -> str:
    """A content hash of a folder (file names and bytes), so a retrained model is a new revision.

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


def cache_dir() -> Path:
    """Where the pipeline keeps what it can remake (translations, converted models, calibrations, toy models):
    the folder of $PIPELINE_CACHE when set, else $XDG_CACHE_HOME (or ~/.cache)/delegation-pipeline."""
    if os.environ.get("PIPELINE_CACHE"):
        return Path(os.environ["PIPELINE_CACHE"]).expanduser().parent
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / APP_NAME
