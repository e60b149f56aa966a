"""Page furniture: where the story is on a copied or scraped news page, read from the page's layout.

pipeline/text/boilerplate.py knows furniture by its shapes (the patterns of boilerplate.tsv); this module adds
the structural reading that no list of strings can give, because a page is laid out the same way whatever the
outlet:

- **The lead.** The story starts at its lead paragraph: the first paragraph that opens with a dateline
  ("BEKASI, KOMPAS.com –", also alone on the line above), else the first prose paragraph of 15 words or more.
  A later dateline is the lead only after little prose, so a mid-story "Jakarta – ..." cannot lose the story.
- **The top of the page** (before the lead) is menus, stamps, bylines, captions, taglines and the headline:
  all goes but one headline (headline.py chooses it), and sentences or sentence-case summary lines from the
  headline (or the page's start) down to the lead (a short lead, a bullet summary), kept with no dateline, also
  past a stamp or a caption its credit closes ("Wali Kota X. [Ist]"); under other furniture (a ticker, a credit
  on its own line) they are a caption or teaser and go.
- **The body** keeps every line that ends as a sentence does, quotations, list items under a colon and
  *asterisk* subheadings; it drops a line with no sentence end when it is a caption (ends with a date in
  brackets), a Title Case headline of up to 20 words (a related link with no marker), a name or a line in
  capitals (bylines, taglines), or a label (four words, or eight mostly capitalised). A sentence-case line
  without its final stop is kept: copy is sloppy, and subheadings are story.
- **The article end**: a comment form, a copyright or tag line (type `end`), or an editor tag followed by
  something that is not prose. What follows is not the story ("a second article running on"), and a new
  dateline right after a dropped headline starts another story too. The header of a link list (type `list`)
  drops the short lines after it until prose resumes.
- **Repeats**: a line whose words all occur elsewhere (a caption or standfirst repeating the lead, an excerpt
  ending in "[…]", a pull quote, the body printed twice) goes, and of two equal lines the later one (the caption,
  when the earlier is one) - but only while the text it repeats stays.
- **Glued furniture** is cut off a line first: a photo credit ("...Jakarta.Foto: Redaksi", "(Foto: X)" inside
  a line splits it), icon names ("zoom-in-whitePerbesar"), plugin markers. One sentence ending in a photo credit
  is a caption and goes whole; a paragraph of several sentences loses only the credit. Every removal is recorded
  as (kind, text) in page order; the kinds are listed in docs/records.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.text.boilerplate import Boilerplate
from pipeline.text.headline import choose_headline
from pipeline.text.page_lines import (LEAD_MIN_WORDS, PHOTO_MOMENT, STARTS_PROSE, Line, between_prose, cut_off,
                                      ends_sentence, ends_with_date, in_list_context, is_caps, is_faq_item,
                                      is_list_item, is_moment_caption, is_prose, is_quoted, is_teaser,
                                      is_title_like, lower_share, lowercase_content_words, mark_repeats, opens_list,
                                      opens_quote, sentences, shape_kind, story_ends_after, top_kind,
                                      under_a_credit, within)

#: A dateline paragraph is searched among this many first lines.
LEAD_SEARCH_LINES = 40
#: A later dateline paragraph is the lead only when at most this many long prose lines come before it.
LEAD_PRIOR_PROSE = 2
#: A dateline with a place and no outlet yields to an outlet's dateline at most this many lines below it.
WEAK_LOOKAHEAD = 3
#: A line of at most this many words with no sentence end is a label in the body (menu, widget); up to
#: LABEL_MAX_WORDS when it is mostly capitalised ("Sebarkan artikel ini" is one, a sentence-case subheading is not).
LABEL_WORDS = 4
LABEL_MAX_WORDS = 8
#: A page is read up to this many times the characters the record can keep (normalize max_chars): the rest
#: could never reach a sentence, and a megabyte of text should not cost seconds.
PAGE_BUDGET_FACTOR = 2

_SUBHEADING = regex.compile(r"^\*[^*]{3,120}\*$")
#: What marks a photo's caption: the moment it shows ("... saat memberikan sambutan"), a pipe before its credit.
_CAPTION_MARK = regex.compile(r"(?i:\b(?:saat|ketika|tengah)\b)|[|]")
#: A sentence that points back at the one before it ("Ajakan ini disampaikan ...", "Hal tersebut ...", "Dalam rangka
#: itu, ..."): story, not a photo's caption, even when it ends with the day and lost its stop.
_POINTS_BACK = regex.compile(r"^\p{Lu}\p{Ll}+(?:[ ]\p{Ll}+)?[ ](?:ini|itu|tersebut)\b")
#: A dateline that ends in a hyphen between two letters may be a hyphened name inside a sentence ("Ketua Majelis
#: Jemaat, Gereja Emaus Oebelo-Tanah Merah, ..."): too weak to start another story.
_GLUED_HYPHEN = regex.compile(r"\p{L}-$")
_NO_MATCH = regex.compile(r"(?P<place>)").match("")  # groupdict() of no dateline: nothing named
#: A short line that can be the first half of a dateline: it ends with a dash, or holds a comma, a pipe or a domain.
_DATELINE_FRAGMENT = regex.compile(r"[-–—][ ]*$|[,|]|\.(?i:com|id|co|net)\b")


@dataclass
class PageText:
    """What clean_page keeps and removes: the story's paragraphs (the headline line first when the page has
    one), removals as (kind, text) in page order, flags, and the lead's dateline ({outlet, place}) if any."""

    paragraphs: list[str]
    removed: list[tuple[str, str]]
    flags: list[str]
    dateline: dict[str, str | None] | None
    starts_with_lead: bool = False  # the first paragraph is the lead a dateline was cut from: no headline
    starts_with_headline: bool = False  # the first paragraph is the line above the lead chosen as the headline


