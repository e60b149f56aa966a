"""The lines of a page and their shapes: what pipeline/text/furniture.py reads a page by.

A line's shape is read from its words once per text it holds: prose (it opens and ends as a sentence does, with
lower-case words), Title Case (a headline), capitals, a bare name, a quotation. From the shapes of the lines above
the lead comes what each line there is (top_kind; the headline among them: headline.py). Thresholds are named
constants; why each rule exists is in furniture.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from pipeline.resources import PACKAGE_DATA, read_word_list
from pipeline.text.dates import CALENDAR_FILE, read_calendar

#: The lead is the first prose paragraph of at least this many words (when no dateline marks it).
LEAD_MIN_WORDS = 15
#: Glued furniture (credits, icon names, editor tags, datelines) is looked for in this many characters at a
#: line's start or end.
CUT_WINDOW = 300
#: A line repeated elsewhere on the page needs this many words to be dropped as a repeat.
REPEAT_MIN_WORDS = 6
#: A Title Case line has at least this share of its content words capitalised (Indonesian government prose
#: is full of capitalised names and offices, "Pemerintah Kota Bekasi menerima kunjungan ... Osaka": 0.81).
TITLE_CASE_SHARE = 0.85
#: A line's shape (prose, Title Case, capitals) is read from at most this many of its words.
SHAPE_WORDS = 300

#: Lowercase words a Title Case Indonesian headline keeps lowercase ("Wali Kota Bekasi dan Dubes Jepang Bahas
#: Investasi di Cikarang").
TITLE_CASE_SMALL_WORDS = frozenset(
    "di ke dari dan yang untuk dengan pada soal jadi ini itu usai bagi oleh atau vs hingga akan saat jelang demi "
    "tak tidak bakal ala per se sebagai karena tentang antara dalam serta lewat kian kini bisa jadi the of and "
    "in on for to a an at by".split())
_ENDS_SENTENCE = regex.compile(r"[.!?…。][\"'”’)\]*]*$|[\"”]$")  # a quotation may close on ,” too
_LEADING_FURNITURE = regex.compile(r"^(?:[•·▪►▸◦●■□*|>-]+[ ]*|\d{1,2}[.)][ ]+)+")
_ELLIPSIS_END = regex.compile(r"(?:\[…\]|\[\.\.\.\]|\[\.\.\]|…|\.\.\.)[ ]*$")
# not after an initial or a short title ("H. Arif Rahman", "Dr. Ani", "Muh. Amin", "Drs. Ali")
_SENTENCE_BREAK = regex.compile(r"(?<!\b\p{Lu}\p{Ll}{0,2})[.!?…][\"'”’)]*[ ]+(?=[\"“‘(]?[\p{Lu}\p{N}])")
_CREDIT_LINE = regex.compile(r"\p{Lu}[\p{Lu}.]*(?:[ ]\p{Lu}[\p{Lu}.]*){0,3}[ ]?/[ ]?"
                          r"\p{Lu}[\p{L}.]*(?:[ ]\p{Lu}[\p{L}.]*){0,4}"
                          r"|(?i:istimewa|ist\.?|dok(?:umentasi)?\.?(?:[ ].{1,40})?|instagram[ ]@\S{2,40})"
                          r"|[\p{L}\p{N}.-]+\.(?i:com|co\.id|id)[ ]?/[ ]?(?i:ist|istimewa|dok|foto)\.?")
_ENUMERATOR = regex.compile(r"^(?:[•·▪►▸◦●\-–—*]|\d{1,2}[.)]|[a-z][.)])[ ]")
_FAQ_ITEM = regex.compile(r"(?i:apa|apakah|bagaimana|mengapa|kenapa|kapan|di ?mana|siapa|berapa)\b[^?]{2,150}\?[ ]+\S")
#: A row of a table written as text, a short label and its figures: "Desa Cisalak: 16 rumah rusak ringan".
_FIELD_ROW = regex.compile(r"^\p{Lu}[\p{L}.'’-]*(?:[ ][\p{L}.'’-]+){0,3}[ ]?:[ ]?[^:]*\d")
_LIST_HEADER = regex.compile(r"^(?i:berikut)\b|\b(?i:berikut|sebagai berikut|antara lain|di ?antaranya|yakni|yaitu)$")
_SQUASH = regex.compile(r"[\p{L}\p{N}]+")
_LETTER = regex.compile(r"\p{L}")
_WEEKDAYS = "|".join(map(regex.escape, read_calendar(CALENDAR_FILE)[1]))
#: How a photo caption ends: with the day, "... saat membuka BBLS, Kamis (18/8)", "... melaunching SMAN 7 pada
#: Selasa 16 Januari 2024" (a headline may end with a date, "Karnaval 17 Agustus 2025", but not with its weekday)
_ENDS_DATE = regex.compile(rf"(?:\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)|(?<!\p{{L}})(?i:{_WEEKDAYS}),?[ ]+\d{{1,2}}[ ]+"
                           rf"\p{{L}}+\.?[ ]+\d{{4}})\.?$")
#: The moment a photo shows: "... saat memberikan", not "Jawa Tengah"; a caption's mark, never a headline's
PHOTO_MOMENT = regex.compile(r"\b(?:saat|ketika|tengah)[ ]\p{Ll}")
#: A photo's caption that kept its stop: who is in the photo, then the moment ("Wali Kota Budi Santoso saat meninjau
#: banjir."), no predicate after the moment's verb (a story's sentence goes on: "... saat meninjau banjir mengatakan").
_MOMENT_CAPTION = regex.compile(r"^\p{Lu}[\p{L}.’'-]*(?:,?[ ](?:\p{Lu}[\p{L}.’'()-]*|dan|bersama))+[ ]"
                                r"(?:saat|ketika|tengah)[ ]\p{Ll}")
_VERB_SHAPED = regex.compile(r"(?:me|ber|ter|di)\p{Ll}{3,}")
_NOT_VERBS = frozenset({"bersama", "berbagai", "tersebut", "terhadap", "terkait", "bersamaan", "tertentu"})
MOMENT_CAPTION_WORDS = 25
# Who attended: the openings of a list of names and offices ("Turut hadir Bupati X, Kapolres Y, ...").
ATTENDANCE_FILE = PACKAGE_DATA / "normalize_attendance.txt"
_ATTENDANCE = regex.compile(r"(?i:%s)\b" % "|".join(regex.escape(phrase).replace(r"\ ", "[ ]")
                                                    for phrase in read_word_list(ATTENDANCE_FILE)))
STARTS_PROSE = regex.compile(r"^[\p{L}\p{N}\"“‘'(\[]")


@dataclass
class Line:
    """One line of the page and what is known about it (its shape is read once per text it holds)."""

    text: str
    kind: str | None = None  # furniture kind from a whole-line pattern
    type: str | None = None  # the pattern's type: line, end, list, boilerplate_line
    credit: bool = False  # a photo credit was cut off its end
    repeat: bool = False  # its words occur elsewhere on the page
    twins: list[Line] = field(default_factory=list)  # the lines holding them: it goes only if one of them stays
    drop: str | None = None  # the kind it is dropped as
    cuts: list[tuple[int, str, str]] = field(default_factory=list)  # (order, kind, text) cut from it

    _shape: tuple[str, str, list[str], bool] | None = field(default=None, repr=False)

    def _read(self) -> tuple[str, list[str], bool]:
        if self._shape is None or self._shape[0] != self.text:
            core = core_of(self.text)
            words = [word for word in core.split(maxsplit=SHAPE_WORDS)[:SHAPE_WORDS]
                     if word[0].isalpha() or _LETTER.search(word)]
            self._shape = (self.text, core, words, is_title_like(words, core))
        return self._shape[1], self._shape[2], self._shape[3]

    @property
    def title_like(self) -> bool:
        return self._read()[2]

    @property
    def core(self) -> str:
        return self._read()[0]

    @property
    def words(self) -> list[str]:
        return self._read()[1]


def within(paragraphs: list[str], budget: int) -> list[str]:
    """The leading paragraphs that fit in budget characters, the last one cut at a space."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph) >= budget:
            if budget > 0:
                kept.append(paragraph[:budget].rsplit(" ", 1)[0] if " " in paragraph[:budget] else paragraph[:budget])
            break
        kept.append(paragraph)
        budget -= len(paragraph) + 1
    return kept


