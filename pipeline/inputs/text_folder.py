"""Article files: a .txt (first line the headline, the rest the body), a saved .html/.htm page, or a folder of them.

A folder may mix both kinds; its files are read in name order and other files (notes, images) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import InputError
from pipeline.inputs.base import InputSource, Item, folder_fingerprint
from pipeline.inputs.pages import HTML_SUFFIXES, read_html_file

TXT_SUFFIX = ".txt"


def read_txt_files(files: list[Path]) -> Iterator[Item]:
    """A .txt article: first line the headline, the rest the body (the way news sites are copied)."""
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        title, _, body = text.lstrip("\ufeff").partition("\n")
        yield {"id": path.stem, "title": title.strip() or None, "text": body, "source": None, "url": None,
               "published": None, "origin": path.name}


def read_article_files(files: list[Path]) -> Iterator[Item]:
    for path in files:
        if path.suffix.lower() in HTML_SUFFIXES:
            yield read_html_file(path)
        else:
            yield from read_txt_files([path])


def article_files(folder: Path) -> list[Path]:
    """The .txt files of a folder, and its .html/.htm pages (the .txt reader keeps its exact suffix match)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and (p.suffix == TXT_SUFFIX or p.suffix.lower() in HTML_SUFFIXES))


def folder_source(folder: Path, ref: str) -> InputSource:
    files = article_files(folder)
    if not files:
        raise InputError(f"{ref}: folder holds no .txt or .html articles and is not a saved Hugging Face dataset")
    html = [p for p in files if p.suffix.lower() in HTML_SUFFIXES]
    kind = "txt" if not html else "html" if len(html) == len(files) else "txt+html"
    return InputSource(ref, kind, folder_fingerprint(folder, files), lambda: read_article_files(files))
