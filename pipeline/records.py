"""The plain records that flow between stages, and the one error type a stage may return per record.

A record is a JSON-serialisable dict. Each stage copies the record it receives and adds its own keys, so
`summarize.jsonl` holds everything `normalize.jsonl` held plus what translate and summarize added. The schema
is versioned by SCHEMA_VERSION; docs/records.md describes every key.

Article (what readers yield, before normalize)::

    {"id", "title", "text", "source", "url", "published", "origin"}   # origin: "file.jsonl:7"

Normalize adds ``sentences`` [{text, mt_input, kind: headline | body | fragment, paragraph}], ``date``,
``date_source``, ``lang``, ``dateline``, ``removed`` [{kind, text}] and ``flags``; translate adds ``translations``,
``translation_flags`` and ``fact_translations``; summarize adds ``summary``, ``facts``, ``relevance``; the brief
adds ``event_id``. docs/records.md lists every key, every removed kind and every flag.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

SCHEMA_VERSION = 1

ARTICLE_FIELDS = ("id", "title", "text", "source", "url", "published")


#: The JSON type of the record keys a stage may require, for the shape check every stage runs (Stage.problem).
KEY_TYPES: dict[str, type] = {"sentences": list, "removed": list, "flags": list, "translations": dict,
                              "translation_flags": dict, "summary": dict, "facts": dict}


@dataclass(frozen=True)
class RecordError:
    """A record that a stage could not process; it goes to errors.jsonl and the batch goes on."""

    id: str | None
    stage: str
    message: str
    origin: str | None = None  # "file.jsonl:7": where the record came from, when known
    source_hash: str | None = None

    @classmethod
    def for_record(cls, record: Any, stage: str, message: str) -> RecordError:
        """The error of `stage` about `record`, carrying the record's id, origin and identity (whatever the record
        is: a stage reports a non-mapping too), so errors.jsonl can say which input failed and resume can tell
        whether it changed since."""
        if not isinstance(record, dict):
            return cls(None, stage, message)
        article_id = record.get("id")
        return cls(None if article_id is None else str(article_id), stage, message, record.get("origin"),
                   record_identity(record))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def stable_hash(value: Any, length: int = 16) -> str:
    """A short content hash of any JSON-serialisable value, independent of key order."""
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


def source_hash(article: dict[str, Any]) -> str:
    """Identity of an article's content: a finished record is reused only while this is unchanged."""
    return stable_hash({k: article.get(k) for k in ARTICLE_FIELDS})


def record_identity(record: dict[str, Any]) -> str:
    """The source hash a record carries from normalize, or, for an article not normalized yet, its own."""
    return record.get("source_hash") or source_hash(record)
