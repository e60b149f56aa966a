"""The delegation brief: brief.md, a self-contained brief.html and brief.pdf per run, from summarize's records.

A delegation prints the HTML and reads it offline, and article text comes from the open web, so the page must
never load or run anything: templates autoescape, and a Content-Security-Policy forbids scripts and remote
resources even if something slipped through. All shaping of records happens here; templates only lay out.

The brief reads in the delegation's first language (profile `languages[0]`): its headings, labels, dates and
quality notes are in that language (templates/labels.yaml), and each headline, summary and aligned sentence
shows that language first, then the original Indonesian, then the profile's other languages. brief.pdf is the
HTML printed to A4 by headless Chromium (pdf.py); without a browser the run warns once and keeps the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.brief.items import event_view, items as group_items, shown_record, source_list
from pipeline.brief.pdf import PdfError, footer_template, write_pdf
from pipeline.config import BriefConfig
from pipeline.files import atomic_write
from pipeline.records import RecordError, stable_hash
from pipeline.text.facts.phrases import item_translations
from pipeline.version import __version__

TEMPLATES_DIR = Path(__file__).parent / "templates"
SOURCE_LANGUAGE = "id"
FALLBACK_LANGUAGE = "en"
FACT_KINDS = ("places", "people", "organisations", "figures")
STAGE = "brief"

log = logging.getLogger(__name__)

_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]<>|~#]|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


# --------------------------------------------------------------------------------------------- words


@functools.cache
def _label_table() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((TEMPLATES_DIR / "labels.yaml").read_text(encoding="utf-8"))


class Labels:
    """The brief's own words in one language; English stands in for a language or key the table lacks."""

    def __init__(self, lang: str):
        table = _label_table()
        self.lang = lang if lang in table else FALLBACK_LANGUAGE
        self._words = {**table[FALLBACK_LANGUAGE], **table[self.lang]}

    def __call__(self, key: str, **values: Any) -> str:
        return self._words[key].format(**values) if values else self._words[key]

    def language(self, code: str) -> str:
        return self._words["languages"].get(code, code)

    def date(self, iso: str | None) -> str | None:
        """An ISO date written the way this language writes dates (2023年8月24日（木）, 24 August 2023);
        anything else is shown as it came."""
        if not iso:
            return None
        try:
            day = dt.date.fromisoformat(iso[:10])
        except ValueError:
            return iso
        return self("date_format", year=day.year, month=day.month, day=day.day,
                    month_name=self._words["months"][day.month - 1], weekday=self._words["weekdays"][day.weekday()])

    def flag(self, code: str, other: str = "flag_other") -> str | None:
        """A quality flag as a short phrase in this language; None for a flag that is not for the reader, and
        the `other` label for a flag the table does not know (the reader never sees a code)."""
        phrases = {**_label_table()[FALLBACK_LANGUAGE]["flags"], **(_label_table()[self.lang].get("flags") or {})}
        return phrases[code] if code in phrases else self(other)

    def flags(self, codes: Iterable[Any], other: str = "flag_other") -> list[dict[str, str]]:
        """The reader's notes for a list of flag codes, each phrase once, in the order the codes came; the code
        travels along as a data attribute of the HTML, never as the text."""
        notes: dict[str, dict[str, str]] = {}
        for code in codes:
            phrase = self.flag(str(code), other)
            if phrase is not None and phrase not in notes:
                notes[phrase] = {"code": str(code), "text": phrase}
        return list(notes.values())


def _join(lang: str, texts: Iterable[str]) -> str:
    """Sentences into one paragraph: Japanese runs sentences together, most languages put a space."""
    separator = _label_table().get(lang, {}).get("sentence_separator", " ")
    return separator.join(texts)


def markdown_text(value: Any) -> str:
    """Text that Markdown shows as written: no accidental emphasis, links, raw HTML or list markers."""
    text = " ".join(str(value).split())
    text = _MARKDOWN_INLINE.sub(lambda match: "\\" + match.group(0), text)
    return _MARKDOWN_LINE_START.sub(
        lambda match: "\\" + match.group(1) if match.group(1) else f"{match.group(2)}\\{match.group(3)}", text)


def markdown_url(url: str) -> str:
    """A link target Markdown cannot misread: brackets, spaces and angle brackets percent-encoded."""
    return quote(url, safe="/:?#@!$&'*+,;=%~")


