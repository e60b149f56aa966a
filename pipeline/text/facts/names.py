"""Names in Indonesian news text: tokens, the words a name may have, and a name read at a position.

A name is up to four capitalised words that are no function word, office, organisation, place, weekday or
degree, with titles and ranks before it (kept) and courtesy words (dropped), initials ("M.", "A.A."),
particles ("bin", "van"), Balinese and Acehnese opening words ("I Made", "Ni Luh", "Teuku") and degrees after
it ("S.Sos.", "SH"). Brackets are read once when tokenising: an age or years mark a person ("Sulastri (35)"),
an acronym or nickname is skipped ("Wakil Gubernur (Wagub) ...", "... (Jokowi)"), a date is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from pipeline.text.facts.lexicon import Phrases, capitalised, key, lexicons, match_length
from pipeline.text.facts.places import is_lexicon_word, place_length
from pipeline.text.indonesian import is_common_word, stopwords

_TOKEN = regex.compile(r"(?P<word>\p{L}(?:[\p{L}\p{M}]|['’.-](?=\p{L}))*\.?)|(?P<number>\d+(?:[.,/:–-]\d+)*)|\S")
INITIALS = regex.compile(r"(?:\p{Lu}\.){1,3}|(?:Moh|Moch|Mochd|Muh|Much|Mohd|Mhd|Abd|Ach|Md)\.")  # "M.", "A.A.", "Moh."
_DEGREE_SHAPE = regex.compile(r"(?:[SMD]\d?|Sp|Dr)\.\p{L}[\p{L}.-]*")  # "S.Sos.", "M.Si.", "Sp.OG."
_AGE = regex.compile(r"\d{1,3}|\d{4}\s*[–-]\s*\d{4}|\d{4}")
_VERB_SHAPE = regex.compile(r"(?:me[mnlry]|be[rl]|di|ter|per)\p{Ll}{4,}")  # "memberitahuku": no name word
_DATE = regex.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
_REDUPLICATED = regex.compile(r"(\p{L}+)-\1")
_ROMAN = regex.compile(r"[IVXL]+")
AGE = "\x00age"  # a bracketed age or years: "(35)", "(1950-1960)"
ABBREVIATION = "\x00abbr"  # a bracketed acronym: it closes an office's description ("... (UCLG) Budi")
LINK_BREAKS = {"of", "and", "dan", "&"}  # after them no name starts ("School of Bussiness")
CONJUNCTIONS = frozenset({"dan", "serta"})  # join the names of a list of people, or their offices
MAX_WORDS = 5


@dataclass
class Article:
    """What the whole article says about words: places it names, and words it uses as a person's name."""

    places: Phrases = field(default_factory=dict)
    person_words: set[str] = field(default_factory=set)

    def is_place(self, tokens: list[str], start: int) -> int:
        return place_length(tokens, start, self.places)


@dataclass
class Name:
    start: int  # first token, titles included
    end: int  # after the name and its degrees
    titles: list[str]
    words: list[str]
    courtesy: bool = False  # after a title or courtesy word ("Bu Sumbung")

    @property
    def text(self) -> str:
        return " ".join(self.words)


# Tokens ---------------------------------------------------------------------------------------------------

def tokenize(text: str) -> list[str]:
    """Words (with inner apostrophes, hyphens and initials' periods), numbers and single punctuation marks;
    brackets with an age become AGE, with an acronym or nickname ABBREVIATION, with a date nothing; credit
    lines and what follows a credit label are dropped."""
    tokens = []
    for match in _TOKEN.finditer(text):
        token = match[0]
        title, period, rest = token.partition(".")
        while match["word"] and rest[:1].isupper() and key(title) in lexicons().titles and (
                rest[1:2].islower() or key(rest.partition(".")[0]) in lexicons().titles):
            tokens.append(title + period)  # a title glued to the name or the next title: "Drs.Agustinus", "dr.H."
            token = rest
            title, period, rest = token.partition(".")
        if match["word"] and token.endswith(".") and not keeps_period(token):
            tokens.extend([token[:-1], "."])
        else:
            tokens.append(token)
    return _without_credits(_brackets(tokens))


