"""A person after an office: which words of "Wakil Wali Kota Tegal Muhammad Jumadi" are the office, the
region and the name.

The office's words run over capitalised words, numbers, bracketed acronyms and linking words ("dan", "setdako").
The name starts after a title or rank ("Kasat Binmas AKP Budi"), at a name's opening word ("Bupati Badung I
Nyoman ...") or a common given name ("... Pameran Kilas Balik Muhammad Hatta"), after a bracketed acronym
("Gubernur Nusa Tenggara Timur (NTT) Viktor ..."), after the last place or acronym ("Kepala BP Batam Mustofa
..."; of three words or more after an agency's acronym the first is its region only when the lexicon or the article
calls it a place: "Kepala BPKPD Aden Andri Susilo"); right after a regional office (facts_regional_roles.tsv) the
first word is its region unless the article
uses it as a name or it is a common given name ("Bupati Gianyar Made ...", but "Bupati Ipuk Fiestiandani",
"Bupati Abdullah Azwar Anas"); else the name is the last words that are no dictionary words
("Menteri Dalam Negeri Akhmad ..."). Without a name there, the name may stand after a comma or a dash
("Kepala Dinas ..., Dicky Irawan").
"""

from __future__ import annotations

import regex

from pipeline.text.facts.lexicon import key, lexicons, match_length
from pipeline.text.facts.names import (
    AGE, ABBREVIATION, CONJUNCTIONS, LINK_BREAKS, MAX_WORDS, Article, Name, Found, is_word, is_capital, is_acronym,
    is_courtesy, is_degree, is_initial, in_street, opens_balinese_name,
    name_word, is_namelike, name_at, found_person, next_clause, role_text, clause_end, is_nickname, apposition
)
from pipeline.text.facts.places import is_lexicon_word, place_length
from pipeline.text.page_lines import is_title_like


def role_length(tokens: list[str], start: int) -> int:
    """Words of the office at `start`, offices written one after another counted as one ("Plt Kasat",
    "Wakil Gubernur atau Wagub")."""
    roles = lexicons().roles
    end = start + match_length(tokens, start, roles)
    while end > start:
        if end < len(tokens) and tokens[end] == ABBREVIATION:
            end += 1
        length = match_length(tokens, end, roles) if end < len(tokens) and is_capital(tokens[end]) else 0
        if not length and end + 1 < len(tokens) and key(tokens[end]) == "atau" and is_capital(tokens[end + 1]):
            length = match_length(tokens, end + 1, roles)
            end += 1 if length else 0
        if not length:
            break
        end += length
    return end - start


def office_end(tokens: list[str], start: int) -> int:
    """End of an office's words from `start`: capitalised words, numbers and bracketed acronyms, with
    linking words ("dan", "untuk", "setdako", "kota") between them; before the next office."""
    links = lexicons().cues.get("link", {})
    # "Konsul Jenderal Jepang di Surabaya": a consulate's office goes on over the city it sits in
    seated = any(key(token) in lexicons().cues.get("seated", {}) for token in tokens[max(0, start - 3):start])
    end = start
    while end < len(tokens) and not (is_capital(tokens[end]) and match_length(tokens, end, lexicons().roles)):
        token = tokens[end]
        if end > start and is_degree(token) and not is_degree(tokens[end - 1]) and is_namelike(tokens[end - 1]):
            while end < len(tokens) and is_degree(tokens[end]):
                end += 1
            break  # degrees close the name, and the run: "Kabag Prokopim Triwahyuni Wulansari AP MAP dan ..."
        if (is_word(token) and (is_capital(token) or is_courtesy(token))) or token[:1].isdigit() \
                or token == ABBREVIATION:
            end += 1
        elif token == "/" and end > start and (is_acronym(tokens[end - 1]) or tokens[end - 1].isdigit()) \
                and end + 1 < len(tokens) and is_capital(tokens[end + 1]):
            end += 1  # two agencies' acronyms, a unit's number and name: "Menteri ATR/BPN ...", "Danrem 132/Tadulako"
        elif is_word(token) and (length := match_length(tokens, end, links) or int(
                seated and key(token) == "di" and not _named_between(tokens, start, end))) \
                and end + length < len(tokens) \
                and is_capital(tokens[end + length]) \
                and not match_length(tokens, end + length, lexicons().roles):
            end += length
        else:
            break
    return end


