"""Inputs: what the user names becomes an InputSource; read_articles turns sources into articles or RecordErrors.

One module per kind of input:

- files.py: .jsonl / .json and .csv rows mapped through `input:` column names
- text_folder.py: a .txt article, a saved .html page, or a folder of them
- pages.py: saved web pages read with trafilatura (text, title, date, author, site, canonical URL)
- datasets.py: a saved Hugging Face dataset folder, or a dataset name on the hub
- web.py: a .urls file, a single http(s) URL, an RSS/Atom feed (feed_source, parse_since)
- fetch.py: polite, cached fetching into a pages folder (FetchContext)
- base.py: InputSource, column mapping, and duplicate ids across all sources
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import InputConfig
from pipeline.errors import InputError
from pipeline.inputs.base import (INPUT_STAGE, InputSource, file_sha256, folder_fingerprint, in_memory_source, iter_rows,
                                  map_row, read_articles)
from pipeline.inputs.datasets import is_saved_dataset, load_hub_dataset, load_saved_dataset
from pipeline.inputs.fetch import FetchContext, FetchError
from pipeline.inputs.files import read_csv, read_jsonl
from pipeline.inputs.pages import HTML_SUFFIXES, read_html_files, url_to_id
from pipeline.inputs.text_folder import folder_source, read_txt_files
from pipeline.inputs.web import URLS_SUFFIX, feed_source, parse_since, url_source, urls_source

__all__ = ["INPUT_STAGE", "InputSource", "FetchContext", "FetchError", "feed_source", "in_memory_source",
           "iter_rows", "map_row", "open_source", "parse_since", "read_articles", "url_to_id"]

ROW_FILES = {".jsonl": ("jsonl", read_jsonl), ".json": ("jsonl", read_jsonl), ".csv": ("csv", read_csv)}


def open_source(ref: str | Path, config: InputConfig, fetch: FetchContext | None = None) -> InputSource:
    """Identify what `ref` is, without reading it yet; an unusable ref is an InputError.

    `fetch` (pages folder, offline flag, fetch settings) is needed only for a .urls file or an http(s) URL.
    """
    text = str(ref)
    if text.startswith(("http://", "https://")):
        return url_source(text, fetch)
    path = Path(ref)
    if path.is_dir():
        if is_saved_dataset(path):
            return InputSource(text, "dataset", folder_fingerprint(path), lambda: load_saved_dataset(path, config))
        return folder_source(path, text)
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in ROW_FILES:
            kind, reader = ROW_FILES[suffix]
            return InputSource(text, kind, file_sha256(path), lambda: reader(path, config))
        if suffix == ".txt":
            return InputSource(text, "txt", file_sha256(path), lambda: read_txt_files([path]))
        if suffix in HTML_SUFFIXES:
            return InputSource(text, "html", file_sha256(path), lambda: read_html_files([path]))
        if suffix == URLS_SUFFIX:
            return urls_source(path, text, fetch)
        raise InputError(f"{ref}: unknown input format {suffix!r}; use .jsonl, .csv, .txt, .html, .urls or a folder")
    if text.startswith((".", "/", "~")) or Path(text).suffix:
        raise InputError(f"{ref}: no such file or folder")
    return InputSource(text, "dataset", f"hub:{ref}:{config.split}", lambda: load_hub_dataset(text, config))

