"""The brief's items: one per event (pipeline/text/events.py), with every source that reports it.

An item is shown from one record, the event's best-covered article (its headline, summary, facts and full
text), with the people and figures merged over every member, each member listed as a source (outlet, dateline,
link, the date it gives, its headline; a syndicated copy marked as a copy of its original), and what the
sources disagree on (dates, figures) said in the reader's words. An article alone is an item of its own, shown
as before. render.py builds the article view; this module groups records and lays the event over that view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the grouping itself (numpy, stemming) is the brief stage's; rendering needs none of it
    from pipeline.text.events import Event

#: Keys a run's event grouping sets on a record (pipeline.text.events.assign_events), and the flag of a copy.
EVENT_KEYS = ("event_id", "syndicated_of")
SYNDICATED_FLAG = "syndicated"


@dataclass
class Item:
    """Records shown as one item: `members` in input order, `record` the one whose text is shown."""

    members: list[dict[str, Any]]
    record: dict[str, Any]
    event: Event | None  # None for a record in no event (a brief built without grouping)
    position: int  # of the first member among the valid records: the last tie-break of the order

    @property
    def grouped(self) -> bool:
        """Several reports of one event, shown as one item."""
        return self.event is not None and len(self.members) > 1

    @property
    def relevance(self) -> float:
        return max((m.get("relevance") or 0.0) for m in self.members)

    @property
    def newest(self) -> str:
        return max(str(m.get("date") or "") for m in self.members)

    def candidates(self) -> list[dict[str, Any]]:
        """The record to show first, then the other members, should it not render."""
        return [self.record, *(m for m in self.members if m is not self.record)]


def items(records: list[dict[str, Any]], events: list[Event] | None) -> list[Item]:
    """Items of the valid records (unique ids), most relevant first (max over the members), then the newest,
    then input order. An event's members missing from `records` are left out; a record in no event is alone."""
    by_id = {str(r["id"]): r for r in records}
    position = {str(r["id"]): n for n, r in enumerate(records)}
    placed: set[str] = set()
    found = []
    for event in events or []:
        ids = [i for i in dict.fromkeys(event.members) if i in by_id and i not in placed]
        if not ids:
            continue
        placed.update(ids)
        members = [by_id[i] for i in sorted(ids, key=position.__getitem__)]
        shown = by_id[event.best] if event.best in ids else members[0]
        found.append(Item(members, shown, event, position[str(members[0]["id"])]))
    found += [Item([r], r, None, position[i]) for i, r in by_id.items() if i not in placed]
    by_position = sorted(found, key=lambda item: item.position)
    newest_first = sorted(by_position, key=lambda item: item.newest, reverse=True)
    return sorted(newest_first, key=lambda item: -item.relevance)


def shown_record(item: Item, record: dict[str, Any]) -> dict[str, Any]:
    """`record` as the item shows it: for an event, its facts with the people and figures of every member, and
    the people's role translations (facts["translations"], pipeline/text/facts/phrases.py) aligned with them."""
    if not item.grouped:
        return record
    facts = dict(record.get("facts") or {})
    facts["people"] = [dict(person) for person in item.event.people]
    facts["figures"] = [dict(figure) for figure in item.event.figures]
    if isinstance(facts.get("translations"), dict):
        roles = _role_translations(item.members)
        facts["translations"] = {
            lang: {**(kinds if isinstance(kinds, dict) else {}),
                   "roles": [roles.get(lang, {}).get(person.get("role")) for person in facts["people"]]}
            for lang, kinds in facts["translations"].items()}
    return {**record, "facts": facts}