def keeps_period(token: str) -> bool:
    """Whether a word's final period is its own (an initial, "S.Sos.", a title, a rank), not the sentence's."""
    known, word = lexicons(), key(token)
    return bool(INITIALS.fullmatch(token) or "." in token[:-1] or word in known.titles
                or word in known.honorifics or word in known.degrees or word in known.ranks or word in known.corps)


def _brackets(tokens: list[str]) -> list[str]:
    out, index = [], 0
    while index < len(tokens):
        if tokens[index] == "(":
            close = next((end for end in range(index + 1, min(len(tokens), index + 6)) if tokens[end] == ")"), None)
            if close is not None:
                inside = tokens[index + 1:close]
                text = " ".join(inside)
                if _AGE.fullmatch(text) or (len(inside) >= 2 and inside[0].isdigit() and key(inside[1]) in
                                            {"tahun", "thn", "th"}):  # "(35 tahun)", "(97 tahun/L)"
                    out.append(AGE)
                    index = close + 1
                    continue
                if _DATE.fullmatch(text.replace(" ", "")):
                    index = close + 1
                    continue
                words = [t for t in inside if t != "."]
                if len(words) == 1 and key(words[0]) in lexicons().corps:
                    out.append(f"({words[0]})")  # "Irjen Pol (Purn) Murad Ismail": the rank's status, a title
                    index = close + 1
                    continue
                if _bracketed_name(inside, out):
                    out.extend(inside)  # "Pjs Bupati Pemalang (Agung Hariyadi), ...": the office's holder
                    index = close + 1
                    continue
                if inside and len(inside) <= 3 and all(t[:1].isupper() for t in inside):
                    out.append(ABBREVIATION)
                    index = close + 1
                    continue
        out.append(tokens[index])
        index += 1
    return out


def _bracketed_name(inside: list[str], before: list[str]) -> bool:
    """Whether brackets after an office or its region hold its holder's name (two or three capitalised words, one of
    them no dictionary word, none a rank or opening an office), not an acronym, a short form of the office ("(Kadis
    Pariwisata)") or a nickname after a name."""
    known = lexicons()
    # after an office or a place, not after a name: "Iqbal (Miq Iqbal)" is a nickname
    after_office = any(match_length(before[-n:], 0, phrases) == n for n in (1, 2, 3) if len(before) >= n
                       for phrases in (known.places, known.roles, known.regional))
    return 2 <= len(inside) <= 3 and after_office \
        and all(is_word(t) and t[:1].isupper() and (len(t) == 1 or not t.isupper()) for t in inside) \
        and any(is_namelike(t) and not is_initial(t) for t in inside) \
        and not any(key(t) in known.ranks or key(t) in known.corps for t in inside) \
        and not any(match_length(inside, at, known.roles) or match_length(inside, at, known.regional)
                    for at in range(len(inside)))


def _without_credits(tokens: list[str]) -> list[str]:
    """Drops 'Editor: ...', 'Foto: ...' up to a closing bracket or the end, and 'TEMPO/...' credits (not an office's
    two agencies, 'Menteri ATR/BPN ...', nor a military region's number and name, 'Pangdam XIII/Merdeka ...',
    written after a word)."""
    credits = lexicons().cues.get("credit", {})
    for index, token in enumerate(tokens):
        label = match_length(tokens, index, credits) if key(token) in credits else 0
        if (label and index + label < len(tokens) and tokens[index + label] in {":", "|"}) \
                or (token.isupper() and len(token) > 1 and index + 1 < len(tokens) and tokens[index + 1] == "/"
                    and not (index and is_word(tokens[index - 1]) and index + 2 < len(tokens)
                             and (is_acronym(tokens[index + 2]) or _ROMAN.fullmatch(token)))) \
                or (index == 0 and token == ":"):
            end = next((end for end in range(index, len(tokens)) if tokens[end] == ")"), len(tokens))
            return tokens[:index] + _without_credits(tokens[end:])
    return tokens


def is_word(token: str) -> bool:
    return token[:1].isalpha()


def is_capital(token: str) -> bool:
    return token[:1].isupper()


def in_street(tokens: list[str], index: int) -> bool:
    """Whether the title at `index` opens a street's name ("Jalan Dr Rajiman", "Jl. Prof. Dr. Soepomo"): the
    street's namesake is no person of the article."""
    before = index - 1 - (index > 1 and tokens[index - 1] == ".")
    streets = lexicons().cues.get("street", {})
    return before >= 0 and is_word(tokens[before]) and bool(match_length(tokens, before, streets))