def anchor_for(article_id: Any) -> str:
    """An HTML id and URL fragment for any article id ("a/../b", quotes, spaces): readable and unique per id."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(article_id).lower()).strip("-")[:48].strip("-")
    return "-".join(part for part in ("article", slug, stable_hash(str(article_id), 8)) if part)


# --------------------------------------------------------------------------------------------- records


def check_record(record: dict[str, Any]) -> None:
    """Raise ValueError saying what the brief cannot show in a summarize record, so one bad record is reported
    and the rest still make the brief. The stage has checked the record's shape (BriefStage.problem) first."""
    if record.get("id") in (None, ""):
        raise ValueError("has no id")
    sentences = record["sentences"]
    if not sentences:
        raise ValueError("has no sentences")
    for index, sentence in enumerate(sentences):
        if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str):
            raise ValueError(f"sentences[{index}] has no text")
    _check_aligned(record, "translations", len(sentences), lambda e: e is None or isinstance(e, str))
    _check_aligned(record, "translation_flags", len(sentences),
                   lambda e: e is None or (isinstance(e, list) and all(isinstance(f, str) for f in e)))
    indexes = record["summary"].get("indexes") or []
    if not isinstance(indexes, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(sentences) for i in indexes):
        raise ValueError(f"summary indexes {indexes!r} do not all point at one of its {len(sentences)} sentences")
    relevance = record.get("relevance")
    if relevance is not None and (isinstance(relevance, bool) or not isinstance(relevance, (int, float))
                                  or not math.isfinite(relevance)):
        raise ValueError(f"relevance {relevance!r} is not a number")
    if not isinstance(record.get("date"), (str, type(None))):
        raise ValueError(f"date {record['date']!r} is not an ISO date")


def _check_aligned(record: dict[str, Any], key: str, count: int, entry_ok) -> None:
    by_language = record.get(key)
    if by_language is None:
        return
    if not isinstance(by_language, dict):
        raise ValueError(f"{key} is not a mapping of language to sentences")
    for lang, entries in by_language.items():
        if not isinstance(entries, list) or len(entries) != count:
            found = len(entries) if isinstance(entries, list) else "no list of"
            raise ValueError(f"{key}[{lang!r}] has {found} entries for {count} sentences")
        for index, entry in enumerate(entries):
            if not entry_ok(entry):
                raise ValueError(f"{key}[{lang!r}][{index}] is {entry!r:.60}")


def _target_languages(profile: Any, records: list[dict[str, Any]]) -> list[str]:
    """Translation languages to show, in the delegation's order; without a profile, in the order they came."""
    present = dict.fromkeys(lang for r in records for lang in (r.get("translations") or {}))
    wanted = getattr(profile, "languages", None) or list(present)
    return [lang for lang in dict.fromkeys(wanted) if lang in present and lang != SOURCE_LANGUAGE]