def _role_translations(members: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """{lang: {role: translation}} over the members' facts, the first member that translates a role first."""
    found: dict[str, dict[str, str]] = {}
    for member in members:
        facts = member.get("facts") if isinstance(member.get("facts"), dict) else {}
        people = facts.get("people") if isinstance(facts.get("people"), list) else []
        by_lang = facts.get("translations") if isinstance(facts.get("translations"), dict) else {}
        for lang, kinds in by_lang.items():
            roles = kinds.get("roles") if isinstance(kinds, dict) else None
            if isinstance(roles, list) and len(roles) == len(people):
                for person, text in zip(people, roles):
                    if isinstance(person, dict) and person.get("role") and isinstance(text, str) and text.strip():
                        found.setdefault(str(lang), {}).setdefault(person["role"], text)
    return found


# --------------------------------------------------------------------------------------------- sources


def safe_url(url: Any) -> str | None:
    """Only web links become links: a `javascript:` or `file:` URL in the input is not offered to the reader."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def source_list(record: dict[str, Any], labels: Any) -> list[dict[str, Any]]:
    """Where an article's text comes from: its own outlet, or, for an item made of several reports of one event
    (`sources`: a list of {"source" or "outlet", "url", "date", "dateline", "title"}), each report's."""
    listed = record.get("sources")
    entries = listed if isinstance(listed, list) and listed else [record]
    sources = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"sources[{index}] is {entry!r:.60}, not a source")
        dateline = entry.get("dateline") if isinstance(entry.get("dateline"), dict) else {}
        date = entry.get("date") or (entry.get("published") if entry is not record else None)
        sources.append({"outlet": entry.get("source") or entry.get("outlet") or dateline.get("outlet"),
                        "place": dateline.get("place"), "url": safe_url(entry.get("url")),
                        "date": labels.date(str(date)) if date else None,
                        "title": entry.get("title") if entry is not record else None,
                        "title_translation": None, "copy_of": None, "main": False})
    return sources


def _member_source(member: dict[str, Any], labels: Any, targets: list[str]) -> dict[str, Any]:
    """One report of an event: outlet, dateline, link, the date it gives the event, and its headline, in the
    original and in the reader's first language where the member was translated."""
    source = source_list({key: value for key, value in member.items() if key != "sources"}, labels)[0]
    facts = member.get("facts") if isinstance(member.get("facts"), dict) else {}
    date = facts.get("date") or member.get("date") or member.get("published")
    sentences = member.get("sentences") or []
    headline = [i for i, s in enumerate(sentences) if s.get("kind") == "headline"]
    title = " ".join(sentences[i]["text"] for i in headline) or member.get("title")
    translation = None
    for lang in targets:
        texts = (member.get("translations") or {}).get(lang) or []
        words = [texts[i] for i in headline if i < len(texts) and isinstance(texts[i], str) and texts[i].strip()]
        if words:
            translation = {"lang": lang, "text": " ".join(words)}
            break
    return {**source, "date": labels.date(str(date)) if date else source["date"], "title": title,
            "title_translation": translation}


def _name(source: dict[str, Any], number: int, labels: Any) -> str:
    return source["outlet"] or labels("source_number", number=number)


def event_view(view: dict[str, Any], item: Item, record: dict[str, Any], labels: Any,
               targets: list[str]) -> dict[str, Any]:
    """The article view of `record` (render.py) as the item of its event: every member a source, the one shown
    first, copies marked, and the sources' disagreements as notes. An article alone gets no notes."""
    view = {**view, "event_id": item.event.event_id if item.event else record.get("event_id"),
            "members": [str(m["id"]) for m in item.members], "conflicts": []}
    if not item.grouped:
        return view
    members = [record, *(m for m in item.members if m is not record)]
    sources = [_member_source(m, labels, targets) for m in members]
    names = {str(m["id"]): _name(s, n, labels) for n, (m, s) in enumerate(zip(members, sources), start=1)}
    sources[0]["main"] = True
    for member, source in zip(members, sources):
        original = item.event.syndicated.get(str(member["id"])) or member.get("syndicated_of")
        if original is not None:
            source["copy_of"] = labels("source_copy", outlet=names.get(str(original), str(original)))
    return {**view, "id": item.event.event_id, "sources": sources, "outlet": sources[0]["outlet"],
            "place": sources[0]["place"], "url": sources[0]["url"],
            "conflicts": conflict_notes(item.event, names, labels)}


def conflict_notes(event: Event, names: dict[str, str], labels: Any) -> list[dict[str, str]]:
    """Each disagreement of the sources as one sentence in the reader's language: which values, from whom."""
    notes = []
    for conflict in event.conflicts:
        field = conflict.get("field")
        values = []
        for entry in conflict.get("values") or []:
            who = [names[str(s)] for s in entry.get("sources") or [] if str(s) in names]
            if not who:
                continue
            if field == "date":
                value = labels.date(str(entry.get("value")))
            else:
                value = entry.get("text") or " ".join(str(v) for v in (entry.get("value"), conflict.get("unit")) if v)
            values.append(labels("conflict_value", value=value, sources=labels("list_separator").join(who)))
        if len(values) > 1:
            key = f"conflict_{field}" if field in ("date", "figure") else "conflict_other"
            notes.append({"field": str(field), "text": labels(key, values=labels("value_separator").join(values))})
    return notes
