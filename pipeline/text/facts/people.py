"""The people an article names, read from the conventions of Indonesian news without a model.

A person is written after an office ("Wakil Wali Kota Tegal Muhammad Jumadi", "Kasat Binmas AKP Budi"; which
words are office, region and name: offices.py), after an office and a comma or dash ("Kepala Dinas Kesehatan,
dr. Rina", "Wali Kota X – Budi"), before an office ("oleh Budi Santoso, Wakil Menteri ..."), after a courtesy
word or title ("Prof.", "Bapak", "Ms."), after a verb of saying or a cue ("kata Sulastri", "menurut ...",
"oleh ...", "didampingi ...", "menunjuk ... sebagai"), as the subject of a verb of saying ("Sulastri
mengatakan", "... BNPB Abdul Muhari menjelaskan"), before "sebagai", with an age or years in brackets
("Sulastri (35)", "Gde Raka (1950-1960)"), after a common noun for a person ("salah satu siswa, Yejin, ...",
"istrinya, Selvi ...") and as a subject of name words only before a verb ("Hasto Wardoyo resmi menjadi ...").
The cue words are facts_name_cues.tsv.

What the whole article says helps: the places it names ("Kabupaten Gianyar", "di Gianyar") are no people and
end an office's words; a word it puts after "kata" or "Bu" is a name. Never a person: a credit line ("Editor:
...", "TEMPO/...") or a nickname clause ("Ari, sapaan akrabnya"). A short mention ("Jumadi", "kata Ipuk") is
the person named in full elsewhere in the article; one word after "oleh", "menurut" and the like is kept only
as such a short mention ("oleh Madrid" names nobody).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import regex

from pipeline.text.facts.lexicon import capitalised, key, lexicons, match_length, phrases
from pipeline.text.facts.names import (
    ABBREVIATION, AGE, CONJUNCTIONS, Article, Name, Found, tokenize, is_word, is_capital, is_courtesy, is_namelike,
    name_at, found_person,
    clause_start, next_clause, clause_end, is_nickname, apposition, in_street
)
from pipeline.text.facts.offices import office_after, office_taken, read_office, role_length, trailing_name
from pipeline.text.facts.places import is_lexicon_word, place_length, places

_LOCATIVES = {"di", "ke", "dari", "asal", "menuju"}
# A verb after a subject: "menjadi", "meraih", "berhasil", "dilantik" (looser than names.py's test of a word that
# cannot be a name, which must keep "Bu Meri" a name)
_VERB = regex.compile(r"(?:me|be[rl]?|di|ter|per)\p{Ll}{3,}")
#: An office and its deputy named together: "Bupati dan Wakil Bupati Sintang", "Gubernur-Wakil Gubernur".
_PAIR_OFFICE = regex.compile(r"(?:\b(?i:dan)[ ]+|-[ ]?)(?i:wakil)\b")
_GLUED_MATES = regex.compile(r"(?P<left>\p{Lu}\p{Ll}+)-(?P<right>\p{Lu}\p{Ll}+)")
MATES_WORDS = 6  # words of a pair of running mates glued by a hyphen, at most


def read_sentence(tokens: list[str], article: Article) -> list[Found]:
    """Every person this sentence names, by each convention of the module docstring."""
    known = lexicons()
    cues = known.cues
    found: list[Found] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not is_word(token) or (key(token) not in known.openers and not is_capital(token)):
            index += 1
            continue
        role = role_length(tokens, index) if not in_street(tokens, index) else 0  # "Jalan Sultan Syarif Kasim"
        if role and (is_capital(token) or next_clause(tokens, index + role) is not None
                     or _capitalised_after(tokens, index + role)):
            index = read_office(tokens, index, role, article, found)
            continue
        if is_courtesy(token) and (index == 0 or not is_courtesy(tokens[index - 1])) and not in_street(tokens, index) \
                and not (index and _names_an_office(tokens, index - 1)):  # "Direktorat Jenderal Perhubungan ..."
            name = name_at(tokens, index, trim=True)
            if name and not is_nickname(tokens, name):
                found.append(found_person(name, office_after(tokens, name)))
                index = name.end
                continue
        said = match_length(tokens, index, cues.get("said", {}))
        cue = said or match_length(tokens, index, cues.get("before", {})) \
            or match_length(tokens, index, cues.get("object", {}))
        if cue and index + cue < len(tokens) and is_capital(tokens[index + cue]) \
                and not role_length(tokens, index + cue):
            name = name_at(tokens, index + cue, trim=True)
            if name and not is_nickname(tokens, name):
                office = office_after(tokens, name) or office_taken(tokens, name)
                found.append(found_person(name, office, weak=not office, short=not said, aged=_aged(tokens, name)))
                index = name.end
                continue
        if not is_capital(token) and match_length(tokens, index, cues.get("speech", {})) \
                and (name := _subject_before(tokens, index, found)):
            found.append(found_person(name, weak=True))  # "... Kebencanaan BNPB Abdul Muhari mengatakan"
            index += 1
            continue
        noun = match_length(tokens, index, cues.get("person", {})) if not is_capital(token) else 0
        if noun and clause_end(tokens, index) - index <= noun + 3 \
                and (name := apposition(tokens, next_clause(tokens, clause_end(tokens, index)))) \
                and (name.end >= len(tokens) or tokens[name.end] in (",", AGE)
                     or key(tokens[name.end]) in CONJUNCTIONS and len(name.words) > 1):
            # "salah satu siswa, Yejin, ...", "istri, Selvi Ananda dan ..." (not "putri keraton, Raja dan Ratu ...")
            found.append(found_person(name))
            index = name.end
            continue
        if is_capital(token) and clause_start(tokens, index):
            name = name_at(tokens, index, trim=True)
            if name and not (len(name.words) == 1 and not name.titles and _VERB.fullmatch(key(name.words[0]))
                             and not is_namelike(name.words[0])):  # "Dijadwalkan, Wapres Gibran akan ..."
                aged = _aged(tokens, name)
                weak = _subject_cue(tokens, name.end) or _bare_subject(tokens, name, article)
                office = office_after(tokens, name)
                if (weak or office or aged) and not is_nickname(tokens, name):
                    found.append(found_person(name, office, weak=weak and not office, aged=aged))
                    index = name.end
                    continue
        if is_capital(token) and index > 0 and is_word(tokens[index - 1]) and not is_capital(tokens[index - 1]):
            name = name_at(tokens, index, trim=True)  # "... dan Sumarno sebagai ...", "memilih Fikri sebagai ..."
            joined = key(tokens[index - 1]) in CONJUNCTIONS
            office = office_taken(tokens, name) if name and joined else None  # "... dan Budi menjadi Penjabat X"
            if name and name.end < len(tokens) and (_aged(tokens, name) or (
                    joined and (office or _subject_cue(tokens, name.end)))
                    or match_length(tokens, name.end, cues.get("as", {}))):
                found.append(found_person(name, office, weak=True, aged=_aged(tokens, name)))
                index = name.end
                continue
        index += 1
    found = [part for person in found for part in _mates_apart(person)]
    named = {person.name for person in found}
    found += [mate for mate in _listed_mates(tokens) if mate.name not in named]
    return found + [other for person in found for other in _coordinated(tokens, person, found)]


def _mates_apart(person: Found) -> list[Found]:
    """Running mates named for a pair of offices and glued by a hyphen ("Bupati dan Wakil Bupati Kapuas Hulu,
    Fransiskus Diaan-Wahyudi Hidayat") are two people; elsewhere a hyphen joins one name ("Paulina Haning-Bullu")."""
    mates = _GLUED_MATES.search(person.name) if _for_a_pair(person) else None
    if mates is None:
        return [person]
    return [replace(person, name=person.name[:mates.start() + len(mates["left"])]),
            replace(person, name=person.name[mates.end() - len(mates["right"]):], title=None, role=None)]


def _listed_mates(tokens: list[str]) -> list[Found]:
    """Running mates listed after "pasangan", each pair glued by a hyphen and closed by its offices or region in
    brackets, a comma or the sentence's end: "pasangan Nurdin Abdullah-Sudirman Sulaiman (Gubernur-Wakil Gubernur
    Sulsel), Edy Rahmayadi-Musa Rajekshah (Sumut)" names four people."""
    found: list[Found] = []
    for index in (number + 1 for number, token in enumerate(tokens) if key(token) == "pasangan"):
        while True:
            end = index
            while end < len(tokens) and end - index < MATES_WORDS and is_word(tokens[end]) and is_capital(tokens[end]):
                end += 1
            words = tokens[index:end]
            glued = [(number, match) for number, word in enumerate(words) if (match := _GLUED_MATES.fullmatch(word))]
            if len(glued) != 1 or end >= len(tokens) or tokens[end] not in (ABBREVIATION, ",", ".", "dan", "serta"):
                break
            (at, match), = glued
            mates = [[*words[:at], match["left"]], [match["right"], *words[at + 1:]]]
            if not all(any(is_namelike(word) for word in mate) and not role_length(mate, 0) for mate in mates):
                break
            found += [Found(" ".join(mate), None, None, end=end) for mate in mates]
            end += tokens[end] == ABBREVIATION
            if end >= len(tokens) or tokens[end] not in (",", "dan", "serta"):
                break
            index = end + 1 + (end + 1 < len(tokens) and tokens[end + 1] in ("dan", "serta"))
    return found


def _for_a_pair(person: Found) -> bool:
    """Named for an office and its deputy together: what running mates are."""
    return bool(person.role and _PAIR_OFFICE.search(person.role))


def _names_an_office(tokens: list[str], index: int) -> bool:
    """The word opens an organisation or office of one word, which a rank after it continues ("Direktorat
    Jenderal", "Sekretariat Jenderal"): the rank is no person's."""
    known = lexicons()
    return match_length(tokens, index, known.organisation_heads) == 1 or match_length(tokens, index, known.roles) == 1


def _capitalised_after(tokens: list[str], index: int) -> bool:
    """An office written in lower case is one when a capitalised run follows it: "oleh gubernur NTT Viktor ..."."""
    return index + 1 < len(tokens) and is_word(tokens[index]) and is_capital(tokens[index]) \
        and is_word(tokens[index + 1]) and is_capital(tokens[index + 1])


def _coordinated(tokens: list[str], person: Found, found: list[Found]) -> list[Found]:
    """The names listed after a person's, joined by "dan", "serta" or commas: "Raisa Andriana dan Tiara Andini",
    "yakni Imelda Hutasoit, Anya Risnawati dan Nur Hadayani". Each is the whole of its part of the list, with no
    office, place or organisation word in it ("Budi Santoso dan Kota Bekasi" names one person); after a comma, of two
    words at least, the first no dictionary word (a one-word part is likelier a place, "Budi Santoso, Sukamaju"; a
    clan's, "Marga Legun", is no person), unless degrees follow it or it stands inside a list already of people
    ("H. Aiyub, Khalid, S.Pd.I, Hery Ahmadi, Dalimi, dan Ihsanuddin")."""
    listed: list[Found] = []
    after = _past_brackets(tokens, person.end)
    # Running mates named for a pair of offices are joined by a dash: "Bupati dan Wakil Bupati Sintang, Jarot Winarno -
    # Yosef Sudiyanto"
    if _for_a_pair(person) and 0 < after < len(tokens) - 1 and tokens[after] in ("-", "–") \
            and is_capital(tokens[after + 1]) and (mate := name_at(tokens, after + 1, trim=True)) is not None \
            and mate.start == after + 1 and any(map(is_namelike, mate.words)) \
            and not any(is_lexicon_word(word) for word in mate.words):
        return [found_person(mate)]
    while 0 < after < len(tokens) - 1:
        if not (tokens[after] == "," or key(tokens[after]) in CONJUNCTIONS):
            break
        last_part = tokens[after] == "," and key(tokens[after + 1]) in CONJUNCTIONS  # ", dan" joins as "dan" does
        comma = tokens[after] == "," and not last_part
        start = after + 1 + last_part
        if start >= len(tokens) or not is_capital(tokens[start]) or role_length(tokens, start):
            break
        other = name_at(tokens, start, trim=True)
        if other is None or other.start != start or any(known.end == other.end for known in found) \
                or any(is_lexicon_word(word) for word in other.words) or not any(map(is_namelike, other.words)) \
                or other.end < len(tokens) and is_word(tokens[other.end]) and is_capital(tokens[other.end]):
            break
        end = _past_brackets(tokens, other.end)
        whole = end >= len(tokens) or tokens[end] in {",", "."} or key(tokens[end]) in CONJUNCTIONS
        # one word is a person's when degrees follow it ("Khalid, S.Pd.I") or the list of people goes on past it
        following = tokens[end + 1] if end + 1 < len(tokens) else ""
        goes_on = bool(following) and (key(tokens[end]) in CONJUNCTIONS or (
            tokens[end] == "," and (is_capital(following) or key(following) in CONJUNCTIONS)))
        one_named = bool(other.titles) or (bool(listed) and goes_on)
        if comma and (len(other.words) < 2 and not one_named or not whole or not is_namelike(other.words[0])):
            break
        listed.append(found_person(other))
        after = end
    return listed


def _past_brackets(tokens: list[str], index: int) -> int:
    """Past what a name's brackets say of the person ("Maresa Oosterman (Kepala Bidang Politik), ..."), which a
    list of people may give each name."""
    if index < len(tokens) and tokens[index] == ABBREVIATION:
        return index + 1
    if index < len(tokens) and tokens[index] == "(":
        close = next((at for at in range(index + 1, min(len(tokens), index + 12)) if tokens[at] == ")"), None)
        return close + 1 if close is not None else index
    return index


def _subject_before(tokens: list[str], verb: int, found: list[Found]) -> Name | None:
    """The name that ends the capitalised words right before a verb of saying (and 'juga', 'pun' ...)."""
    between = lexicons().cues.get("between", {})
    end = verb
    while end > 0 and key(tokens[end - 1]) in between:
        end -= 1
    if any(person.end == end for person in found):
        return None
    start = end
    while start > 0 and is_word(tokens[start - 1]) and is_capital(tokens[start - 1]):
        start -= 1
    first = trailing_name(tokens, start, end)
    name = name_at(tokens, first, trim=True) if first < end else None
    return name if name and name.end == end else None


def _aged(tokens: list[str], name: Name) -> bool:
    return name.end < len(tokens) and tokens[name.end] == AGE


def _bare_subject(tokens: list[str], name: Name, article: Article) -> bool:
    """A clause's subject of two or more words that are no dictionary words, places or office words, before a
    verb or a word that stands before one: "Hasto Wardoyo resmi menjadi ...", "Tri Rismaharini meraih ..."."""
    return len(name.words) >= 2 and name.end < len(tokens) and is_word(tokens[name.end]) \
        and (bool(_VERB.fullmatch(tokens[name.end])) or bool(match_length(tokens, name.end, lexicons().cues.get(
            "between", {})))) \
        and not any(is_lexicon_word(word) for word in name.words) \
        and all(is_namelike(word) for word in name.words) \
        and not any(article.is_place(tokens, index) for index in range(name.start, name.end))


def _subject_cue(tokens: list[str], end: int) -> bool:
    """After a subject: 'sebagai'/'selaku', or a verb of saying, perhaps after 'juga', 'kemudian'... or after the
    comma that closes an apposition ("Pengemudi ojek daring, Joni Saputra, mengaku ...")."""
    cues = lexicons().cues
    if end < len(tokens) and tokens[end] == AGE:
        return True
    if end < len(tokens) and match_length(tokens, end, cues.get("as", {})):
        return True
    if end < len(tokens) and tokens[end] == ",":
        end += 1
    while end < len(tokens) and match_length(tokens, end, cues.get("between", {})):
        end += 1
    return end < len(tokens) and bool(match_length(tokens, end, cues.get("speech", {})))


# The article ----------------------------------------------------------------------------------------------

def article_evidence(sentences: list[list[str]], dateline_place: str | None) -> Article:
    """Places the article names (after a place marker or 'di', 'ke', 'dari'; known places; its dateline) and
    words it puts right after a verb of saying ('kata Ipuk'), as a person's name."""
    known = lexicons()
    found_places: set[str] = set()
    person_words: set[str] = set()
    if dateline_place:
        found_places.add(" ".join(capitalised(word) for word in dateline_place.split()))
    before = known.cues.get("said", {})
    for tokens in sentences:
        for index, token in enumerate(tokens):
            if not is_word(token) or (is_capital(token) and key(token) not in known.honorifics):
                continue
            next_word = tokens[index + 1] if index + 1 < len(tokens) else ""
            if key(token) in _LOCATIVES and is_capital(next_word) and is_word(next_word) \
                    and not is_lexicon_word(next_word) and not is_courtesy(next_word):
                found_places.add(next_word)
            elif token.lower().startswith("se-") and token[3:4].isupper():
                found_places.add(token[3:])
            elif (match_length(tokens, index, before) or key(token) in known.honorifics) \
                    and is_capital(next_word) and is_word(next_word):
                person_words.add(key(next_word))  # "kata Ipuk", "Bu Risma"
        index = 0
        while index < len(tokens):  # places, but not the "Kota" of "Wali Kota"
            if not is_word(tokens[index]):
                index += 1
                continue
            role = match_length(tokens, index, known.roles)
            length = role or place_length(tokens, index)
            if length and not role:
                found_places.update(places(tokens[index:index + length]))
            index += max(length, 1)
    for place in list(found_places):
        words = place.split()
        if key(words[0]) in known.place_markers and len(words) > 1:
            found_places.add(" ".join(words[1:]))
        for word in words:
            if "-" in word:  # "Mungyeong-Si"
                found_places.add(word.split("-")[0])
    return Article(places=phrases(sorted(found_places)), person_words=person_words - {
        key(place) for place in found_places})


def people(texts: list[str], dateline_place: str | None = None) -> list[dict[str, Any]]:
    """The people of an article's sentences, each once, in order of first mention:
    [{"name": "Muhammad Jumadi", "title": None, "role": "Wakil Wali Kota Tegal"}, ...]."""
    sentences = [tokenize(text) for text in _joined(texts)]
    article = article_evidence(sentences, dateline_place)
    found = [person for tokens in sentences for person in read_sentence(tokens, article)]
    return _merged([person for person in found if _acceptable(person, article)])


def _joined(texts: list[str]) -> list[str]:
    """Sentences split after initials ("A.A." | "Gde Raka ...") joined again."""
    joined: list[str] = []
    for text in texts:
        if joined and regex.search(r"(?:^|\s)(?:\p{Lu}\.){1,3}$", joined[-1]) and text[:1].isupper():
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text.rstrip(" .!?") if not regex.search(r"(?:^|\s)(?:\p{Lu}\.){1,3}$", text) else text)
    return joined