def core_of(line: str) -> str:
    """A line without leading bullets, list numbers, markdown asterisks and pipes, for shape tests."""
    return _LEADING_FURNITURE.sub("", line.strip()).strip().strip("*").strip()


def first_letter(word: str) -> str:
    if word[:1].isalpha():  # the usual case, without a regular expression
        return word[0]
    match = _LETTER.search(word)
    return match.group() if match else ""


def squash(text: str) -> str:
    return " ".join(_SQUASH.findall(text.casefold()))


def shape_kind(line: Line) -> str:
    """What a body line with no sentence end is by its shape: a byline, a tagline, a heading, text or a widget."""
    core, words = line.core, line.words
    if not words:
        return "counter" if any(char.isdigit() for char in core) else "widget"
    if is_caps(core):
        return "byline" if "|" in core or is_name_like(words, core) else "tagline"
    if is_name_like(words, core):
        return "byline"
    if is_title_like(words, core):
        return "heading"
    return "text" if lower_share(words) >= 0.3 else "widget"


def top_kind(line: Line, after_masthead: bool, is_stamp: Callable[[str], bool]) -> str:
    """What a line above the lead that is not the headline is dropped as."""
    core, words = line.core, line.words
    if not line.text:
        return "empty"
    if line.repeat:
        return "duplicate"
    if line.credit:
        return "caption"
    if is_stamp(line.text):
        return "page_date"
    if after_masthead and not ends_sentence(core):
        return "tagline"
    if is_caps(core):
        return "tagline"
    if is_name_like(words, core):
        return "byline"
    if is_quoted(core):
        return "standfirst"
    if is_prose(line, 2) or ends_sentence(core):
        return "caption"
    if is_title_like(words, core):
        return "heading"
    return "widget"


