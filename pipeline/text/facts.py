"""Key facts of an article without a model: its date, places, people, organisations and figures.

Indonesian news writes a person as role then name ("Asisten Pemerintahan Kota Bekasi Lintong Dianto") or
role, comma, name ("Kepala Dinas ..., Dicky Irawan"), and capitalises proper nouns mid-sentence. The rules
below read those conventions clause by clause (a clause ends at a comma, bracket or quote), with lexicons
from pipeline/data/facts_* for titles, courtesy words, roles, organisation and place markers, places, units.
Headlines are skipped: they capitalise every word, so capitals tell nothing there.

Shape of record["facts"]::

    {"date": "2023-08-24" | None,           # record["date"], else the first date written in the text
     "places": ["Kota Bekasi", "Jepang"],
     "people": [{"name": "Kikuchi Masao", "title": "Prof.", "role": "Profesor School of ... University"},
                {"name": "Yamasaki Yukiko", "title": None, "role": "Acting Director ..."}],
     "organisations": ["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Meiju University"],
     "figures": [{"text": "2,4 juta jiwa", "value": 2400000, "unit": "jiwa", "sentence": 5},
                 {"text": "3 Mall Pelayanan Publik (MPP)", "value": 3, "unit": "Mall Pelayanan Publik (MPP)",
                  "sentence": 9}]}

A name is capitalised and loses courtesy words ("ms. Yamasaki yukiko" -> "Yamasaki Yukiko"); a person named
twice is listed once, with the longest role seen. `sentence` is the index in record["sentences"].
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import regex

from pipeline.resources import read_word_list
from pipeline.text.indonesian import is_common_word, stopwords

_CLAUSE_BREAK = regex.compile(r"[,;:()\[\]“”\"–—]|\s-\s|(?<!\p{L})[‘’']|[‘’'](?!\p{L})")
_NAME_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
_QUOTES = "‘’'\"“”"
_MAX_NAME_WORDS = 4
_MAX_ORGANISATION_WORDS = 10
_CONNECTORS = {"dan", "and", "of", "&"}  # may join the words of an organisation's name


def _key(token: str) -> str:
    """How lexicon entries and text tokens are compared: no case, no final period."""
    return token.lower().rstrip(".")


def _phrases(entries: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """Lexicon phrases as token keys, by first key, longest first so that the longest match wins."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({tuple(_key(word) for word in entry.split()) for entry in entries}, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def _table(name: str) -> list[list[str]]:
    return [line.split("\t") for line in read_word_list(name)]


