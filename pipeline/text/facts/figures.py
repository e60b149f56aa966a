"""Figures and the date of an article: 'Rp12,5 miliar', '2,4 juta jiwa', '3 Mall Pelayanan Publik (MPP)'."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import regex

from pipeline.text.facts.lexicon import key, lexicons
from pipeline.text.indonesian import stopwords


_ORDINAL = regex.compile(r"\b(?i:ke)(?P<dash>[ ]?[-–])?[ ]?$")


def _ordinal(text: str, number_start: int, next_word: str) -> bool:
    """"ke-66 tahun", "ke 240 Kota Pekanbaru": an anniversary's number counts nothing; "ke 120 orang" (to 120
    people) and "naik ke 30 persen" do."""
    before = _ORDINAL.search(text, 0, number_start)
    return bool(before) and (bool(before["dash"]) or next_word[:1].isupper())


def figures(sentence: int, text: str) -> list[dict[str, Any]]:
    known = lexicons()
    found, covered = [], []
    for match in known.figure.finditer(text):
        if not (match["before"] or match["scale"] or match["unit"]):
            continue
        number = _number(match["number"])
        if number is None or _ordinal(text, match.start("number"), match["unit"] or ""):
            continue
        value = _plain(number * known.scales.get((match["scale"] or "").lower(), 1))
        found.append({"text": match[0].strip(), "value": value,
                      "unit": match["before"] or match["unit"] or None, "sentence": sentence})
        covered.append(match.span("number"))
    for match in known.counted.finditer(text):
        first_word = match["thing"].split()[0]
        if match.span("number") in covered or key(first_word) in known.months or key(first_word) in stopwords() \
                or _ordinal(text, match.start("number"), first_word):
            continue
        thing = match["thing"] + (f" ({match['acronym']})" if match["acronym"] else "")
        found.append({"text": f"{match['number']} {thing}", "value": int(match["number"]), "unit": thing,
                      "sentence": sentence})
    return sorted(found, key=lambda figure: text.find(figure["text"]))


def _number(written: str) -> Decimal | None:
    """Indonesian digits: comma for decimals, dot for thousands ('2,4' -> 2.4, '1.500' -> 1500), and the forms
    pages also use: cents after a dot ('Rp1.043.645.041.00'), commas for thousands ('1,500,000'), a dot for
    decimals ('2.5'). None for what is no number ('6,7,8': a list).

    Decimal, so that 1,1 juta is exactly 1100000, not 1100000.0000000002.
    """
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+", written):
        return Decimal(written.replace(".", "").replace(",", "."))
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+\.\d{1,2}", written):
        whole, cents = written.rsplit(".", 1)
        return Decimal(whole.replace(".", "") + "." + cents)
    if regex.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", written):
        return Decimal(written.replace(",", ""))
    if regex.fullmatch(r"\d+(?:\.\d+)?", written):
        return Decimal(written)
    return None


def _plain(value: Decimal) -> int | float:
    """A JSON number: whole numbers as int."""
    return int(value) if value == value.to_integral_value() else float(value)


def article_date(record: dict[str, Any], texts: list[str]) -> str | None:
    """record["date"] when it is an ISO date; None when normalize read the page and found no event date (its
    background, data cut-off and history dates are no event's); else, for a record normalize did not date, the first
    valid date written in the body."""
    given = record.get("date")
    if given is None and "date_source" in record:
        return None
    if isinstance(given, str):
        try:
            return datetime.date.fromisoformat(given[:10]).isoformat()
        except ValueError:
            pass
    known = lexicons()
    for text in texts:
        for match in sorted((m for pattern in known.dates for m in pattern.finditer(text)), key=lambda m: m.start()):
            month = known.months.get(key(match["month"])) or int(match["month"])
            try:
                return datetime.date(int(match["year"]), month, int(match["day"])).isoformat()
            except ValueError:
                continue
    return None