def _acceptable(person: Found, article: Article) -> bool:
    """Never a place the article names, nor a word of three letters with no title or office (a clipped
    office, "pak Gub", or a nickname, "Bupati Mo"); after a courtesy word or a cue a name must look like one:
    not only dictionary words ("Bapak Pembangunan Desa" names nobody), and one word no hyphenated coinage
    ("I-Care")."""
    words = person.name.split()
    if len(words) == 1 and (key(words[0]),) in article.places.get(key(words[0]), ()):
        return False
    if person.aged and len(words) == 1:
        return True  # "milik Sandang (50)": one word with an age is a person, dictionary word or not
    if len(words) == 1 and len(words[0].strip(".")) <= 3 and not (person.title or person.role):
        return False
    if not person.weak:
        return bool(person.title or person.role) or any(is_namelike(word) for word in words)
    if len(words) == 1 and "-" in words[0]:
        return False
    return is_namelike(words[0]) or len(words) > 1 and bool(match_length(words, 0, lexicons().name_starts))


def _merged(found: list[Found]) -> list[dict[str, Any]]:
    """One entry per person: a name that is part of a longer one ("Jumadi" of "Muhammad Jumadi") is that
    person; the longest role and the first title seen are kept."""
    people: dict[str, dict[str, Any]] = {}
    full = {person.name.lower() for person in found if not person.short}
    for person in found:
        entry = people.setdefault(person.name.lower(), {"name": person.name, "title": None, "role": None})
        _merge_into(entry, person.title, person.role)
    order = list(people)
    for name in sorted(order, key=lambda name: len(name.split())):
        words = name.split()
        longer = [other for other in people if len(other.split()) > len(words) and _contains(other.split(), words)
                  and not _spouse_of(people[other], people[name])]
        if not longer and len(words) == 1 and len(name) >= 4:  # "Risma" of "Tri Rismaharini"
            longer = [other for other in people if other != name
                      and any(word.startswith(name) for word in other.split())]
        if longer:
            entry = people.pop(name)
            _merge_into(people[longer[0]], entry["title"], entry["role"])
        elif name not in full:
            people.pop(name)  # "oleh Madrid": one word after a cue, nobody's short name
    return list(people.values())


def _spouse_of(longer: dict[str, Any], shorter: dict[str, Any]) -> bool:
    """A longer name in a spouse's office ("Ketua TP PKK Jelita Asri Ludin Tambunan") is another person than the
    shorter name in another office ("Bupati Asri Ludin Tambunan")."""
    def spouse(role: str | None) -> bool:
        tokens = (role or "").split()
        return any(match_length(tokens, index, lexicons().cues.get("spouse", {})) for index in range(len(tokens)))
    return bool(shorter["role"]) and spouse(longer["role"]) and not spouse(shorter["role"])


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[start:start + len(part)] == part for start in range(len(words) - len(part) + 1))


def _merge_into(entry: dict[str, Any], title: str | None, role: str | None) -> None:
    entry["title"] = entry["title"] or title
    if len(role or "") > len(entry["role"] or ""):
        entry["role"] = role
