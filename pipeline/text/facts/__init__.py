"""Key facts of an article without a model: its date, places, people, organisations and figures.

Indonesian news writes a person as office then name ("Asisten Pemerintahan Kota Bekasi Lintong Dianto"),
office, comma, name ("Kepala Dinas ..., Dicky Irawan"), name after a verb of saying ("kata Sulastri"), and
capitalises proper nouns mid-sentence. The rules read those conventions (people.py, names.py and offices.py
for people, places.py for places and organisations, figures.py for figures and the date), with lexicons from
pipeline/data/facts_* for titles, ranks, degrees, courtesy words, offices, cue words, organisation and place
markers, places, units.
A headline is read only when written as a sentence: title case capitalises every word, so capitals tell
nothing there.

Shape of record["facts"]::

    {"date": "2023-08-24" | None,           # record["date"], else the first date written in the text
     "places": ["Kota Bekasi", "Jepang"],
     "people": [{"name": "Kikuchi Masao", "title": "Prof.", "role": "Profesor School of ... University"},
                {"name": "Yamasaki Yukiko", "title": None, "role": "Acting Director ..."}],
     "organisations": ["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Meiju University"],
     "figures": [{"text": "2,4 juta jiwa", "value": 2400000, "unit": "jiwa", "sentence": 5},
                 {"text": "3 Mall Pelayanan Publik (MPP)", "value": 3, "unit": "Mall Pelayanan Publik (MPP)",
                  "sentence": 9}]}

A name is capitalised and loses courtesy words ("ms. Yamasaki yukiko" -> "Yamasaki Yukiko"); titles before
it and degrees after it go to `title` ("dr. Sp.OG."); a person named twice, or once in full and again in
short ("Jumadi"), is listed once, with the longest role seen. `sentence` is the index in record["sentences"].
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from pipeline.text.facts.figures import article_date, figures
from pipeline.text.facts.lexicon import Lexicons, capitalised, key, lexicons
from pipeline.text.facts.names import keeps_period
from pipeline.text.facts.people import people as read_people
from pipeline.text.facts.places import organisations as read_organisations
from pipeline.text.facts.places import places as read_places
from pipeline.text.facts.places import without_parts
from pipeline.text.indonesian import stopwords

__all__ = ["Lexicons", "extract_facts", "lexicons"]

_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]“”\"–—]|\s-\s|(?<!\p{L})[‘’']|[‘’'](?!\p{L})")
_QUOTES = "‘’'\"“”"


def extract_facts(record: dict[str, Any]) -> dict[str, Any]:
    """The key facts of a normalize record (see the module docstring for their shape)."""
    body = [(index, s["text"]) for index, s in enumerate(record["sentences"]) if s["kind"] == "body"]
    # people are read in a page's cut-off last sentence too, without its stump ("..., kata Yusran Hamid dan Ke")
    read = [s["text"] if s["kind"] != "fragment" else s["text"].rsplit(" ", 1)[0] for s in record["sentences"]
            if s["kind"] in ("body", "fragment") or (s["kind"] == "headline" and _written_as_sentence(s["text"]))]
    places: list[str] = []
    organisations: list[str] = []
    dateline = record.get("dateline")
    place = dateline.get("place") if isinstance(dateline, dict) else None
    if place:
        places.append(" ".join(capitalised(word) for word in place.split()))
    people = read_people(read, place)
    names = [person["name"] for person in people]
    for _, text in body:
        for clause in _clauses(text):
            places.extend(read_places(clause))
            organisations.extend(_before_names(name, names) for name in read_organisations(clause))
    return {"date": article_date(record, [text for _, text in body]),
            "places": without_parts(places),
            "people": people,
            "organisations": without_parts(organisations),
            "figures": [figure for index, text in body for figure in figures(index, text)]}


def _clauses(text: str) -> Iterator[list[str]]:
    """The words of each clause, without the quotes around them. A sentence's period inside a text ("... di
    Padang. Senin ...", "... Jawa Barat.” Ia ...") ends a clause too, and no place or organisation ends with it;
    "Kab." and "S.Sos." keep theirs."""
    for clause in _CLAUSE_BREAK.split(text.rstrip(" .!?")):
        words: list[str] = []
        for token in clause.split():
            token = token.strip(_QUOTES)
            if token.endswith(".") and not keeps_period(token) and key(token) not in lexicons().abbreviated_markers:
                words += [bare] if (bare := token.rstrip(".")) else []
                if words:
                    yield words
                words = []
            elif token:
                words.append(token)
        if words:
            yield words


def _written_as_sentence(text: str) -> bool:
    """A headline in sentence case (often a lead paragraph taken for the headline): three or more lowercase
    content words, where a title-cased headline has none."""
    words = [word for word in regex.findall(r"\p{L}[\p{L}'’-]*", text) if len(word) > 3
             and key(word) not in stopwords()]
    return sum(word[0].islower() for word in words) >= 3


def _before_names(organisation: str, names: list[str]) -> str:
    """'Dinas Kesehatan Budi Santoso' -> 'Dinas Kesehatan' when Budi Santoso is a person of the article."""
    for name in names:
        organisation = organisation.split(" " + name)[0]
    return organisation
