"""What the sources of one event say together: its people and figures merged, and where the sources disagree.

pipeline/text/events.py decides which articles report one event; this module reads their key facts
(pipeline/text/facts) side by side. Each function takes the sources as plain data, `(article id, facts)` pairs,
best-covered first where the order decides which wording is kept.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.text.facts import lexicons
from pipeline.text.indonesian import stopwords, words

Source = tuple[str, dict[str, Any]]  # an article's id and its key facts


def name_key(name: str | None) -> tuple[str, ...] | None:
    """A person's name as lowercased words, or None for what is no name: only place words and function words
    ("Barat", "Kendari", "Kota"), as facts read from page text sometimes hold. Dictionary words stay: many
    Indonesian names are ones ("Bambang Wijaya")."""
    tokens = tuple(words(name or ""))
    known, stop = lexicons(), stopwords()
    if not tokens or all(t in known.place_suffixes or t in known.place_markers or (t,) in known.places.get(t, ())
                         or t in stop for t in tokens):
        return None
    if len(tokens) == 1 and len(tokens[0]) < 4:  # "Ri", "Ye": inside too many texts by chance
        return None
    return tokens


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name's words all among the other's ("jumadi" of "muhammad jumadi"), one word of three letters or more."""
    shorter, longer = sorted((a, b), key=len)
    return set(shorter) <= set(longer) and any(len(word) >= 3 for word in shorter)


def merged_people(sources: list[Source]) -> list[dict[str, Any]]:
    """One entry per person over the sources (best-covered first): the longest form of the name, the first
    title, the longest role, and the ids that name them; most-named first."""
    merged: list[dict[str, Any]] = []
    for source_id, facts in sources:
        for person in facts.get("people", []):
            key = name_key(person.get("name"))
            if not key:
                continue
            known = next((m for m in merged if same_person(m["_key"], key)), None)
            if known is None:
                merged.append({"name": person["name"], "title": person.get("title"), "role": person.get("role"),
                               "sources": [source_id], "_key": key})
                continue
            if len(key) > len(known["_key"]):
                known["name"], known["_key"] = person["name"], key
            known["title"] = known["title"] or person.get("title")
            if len(person.get("role") or "") > len(known["role"] or ""):
                known["role"] = person.get("role")
            if source_id not in known["sources"]:
                known["sources"].append(source_id)
    merged.sort(key=lambda m: -len(m["sources"]))  # stable: equal counts keep best-covered-first order
    return [{k: v for k, v in m.items() if k != "_key"} for m in merged]


def merged_figures(sources: list[Source]) -> list[dict[str, Any]]:
    """Each (value, unit) once, with the text of the best-covered source that gives it and every source."""
    merged: dict[tuple[Any, str], dict[str, Any]] = {}
    for source_id, facts in sources:
        for figure in facts.get("figures", []):
            key = (figure.get("value"), str(figure.get("unit") or "").casefold())
            entry = merged.setdefault(key, {"text": figure.get("text"), "value": figure.get("value"),
                                            "unit": figure.get("unit"), "sources": []})
            if source_id not in entry["sources"]:
                entry["sources"].append(source_id)
    return sorted(merged.values(), key=lambda f: -len(f["sources"]))


def figure_conflicts(sources: list[Source]) -> list[dict[str, Any]]:
    """A unit each of two or more sources gives exactly once, with different values ("86 kios", "90 kios")."""
    by_unit: dict[str, dict[Any, dict[str, Any]]] = {}
    for source_id, facts in sources:
        units = Counter(str(f.get("unit") or "").casefold() for f in facts.get("figures", []))
        for figure in facts.get("figures", []):
            unit = str(figure.get("unit") or "").casefold()
            if unit and units[unit] == 1:
                values = by_unit.setdefault(unit, {})
                values.setdefault(figure.get("value"), {"value": figure.get("value"), "text": figure.get("text"),
                                                        "sources": []})["sources"].append(source_id)
    return [{"field": "figure", "unit": unit, "values": sorted(values.values(), key=lambda v: str(v["value"]))}
            for unit, values in sorted(by_unit.items()) if len(values) > 1]