def _named_between(tokens: list[str], start: int, end: int) -> bool:
    """A name already stands in the office's words: "Konjen Miyakawa Katsutoshi di Kota Manado" seats the person,
    not the office, in the city (where "Konsul Jenderal Jepang di Surabaya Masaki Tani" names the country first)."""
    return any(is_word(token) and is_namelike(token) and not is_lexicon_word(token) and not is_acronym(token)
               for token in tokens[start:end])


def boundaries(tokens: list[str], start: int, end: int, article: Article) -> tuple[int, str, int]:
    """(where the name may start, what ends there, where that thing starts) in an office's words: after the
    last place, bracketed acronym ('bracket': the name follows it), acronym, organisation, rank, number or link
    word; 'role' if none."""
    known = lexicons()
    last, kind, last_start, index = start, "role", start, start
    while index < end:
        token = tokens[index]
        length = article.is_place(tokens, index) if is_word(token) else 0
        if length:
            last, kind, last_start, index = min(index + length, end), "place", index, index + length
            continue
        if is_word(token) and is_courtesy(token) and not in_street(tokens, index) and not (
                is_initial(token) and index > start and is_capital(tokens[index - 1])
                and not is_acronym(tokens[index - 1]) and is_namelike(tokens[index - 1])
                and not in_place(tokens, index - 1) and key(tokens[index - 1]) not in known.office_words):
            return index, "title", index  # not "R." inside a name: "Wali Kota Tangerang Arief R. Wismansyah"
        if is_word(token) and match_length(tokens, index, known.name_starts) and (index > start or is_acronym(token)) \
                and (key(token) != "i" or opens_balinese_name(tokens, index, end)):
            return index, "start", index  # before acronyms: "IB", "AA" open Balinese names; "Asisten I" is a number
        if token == ABBREVIATION:
            last, kind, last_start = index + 1, "bracket", index
        elif index > start and _initials(tokens, index, end) and is_capital(tokens[index - 1]) \
                and not is_acronym(tokens[index - 1]) and key(tokens[index - 1]) not in known.office_words \
                and not match_length(tokens, index - 1, known.organisation_heads):
            return index, "initials", index  # two capitals after the region open the name: "Bupati Muba AM Nasir"
        elif is_acronym(token) or (is_word(token) and key(token) in known.organisation_names):
            last, kind, last_start = index + 1, "acronym", index
        elif token[:1].isdigit() or not is_capital(token) or is_lexicon_word(token):
            last, kind, last_start = index + 1, "word", index
        index += 1
    return last, kind, last_start


def _initials(tokens: list[str], index: int, end: int) -> bool:
    """Two capitals before a name word that ends the office's words: a name's initials, not an agency's acronym."""
    return len(tokens[index]) == 2 and is_acronym(tokens[index]) and index + 1 < end \
        and is_capital(tokens[index + 1]) and not is_acronym(tokens[index + 1]) and is_namelike(tokens[index + 1])


def in_place(tokens: list[str], index: int) -> bool:
    """Whether a known place covers the token at `index` ("Angeles" of "Los Angeles")."""
    return any(is_word(tokens[start]) and place_length(tokens, start) > index - start
               for start in range(max(0, index - 2), index + 1))


