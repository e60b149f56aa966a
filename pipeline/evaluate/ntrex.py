"""NTREX-128 news in its folder layout: the one reader for `pipeline eval mt`, `pipeline eval summary`,
`pipeline bench`, the toy models' vocabularies and eval/bench_normalize.py.

The slice in pipeline/evaluate/data/ntrex ships in the package, so those commands work from an installed
wheel. Layout: one sentence a line, line-aligned across languages (Indonesian source, English and Japanese
references); DOCUMENT_IDS.tsv names each line's document, whose lines are consecutive, headline first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

NTREX_DIR = Path(__file__).parent / "data" / "ntrex"
FILES = {"id": "newstest2019-ref.ind.txt", "en": "newstest2019-src.eng.txt", "ja": "newstest2019-ref.jpn.txt"}
SOURCE = "id"
DOCUMENT_IDS_FILE = "DOCUMENT_IDS.tsv"
_COMMIT = re.compile(r"commit ([0-9a-f]{7,40})")


@dataclass(frozen=True)
class Ntrex:
    """A folder's Indonesian lines, the references present, and its documents (None without DOCUMENT_IDS.tsv)."""

    name: str  # "ntrex-128@8561f6a" (the commit its README names), else "ntrex:<folder name>"
    folder: Path
    sources: list[str]
    references: dict[str, list[str]]
    documents: list[tuple[str, int, int]] | None  # (document id, first line, end line)

    def first(self, count: int) -> Ntrex:
        """The first `count` lines, the last document cut short where they end."""
        documents = None if self.documents is None else [
            (document_id, start, min(end, count)) for document_id, start, end in self.documents if start < count]
        return replace(self, sources=self.sources[:count], documents=documents,
                       references={lang: lines[:count] for lang, lines in self.references.items()})

    def document_lines(self) -> list[tuple[str, list[str]]]:
        """(document id, its Indonesian lines, headline first) per document, in file order."""
        if self.documents is None:
            raise InputError(f"{self.folder}: no {DOCUMENT_IDS_FILE}, so no documents")
        return [(document_id, self.sources[start:end]) for document_id, start, end in self.documents]

    def articles(self) -> list[dict[str, Any]]:
        """One article per document: the headline as title, the other lines as paragraphs."""
        return [{"id": document_id, "title": lines[0], "text": "\n".join(lines[1:]), "source": "ntrex", "url": None,
                 "published": None, "origin": f"ntrex:{document_id}"}
                for document_id, lines in self.document_lines()]


def articles(folder: Path = NTREX_DIR) -> list[dict[str, Any]]:
    """One article per document of a folder (see Ntrex.articles)."""
    return load(folder).articles()


def read_lines(lang: str, folder: Path = NTREX_DIR) -> list[str]:
    """One language's lines."""
    path = Path(folder) / FILES[lang]
    if not path.is_file():
        raise InputError(f"{folder}: no {FILES[lang]}; expected a folder in the NTREX layout "
                         f"({', '.join(FILES.values())}, {DOCUMENT_IDS_FILE})")
    return path.read_text(encoding="utf-8").splitlines()


def load(folder: Path = NTREX_DIR) -> Ntrex:
    """An NTREX-layout folder: the Indonesian file, the reference files present, document ids if present."""
    folder = Path(folder)
    sources = read_lines(SOURCE, folder)
    references = {lang: read_lines(lang, folder) for lang, name in FILES.items()
                  if lang != SOURCE and (folder / name).is_file()}
    for lang, lines in references.items():
        if len(lines) != len(sources):
            raise InputError(f"{folder}: {FILES[lang]} has {len(lines)} lines and {FILES[SOURCE]} {len(sources)}; "
                             "source and reference files must be line-aligned")
    ids_path = folder / DOCUMENT_IDS_FILE
    documents = _document_ranges(ids_path, len(sources)) if ids_path.is_file() else None
    readme = folder / "README.md"
    commit = _COMMIT.search(readme.read_text(encoding="utf-8")) if readme.is_file() else None
    name = f"ntrex-128@{commit.group(1)[:7]}" if commit else f"ntrex:{folder.name}"
    return Ntrex(name, folder, sources, references, documents)


def _document_ranges(ids_path: Path, lines: int) -> list[tuple[str, int, int]]:
    ids = ids_path.read_text(encoding="utf-8").splitlines()
    if len(ids) != lines:
        raise InputError(f"{ids_path.parent}: {DOCUMENT_IDS_FILE} has {len(ids)} lines and {FILES[SOURCE]} {lines}; "
                         "they must be line-aligned")
    ranges, start = [], 0
    for document_id, group in groupby(line.split("\t")[0].strip() for line in ids):
        end = start + len(list(group))
        ranges.append((document_id, start, end))
        start = end
    repeated = sorted({d for d, _, _ in ranges if sum(1 for other, _, _ in ranges if other == d) > 1})
    if repeated:
        raise InputError(f"{ids_path.parent}: {DOCUMENT_IDS_FILE}: the lines of document(s) {', '.join(repeated[:5])} "
                         "are not consecutive")
    return ranges