def is_moment_caption(core: str) -> bool:
    """A one-sentence photo caption with its stop: see _MOMENT_CAPTION."""
    if len(core.split()) > MOMENT_CAPTION_WORDS or sentences(core) != 1 or not _MOMENT_CAPTION.match(core):
        return False
    moment = max(match.end() for match in PHOTO_MOMENT.finditer(core)) - 1  # the last one: "X saat ... Y saat ..."
    after = [word.strip(".,") for word in core[moment:].split()]
    verbs = [bool(_VERB_SHAPED.fullmatch(word) and word not in _NOT_VERBS) for word in after]
    return (verbs[0] or after[0].endswith("kan")) and sum(verbs) <= 1  # not "saat di lokasi ..."


def sentences(text: str, cap: int = 4) -> int:
    """How many sentences the text holds, counted up to cap (the callers ask "one?" or "three or more?")."""
    count = 1
    for _ in _SENTENCE_BREAK.finditer(text):
        count += 1
        if count >= cap:
            break
    return count


def lower_share(words: list[str]) -> float:
    return sum(first_letter(word).islower() for word in words) / len(words) if words else 0.0


def lowercase_content_words(words: list[str]) -> int:
    """How many words are in lower case and not a Title Case headline's small words ("di", "dan", "yang")."""
    return sum(first_letter(word).islower() and word.casefold().strip(",:;'\"“”‘’()") not in TITLE_CASE_SMALL_WORDS
               for word in words)


def ends_sentence(text: str) -> bool:
    return _ENDS_SENTENCE.search(text) is not None


def is_caps(text: str) -> bool:
    letters = _LETTER.findall(text, 0, 2000)
    return len(letters) >= 3 and sum(letter.isupper() for letter in letters) >= 0.8 * len(letters)


def is_title_like(words: list[str], core: str) -> bool:
    """A headline's shape: Title Case words, no final stop (! and ? allowed), not all capitals."""
    if not 2 <= len(words) <= 30 or core.endswith(".") or not first_letter(words[0]).isupper():
        return False
    content = [word for word in words if word.casefold().strip(",:;'\"“”‘’()") not in TITLE_CASE_SMALL_WORDS]
    capitalised = sum(first_letter(word).isupper() or word[0].isdigit() for word in content)
    return bool(content) and capitalised >= TITLE_CASE_SHARE * len(content) and not is_caps(core)


def ends_with_date(text: str) -> bool:
    return _ENDS_DATE.search(text) is not None


def is_name_like(words: list[str], core: str) -> bool:
    """A bare name ("Sari Wulandari", "BUDI SANTOSO"): two to five capitalised words, no digits or stop."""
    return (2 <= len(words) <= 5 and not ends_sentence(core) and not any(char.isdigit() for char in core)
            and all(first_letter(word).isupper() for word in words)
            and not any(word.casefold() in TITLE_CASE_SMALL_WORDS for word in words))