def _alternation(entries: list[str]) -> str:
    return "|".join(regex.escape(entry) for entry in sorted(entries, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicons:
    """Every facts_* data file, read and compiled once per process."""

    titles: frozenset[str]
    honorifics: frozenset[str]
    roles: dict[str, list[tuple[str, ...]]]  # phrases by first word (see _phrases)
    organisation_heads: dict[str, list[tuple[str, ...]]]
    organisation_tails: dict[str, list[tuple[str, ...]]]
    organisation_names: dict[str, list[tuple[str, ...]]]
    place_markers: dict[str, bool]  # marker -> whether it is part of the name
    places: dict[str, list[tuple[str, ...]]]
    place_suffixes: frozenset[str]
    months: dict[str, int]
    figure: regex.Pattern  # currency? number scale? unit?
    counted: regex.Pattern  # number followed by a capitalised name of what is counted
    dates: list[regex.Pattern]  # each with named groups day, month, year
    scales: dict[str, int]


@cache
def lexicons() -> Lexicons:
    organisations = _table("facts_organisations.tsv")
    months = {_key(name): int(number) for name, number in _table("facts_months.tsv")}
    scales = {word.lower(): int(multiplier) for word, multiplier in _table("facts_scales.tsv")}
    number = r"\d+(?:[.,]\d+)*"
    figure = regex.compile(
        rf"(?<![\p{{L}}\d/.,])(?:(?P<currency>{_alternation(read_word_list('facts_currencies.txt'))})\s?)?"
        rf"(?P<number>{number})(?![\d/]|[.,]\d)"
        rf"(?:\s?(?P<scale>{_alternation(list(scales))})(?!\p{{L}}))?"
        rf"(?:\s?(?P<unit>{_alternation(read_word_list('facts_units.txt'))})(?!\p{{L}}))?",
        regex.IGNORECASE)
    counted = regex.compile(r"(?<![\p{L}\d/.,])(?P<number>\d{1,3})(?![\d/]|[.,]\d)\s+"
                            r"(?P<thing>\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,4})(?:\s+\((?P<acronym>\p{Lu}{2,})\))?")
    month_names = _alternation(list(months))
    dates = [regex.compile(r"(?<!\d)(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?!\d)"),
             regex.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{month_names})\.?\s+(?P<year>\d{{4}})(?!\d)",
                           regex.IGNORECASE),
             regex.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")]
    return Lexicons(
        titles=frozenset(_key(word) for word in read_word_list("facts_titles.txt")),
        honorifics=frozenset(_key(word) for word in read_word_list("facts_honorifics.txt")),
        roles=_phrases(read_word_list("facts_roles.txt")),
        organisation_heads=_phrases([word for word, position in organisations if position == "head"]),
        organisation_tails=_phrases([word for word, position in organisations if position == "tail"]),
        organisation_names=_phrases([word for word, position in organisations if position == "name"]),
        place_markers={_key(marker): keep == "keep" for marker, keep in _table("facts_place_markers.tsv")},
        places=_phrases(read_word_list("facts_places.txt")),
        place_suffixes=frozenset(_key(word) for word in read_word_list("facts_place_suffixes.txt")),
        months=months, figure=figure, counted=counted, dates=dates, scales=scales)


def extract_facts(record: dict[str, Any]) -> dict[str, Any]:
    """The key facts of a normalize record (see the module docstring for their shape)."""
    body = [(index, s["text"]) for index, s in enumerate(record["sentences"]) if s["kind"] == "body"]
    people: dict[str, dict[str, Any]] = {}
    places: list[str] = []
    organisations: list[str] = []
    dateline = record.get("dateline")
    if isinstance(dateline, dict) and dateline.get("place"):
        places.append(" ".join(_capitalised(word) for word in dateline["place"].split()))
    for _, text in body:
        clauses = [clause.split() for clause in _CLAUSE_BREAK.split(text.rstrip(" .!?"))]
        clauses = [[token.strip(_QUOTES) for token in clause if token.strip(_QUOTES)] for clause in clauses]
        clauses = [clause for clause in clauses if clause]
        found = _people(clauses)
        for person in found:
            _merge_person(people, person)
        for clause in clauses:
            places.extend(_places(clause))
            organisations.extend(_before_names(name, [p["name"] for p in found]) for name in _organisations(clause))
    return {"date": _date(record, [text for _, text in body]),
            "places": _without_parts(places),
            "people": list(people.values()),
            "organisations": _without_parts(organisations),
            "figures": [figure for index, text in body for figure in _figures(index, text)]}


# People ---------------------------------------------------------------------------------------------------

def _people(clauses: list[list[str]]) -> list[dict[str, Any]]:
    found = []
    for position, tokens in enumerate(clauses):
        for start, token in enumerate(tokens):
            if _is_courtesy(token) and (start == 0 or not _is_courtesy(tokens[start - 1])):
                title, name = _name_after(tokens, start)
                if name:
                    found.append({"name": name, "title": title, "role": None})
        next_title, next_name = _name_after(clauses[position + 1], 0) if position + 1 < len(clauses) else (None, None)
        search_from = 0
        while (role := _role_at(tokens, search_from)) is not None:
            role_start, role_end = role
            run_end = _capitalised_run_end(tokens, role_end)
            name_start, title, name = _name_closing_role(tokens, role_end, run_end)
            followed_by_prose = run_end < len(tokens) and is_common_word(tokens[run_end])
            if name and (followed_by_prose or not next_name):  # "Wali Kota Bekasi Tri Adhianto meninjau ..."
                found.append({"name": name, "title": title, "role": " ".join(tokens[role_start:name_start])})
                search_from = run_end
                continue
            if _role_at(tokens, run_end) is not None:  # another role follows: this one is nameless
                search_from = run_end
                continue
            if next_name:  # "Kepala Dinas ..., Dicky Irawan": the role is the rest of the clause
                found.append({"name": next_name, "title": next_title, "role": " ".join(tokens[role_start:])})
            break
    return found


def _is_courtesy(token: str) -> bool:
    known = lexicons()
    return _key(token) in known.titles or _key(token) in known.honorifics


def _name_after(tokens: list[str], start: int) -> tuple[str | None, str | None]:
    """(titles, name) at `start`: titles kept, courtesy words dropped, then up to four name words.

    After a title or courtesy word a lowercase word may still be a name ("ms. Yamasaki yukiko") unless it is
    a common Indonesian word; without one, every name word must be capitalised.
    """
    known = lexicons()
    titles = []
    while start < len(tokens) and _is_courtesy(tokens[start]):
        if _key(tokens[start]) in known.titles:
            titles.append(tokens[start])
        start += 1
    introduced = start > 0 and _is_courtesy(tokens[start - 1])
    name = []
    for token in tokens[start:start + _MAX_NAME_WORDS]:
        capitalised = token[0].isupper()
        if not _NAME_WORD.fullmatch(token) or _key(token) in stopwords() or _is_lexicon_word(token) \
                or not (capitalised or (introduced and not is_common_word(token))):
            break
        name.append(_capitalised(token))
    return (" ".join(titles) or None), (" ".join(name) or None)


def _capitalised_run_end(tokens: list[str], start: int) -> int:
    """End of the capitalised words from `start` ("dan", "of" may join them), before any next role."""
    end = start
    while end < len(tokens) and not _match_length(tokens, end, lexicons().roles):
        if tokens[end][0].isupper() or _is_courtesy(tokens[end]):
            end += 1
        elif tokens[end].lower() in _CONNECTORS and end + 1 < len(tokens) and tokens[end + 1][0].isupper() \
                and not _match_length(tokens, end + 1, lexicons().roles):
            end += 2
        else:
            break
    return end


def _name_closing_role(tokens: list[str], role_end: int, run_end: int) -> tuple[int, str | None, str | None]:
    """(start, titles, name) of a name that ends the role's words, or (run_end, None, None).

    After a place the rest is the name ("Gubernur Jawa Barat Ridwan Kamil"). Without one, role words are
    capitalised too, so a name word must also not be an Indonesian word ("... Masyarakat" is no name).
    """
    after_place = max((end for start in range(role_end, run_end)
                       if (end := start + _place_length(tokens, start)) > start), default=None)
    if after_place is not None:
        title, name = _name_after(tokens, after_place)
        return (after_place, title, name) if name else (run_end, None, None)
    start = run_end
    while start - 1 >= role_end and run_end - start < _MAX_NAME_WORDS:
        token = tokens[start - 1]
        if not (_NAME_WORD.fullmatch(token) and token[0].isupper() and not token.isupper()) \
                or is_common_word(token) or _is_lexicon_word(token):
            break
        start -= 1
    if start == run_end or tokens[start - 1].lower() in _CONNECTORS:  # "School of Bussiness" is no name
        return run_end, None, None
    title_start = start
    while title_start - 1 >= role_end and _is_courtesy(tokens[title_start - 1]):
        title_start -= 1
    title, name = _name_after(tokens, title_start)
    return title_start, title, name


def _role_at(tokens: list[str], start: int) -> tuple[int, int] | None:
    """(start, end) of the first role word(s) from `start`, capitalised as roles before a name are."""
    for index in range(start, len(tokens)):
        length = _match_length(tokens, index, lexicons().roles) if tokens[index][0].isupper() else 0
        if length:
            return index, index + length
    return None


def _merge_person(people: dict[str, dict[str, Any]], person: dict[str, Any]) -> None:
    """One entry per name; the longest role and any title seen are kept."""
    known = people.setdefault(person["name"].lower(), person)
    if known is not person:
        known["title"] = known["title"] or person["title"]
        if len(person["role"] or "") > len(known["role"] or ""):
            known["role"] = person["role"]


def _capitalised(word: str) -> str:
    """'yukiko' and 'BEKASI' -> 'Yukiko', 'Bekasi'; mixed case as written ('McDonald')."""
    return word.capitalize() if word.islower() or word.isupper() else word


# Places and organisations ---------------------------------------------------------------------------------

def _places(tokens: list[str]) -> list[str]:
    """'Kota Bekasi', 'Negara Jepang' -> 'Jepang', and known place names anywhere."""
    markers = lexicons().place_markers
    found, start = [], 0
    while start < len(tokens):
        length = _place_length(tokens, start)
        if length:
            words = tokens[start:start + length]
            if _key(words[0]) in markers:
                words = [words[0].capitalize(), *words[1:]] if markers[_key(words[0])] else words[1:]
            found.append(" ".join(words))
        start += max(length, 1)
    return found


def _place_length(tokens: list[str], start: int) -> int:
    """Words of the place at `start`: a marker and its name ('Kota Bekasi'), or a known place; 0 if none."""
    known = lexicons()
    if _key(tokens[start]) in known.place_markers:
        name = _place_name_length(tokens, start + 1)
        return 1 + name if name else 0
    return _match_length(tokens, start, known.places) if tokens[start][0].isupper() else 0


def _place_name_length(tokens: list[str], start: int) -> int:
    """Words of the place name after a marker: a known place, or one capitalised word, then Barat/Timur/..."""
    if start >= len(tokens) or not tokens[start][0].isupper() or not _NAME_WORD.fullmatch(tokens[start]) \
            or _key(tokens[start]) in lexicons().place_markers:
        return 0
    end = start + max(_match_length(tokens, start, lexicons().places), 1)
    while end < len(tokens) and _key(tokens[end]) in lexicons().place_suffixes and tokens[end][0].isupper():
        end += 1
    return end - start


def _organisations(tokens: list[str]) -> list[str]:
    """'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu' (head word first), 'Meiju University' (last),
    'Samsat Kota Bekasi' (a known name, and the place after it).

    A name goes on over capitalised words (and connectors between them) and ends after a place, which in
    Indonesian closes the name ("Pemerintah Kota Bekasi"). A person's name that follows is cut off later.
    """
    known = lexicons()
    found = []
    for start in range(len(tokens)):
        head = _match_length(tokens, start, known.organisation_heads) if tokens[start][0].isupper() else 0
        if head:
            end = start + head
            while end < min(len(tokens), start + _MAX_ORGANISATION_WORDS) \
                    and not _match_length(tokens, end, known.roles):
                if _key(tokens[end]) in known.place_markers and _place_length(tokens, end):
                    end += _place_length(tokens, end)
                    break
                if tokens[end][0].isupper():
                    end += 1
                elif tokens[end].lower() in _CONNECTORS and end + 1 < len(tokens) and tokens[end + 1][0].isupper() \
                        and not _match_length(tokens, end + 1, known.roles) \
                        and not _match_length(tokens, end - 1, known.places):  # "Pemkot Bekasi dan ..." ends at Bekasi
                    end += 2
                else:
                    break
            if end > start + head:
                found.append(" ".join(tokens[start:end]))
        name = _match_length(tokens, start, known.organisation_names) if tokens[start][0].isupper() else 0
        if name:
            end = start + name
            if end < len(tokens) and _key(tokens[end]) in known.place_markers:
                end += _place_length(tokens, end)  # "Samsat Kota Bekasi"
            found.append(" ".join(tokens[start:end]))
        tail = _match_length(tokens, start, known.organisation_tails) if tokens[start][0].isupper() else 0
        if tail:
            first = start
            while first > 0 and tokens[first - 1][0].isupper() and not _is_lexicon_word(tokens[first - 1]):
                first -= 1
            if first < start:
                found.append(" ".join(tokens[first:start + tail]))
    return found


def _before_names(organisation: str, names: list[str]) -> str:
    """'Dinas Kesehatan Budi Santoso' -> 'Dinas Kesehatan' when Budi Santoso is a person of the sentence."""
    for name in names:
        organisation = organisation.split(" " + name)[0]
    return organisation


def _is_lexicon_word(token: str) -> bool:
    """A word that opens a role, an organisation or a place, or is a known place: never part of a name."""
    known, key = lexicons(), _key(token)
    return key in known.place_markers or key in known.roles or key in known.organisation_heads \
        or key in known.organisation_tails or key in known.organisation_names or (key,) in known.places.get(key, ())


def _match_length(tokens: list[str], start: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest phrase that the tokens from `start` spell, 0 if none."""
    candidates = phrases.get(_key(tokens[start]), [])
    keys = tuple(_key(token) for token in tokens[start:start + len(candidates[0])]) if candidates else ()
    return next((len(phrase) for phrase in candidates if keys[:len(phrase)] == phrase), 0)


def _without_parts(names: list[str]) -> list[str]:
    """First-seen order, each once, without a name that a longer one ends with ('Bekasi' of 'Kota Bekasi')."""
    unique = list(dict.fromkeys(names))
    return [name for name in unique if not any(other.endswith(" " + name) for other in unique)]


# Figures and dates ----------------------------------------------------------------------------------------

def _figures(sentence: int, text: str) -> list[dict[str, Any]]:
    known = lexicons()
    figures, covered = [], []
    for match in known.figure.finditer(text):
        if not (match["currency"] or match["scale"] or match["unit"]):
            continue
        value = _plain(_number(match["number"]) * known.scales.get((match["scale"] or "").lower(), 1))
        figures.append({"text": match[0].strip(), "value": value,
                        "unit": match["currency"] or match["unit"] or None, "sentence": sentence})
        covered.append(match.span("number"))
    for match in known.counted.finditer(text):
        first_word = match["thing"].split()[0]
        if match.span("number") in covered or _key(first_word) in known.months or _key(first_word) in stopwords():
            continue
        thing = match["thing"] + (f" ({match['acronym']})" if match["acronym"] else "")
        figures.append({"text": f"{match['number']} {thing}", "value": int(match["number"]), "unit": thing,
                        "sentence": sentence})
    return sorted(figures, key=lambda figure: text.find(figure["text"]))


def _number(written: str) -> Decimal:
    """Indonesian digits: comma for decimals, dot for thousands ('2,4' -> 2.4, '1.500' -> 1500).

    Decimal, so that 1,1 juta is exactly 1100000, not 1100000.0000000002.
    """
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written) or "," in written:
        written = written.replace(".", "").replace(",", ".")
    return Decimal(written)


def _plain(value: Decimal) -> int | float:
    """A JSON number: whole numbers as int."""
    return int(value) if value == value.to_integral_value() else float(value)


def _date(record: dict[str, Any], texts: list[str]) -> str | None:
    """record["date"] when it is an ISO date, else the first valid date written in the body."""
    given = record.get("date")
    if isinstance(given, str):
        try:
            return datetime.date.fromisoformat(given[:10]).isoformat()
        except ValueError:
            pass
    known = lexicons()
    for text in texts:
        for match in sorted((m for pattern in known.dates for m in pattern.finditer(text)), key=lambda m: m.start()):
            month = known.months.get(_key(match["month"])) or int(match["month"])
            try:
                return datetime.date(int(match["year"]), month, int(match["day"])).isoformat()
            except ValueError:
                continue
    return None