def is_initial(token: str) -> bool:
    """A given name's initial: "M", "S.", "O.E.", "Moh."."""
    return bool(INITIALS.fullmatch(token)) or (len(token) == 1 and token.isupper())


def opens_balinese_name(tokens: list[str], index: int, end: int | None = None) -> bool:
    """Whether the "I" at `index` opens a Balinese name ("I Made ...", "I Gusti ..."): a birth-order or caste word
    follows it (before `end`); elsewhere "I" is a number ("Asisten I Julius Oehlers", "Komisi I")."""
    following = index + 1
    return following < (len(tokens) if end is None else end) \
        and key(tokens[following]) in lexicons().name_words.get("balinese", ())


def is_acronym(token: str) -> bool:
    return len(token) > 1 and token.isupper() and "." not in token


def initials_before_name(tokens: list[str], index: int) -> bool:
    """Two or three capitals that are no known acronym, opening a sentence or after a comma or a verb of saying,
    before a name word: a person's initials as written ("Sekda Riau, SF Hariyanto", "ujar SF Hariyanto"); elsewhere
    they are an organisation's ("bersama PRB Simpotove Tangguh", "Direktur atletik LSU Joe Alleva")."""
    token = tokens[index]
    return 2 <= len(token) <= 3 and is_acronym(token) and not is_lexicon_word(token) and index + 1 < len(tokens) \
        and (index == 0 or tokens[index - 1] in (",", ".")
             or match_length(tokens, index - 1, lexicons().cues.get("said", {})) == 1) \
        and is_word(tokens[index + 1]) and is_capital(tokens[index + 1]) and not is_acronym(tokens[index + 1]) \
        and is_namelike(tokens[index + 1]) and not is_lexicon_word(tokens[index + 1])


# Words of names -------------------------------------------------------------------------------------------

@cache
def is_courtesy(token: str) -> bool:
    known, word = lexicons(), key(token)
    return word in known.titles or word in known.honorifics or word in known.ranks


@cache
def is_degree(token: str) -> bool:
    return key(token) in lexicons().degrees or bool(_DEGREE_SHAPE.fullmatch(token))


def name_word(tokens: list[str], index: int, introduced: bool) -> bool:
    """A word that may stand in a name here: capitalised (lowercase only after a courtesy word, if no
    dictionary word), not a function word, office, organisation, place, weekday, month, degree or acronym."""
    token = tokens[index]
    known, word = lexicons(), key(token)
    if is_initial(token):  # "M. Fikser", "I Made ..."; not the number of "Asisten I Julius Oehlers"
        return index + 1 < len(tokens) and is_capital(tokens[index + 1]) and is_word(tokens[index + 1]) \
            and not is_courtesy(token) and not (token == "I" and index > 0 and is_lexicon_word(tokens[index - 1])
                                                and not opens_balinese_name(tokens, index))
    if match_length(tokens, index, known.name_starts) and index + 1 < len(tokens) and is_capital(tokens[index + 1]) \
            and is_word(tokens[index + 1]) and is_capital(token):
        return True  # "Lalu Muhammad Iqbal": an opening word that is also a function word
    if known.place_markers.get(word) is False and index > 0 and is_capital(tokens[index - 1]) and is_capital(token) \
            and not is_courtesy(tokens[index - 1]) \
            and not (index + 1 < len(tokens) and is_word(tokens[index + 1]) and is_capital(tokens[index + 1])):
        return True  # a marker that marks no place after it ends a name ("I Gusti Ngurah Jaya Negara", not "Ibu Negara")
    if not is_word(token) or word in stopwords() or word in known.name_words.get("not", ()) \
            or is_lexicon_word(token) or word in known.place_suffixes or is_degree(token) or "." in token \
            or _REDUPLICATED.fullmatch(word):  # a plural, "Kepala-kepala Kampung"
        return False
    if word in known.months and any(0 <= near < len(tokens) and tokens[near][:1].isdigit()
                                    for near in (index - 1, index + 1)):  # "5 Mei 2024", not "Theresa May"
        return False
    if is_acronym(token):
        return introduced or initials_before_name(tokens, index)
    return is_capital(token) or (introduced and not is_common_word(token) and not _VERB_SHAPE.match(token))