def trailing_name(tokens: list[str], start: int, end: int) -> int:
    """Start of the name that ends the office's words [start, end): the last words that look like a name,
    or up to two name words that are no office words right after the office or an acronym, dictionary words
    or not ("Kepala Sekolah Endang Suhendar", "... BNPB Abdul Mukhlis")."""
    def fits(index: int) -> bool:
        return name_word(tokens, index, False) and not in_place(tokens, index)

    first = end
    while first > start and end - first < MAX_WORDS and (fits(first - 1) and is_namelike(tokens[first - 1]) or (
            first < end and first - 1 > start and (is_initial(tokens[first - 1]) or _initials(tokens, first - 1, end))
            and fits(first - 2))):
        first -= 1  # initials inside the name: "Menteri Sosial Juliari P Batubara", "Bupati X Ampera AY Mebas"
    loose, office_words = end, lexicons().office_words
    while loose > start and end - loose < 2 and fits(loose - 1) and key(tokens[loose - 1]) not in office_words:
        loose -= 1
    if loose < first and (loose == start or is_acronym(tokens[loose - 1])):
        first = loose
    given = lexicons().name_words.get("given", ())
    opener = next((index for index in range(max(start, end - MAX_WORDS), first)
                   if key(tokens[index]) in given and all(fits(j) for j in range(index, end))), first)
    first = min(first, opener)  # a given name opens the name: "Ketua Pelaksana Pameran Kilas Balik Muhammad Hatta"
    starts = lexicons().name_starts
    first = next((index for index in range(max(start, end - MAX_WORDS - 1), first) if match_length(
        tokens, index, starts) and (name := name_at(tokens, index)) and name.end == end), first)  # "... Karya Anak
    # Agung Ngurah Darma Putra": a Balinese name's opening words, and the dictionary words in it
    if first < end and first > 0 and key(tokens[first - 1]) in LINK_BREAKS:  # "School of Bussiness"
        return end
    return first


def name_in_office(tokens: list[str], role_end: int, run_end: int, regional: bool, region_kind: str | None,
                   article: Article) -> Name | None:
    """The name that closes an office's words [role_end, run_end), if any (see the module docstring)."""
    known = lexicons()
    not_names = known.name_words.get("not", ())
    words_end = run_end  # without a nickname, a weekday or degrees after the name: "... (Jokowi)", "... Rabu (6/7)",
    # "... Agus Bastian SE MM"
    degrees = False
    while words_end > role_end and (tokens[words_end - 1] in (ABBREVIATION, AGE) or key(tokens[words_end - 1])
                                    in not_names or is_degree(tokens[words_end - 1])):
        degrees = degrees or is_degree(tokens[words_end - 1])
        words_end -= 1
    begin, kind, thing = boundaries(tokens, role_end, words_end, article)
    if kind in ("title", "start", "initials"):
        return name_at(tokens, begin, introduced=kind == "initials")
    office = match_length(tokens, thing, known.regional) if kind in ("acronym", "word") else 0
    if (regional and kind == "role") or office:
        if office:
            region_kind = known.region_first.get(tuple(key(token) for token in tokens[thing:thing + office]))
        begin = _after_region(tokens, begin, words_end, region_kind, degrees, article)  # no region has degrees
    elif kind == "acronym" and match_length(tokens, thing, known.organisation_heads):
        begin = max(trailing_name(tokens, begin, words_end), begin + 1)  # "PT Transjakarta Welfizon Yuza"
    elif kind == "acronym":
        # of three words or more after an agency's acronym, the first is its region only when it is a place:
        # "Kepala BPBD Sleman Andri Susilo", but "Kepala BPKPD Aden Andri Susilo"
        if words_end - begin <= 2 or article.is_place(tokens, begin):
            begin = _after_region(tokens, begin, words_end, None, True, article)  # "Kepala BP Sukamaju Mustafa ..."
    elif kind not in ("place", "bracket"):  # after either the name starts: "Gubernur NTT (NTT) Viktor ..."
        begin = trailing_name(tokens, begin, words_end)
    if begin >= words_end:
        return None
    name = name_at(tokens, begin)
    if name and closes_run(tokens, name, run_end) and (any(is_namelike(word) for word in name.words) or (
            kind == "place" and key(name.words[0]) not in known.office_words  # "... Kabupaten Bekasi Efendi"
            and (len(name.words) == 1 or not _headline(tokens)))):  # a headline's verb, not a name:
        # "Bupati Kobar Kaji Banding ke Padang", "Bupati Bekasi Tinjau Banjir"
        return name
    return None


def _headline(tokens: list[str]) -> bool:
    return is_title_like([token for token in tokens if is_word(token)], " ".join(tokens))