def is_list_item(line: Line) -> bool:
    text = line.text.strip()
    return _ENUMERATOR.match(text) is not None or _FIELD_ROW.match(text) is not None


def is_list_header(line: Line) -> bool:
    """A list's header by its words, with or without its colon, or the last sentence of a paragraph: "Berikut nama
    camat yang dilantik", "... yakni:", "Tim SAR masih mencari. Berikut data 4 orang yang masih dicari."."""
    last_sentence = _SENTENCE_BREAK.split(line.core.rstrip(":. "))[-1]
    return _LIST_HEADER.search(last_sentence) is not None


def opens_list(line: Line) -> bool:
    """A line that introduces a list: "Berikut daftar Wali Kota Bekasi:", "... dalam tiga bidang, yaitu:"."""
    return line.core.endswith(":") and len(line.words) >= 4 and (lower_share(line.words) >= 0.3
                                                                  or is_list_header(line))


def in_list_context(lines: list[Line], number: int) -> bool:
    """Whether the line before is a list's header or a kept item: an item the page printed twice (dropped as a
    repeat) is passed over, and so is a table's header row under the list's ("No. Nama Masa Jabatan"); a header
    ending with a colon counts even when dropped as a label ("- Kerusakan:"), unless it is furniture by its words
    ("Baca Lainnya :")."""
    table_row = False
    for line in reversed(lines[:number]):
        item = is_list_item(line)
        if not line.text or line.drop == "empty" or line.drop == "duplicate" and item:
            continue
        if line.core.endswith(":") or is_list_header(line):
            return not line.kind  # not a list of links ("Baca Lainnya :")
        if line.drop in ("heading", "related") and not table_row and not ends_sentence(line.core):
            table_row = True
            continue
        return not line.drop and (item or line.core.endswith(";"))
    return False


def is_faq_item(lines: list[Line], number: int) -> bool:
    """A box of questions about other stories, each under a lone dash ("-" / "Apa yang dibangun di Banyuwangi?
    Pabrik kereta api ..."): a question and its answer on one line, right under the dash."""
    if _FAQ_ITEM.match(lines[number].text) is None:
        return False
    above = next((lines[earlier] for earlier in range(number - 1, -1, -1) if lines[earlier].text), None)
    return above is not None and above.text.strip() == "-"


def under_a_credit(lines: list[Line], number: int) -> bool:
    """Whether the line is right under a photo's credit on a line of its own ("TRIBUN JATENG/BUDI SANTOSA",
    "Istimewa", "Instagram @humaskota") that does not close a caption above it: the photo's caption, then, whatever
    its opening words look like."""
    above = (lines[earlier] for earlier in range(number - 1, -1, -1) if lines[earlier].text)
    credit, caption = next(above, None), next(above, None)
    return credit is not None and _CREDIT_LINE.fullmatch(credit.text.strip()) is not None and not (
        caption is not None and ends_sentence(caption.core) and is_prose(caption))


def is_prose(line: Line, min_words: int = 4) -> bool:
    """Running text: opens like a sentence, has lower-case words, and ends as a sentence (or is long)."""
    core, words = line.core, line.words
    if len(words) < min_words or not STARTS_PROSE.match(core):
        return False
    share = lower_share(words)
    if ends_sentence(core):
        # Government copy is dense with capitalised names and offices ("Perum LKBN bersama 3 Pemerintah
        # Kabupaten (Pemkab) ... menandatangani Nota Kesepahaman (MoU)"): two lower-case words make a sentence.
        lower = sum(first_letter(word).islower() for word in words)
        return share >= 0.25 or lower >= 2 or is_quoted(core)
    # A long line without its stop: prose when it reads as running text, or opens as a sentence does ("Adapun
    # tamu yang hadir yakni, Budi Santoso, Kepala Desa, ...", "Turut hadir Sekretaris Daerah, ...": a list of
    # names and offices is mostly capitals)
    opens_as_sentence = sum(first_letter(word).islower() for word in words[1:5]) >= 3 or _ATTENDANCE.match(core)
    return len(words) >= LEAD_MIN_WORDS and (share >= 0.3 and not line.title_like or opens_as_sentence)


def is_quoted(text: str) -> bool:
    return len(text) > 1 and text[0] in "\"“‘'" and text.rstrip()[-1] in "\"”’'"