@cache
def is_namelike(word: str) -> bool:
    """Not a dictionary word, or a given name that is one: what tells a name from the words of an office."""
    known = lexicons()
    return not is_common_word(word.strip(".")) or key(word) in known.name_words.get("given", ()) \
        or (key(word),) in known.name_starts.get(key(word), ()) or bool(INITIALS.fullmatch(word))


_REGNAL = regex.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")


def name_at(tokens: list[str], start: int, introduced: bool = False, most: int = MAX_WORDS,
            trim: bool = False) -> Name | None:
    """The name at `start`: titles and ranks kept, courtesy words dropped, then up to `most` name words (one
    more after a Balinese or Acehnese opening word), then degrees ("S.Sos.", ", M.Si."). `trim`: without an
    office before it, dictionary words that open a longer run are a description ("Penyelam Olimpiade Tom
    Daley" -> "Tom Daley")."""
    known = lexicons()
    titles, index = [], start
    # a name's opening word before a courtesy word is the courtesy's ("Ida Pedanda Gede ...", a Balinese priest)
    opened_by_title = index + 1 < len(tokens) and match_length(tokens, index, known.name_starts) == 1 \
        and is_word(tokens[index + 1]) and is_courtesy(tokens[index + 1])
    index += opened_by_title
    while index < len(tokens) and is_word(tokens[index]) and is_courtesy(tokens[index]):
        if key(tokens[index]) not in known.honorifics:
            titles.append(tokens[index])
        index += 1
        while index < len(tokens) and key(tokens[index].strip("()")) in known.corps and titles \
                and key(titles[-1]) in known.ranks | known.corps:
            titles.append(tokens[index])
            index += 1
    introduced = introduced or index > start
    opened = opened_by_title or index < len(tokens) and bool(match_length(tokens, index, known.name_starts))
    most += opened
    words: list[str] = []
    while index < len(tokens) and len(words) < most:
        token = tokens[index]
        if words and (key(token) in known.name_words.get("particle", ()) or is_initial(token)) \
                and index + 1 < len(tokens) and name_word(tokens, index + 1, introduced):
            words.append(token)  # inside a name a title's shape is an initial: "Mardani H. Maming"
        elif opened and words and _inside_opened_name(tokens, index, len(words), introduced):
            words.append(token)
        elif name_word(tokens, index, introduced):  # an opening acronym as written: "IB Alit", "AA Gede"
            words.append(token if not words and is_acronym(token) and (
                opened or introduced and len(token) == 2 or initials_before_name(tokens, index))
                else _without_suffix(capitalised(token)))
        else:
            break
        index += 1
    if words and index < len(tokens) and len(tokens[index]) == 2 and is_acronym(tokens[index]) \
            and not is_degree(tokens[index]) and not is_lexicon_word(tokens[index]) \
            and (index + 1 == len(tokens) or not is_word(tokens[index + 1])):
        words.append(tokens[index])  # initials after the name, before a break: "Ketua DPRD, Supian HK, menyerahkan"
        index += 1
    if len(words) >= 2 and index < len(tokens) and _REGNAL.fullmatch(tokens[index]) \
            and (index + 1 == len(tokens) or not is_capital(tokens[index + 1])):
        words.append(tokens[index])  # a ruler's number: "Sultan Hamengku Buwono X hadir"
        index += 1
    if not any(len(word.rstrip(".")) > 1 and not INITIALS.fullmatch(word) for word in words) \
            or (index < len(tokens) and match_length(tokens, index, known.organisation_tails)):
        return None
    while trim and not opened and len(words) > 2 and not is_namelike(words[0]) \
            and any(is_namelike(word) for word in words[1:]) and not match_length(words, 0, known.name_starts):
        words.pop(0)  # "Penyelam Olimpiade Tom Daley" -> "Tom Daley"
    while index < len(tokens) and (is_degree(tokens[index]) or (tokens[index] == "," and index + 1 < len(tokens)
                                                                  and is_degree(tokens[index + 1]))):
        if tokens[index] != ",":
            titles.append(tokens[index])
        index += 1
    return Name(start, index, titles, words, courtesy=introduced and start < len(tokens) and is_courtesy(tokens[start]))