def _after_region(tokens: list[str], begin: int, end: int, region_kind: str | None, one_word_name: bool,
                  article: Article) -> int:
    """Where the name starts after a regional office or an agency's acronym. `region_kind`: what one word alone after
    the office is (facts_regional_roles.tsv: "region", "local", or None for either). One word alone is the region
    unless the article uses it as a name, or (after an acronym, or an office like Bupati) it looks like one and is no
    place known or named; of two words the first is the region after a district's or village's office, and after a
    regency's when it is a place known or named; of three or more, the first is the region, unless a name's opening
    words stand first ("Wakil Bupati La Ode Yasir")."""
    rest = end - begin
    if rest == 0:
        return end
    first = tokens[begin]
    # A common given name that is no place the article names opens the name: "Ketua DPRD Ratna Dewi Anggraeni"
    by_name = key(first) in article.person_words or (
        key(first) in lexicons().name_words.get("given", ()) and not article.is_place(tokens, begin)) \
        or (rest > 1 and key(first) != "i" and match_length(tokens, begin, lexicons().name_starts) > 0)  # "La Ode ..."
    # An initial is a name's, never a region's: "Kepala BPBD M Edy Afrizal", "Sekda Leonard S Ampung"
    by_name = by_name or is_initial(first) or (rest > 1 and is_initial(tokens[begin + 1])
                                               and key(tokens[begin + 1]) not in lexicons().titles)  # "Muba H Sandi"
    if rest == 1:  # after an office like Bupati, a word that is no place known or named is the officer's name
        unplaced = region_kind is None and not article.is_place(tokens, begin)
        return begin if by_name or is_namelike(first) and (one_word_name or unplaced) else end
    if not by_name and (rest > 2 or region_kind == "local"
                        or region_kind and article.is_place(tokens, begin)):  # facts_regional_roles.tsv
        begin += 1  # the region
        while begin < end and key(tokens[begin]) in lexicons().place_suffixes:
            begin += 1
    return begin


def closes_run(tokens: list[str], name: Name, run_end: int) -> bool:
    not_names = lexicons().name_words.get("not", ())
    return all(key(token) in not_names or token in (AGE, ABBREVIATION) for token in tokens[name.end:run_end])


#: The sentence's predicate after an apposition that lost its closing comma: "Budi Santoso, Kepala Dinas Pariwisata
#: Kota Sukamaju turut menghadiri ...", "..., Konjen Jepang untuk Surabaya menyampaikan ...".
_PREDICATE = regex.compile(r"(?:me|ber|di|ter)\p{Ll}{3,}|turut|juga|pun|hadir|telah|sudah|akan|sedang|tampak")


def office_after(tokens: list[str], name: Name) -> str | None:
    """'Budi Santoso, Wakil Menteri ...', 'Gendon, pelatih tim ...,': the office or what the person is, in the
    clause after the name, when that clause is an apposition (it ends at a break)."""
    after = next_clause(tokens, name.end)
    if after is None or not is_word(tokens[after]):
        return None
    if (taken := match_length(tokens, after, lexicons().cues.get("as", {}))) and after + taken < len(tokens) \
            and is_capital(tokens[after + taken]):
        after += taken  # "Makmur Marbun, selaku Penjabat Bupati PPU, ..."
    if is_capital(tokens[after]) and (length := role_length(tokens, after)):
        end = office_end(tokens, after + length)  # ends at a break or at its verb of saying: "Budi, Kepala BPBD
        if end >= len(tokens) or not is_word(tokens[end]) or any(match_length(tokens, end, lexicons().cues.get(
                kind, {})) for kind in ("speech", "after")) \
                or end > after + length and _PREDICATE.fullmatch(tokens[end]):  # "... mengungkapkan", "... saat
            # dihubungi"; a named office, not a bare one, before the predicate: "..., Bukit Tusam, Presiden menyapa"
            return role_text(tokens, after, end)
    if not is_capital(tokens[after]) and (role_length(tokens, after)
                                           or match_length(tokens, after, lexicons().cues.get("person", {}))):
        end = clause_end(tokens, after)
        if end < len(tokens) and tokens[end] == "," and end - after <= 8:
            return role_text(tokens, after, end)
    return None