def opens_quote(text: str) -> bool:
    """Whether the text opens with a quotation mark: a quote, even one a cut page left unclosed."""
    return text[:1] in "\"“‘"



def mark_repeats(lines: list[Line]) -> None:
    """Mark lines whose words all occur elsewhere among the page's text lines (pipeline/text/furniture.py).

    First the later of two equal lines (an earlier caption rather than a later body line) and teasers (an
    excerpt ending in "[…]" that the body continues); then, among what is left, a line found inside a
    longer line or across lines. A Title Case line is only dropped as an equal copy: a headline's words
    are often the lead's (one cut off at a comma is no headline but an excerpt).
    """
    candidates = [line for line in lines if line.text and not line.kind]
    # A very long line is compared as written: squashing a megabyte is costly and such a line is no caption
    squashed = {id(line): squash(line.text) if len(line.text) <= 3000 else line.text for line in candidates}
    seen: dict[str, Line] = {}
    for line in candidates:
        text = squashed[id(line)]
        if not text:
            continue
        if text in seen:
            earlier = seen[text]
            if earlier.credit and not line.credit:
                earlier.repeat, earlier.twins = True, [line]
                seen[text] = line
            else:
                line.repeat, line.twins = True, [earlier]
            continue
        seen[text] = line
    for teasers in (True, False):
        remaining = [line for line in candidates if not line.repeat and squashed[id(line)]]
        starts, parts, position = [], [" "], 1
        for line in remaining:
            starts.append(position)
            parts.append(squashed[id(line)] + " ")
            position += len(squashed[id(line)]) + 1
        whole = "".join(parts)
        if len(whole) > 300_000:
            return  # a very long text: only equal lines are looked for
        for number, line in enumerate(remaining):
            text, core = squashed[id(line)], line.core
            teaser = is_teaser(line)
            if (teaser != teasers or text.count(" ") + 1 < REPEAT_MIN_WORDS or len(text) > 3000
                    or (is_title_like(line.words, core) and not ends_sentence(core) and not core.endswith(","))):
                continue
            needle = " " + text + ("" if teaser else " ")
            own = starts[number] - 1
            position = whole.find(needle)
            while position == own:
                position = whole.find(needle, position + 1)
            if position != -1:
                first = bisect.bisect_right(starts, position + 1) - 1
                last = bisect.bisect_right(starts, position + len(needle) - 1) - 1
                line.repeat, line.twins = True, remaining[first:last + 1]


def is_teaser(line: Line) -> bool:
    """A linked story's first words cut off by an ellipsis ("BINTAN, POSMETRO: Ditetapkannya Penjabat ...,..."):
    never the lead of this page's story, datelined or not."""
    return _ELLIPSIS_END.search(line.text[-12:]) is not None


def cut_off(lines: list[Line], number: int) -> bool:
    """The page's last line, cut off mid-sentence ("Ia mengapresiasi komitmen ... yang tahun"), or its last
    sentence, dense with names, that lost its stop."""
    words = lines[number].words
    return number == len(lines) - 1 and len(words) >= 3 and (lower_share(words) >= 0.4 or len(
        words) >= LEAD_MIN_WORDS and lowercase_content_words(words) >= 3)


def between_prose(lines: list[Line], number: int) -> bool:
    """Whether the nearest text lines before and after this one are kept sentences of the story; the page's last
    line, cut off mid-sentence by a store's size limit ("... Dinas Pekerjaan Umum (DPU) Kota Sem"), needs none
    after it."""
    before = next((line for line in reversed(lines[:number]) if line.text and line.drop != "empty"), None)
    after = next((line for line in lines[number + 1:] if line.text), None)
    last_cut = after is None and not ends_sentence(lines[number].core)
    return all(line is not None and not line.drop and not line.kind and ends_sentence(line.core)
               and is_prose(line) for line in ((before,) if last_cut else (before, after)))


def story_ends_after(lines: list[Line], number: int) -> bool:
    """After an editor tag: the story ended unless prose follows (a tag can end a paragraph mid-story);
    furniture between them (an ad slot) is passed over, a comment form or footer ends it anyway."""
    for line in lines[number + 1:]:
        if not line.text or line.drop:
            continue
        if line.kind:
            if line.type == "end":
                return True
            continue
        return not is_prose(line, 8)
    return True