def _texts(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{where} is not a list of sentences")
    return [text for text in value if isinstance(text, str) and text.strip()]


def _reading_order(translated: list[Any], original: Any | None) -> list[Any]:
    """The delegation's first language, then the original, then its other languages: a reader sees their own
    language and the authoritative text together, and the other translations after them."""
    return [*translated[:1], *([original] if original is not None else []), *translated[1:]]


def _interest_view(interest: Any, targets: list[str], source_lang: str) -> dict[str, Any] | None:
    """The delegation's interest line (summary["interest"]) in reading order, with the topics it is on."""
    if interest is None:
        return None
    if not isinstance(interest, dict) or not isinstance(interest.get("id"), str):
        raise ValueError("summary['interest'] is not a sentence with its Indonesian text under 'id'")
    lines = [{"lang": lang, "text": interest[lang], "original": False} for lang in targets
             if isinstance(interest.get(lang), str) and interest[lang].strip()]
    return {"topics": [str(topic) for topic in interest.get("topics") or []],
            "lines": _reading_order(lines, {"lang": source_lang, "text": interest["id"], "original": True})}


def _fact_text(item: Any, where: str) -> str:
    """One fact as one line: a plain string, a person {"name", "title", "role"} or a figure {"text", ...}."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and item.get("name"):
        name = " ".join(str(item[key]) for key in ("title", "name") if item.get(key))
        return f"{name} ({item['role']})" if item.get("role") else name
    if isinstance(item, dict) and item.get("text"):
        return str(item["text"])
    raise ValueError(f"{where} holds {item!r:.60}, not a name or a figure")


def _fact_entry(item: Any, where: str, targets: list[str]) -> dict[str, Any]:
    """One fact: its text as the article has it and, where the fact carries `translations` ({lang: text}),
    the translation in the delegation's first language that has one, shown beside it."""
    entry = {"text": _fact_text(item, where), "translation": None}
    translations = item.get("translations") if isinstance(item, dict) else None
    if isinstance(translations, dict):
        for lang in targets:
            text = translations.get(lang)
            if isinstance(text, str) and text.strip() and text.strip() != entry["text"]:
                entry["translation"] = {"lang": lang, "text": text.strip()}
                break
    return entry


def _with_translations(item: Any, texts: dict[str, str]) -> Any:
    """A fact with the `translations` _fact_entry shows, from its facts["translations"] ({lang: phrase}): for a
    person, their line with the role translated."""
    if texts and isinstance(item, dict) and item.get("name"):
        return {**item, "translations": {lang: _fact_text({**item, "role": text}, "") for lang, text in texts.items()}}
    if texts and isinstance(item, (str, dict)):
        return {**item, "translations": texts} if isinstance(item, dict) else {"text": item, "translations": texts}
    return item


def _article_view(record: dict[str, Any], targets: list[str], labels: Labels) -> dict[str, Any]:
    """Everything the templates show of one article, in the order and languages the delegation reads."""
    sentences = record["sentences"]
    source_lang = record.get("lang") or SOURCE_LANGUAGE
    translations = {lang: record["translations"][lang] for lang in targets
                    if lang in (record.get("translations") or {})}
    flags_by_lang = record.get("translation_flags") or {}
    summary = record["summary"]
    indexes = summary.get("indexes") or []
    headline_indexes = [i for i, s in enumerate(sentences) if s.get("kind") == "headline"]

    headlines = []
    for lang, texts in translations.items():
        translated = _texts([texts[i] for i in headline_indexes], f"translations[{lang!r}]")
        if translated:
            headlines.append({"lang": lang, "text": _join(lang, translated), "original": False})
    original = _join(source_lang, [sentences[i]["text"] for i in headline_indexes])
    headlines = _reading_order(headlines, {"lang": source_lang, "text": original or record.get("title")
                                           or str(record["id"]), "original": True})

    summaries = []
    for lang in translations:
        texts = (_texts(summary.get(lang), f"summary[{lang!r}]")
                 or _texts([translations[lang][i] for i in indexes], f"translations[{lang!r}]"))
        if texts:
            summaries.append({"lang": lang, "text": _join(lang, texts), "original": False, "generated": False})
    texts = _texts(summary.get(SOURCE_LANGUAGE), "summary['id']") or [sentences[i]["text"] for i in indexes]
    summaries = _reading_order(summaries, {"lang": source_lang, "text": _join(source_lang, texts), "original": True,
                                           "generated": False} if texts else None)
    generated = summary.get("abstractive")
    if not isinstance(generated, (str, type(None))):
        raise ValueError("summary['abstractive'] is not a text")
    if generated and generated.strip():
        summaries.append({"lang": source_lang, "text": generated.strip(), "original": False, "generated": True})

    interest = _interest_view(summary.get("interest"), list(translations), source_lang)

    facts = record.get("facts") or {}
    fact_rows = []
    if facts.get("date") and facts["date"] != record.get("date"):
        fact_rows.append({"kind": "date", "label": labels("fact_date"),
                          "entries": [{"text": labels.date(str(facts["date"])), "translation": None}]})
    for kind in FACT_KINDS:
        items = facts.get(kind) or []
        if not isinstance(items, list):
            raise ValueError(f"facts[{kind!r}] is not a list")
        entries = [_fact_entry(_with_translations(item, texts), f"facts[{kind!r}]", list(translations))
                   for item, texts in zip(items, item_translations(facts, kind))]
        if entries:
            fact_rows.append({"kind": kind, "label": labels(f"fact_{kind}"), "entries": entries})

    rows = []
    for index, sentence in enumerate(sentences):
        cells = [{"lang": lang, "text": texts[index], "original": False,
                  "flags": labels.flags((flags_by_lang.get(lang) or [None] * len(sentences))[index] or [])}
                 for lang, texts in translations.items()]
        cells = _reading_order(cells, {"lang": source_lang, "text": sentence["text"], "original": True, "flags": []})
        rows.append({"number": index + 1, "kind": sentence.get("kind") or "body", "cells": cells,
                     "flagged": any(cell["flags"] for cell in cells)})

    sources = source_list(record, labels)
    return {
        "id": str(record["id"]),
        "anchor": anchor_for(record["id"]),
        "source_lang": source_lang,
        "headlines": headlines,
        "date": labels.date(record.get("date")) or sources[0]["date"],
        "outlet": sources[0]["outlet"],
        "place": sources[0]["place"],
        "url": sources[0]["url"],
        "sources": sources,
        "flags": labels.flags(record.get("flags") or [], other="flag_other_article"),
        "topics": [str(topic) for topic in summary.get("topics") or []],
        "translated": bool(translations),
        "summaries": summaries,
        "interest": interest,
        "facts": fact_rows,
        "columns": _reading_order([{"lang": lang, "original": False} for lang in translations],
                                  {"lang": source_lang, "original": True}),
        "rows": rows,
    }


# --------------------------------------------------------------------------------------------- output


@functools.cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True,
                                     default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["md_url"] = markdown_url
    return environment


def _run_facts(manifest: dict[str, Any] | None) -> dict[str, Any]:
    """What the footer says about the run that made the brief: its signature, date and models."""
    manifest = manifest or {}
    signature = manifest.get("signature")
    models = [{"name": name, "ref": str(model.get("ref")), "revision": model.get("revision")}
              for name, model in sorted((manifest.get("models") or {}).items()) if isinstance(model, dict)]
    started = str(manifest.get("started") or dt.datetime.now(dt.timezone.utc).date().isoformat())
    return {"signature": signature, "models": models, "date": started[:10]}


def _profile_view(profile: Any) -> dict[str, Any]:
    return {"name": getattr(profile, "name", None), "organisation": getattr(profile, "organisation", None),
            "topics": [str(topic) for topic in getattr(profile, "topics", None) or []]}  # a dict gives its names


def build_brief(items: Iterable[dict[str, Any] | RecordError], out_dir: Path, profile: Any = None,
                config: BriefConfig | None = None, manifest: dict[str, Any] | None = None,
                events: list[Any] | None = None) -> dict[str, Any]:
    """Write out_dir/brief.md and out_dir/brief.html; a record that cannot be shown is listed, not fatal.

    `items` are what BriefStage.process made of summarize's records: each record, checked, or the RecordError
    saying why it cannot be shown. `profile` is any object with `languages` (reading order, e.g. ["ja", "en"]),
    `name`, `organisation` and `topics`, or None (then every translated language, in the order they came).
    `events` (pipeline.text.events.Event) make the reports of one event one item; without them each record is
    its own. `articles` in the result counts the records the brief shows, `items` what it shows them as.
    """
    config = config or BriefConfig()
    valid: list[dict[str, Any]] = []
    errors: list[RecordError] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, RecordError):
            errors.append(item)
        elif str(item["id"]) in seen:
            errors.append(RecordError.for_record(
                item, STAGE, "has the same id as an earlier article, which is the one in the brief"))
        else:
            seen.add(str(item["id"]))
            valid.append(item)

    targets = _target_languages(profile, valid)
    profile_languages = getattr(profile, "languages", None) or targets or [FALLBACK_LANGUAGE]
    labels = Labels(profile_languages[0])
    shown = []
    for item in group_items(valid, events):  # one per event, most relevant first (items.py)
        for record in item.candidates():  # the best-covered member; another should it not render
            try:
                view = event_view(_article_view(shown_record(item, record), targets, labels), item, record, labels,
                                  targets)
            except ValueError as problem:
                errors.append(RecordError.for_record(record, STAGE, str(problem)))
                continue
            shown.append({**view, "anchor": anchor_for(view["id"])})
            break
    articles = shown[:config.max_articles]

    context = {
        "lang": labels.lang,
        "label": labels,
        "title": config.title or labels("default_title"),
        "profile": _profile_view(profile),
        "run": _run_facts(manifest),
        "articles": articles,
        "available": len(shown),
        "languages": _reading_order(targets, SOURCE_LANGUAGE),
        "untranslated": bool(articles) and not any(article["translated"] for article in articles),
        "skipped": errors,
        "version": __version__,
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("brief.md", "brief.html"):
        path = out_dir / name
        atomic_write(path, [_environment().get_template(f"{name}.j2").render(context)])
        paths.append(str(path))
    warnings = []
    pdf_path = out_dir / "brief.pdf"
    if config.pdf:
        footer = footer_template(f"{context['title']} · {labels.date(context['run']['date'])}", labels("page_number"))
        try:
            write_pdf(out_dir / "brief.html", pdf_path, footer=footer, browser=config.chromium)
            paths.append(str(pdf_path))
        except PdfError as problem:
            warnings.append(f"brief.pdf not written: {problem}")
            log.warning("%s", warnings[-1])  # once per brief, and the HTML and Markdown are there
    if str(pdf_path) not in paths:
        pdf_path.unlink(missing_ok=True)  # a brief.pdf from an earlier run would not match this brief.html
    return {"articles": sum(len(article["members"]) for article in articles), "items": len(articles),
            "paths": paths, "languages": context["languages"], "errors": [error.to_json() for error in errors],
            "warnings": warnings}