def office_taken(tokens: list[str], name: Name) -> str | None:
    """The office a person takes or holds, named right after 'menjadi' or 'sebagai' ("melantik Budi menjadi
    Penjabat Bupati Tegal"): read only after a verb whose object is a person, or after 'dan'."""
    cues = lexicons().cues
    taken = match_length(tokens, name.end, cues.get("as", {})) \
        or match_length(tokens, name.end, cues.get("becomes", {}))
    start = name.end + taken
    if not (taken and start < len(tokens) and is_capital(tokens[start]) and (length := role_length(tokens, start))):
        return None
    end = office_end(tokens, start + length)
    # "... Penjabat Bupati Tegal dan Muhamad Hasan menjadi ...": the next person's name is no part of the office
    end = next((index for index in range(start + length, end - 1) if key(tokens[index]) in CONJUNCTIONS
                and is_namelike(tokens[index + 1])), end)
    return role_text(tokens, start, end)


def _named_office_start(tokens: list[str], start: int, run_end: int, end: int) -> int:
    """Where the office of the name after the comma begins: after the last cue before it ("Gubernur Olly
    didampingi oleh Sekretaris Provinsi Sulut, Steve Kepel" makes Steve Kepel the provincial secretary), or at the
    last office that follows prose ("diterima Bupati Anna dari Kepala BPK Jatim, Karyadi"; "Dubes bertemu dengan
    Panglima X, Name"), but not at one joined to the office before it ("Gubernur dan Wakil Gubernur Kalteng, A dan
    B" names both; the first office is A's)."""
    cues = lexicons().cues
    kinds = [cues.get(kind, {}) for kind in ("before", "object", "said")]
    joining = cues.get("joining", {})
    begin, index = start, start
    while index < end:
        if length := max(match_length(tokens, index, kind) for kind in kinds):
            begin = index = index + length
            continue
        before = tokens[index - 1]
        if index > run_end and is_capital(tokens[index]) and is_word(before) and not is_capital(before) \
                and key(before) not in joining and role_length(tokens, index):
            begin = index
        index += 1
    return begin if begin < end else start


def read_office(tokens: list[str], start: int, length: int, article: Article, found: list[Found]) -> int:
    """An office at `start`: the name that closes its words, else the name of the clause after it."""
    known = lexicons()
    role_end = start + length
    capital = is_capital(tokens[start]) or (role_end < len(tokens) and is_capital(tokens[role_end]))
    run_end = office_end(tokens, role_end) if capital else role_end
    last_office = next((index for index in range(role_end - 1, start - 1, -1)
                        if match_length(tokens, index, known.regional)), None)
    regional = last_office is not None
    region_kind = known.region_first.get(tuple(key(t) for t in tokens[last_office:role_end])) if regional else None
    name = name_in_office(tokens, role_end, run_end, regional, region_kind, article) if capital else None
    after = next_clause(tokens, clause_end(tokens, run_end) if run_end >= len(tokens) or is_word(tokens[run_end])
                        and not is_capital(tokens[run_end]) else run_end)
    if after is not None and (province := article.is_place(tokens, after)) and after + province < len(tokens) \
            and tokens[after + province] == ",":
        after += province + 1  # the region's province between commas: "Bupati Bantul, DIY, Suharsono ..."
    following = apposition(tokens, after)
    if name and len(name.words) == 1 and name.end + 1 < len(tokens) and tokens[name.end] == "," \
            and is_capital(tokens[name.end + 1]) and not role_length(tokens, name.end + 1) \
            and key(tokens[name.end + 1]) not in lexicons().name_words.get("not", ()) \
            and name.end + 2 < len(tokens) and tokens[name.end + 2] == ",":
        name = None  # "Pembakal Desa Lok Buntar, Mursyidi, ...": the last word of a place of two, a name between commas
    if name and not is_nickname(tokens, name):
        prose = name.end < len(tokens) and is_word(tokens[name.end]) and not is_capital(tokens[name.end])
        if prose or not following or name.titles:
            found.append(found_person(name, role_text(tokens, start, name.start)))
            return max(name.end, start + 1)
    if capital and run_end < len(tokens) and is_capital(tokens[run_end]) and role_length(tokens, run_end):
        return run_end  # another office follows: this one names nobody
    if following:
        end = clause_end(tokens, start)
        found.append(found_person(following, role_text(tokens, _named_office_start(tokens, start, run_end, end), end)))
        return following.end
    return role_end
