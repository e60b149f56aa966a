"""Places and organisations of a clause: 'Kota Bekasi', 'Jepang', 'Dinas Penanaman Modal ...', 'Meiju University'."""

from __future__ import annotations

from functools import cache

import regex

from pipeline.text.facts.lexicon import Phrases, key, lexicons, match_length

_MAX_ORGANISATION_WORDS = 10
CONNECTORS = {"dan", "and", "of", "&"}  # may join the words of an organisation's name
_NAME_START = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")


def places(tokens: list[str]) -> list[str]:
    """'Kota Bekasi', 'Negara Jepang' -> 'Jepang', and known place names anywhere ('Jakarta Barat')."""
    markers = lexicons().place_markers
    found, start = [], 0
    while start < len(tokens):
        length = place_length(tokens, start)
        if length and _office_not_place(tokens, start):
            length = 0  # "Wakil Wali Kota Syamsu Rizal": a mayor and his name, no "Kota Syamsu"
        if length:
            words = tokens[start:start + length]
            if key(words[0]) in markers:
                words = [words[0].capitalize(), *words[1:]] if markers[key(words[0])] else words[1:]
            found.append(" ".join(words))
        start += max(length, 1)
    return found


def _office_not_place(tokens: list[str], start: int) -> bool:
    """"Kota" of "Wali Kota" followed by a word that is no known place and does not end the clause: the mayor's
    name comes next ("Wali Kota Syamsu Rizal"); "Wali Kota Vlissingen, Bas ..." names the city."""
    return key(tokens[start]) == "kota" and start > 0 and key(tokens[start - 1]) == "wali" \
        and start + 2 < len(tokens) and not match_length(tokens, start + 1, lexicons().places)


def place_length(tokens: list[str], start: int, also: Phrases | None = None) -> int:
    """Words of the place at `start`: a marker and its name ('Kota Bekasi'), or a known place with the words
    that continue it ('Jakarta Barat'); 0 if none. `also`: more places, as an article names them."""
    known = lexicons()
    if key(tokens[start]) in known.place_markers:
        name = _place_name_length(tokens, start + 1)
        return 1 + name if name else 0
    if not tokens[start][:1].isupper():
        return 0
    length = match_length(tokens, start, known.places) or (match_length(tokens, start, also) if also else 0)
    return length + _suffix_length(tokens, start + length) if length else 0


def _place_name_length(tokens: list[str], start: int) -> int:
    """Words of the place name after a marker: a known place, or one capitalised word, then Barat/Timur/..."""
    if start >= len(tokens) or not tokens[start][:1].isupper() or not _NAME_START.fullmatch(tokens[start]) \
            or key(tokens[start]) in lexicons().place_markers:
        return 0
    end = start + max(match_length(tokens, start, lexicons().places), 1)
    return end - start + _suffix_length(tokens, end)


def _suffix_length(tokens: list[str], start: int) -> int:
    end = start
    while end < len(tokens) and key(tokens[end]) in lexicons().place_suffixes and tokens[end][:1].isupper():
        end += 1
    return end - start


def organisations(tokens: list[str]) -> list[str]:
    """'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu' (head word first), 'Meiju University' (last),
    'Samsat Kota Bekasi' (a known name, and the place after it).

    A name goes on over capitalised words (and connectors between them) and ends after a place, which in
    Indonesian closes the name ("Pemerintah Kota Bekasi"), or before a role or a rank ("Kepolisian Daerah Bali
    Irjen. Pol. ..."). A person's name that follows is cut off later.
    """
    known = lexicons()
    found = []
    for start in range(len(tokens)):
        head = match_length(tokens, start, known.organisation_heads) if tokens[start][:1].isupper() else 0
        if head:
            end = start + head
            while end < min(len(tokens), start + _MAX_ORGANISATION_WORDS) \
                    and not match_length(tokens, end, known.roles) \
                    and (key(tokens[end]) not in known.ranks or end == start + head):  # "Direktorat Jenderal ..."
                if key(tokens[end]) in known.place_markers and place_length(tokens, end):
                    end += place_length(tokens, end)
                    break
                if tokens[end][:1].isupper():
                    end += 1
                elif tokens[end].lower() in CONNECTORS and end + 1 < len(tokens) and tokens[end + 1][:1].isupper() \
                        and not match_length(tokens, end + 1, known.roles) \
                        and not match_length(tokens, end - 1, known.places):  # "Pemkot Bekasi dan ..." ends at Bekasi
                    end += 2
                else:
                    break
            if end > start + head:
                found.append(" ".join(tokens[start:end]))
        name = match_length(tokens, start, known.organisation_names) if tokens[start][:1].isupper() else 0
        if name:
            end = start + name
            if end < len(tokens) and key(tokens[end]) in known.place_markers:
                end += place_length(tokens, end)  # "Samsat Kota Bekasi"
            found.append(" ".join(tokens[start:end]))
        tail = match_length(tokens, start, known.organisation_tails) if tokens[start][:1].isupper() else 0
        if tail:
            first = start
            while first > 0 and tokens[first - 1][:1].isupper() and not is_lexicon_word(tokens[first - 1]):
                first -= 1
            if first < start:
                found.append(" ".join(tokens[first:start + tail]))
    return found


@cache
def is_lexicon_word(token: str) -> bool:
    """A word that opens a role, an organisation or a place, or is a known place: never part of a name (but a given
    name that opens a role is one: "Hakim" of "Hakim Agung" and of "Lukman Hakim")."""
    known, word = lexicons(), key(token)
    return word in known.place_markers or word in known.organisation_heads \
        or (word in known.roles and ((word,) in known.roles[word] or word not in known.name_words.get("given", ()))) \
        or word in known.organisation_tails or word in known.organisation_names \
        or (word,) in known.places.get(word, ())


def without_parts(names: list[str]) -> list[str]:
    """First-seen order, each once, without a name that a longer one ends with ('Bekasi' of 'Kota Bekasi')."""
    unique = list(dict.fromkeys(names))
    return [name for name in unique if not any(other.endswith(" " + name) for other in unique)]