def _inside_opened_name(tokens: list[str], index: int, words: int, introduced: bool) -> bool:
    """A dictionary word's shape inside a name opened by a Balinese (or Acehnese ...) word, before another name word or
    ending it: "I Made Arti Suyasa", "Ida Pedanda Gede Swabawa Karang Adnyana", "Ida Bagus Alit Surya Antara, Camat";
    never an office, a weekday, a month or a place ("I Wayan Koster Kamis", "... Wiryatama Bali menyambut")."""
    token, known = tokens[index], lexicons()
    if not (is_capital(token) and is_word(token)) or is_courtesy(token) or place_length(tokens, index) \
            or key(token) in known.roles or key(token) in known.name_words.get("not", ()) or key(token) in known.months:
        return False
    following = index + 1
    if following < len(tokens) and name_word(tokens, following, introduced):
        return True
    return words >= 2 and not (following < len(tokens) and is_word(tokens[following]) and is_capital(tokens[following]))


def _without_suffix(word: str) -> str:
    for suffix in lexicons().name_words.get("suffix", ()):
        if word.lower().endswith(suffix) and len(word) > len(suffix) + 1:
            return word[:-len(suffix)]
    return word


def name_ends_clause(tokens: list[str], name: Name) -> bool:
    """After an apposition's name comes a break, the end, a lowercase word (its verb) or an age."""
    return name.end >= len(tokens) or not is_word(tokens[name.end]) or not is_capital(tokens[name.end]) \
        or key(tokens[name.end]) in lexicons().name_words.get("not", ())


# People found, and the clauses around them ------------------------------------------------------------------

@dataclass
class Found:
    name: str
    title: str | None
    role: str | None
    weak: bool = False  # from a cue alone: a one-word name must look like a name
    short: bool = False  # one word after "oleh", "menurut", ...: kept only as a short mention of a full name
    courtesy: bool = False
    end: int = -1  # token after the name
    aged: bool = False  # an age or years in brackets follow: "Sandang (50)" is a person, dictionary word or not


def found_person(name: Name, role: str | None = None, weak: bool = False, short: bool = False,
                 aged: bool = False) -> Found:
    weak = weak and not name.courtesy and not aged
    return Found(name.text, " ".join(name.titles) or None, role or None, weak,
                 short and weak and len(name.words) == 1, name.courtesy, name.end, aged)


def clause_start(tokens: list[str], index: int) -> bool:
    return index == 0 or not (is_word(tokens[index - 1]) or tokens[index - 1][:1].isdigit()
                              or tokens[index - 1] in (ABBREVIATION, AGE))


def next_clause(tokens: list[str], index: int) -> int | None:
    """Start of the clause after a comma or dash at `index`."""
    if index < len(tokens) and tokens[index] in {",", "–", "—", "-"} and index + 1 < len(tokens):
        return index + 1
    return None


def role_text(tokens: list[str], start: int, end: int) -> str:
    text = " ".join(token for token in tokens[start:end] if token not in (ABBREVIATION, AGE))
    return text.replace(" / ", "/").rstrip(" /")  # "Menteri ATR/BPN", "Wakil Menteri ATR/ Ossy ..."


def clause_end(tokens: list[str], start: int) -> int:
    end = start
    while end < len(tokens) and (is_word(tokens[end]) or tokens[end][:1].isdigit() or tokens[end] == ABBREVIATION):
        end += 1
    return end


def is_nickname(tokens: list[str], name: Name) -> bool:
    after = next_clause(tokens, name.end)
    return after is not None and bool(match_length(tokens, after, lexicons().cues.get("nickname", {})))


def apposition(tokens: list[str], index: int | None) -> Name | None:
    """A name alone at the start of the clause at `index`, ended by a break, a verb or an age."""
    if index is None or not is_word(tokens[index]):
        return None
    name = name_at(tokens, index)
    if name and name_ends_clause(tokens, name) and not is_nickname(tokens, name) \
            and (name.titles or any(is_namelike(word) for word in name.words)
                 or len(name.words) > 1 and name.end + 1 < len(tokens) and tokens[name.end] == ","
                 and is_word(tokens[name.end + 1]) and not is_capital(tokens[name.end + 1])
                 and key(tokens[name.end + 1]) not in {"dan", "serta", "atau"}):  # not "Koperasi, Usaha Mikro, dan"
        return name  # between commas before a verb, capitalised words are a name: ", Salim Mengga, meminta"
    return None