def read_page(boilerplate: Boilerplate, paragraphs: list[str], max_chars: int | None = None) -> PageText:
    """The story's paragraphs without page furniture, and what was removed (see the module docstring).

    With `max_chars` (what the record can keep), only the first PAGE_BUDGET_FACTOR times that many characters
    of the page are read; the record is cut at max_chars anyway and flagged `truncated`.
    """
    if max_chars is not None:
        paragraphs = within(paragraphs, PAGE_BUDGET_FACTOR * max_chars)
    return _Page(boilerplate, paragraphs).clean()


class _Page:
    """One reading of a page (read_page)."""

    def __init__(self, boilerplate: Boilerplate, paragraphs: list[str]):
        self.bp = boilerplate
        self.kinds: dict[str, tuple[str, str] | None] = {}  # whole-line verdicts: pages repeat their furniture
        self.flags: list[str] = []
        self.lines: list[Line] = []
        self.dateline: dict[str, str | None] | None = None
        self.dateline_cut = False
        self.lead_line: Line | None = None  # the line whose dateline was cut
        self.headline_line: Line | None = None  # the line above the lead chosen as the headline
        for paragraph in paragraphs:
            self._add(paragraph)

    # Lines and glued furniture -------------------------------------------------------------------------

    def _line_kind(self, text: str) -> tuple[str, str] | None:
        if text not in self.kinds:
            self.kinds[text] = self.bp.line_kind(text)
        return self.kinds[text]

    def _add(self, paragraph: str) -> None:
        index = len(self.lines)
        if kind := self._line_kind(paragraph):
            self.lines.append(Line(paragraph, kind=kind[1], type=kind[0]))
            return
        text, promotions = self.bp.cut_inline(paragraph)
        if promotions and "boilerplate_inline" not in self.flags:
            self.flags.append("boilerplate_inline")
        for piece, cuts, credit in self.bp.cut_glued(text):
            line = Line(piece, credit=credit, cuts=cuts)
            if line.text and (kind := self._line_kind(line.text)):
                line.kind, line.type = kind[1], kind[0]
            self.lines.append(line)
        self.lines[index].cuts[:0] = [(0, "inline_boilerplate", promotion) for promotion in promotions]

    # Reading the page ------------------------------------------------------------------------------------

    def clean(self) -> PageText:
        lines = self.lines
        mark_repeats(self.lines)
        lead = self._find_lead()
        if lead is None:
            for line in lines:
                if line.kind and not line.drop:
                    line.drop = line.kind
                elif not line.text:
                    line.drop = "empty"
            first = next((line for line in lines if not line.drop), None)
            if first is not None:
                self._cut_dateline(first)
        else:
            self._top(lead)
            self._body(lead)
            self._cut_dateline(lines[lead])
        return self._result()

    def _find_lead(self) -> int | None:
        lines = self.lines
        # A dateline without an outlet may be a photo caption's kicker ("RAPAT: Gubernur ...") or a bullet
        # ("- Teks ...") above the datelined lead: an outlet's dateline close below (any below a bullet) wins,
        # and below a kicker's colon, a place's dash ("RAPAT: Wali Kota ..." above "BEKASI - Wali Kota ...").
        weak, weak_until, weak_colon = None, LEAD_SEARCH_LINES, False
        for number, line in enumerate(lines[:LEAD_SEARCH_LINES]):
            if number > weak_until:
                break
            if line.kind or line.repeat or line.credit or line.drop or not line.text or is_teaser(line) \
                    or (found := self._dateline_lead(number)) is None:
                continue
            if not self._little_prose_before(number):
                break
            named = (self.bp.dateline(line.text) if found is True else found) or _NO_MATCH
            if not named.groupdict().get("outlet") and under_a_credit(lines, number):
                line.drop = "caption"  # under its photo's credit, "PANEN JAGUNG - Petani ...": a label, not a place
                continue
            if named.groupdict().get("outlet"):
                return self._take_lead(number, found)
            colon = named.group(0).rstrip().endswith(":")
            if weak is None or weak_colon and not colon:
                weak, weak_colon = number, colon
                weak_until = number + WEAK_LOOKAHEAD if named.groupdict().get("place") else LEAD_SEARCH_LINES
        if weak is not None:
            return self._take_lead(weak, self._dateline_lead(weak))
        for min_words in (LEAD_MIN_WORDS, 4):
            for number, line in enumerate(lines):
                if (not line.kind and not line.repeat and not line.drop and not is_faq_item(lines, number)
                        and not (line.credit and sentences(line.text) == 1)
                        and not is_caps(line.core) and is_prose(line, min_words)
                        and not self.bp.is_stamp(line.text)):
                    return number
        return None

    def _take_lead(self, number: int, found: regex.Match | bool | None) -> int:
        """The lead is this line; when its dateline stood alone on the line above, that line goes."""
        if found is not True and found is not None:
            self.lines[number - 1].drop = "dateline"
            self._set_dateline(found)
            self.lead_line = self.lines[number]
            self.lead_line.text = self.lead_line.text.lstrip("–—- ")
        return number

    def _dateline_lead(self, number: int) -> regex.Match | bool | None:
        """None when the line is no dateline lead; True when it opens with a dateline followed by a sentence;
        the dateline's match when the line above is only a dateline ("BEKASI, KK -", then the lead)."""
        line = self.lines[number]
        if (match := self.bp.dateline(line.text)) and len((rest := Line(line.text[match.end():])).words) >= 4:
            if not any(match.groupdict().values()) and rest.title_like and not ends_sentence(rest.core):
                return None  # a bulleted headline ("- Bupati Lantik Direktur Perumda ..."): a list of links
            if is_prose(rest, 4) or len(line.text.split()) >= LEAD_MIN_WORDS or (  # an outlet's lead, its stop lost
                    match.groupdict().get("outlet") and len(rest.words) >= 8
                    and (lower_share(rest.words) >= 0.2 or lowercase_content_words(rest.words) >= 2
                         # or dense with names around its one verb: "Presiden Joko Widodo meresmikan Bendungan ..."
                         or ends_sentence(rest.core) and lowercase_content_words(rest.words) >= 1)):
                return True
        if number == 0 or not is_prose(line, 4):
            return None
        previous = self.lines[number - 1]
        if previous.kind or previous.drop or not previous.text or len(previous.text.split()) > 6:
            return None
        dashed = line.text[:1] in "-–—" or previous.text.rstrip()[-1:] in "-–—"
        if not (_DATELINE_FRAGMENT.search(previous.text) or dashed):
            return None  # "Rapat Terbatas" above a caption is a label, not a dateline
        if "/" in previous.text and not dashed:
            return None  # a photo's credit, "KABARKITA.COM/ BUDI SANTOSO", above its caption
        head = previous.text.rstrip(" –—-.")
        match = self.bp.dateline(head + " – " + line.text.lstrip("–—- "))
        return match if match and match.end() > len(head) else None

    def _little_prose_before(self, lead: int) -> bool:
        long_prose = 0
        # an excerpt of the story shown above it, its paragraph repeated below: no prose of another story
        echoed = {id(twin) for later in self.lines[lead:] if later.repeat for twin in later.twins}
        for line in self.lines[:lead]:
            if line.kind or line.repeat or line.credit or is_quoted(line.core) or not is_prose(line) \
                    or is_list_item(line) or id(line) in echoed:  # a box of points above the story ("Intinya Sih")
                continue
            if sentences(line.text) >= 3:
                return False
            long_prose += len(line.words) >= 20
        if long_prose > LEAD_PRIOR_PROSE:
            return False
        return True

    def _top(self, lead: int) -> None:
        """Before the lead: one headline, maybe a short lead right after it; the rest is furniture."""
        top = self.lines[:lead]
        lead_text, dateline = self.lines[lead].text, self.bp.dateline(self.lines[lead].text)
        named = dateline.groupdict() if dateline else self.dateline or {}  # "BALI TRIBUNE - ": an outlet as a place
        headline = self.headline_line = choose_headline(top, self.bp.is_stamp, lead_text[dateline.end() if dateline
                                                        else 0:], named.get("outlet") or named.get("place"))
        kept = {id(headline)} if headline else set()
        if self.dateline is None and not dateline:
            # Sentences or sentence-case summary lines right before the lead, under the headline: a short lead (a
            # "Baca juga" link among them is passed over: the story is running)
            run: list[Line] = []
            start = len(top)
            for line in reversed(top):
                if line.kind == "related":
                    start -= 1
                    continue
                if (line.kind or line.repeat or line.credit or line.drop or line is headline
                        or is_caps(line.core) or self.bp.is_stamp(line.text)  # "HAL-TENG PERS X.ID.", a stamp
                        or not (ends_sentence(line.core) and STARTS_PROSE.match(line.core)
                                or len(line.words) > LABEL_WORDS and lower_share(line.words) >= 0.5)):
                    break
                run.append(line)
                start -= 1
            # under the headline (or the page's start), past stamps and captions closed by their credit
            below = next((number + 1 for number, line in enumerate(top[:start]) if line is headline), 0)
            if run and all(line.credit or self.bp.is_stamp(line.text) for line in top[below:start]):
                kept.update(id(line) for line in run)
        after_masthead = False
        for line in top:
            if id(line) in kept:
                continue
            if not line.drop:
                line.drop = line.kind or top_kind(line, after_masthead, self.bp.is_stamp)
            after_masthead = is_caps(line.core) and len(line.words) <= 4

    def _body(self, lead: int) -> None:
        lines = self.lines
        ended = in_list = False
        label: str | None = None
        previous_dropped_heading = False
        kept = 0
        for number in range(lead, len(lines)):
            line = lines[number]
            if line.drop:
                continue
            if not line.text:
                line.drop = "empty"
                continue
            if ended:
                shape = "run_on_article" if is_prose(line, 2) else shape_kind(line)
                line.drop = line.kind or ("widget" if shape == "text" else shape)
                continue
            if line.kind:
                line.drop = line.kind
                if line.type == "end" and kept:
                    ended = True
                in_list = in_list or line.type == "list"
                # a label whose text is the next line: a link's title, a photo's caption ("Teks foto:")
                label = line.kind if line.core.endswith(":") and line.kind in ("related", "caption") or (
                    line.kind == "related" and len(line.words) <= 2) else None
                previous_dropped_heading = False
                continue
            if line.repeat and number != lead and any(not twin.drop for twin in line.twins):
                line.drop = "duplicate"
                continue
            quote = opens_quote(line.core)  # a quote, even one cut off, is story: no link's title
            if number != lead and (label == "caption" or label and not ends_sentence(line.core) and not quote):
                line.drop, label = label, None
                continue
            label = None
            if in_list:
                if (is_prose(line) and ends_sentence(line.core) or opens_list(line)
                        or cut_off(self.lines, number) and sentences(line.core) == 1
                        and len(line.words) >= LABEL_MAX_WORDS) and not line.title_like or quote:  # or one cut off
                    in_list = False  # a sentence, or one that opens a list: the story goes on (a box of links sat
                    # inside it)
                else:
                    kind = shape_kind(line)
                    line.drop = "related" if kind in ("heading", "text") else kind
                    continue
            tagged = self._cut_editor_tag(line)
            if line.drop:  # the line was only an editor tag: the story ends unless prose follows
                ended = kept > 0 and story_ends_after(self.lines, number)
                continue
            if number != lead:
                dateline = self.bp.dateline(line.text)
                # another story starts: a headline then a named dateline before a lead (not "- Judul" in a list nor
                # "Pakar Bicara, Bukan Basa-Basi"), or an outlet's dateline after a datelined lead
                named = dateline and len(line.text[dateline.end():].split()) >= LABEL_WORDS \
                    and not _GLUED_HYPHEN.search(dateline.group(0)) \
                    and dateline.groupdict()  # not "Oebelo-Tanah Merah"
                if named and (named.get("place") or named.get("outlet")) and (
                        previous_dropped_heading or named.get("outlet") and self.bp.dateline(lines[lead].text)):
                    ended = True
                    line.drop = "run_on_article"
                    continue
                drop = self._body_drop(line, number)
                if drop:
                    line.drop = drop
                    previous_dropped_heading = drop in ("related", "heading")
                    continue
            previous_dropped_heading = False
            kept += 1
            if tagged and story_ends_after(self.lines, number):
                ended = True
        if any(line.drop == "run_on_article" for line in lines):
            self.flags.append("run_on_article")

    def _body_drop(self, line: Line, number: int) -> str | None:
        """The kind a body line (not the lead) is dropped as, None to keep it."""
        core, words = line.core, line.words
        if line.credit and sentences(line.text) == 1 or core.endswith("|") and ends_with_date(core.rstrip(" |")):
            return "caption"  # credited, or closed by the pipe before its credit: "..., Sabtu (1/3/2025) |"
        if is_faq_item(self.lines, number):
            return "related"
        if _SUBHEADING.match(line.text.strip()):
            return None
        if self.bp.is_stamp(line.text):
            return "page_date"
        # a related story's headline: "Bupati Minta Harga Jagung Dijaga, Petani Untung?", or a bulleted one with "!"
        # ("• Sang Mertua Sampai Marah-marah: Gak Punya Hati!")
        if (core.endswith("?") or core.endswith("!") and is_list_item(line)) and line.title_like \
                and 3 <= len(words) <= 20 and sentences(core) == 1:
            return "related"
        if is_moment_caption(core) and between_prose(self.lines, number):
            return "caption"  # "Wali Kota Budi Santoso saat meninjau banjir." between the story's paragraphs
        if ends_sentence(core) or is_quoted(core) or opens_quote(core):
            return None
        if (is_list_item(line) or core.endswith(";")) and in_list_context(self.lines, number):
            return None  # a list's item: "- Beras Rp13.000/kg", "Yayasan Bumi Hijau;" after "... adalah X;"
        if opens_list(line):
            return None
        if cut_off(self.lines, number):
            return None
        if ends_with_date(core) and len(words) >= 6 and sentences(core) == 1 and not (
                _POINTS_BACK.match(core) and between_prose(self.lines, number)):
            return "caption"  # "Wakil Bupati meninjau skrining di Puskesmas Karangasem, Selasa (10/6)"; not "... paparnya. Senin (14/10/24)"
        if is_prose(line, LEAD_MIN_WORDS):
            return None  # a long sentence that lost its stop: "Adapun yang mendampingi ..., para tokoh masyarakat"
        if is_title_like(words, core) and 3 <= len(words) <= 20 and sentences(core) == 1:
            return "related"
        if (len(words) >= LABEL_MAX_WORDS and lowercase_content_words(words) >= 2 and sentences(core) == 1
                and not _CAPTION_MARK.search(core) and between_prose(self.lines, number)):
            return None  # a sentence dense with names that lost its stop: "Sedangkan SMP Negeri 10 merupakan ..."; not
            # a caption, the moment of a photo: "Kepala Dinas ... saat memberikan sambutan"
        if len(words) >= LABEL_MAX_WORDS and sentences(core) == 1 and PHOTO_MOMENT.search(core):
            return "caption"  # "Dokter Budi saat berbincang dengan anak peserta vaksinasi Covid-19"
        kind = shape_kind(line)
        if kind != "text":
            return kind
        if len(words) <= LABEL_WORDS or (len(words) <= LABEL_MAX_WORDS and lower_share(words) < 0.5):
            return "widget"
        return None

    def _cut_editor_tag(self, line: Line) -> bool:
        found = False
        for _ in range(3):  # "(ags)" after "(hms)" and such
            match = self.bp.editor_tag(line.text)
            if not match or not match.group().strip():
                break
            line.cuts.append((50, "editor_tag", match.group().strip()))
            line.text = line.text[:match.start()].rstrip()
            found = True
        if found and not line.text:
            line.drop = "editor_tag"
        return found

    def _set_dateline(self, match: regex.Match) -> None:
        """The record's dateline: outlet and place, None when the dateline was only a dash."""
        found = {key: match.groupdict().get(key) or None for key in ("outlet", "place")}
        self.dateline = found if any(found.values()) else None
        self.dateline_cut = True

    def _cut_dateline(self, line: Line) -> None:
        if line.drop or self.dateline_cut:
            return
        match = self.bp.dateline(line.text)
        if match and line.text[match.end():].strip():
            self._set_dateline(match)
            self.lead_line = line
            line.cuts.append((-50, "dateline", match.group().strip()))
            line.text = line.text[match.end():].lstrip()

    def _result(self) -> PageText:
        removed: list[tuple[str, str]] = []
        paragraphs: list[str] = []
        for line in self.lines:
            before = sorted(cut for cut in line.cuts if cut[0] <= 0)
            after = sorted(cut for cut in line.cuts if cut[0] > 0)
            removed += [(kind, text) for _, kind, text in before]
            if line.drop and line.text and line.drop != "empty":
                removed.append((line.drop, line.text.strip()))
            elif not line.drop and line.text:
                paragraphs.append(line.text)
            removed += [(kind, text) for _, kind, text in after]
        first = next((line for line in self.lines if not line.drop and line.text), None)
        return PageText(paragraphs, removed, self.flags, self.dateline,
                        starts_with_lead=first is not None and first is self.lead_line,
                        starts_with_headline=first is not None and first is self.headline_line)
