"""The phrases of an article's key facts that are translated, and their translations put back beside the facts.

A Japanese reader cannot use "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" untranslated, so
the roles, organisations and places of the key facts are translated like the sentences (names and figures are
not: a model only garbles a name, and a figure is read as it is). Facts are extracted by summarize, which runs
after translate; but they depend only on the normalize record, so the translate stage extracts them itself,
translates `fact_phrases(facts)` pooled with the sentences (same routes, batches, cache and glossary) and
stores `fact_translations` ({lang: {Indonesian phrase: translation}}) in its record. Summarize extracts the same
facts from the same record and `with_fact_translations` moves those translations into the facts, aligned::

    facts["translations"] = {"ja": {"places": ["ブカシ市", ...],          # one per facts["places"]
                                    "organisations": [...],               # one per facts["organisations"]
                                    "roles": ["...", None, ...]},         # one per facts["people"]; None: no role
                             "en": {...}}

A phrase the translate record has no translation for (facts read differently there) is None. The brief reads
them per fact with `item_translations`; a list that does not align with its facts is not shown at all.
"""

from __future__ import annotations

from typing import Any

from pipeline.text.facts import extract_facts

#: The record key the translate stage writes and summarize consumes: {lang: {Indonesian phrase: translation}}.
RECORD_KEY = "fact_translations"
#: What is translated, as facts["translations"][lang] names it; roles are the people's `role`.
KINDS = ("places", "organisations", "roles")


def facts_of(record: dict[str, Any]) -> dict[str, Any] | None:
    """extract_facts(record), or None for a record whose sentences facts cannot be read from (no text or kind)."""
    sentences = record.get("sentences")
    if not isinstance(sentences, list) or not all(
            isinstance(s, dict) and isinstance(s.get("text"), str) and isinstance(s.get("kind"), str)
            for s in sentences):
        return None
    return extract_facts(record)


def _aligned(facts: dict[str, Any], kind: str) -> list[str | None]:
    """The phrases of one kind, aligned with the facts list they come from."""
    if kind == "roles":
        return [person.get("role") or None if isinstance(person, dict) else None for person in facts.get("people", [])]
    return [item if isinstance(item, str) and item.strip() else None for item in facts.get(kind, [])]


def fact_phrases(facts: dict[str, Any] | None) -> list[str]:
    """The distinct phrases to translate, in order: places, organisations, then the people's roles."""
    if not facts:
        return []
    return list(dict.fromkeys(phrase for kind in KINDS for phrase in _aligned(facts, kind) if phrase))


def with_fact_translations(record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record without `fact_translations`, and its facts with `translations` aligned with them (only when
    the record has fact translations, i.e. came from a translate stage that translated facts)."""
    by_phrase = record.get(RECORD_KEY)
    rest = {key: value for key, value in record.items() if key != RECORD_KEY}
    facts = extract_facts(record)
    if isinstance(by_phrase, dict):
        facts["translations"] = {
            lang: {kind: [texts.get(phrase) if phrase and isinstance(texts, dict) else None
                          for phrase in _aligned(facts, kind)] for kind in KINDS}
            for lang, texts in by_phrase.items()}
    return rest, facts


def item_translations(facts: dict[str, Any], kind: str) -> list[dict[str, str]]:
    """For each item of facts[kind], its translations {lang: text} from facts["translations"] (a person's: of
    their role); {} where it has none, and for every item when a language's list does not align with facts[kind]."""
    items = facts.get(kind) if isinstance(facts.get(kind), list) else []
    found: list[dict[str, str]] = [{} for _ in items]
    key = "roles" if kind == "people" else kind
    by_lang = facts.get("translations")
    if key not in KINDS or not isinstance(by_lang, dict):
        return found
    for lang, kinds in by_lang.items():
        aligned = kinds.get(key) if isinstance(kinds, dict) else None
        if isinstance(aligned, list) and len(aligned) == len(items):
            for texts, text in zip(found, aligned):
                if isinstance(text, str) and text.strip():
                    texts[str(lang)] = text.strip()
    return found
