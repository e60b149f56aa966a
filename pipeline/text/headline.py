"""Which line above the lead is the headline, when the page gives no title.

A headline tells the lead's story in a short line: Title Case, sentence case or capitals, rarely with a stop. Around
it stand lines of the same shapes that are not: menus of section names, slogans, a caption naming who is in the
photo, a byline of the outlet's name, the title bar's copy with the site's name. furniture.py asks choose_headline
once the lead is found; page_lines.py reads the lines' shapes.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from pipeline.text.facts.names import is_namelike
from pipeline.text.indonesian import content_terms
from pipeline.text.indonesian import words as lowercase_words
from pipeline.text.page_lines import (PHOTO_MOMENT, STARTS_PROSE, Line, ends_sentence, ends_with_date, is_caps,
                                      is_name_like, is_title_like, squash)

#: A headline shares at least this share of its content terms with the lead it tops; a menu of section names
#: shares one by chance ("Pemerintahan" beside "Pemerintah Kota ...").
LEAD_TERMS_SHARE = 0.2
#: A line of the outlet's name and at most this many other words is a byline ("Redaksi - Bali Tribune").
OUTLET_BYLINE_WORDS = 3
_BYLINE_BEFORE_NAME = regex.compile(r"(?P<who>[^-–|/]+?)[ ]*[-–|/][ ]*(?P<name>[^-–|/]+)")
#: A Title Case line right above the longest one is the title over its deck when it has this share of its words.
DECK_RATIO = 0.6
#: A headline candidate has at most this many words.
HEADLINE_MAX_WORDS = 24
#: A headline in capitals has at least this many words (a masthead or a slogan is shorter).
CAPS_HEADLINE_WORDS = 4


def echoed(lines: list[Line]) -> set[int]:
    """Ids of lines of five words or more a later line copies, whole or cut short: a page prints its headline
    twice (the title bar and the article's heading, "... Agar Produknya “Menasional”" and "... Agar Produknya");
    an image caption or a deck under it is printed once, a slogan is shorter."""
    found = set()
    for line in lines:
        for twin in line.twins if line.repeat else ():
            if len(twin.words) >= 5 and squash(twin.text).startswith(squash(line.text)):
                found.add(id(twin))
    return found


def choose_title(titles: list[Line], top: list[Line], echoes: set[int], lead_terms: frozenset[str] = frozenset()
                 ) -> Line | None:
    """The headline among the Title Case lines above the lead: one the page prints twice, else the longest (a
    kicker or a tagline is shorter), unless the title line right above it is nearly as long (five words at least:
    a slogan is shorter), not a copy of it cut short and not under a masthead (where a tagline stands): a title
    over its deck ("Dua Kecamatan Baru Diresmikan" over "Bupati Tegaskan Komitmen: “Semua Warga ...”").
    `echoes`: the ids of the lines the page prints twice (echoed(top)). `lead_terms`: the lead's content terms; a
    headline tells the lead's story, so titles that share its terms come first (a menu of section names, "Agama
    Ekonomi Gaya Hukum ...", is as long as a headline and shares next to nothing)."""
    # the page's title bar prints the headline with the site's name: "Judul - Kabar Kita" over "Judul"
    titles = [line for line in titles if not any(
        other is not line and line.text.startswith(other.text + separator) for other in titles
        for separator in (" - ", " – ", " | "))]
    titles = [line for line in titles if _tells_the_lead(line, lead_terms)] or titles
    if not titles:
        return None
    # a bare name printed twice is a photo's caption ("Kepala BPS Sulsel Nursam Salam")
    copied = {id(line) for line in titles if id(line) in echoes and not is_name_like(line.words, line.core)}
    longest = max([line for line in titles if id(line) in copied] or titles, key=lambda line: len(line.words))
    at = next(number for number, line in enumerate(top) if line is longest)
    lines_above = (line for line in reversed(top[:at]) if line.text)
    above, masthead = next(lines_above, None), next(lines_above, None)
    if any(line is above for line in titles) and id(longest) not in copied and len(above.words) >= max(
            5, DECK_RATIO * len(longest.words)) and not squash(longest.text).startswith(squash(above.text)) \
            and not (masthead and is_caps(masthead.core) and len(masthead.words) <= 4):
        return above
    return longest


def _tells_the_lead(line: Line, lead_terms: frozenset[str]) -> bool:
    terms = set(content_terms(line.text))
    return bool(terms) and len(terms & lead_terms) >= LEAD_TERMS_SHARE * len(terms)


def choose_headline(top: list[Line], is_stamp: Callable[[str], bool], lead: str = "", outlet: str | None = None
                    ) -> Line | None:
    """The headline among the lines above the lead: a Title Case line (choose_title), else the first sentence-case
    one, else one in capitals (CAPS_HEADLINE_WORDS at least), else one with a period:
    short and in Title Case ("Bupati Tinjau Pasar."; a longer one is a caption), or printed twice (a sentence-case
    headline with its stop, "Cari Berkah Jumat Polres X : ..."). `lead`: the lead's text after its dateline;
    `outlet`: the outlet its dateline names, whose byline ("Redaksi - Bali Tribune") is no headline."""
    copied = echoed(top)
    candidates = [line for line in top if not line.kind and not line.repeat and not line.credit and not line.drop
                  and line.text and (not ends_sentence(line.core.rstrip("!?”\""))
                                     or line.core.endswith(".") and (id(line) in copied or is_title_with_stop(line)
                                                                     and len(line.words) <= HEADLINE_MAX_WORDS // 2))
                  and not line.text.endswith("|") and not ends_with_date(line.core)  # a table cell's, a photo's caption
                  and (not line.core.endswith(":") or line.title_like and len(line.words) >= 6)  # not a label
                  and 3 <= len(line.words) <= HEADLINE_MAX_WORDS and not is_stamp(line.text)
                  and STARTS_PROSE.match(line.text.strip()) and not is_person(line)
                  and not (outlet and is_outlet_byline(line, outlet))]
    # a caption naming who is in the photo, unless no other line can be the headline ("..., Timothy Watts")
    candidates = [line for line in candidates if not _names_a_person(line)] or candidates
    stopped = [line for line in candidates if line.core.endswith(".") and not PHOTO_MOMENT.search(line.core)]
    candidates = [line for line in candidates if not line.core.endswith(".")]
    sentence_case = [line for line in candidates if not is_caps(line.core)]
    capitals = [line for line in candidates if is_caps(line.core) and len(line.words) >= CAPS_HEADLINE_WORDS]
    return (choose_title([line for line in candidates if line.title_like], top, copied, frozenset(content_terms(lead)))
            or next(iter(sentence_case), None)
            or next(iter(capitals), None) or next(iter(stopped), None))


def is_outlet_byline(line: Line, outlet: str) -> bool:
    """A few words, a dash or a bar, and the name the lead's dateline opens with: "Redaksi - Bali Tribune", "KSM |
    Bali Tribune" (a title bar's headline before the name is longer; "Banjir Landa Bekasi" has no separator)."""
    byline = _BYLINE_BEFORE_NAME.fullmatch(line.core)
    return bool(byline) and lowercase_words(byline["name"]) == lowercase_words(outlet) \
        and len(byline["who"].split()) <= OUTLET_BYLINE_WORDS


def is_title_with_stop(line: Line) -> bool:
    """A Title Case headline some outlets end with a period ("... Membuat Lapangan Voly."), not a caption that
    names officials and ends with the day ("Wagub Muh. Amin ... saat membuka BBLS, Kamis (18/8).")."""
    return (line.core.endswith(".") and not line.core.endswith("..") and not ends_with_date(line.core)
            and is_title_like(line.words, line.core[:-1]))


def is_person(line: Line) -> bool:
    """A byline's bare name ("Dewi Anggraini Lestari")."""
    return is_name_like(line.words, line.core) and _name_words(line.core.split())


def _names_a_person(line: Line) -> bool:
    """A photo's caption naming who is in it, "Plt Kepala Dinas Kesehatan Kabupaten X, dr. Wulan Pratiwi": a role,
    a comma, a name (titles and initials aside, two name words or more); a headline does not end so."""
    if ", " not in line.core:
        return False
    names = [word for word in line.core.rsplit(", ", 1)[1].split() if not word.endswith(".")]
    return 2 <= len(names) <= 5 and _name_words(names)


def _name_words(words: list[str]) -> bool:
    """Every word capitalised and a name word (or, after the first, an initial), not a dictionary word: "Dewi
    Anggraini Lestari", never a Title Case headline ("Bupati Tinjau Lokasi Longsor")."""
    return all(word[:1].isupper() and (is_namelike(word) or position and len(word.rstrip(".")) == 1)
               for position, word in enumerate(words))  # an initial after a name: "Andi Ahmad S"
