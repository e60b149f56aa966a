"""Dates: the date a reader would give an article, read from its text, its page and its metadata.

Indonesian news dates the event in the body, usually with its weekday ("Kamis (24/8/2023)", "Jumat, 17
September 2021", "Selasa malam (25/11)"), often in the attribution of a quote rather than the first line.
Pages add stamps ("Sabtu, 29 Okt 2022 12:24 WIB") and furniture with other dates: the page's render time, a
related-articles list, a copyright year, a file photo's caption. So every date is read from the whole page
before anything is removed, and one is chosen by where it stands:

1. the first weekday-dated mention in the body (or a "(d/m/y)" one): the event, `lead` when it is in the first
   paragraphs, `text` later; "Kamis lalu"/"kemarin" before it move it back to that day (flag `date_relative`);
2. else, when the body names the event's weekday only ("... di ruang rapat Bupati, Rabu."), that weekday's date in a
   line the body does not hold, the photo's caption (`caption`);
3. else a publication stamp of the page (`stamp`; a dateline's day up to a week before it, "Banyuwangi (29/10)",
   is the day the story was filed and stands for it), then the `published` metadata or a date in the URL
   (`metadata`); a URL naming only year and month (/2020/03/) bounds the event's date and a year guess; else the
   first weekday-dated day in a line the body does not hold, the photo's caption (`caption`);
4. a date without a year ("Jumat (28/6)") takes it from the stamp or metadata, else the latest year written on
   the page ("Diplomatic Outreach 2019", "TMMD 105/2019") whose calendar has that weekday on that day, else the
   latest such year before the page's own latest date (or today): flag `date_year_guessed` either way.

A range ("5-8 Maret 2019") is dated by its first day. A statement dated the day after the lead's event ("diresmikan
Jumat (12/5)", then "ujarnya ..., Sabtu (13/5)") reports that event, whose date is the article's. A plan ("rapat
akan dilaksanakan pada Selasa, 15 April") dates the article only when no other date does.

A weekday that disagrees with a full date is kept as written and flagged `weekday_mismatch` (the digits are usually
right), unless the page writes that weekday's date within three days, or the same day in the year or month whose
weekday it is ("Jumat (3/6/2022)" beside "Jumat, 2 Juni 2022"; "Minggu (3/1/2016)" beside "Minggu (3/1/2015)").
A yearless date whose weekday fits no year the page writes takes the latest year it writes, flagged, rather than a
fitting year years before; on a page stamped that day, the weekday's date that week ("Senin, (13/3)" on Tuesday 13
March 2018's page is the 12th). A stamp over a week from the chosen date is flagged `date_conflict`. Bare dates deep
in the body (history) are no article's date. Month and weekday names are data (normalize_calendar.tsv).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import regex

from pipeline.errors import ConfigError
from pipeline.resources import PACKAGE_DATA, read_table

#: The names of months and weekdays (Indonesian and English): what dates and page reading both read.
CALENDAR_FILE = PACKAGE_DATA / "normalize_calendar.tsv"

#: Body paragraphs that count as the lead for `date_source`.
LEAD_PARAGRAPHS = 3
#: A page line this short holding a full date is a stamp (publication, update or render time), not prose.
STAMP_LINE_WORDS = 14
#: Characters between a verb of saying and the date it is dated with ("ujar Eri di Balai Kota, Sabtu (29/10)").
ATTRIBUTION_CHARS = 120
#: Characters before a date in which "Kamis lalu" or "kemarin" moves it back (the previous paragraph's end counts).
RELATIVE_CHARS = 300
STATEMENT_LAG_DAYS = 1  # a statement dated a day after the lead's event reports it: the lead's date is the article's
#: Characters before a date in which "akan" (or "dijadwalkan") makes it a plan, within one sentence.
PLAN_CHARS = 160
#: Days a stamp may lie after the event it reports before the two are said to conflict.
CONFLICT_DAYS = 7
#: A date without a year is read in the year that puts it at most this many days after its reference date.
YEARLESS_SLACK_DAYS = 2
#: A written year before this one (or after next year) is a typo, not a date of local news.
FIRST_YEAR = 1945
#: A yearless weekday date that fits a day this soon after the page's latest date is an announced plan, not history.
UPCOMING_DAYS = 60
#: A date without a year is read in one of this many years up to the page's latest date (a weekday falls on the
#: same day of the year again within 11 years, so older readings are only history).
GUESS_YEARS = 30

_PART_OF_DAY = r"(?:\s+(?:pagi|siang|sore|petang|malam|dini\s+hari))?"
# A year written alone: not a digit group of a longer number ("0813 3966 1966", "Rp2.019", "1.966"), nor the
# year of a numbered regulation, which is history ("Perda Nomor 4 Tahun 2017", "No. 4/2017").
_WRITTEN_YEAR = regex.compile(r"(?<![\d.,]|\d[ -]|\b(?:nomor|no)\.?\s*\d+\w?\s*(?:tahun\s+|/))(?:19|20)\d\d"
                              r"(?!\d|[.,]\d|[ -]\d)", regex.IGNORECASE)
#: Since when something has run: background, no event ("program yang dimulai sejak 4 september 2017").
_SINCE = regex.compile(r"\b(?i:sejak|semenjak|mulai)[ ]+(?:(?i:tanggal)[ ]+)?$")
#: A data cut-off, not the event: "catatan BPBD per Jumat (10/5/2025) pukul 22.00", "data hingga Senin (3/3)".
_AS_OF = regex.compile(r"\b(?i:per|hingga|sampai)[ ]+(?:(?i:hari|tanggal)[ ]+)?$")
_TODAY = regex.compile(r"\b(?i:hari|pagi|siang|sore|malam)[ ]ini\W*$")
#: What came before the news: "Gempa sebelumnya, Kamis 14 Januari 2021 ..." dates an earlier event.
_EARLIER = regex.compile(r"\b(?i:sebelumnya)\b[^.!?”\"]*$")
#: A plan: "akan" (will), "dijadwalkan"/"direncanakan" (scheduled) before the date, in the same sentence.
_PLANNED = regex.compile(r"\b(?i:akan|dijadwalkan|direncanakan|rencananya)\b[^.!?”\"]*$")
_DATELINE_DATE = regex.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/])")
_URL_MONTH = regex.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])(?:/|$)")
_URL_DATE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[/-]?(?P<month>0[1-9]|1[0-2])[/-]?(?P<day>0[1-9]|[12]\d|3[01])"
                          r"(?!\d)")


@dataclass(frozen=True)
class Mention:
    """A date as written: year missing in "Kamis (24/8)"; `stamp` when a clock time follows (a page stamp)."""

    day: int
    month: int
    year: int | None
    weekday: int | None  # ISO: Monday = 1
    start: int
    stamp: bool
    last_day: int | None = None  # a range's last day ("5-8 Maret": day 5, last_day 8): how late the page goes
    last_month: int | None = None  # its month, when not the first day's ("30 Juni - 7 Juli")

    def last(self) -> Mention:
        """The range's last day as a mention (the mention itself when it is no range)."""
        return replace(self, day=self.last_day or self.day, month=self.last_month or self.month)

    def on(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class DateChoice:
    date: date | None
    source: str | None  # lead | text | caption | stamp | metadata
    flags: tuple[str, ...] = ()


class DateFinder:
    """Finds date mentions and chooses the article's date (see the module docstring)."""

    def __init__(self, months: dict[str, int], weekdays: dict[str, int], speech_verbs: frozenset[str] = frozenset()):
        self.months = months
        self.weekdays = weekdays
        verbs = "|".join(sorted(map(regex.escape, speech_verbs))) or "(?!)"
        # A verb of saying, then up to ATTRIBUTION_CHARS of the same attribution (no quote opens or closes). The
        # verb starts a word, perhaps after a verbal prefix ("menjelaskan", "diungkapkan"), and ends it with a
        # suffix at most ("katanya", "ungkapnya"): "tersebut" and "selanjutnya" hold "sebut" and "lanjut", "serupa"
        # holds "seru", and none attributes anything.
        self.attribution = regex.compile(rf"(?<!\p{{L}})(?:di|me|men|mem|meng|ber)?(?:{verbs})(?:kan|i|an)?(?:nya)?"
                                         rf"(?!\p{{L}})"
                                         rf"[^\"“”!?]{{0,{ATTRIBUTION_CHARS}}}$", regex.IGNORECASE)
        month_names = "|".join(sorted(map(regex.escape, months), key=len, reverse=True))
        weekday_names = "|".join(sorted(map(regex.escape, weekdays), key=len, reverse=True))
        weekday = rf"(?:(?<![\p{{L}}\d])(?P<weekday>{weekday_names}){_PART_OF_DAY}\s*,?\s*(?:\(\s*)?(?:tanggal\s+)?)"
        self.weekday_before = regex.compile(  # a bracketed day's weekday a few words before: "Jumat malam di ... (5/5)"
            rf"(?<!\p{{L}})(?P<weekday>{weekday_names})(?!\p{{L}})[^.!?()]{{0,60}}\($", regex.IGNORECASE)
        self.weekday_slash = regex.compile(rf"\((?:{weekday_names})/(?=\d)", regex.IGNORECASE)
        clock = r"(?P<clock>\s*(?:[-|•,]\s*)?(?:pukul\s+|jam\s+)?\d{1,2}[:.]\d{2}\b)?"
        # A range's first day before the date: "5-8 Maret", "1 Juli hingga 11 Juli", "30 Juni – 7 Juli"
        self.range_start = regex.compile(
            rf"(?<![\d/.])(?P<day>\d{{1,2}})(?:\s+(?P<month_name>{month_names})\.?)?\s*"
            rf"(?:-|–|—|s\.?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*$", regex.IGNORECASE)
        self.pattern = regex.compile(
            rf"""(?:{weekday}(?=\d|(?:{month_names})\b))?
            (?:(?<![\d/.])(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?![\d/])
              |(?<![\d/.])(?P<day>\d{{1,2}})[/-](?P<month>\d{{1,2}})[/-](?P<year>\d{{4}}|\d{{2}})(?![\d/])
              |(?<![\d/.])(?P<day>\d{{1,2}})\s+(?P<month_name>{month_names})\.?,?\s+(?P<year>\d{{4}})(?!\d)
              |(?<![\d/.])(?P<day>\d{{1,2}})\s+(?P<month_name>{month_names})\b(?!\.?,?\s*\d)
              |(?<!\p{{L}})(?P<month_name>{month_names})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})(?!\d)
              |(?<=\(\s*)(?P<day>\d{{1,2}})[ ]?/[ ]?(?P<month>\d{{1,2}})(?=\s*\))
              |(?<![\d/.])(?P<day>\d{{2}})[ ](?P<month>\d{{2}})[ ](?P<year>\d{{4}})(?=\s+\d{{1,2}}:\d{{2}})
            ){clock}""",
            regex.IGNORECASE | regex.VERBOSE)
        self.relative = regex.compile(
            rf"(?<!\p{{L}})(?:(?P<weekday>{weekday_names}){_PART_OF_DAY}\s+(?:lalu|kemarin|pekan\s+lalu)"
            rf"|(?<![\d)][ ]*)(?P<yesterday>kemarin)(?![\s,]*(?:{weekday_names}|\d))(?!\s*[-,/]\s*red\b))(?!\p{{L}})",
            regex.IGNORECASE)  # not an editor's gloss ("hari ini (kemarin-red)"), nor a date's ("(26/2/21) kemarin")

    @classmethod
    def load(cls, path: Path, speech_verbs: Path) -> DateFinder:
        months, weekdays = read_calendar(path)
        return cls(months, weekdays, frozenset(fields[0].lower() for _, fields in read_table(speech_verbs, 1)))

    # ------------------------------------------------------------------------------------------ reading

    def mentions(self, text: str) -> list[Mention]:
        """Every date written in `text`, in order; a "(d/m)" without a weekday is no date (a score, a ratio)."""
        found = []
        text = self.weekday_slash.sub(lambda match: match[0][:-1] + ",", text)  # "(Jumat/9/9/2022)", same offsets
        for match in self.pattern.finditer(text):
            fields = match.groupdict()
            month = int(fields["month"]) if fields["month"] else self.months[fields["month_name"].lower()]
            year, weekday = fields["year"], fields["weekday"]
            if year is None and not weekday and text[match.start() - 1:match.start()] == "(":
                weekday = (before := self.weekday_before.search(text, max(0, match.start() - 80), match.start())) \
                    and before["weekday"]
            if year is None and not weekday:
                continue
            year_number = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
            if year_number is not None and not FIRST_YEAR <= year_number <= date.today().year + 1:
                year_number = None  # "Sabtu (21/01/3023)": a typo; the weekday still dates it
                if not weekday:
                    continue
            day, last_day, last_month, start = int(fields["day"]), None, None, match.start()
            if fields["month"] and month > 12 >= day:
                day, month = month, day  # "(6/21/2019)": month first, as machine-translated or English copy writes
            if (first := self.range_start.search(text, max(0, match.start() - 30), match.start())) \
                    and not weekday:  # a range is dated by its first day: "5-8 Maret 2019" is the 5th
                first_month = self.months[first["month_name"].lower()] if first["month_name"] else month
                if first_month == month and 1 <= int(first["day"]) < day:
                    day, last_day, start = int(first["day"]), day, first.start()
                elif first_month != month and 1 <= int(first["day"]) <= 31:
                    day, last_day, last_month, month, start = int(first["day"]), day, month, first_month, first.start()
                    if year_number is not None and first_month > last_month:
                        year_number -= 1  # "28 Desember 2024 - 2 Januari 2025"
            mention = Mention(day=day, month=month, year=year_number, last_day=last_day, last_month=last_month,
                              weekday=self.weekdays[weekday.lower()] if weekday else None,
                              start=start, stamp=bool(fields["clock"]))  # a range starts at its first day
            if (mention.year is None or mention.on(mention.year)) and 1 <= mention.month <= 12:
                found.append(mention)
        return found

    def find(self, text: str, published: date | None = None) -> date | None:
        """The first full date in `text` (a date without a year takes the one nearest `published`)."""
        for mention in self.mentions(text):
            if (resolved := self._resolve(mention, published, None)[0]) is not None:
                return resolved
        return None

    def _days_back(self, text: str, end: int, resolved: date) -> int | None:
        """Days from `resolved` back to a "Kamis lalu" or "kemarin" written in the RELATIVE_CHARS before `end` in
        `text` (all of `text` says whether it is quoted: a long quote opens further back)."""
        for match in self.relative.finditer(text, max(0, end - RELATIVE_CHARS), end):
            if _quoted(text, match.start(), end):
                continue  # "Kemarin kami rapat ...," kata Rina, Senin (7/6): the speaker's yesterday, not the date's
            if match["yesterday"]:
                return 1
            if match["weekday"] == "minggu":
                continue  # "minggu lalu" in lower case is last week; the Sunday is written "Minggu lalu"
            weekday = self.weekdays[match["weekday"].lower()]
            if weekday == resolved.isoweekday() and not text[match.end():end].strip(" ,("):
                continue  # "Jumat kemarin, 10 Maret 2023": the date names that Friday itself
            return (resolved.isoweekday() - weekday) % 7 or 7
        return None

    # ----------------------------------------------------------------------------------------- choosing

    def choose(self, body: list[str], page: list[str], published: str | None = None, url: str | None = None,
               today: date | None = None, dateline: str | None = None) -> DateChoice:
        """The article's date from its body paragraphs, the whole page's lines, its metadata and the date in its
        dateline, if any ("Mataram, 15/8 (ANTARA) -": the day the story was filed, read as a stamp)."""
        reference = self.find(published or "") or _url_date(url)
        month_end = None if reference else _url_month_end(url)
        dated = [(m, line, number) for number, line in enumerate(page) for m in self.mentions(line) if m.year]
        page_dates = {d for m, _, _ in dated if (d := m.on(m.year))}
        # A stamp: a full date and a clock time, or alone on a short line; not a list's (title, stamp, title, stamp)
        stamped = {number for m, line, number in dated if m.stamp or _stamp_line(line)}
        stamps = [m for m, _, number in dated if number in stamped and not {number - 2, number + 2} & stamped]
        # The page's own latest date bounds a year guess: render times and related lists come after the article
        # (a URL's month bounds it better: a page's latest date may be history).
        ceiling = month_end or max((d for m, _, _ in dated if (d := m.last().on(m.year))),
                                   default=None) or today or date.today()
        written = self._written(body, page, ceiling)
        stamp = min((d for m in stamps if (d := m.on(m.year))), default=None)  # render dates come later
        stamp_flags: tuple[str, ...] = ()
        if stamp is None and dateline and (written_out := next(
                (m for m in self.mentions(dateline) if m.year is not None), None)):  # "Perth, 3 Juli 2024 –"
            stamp = written_out.on(written_out.year)
        elif dateline and (filed := _DATELINE_DATE.search(dateline)):
            year = filed["year"] and int(filed["year"]) + (2000 if len(filed["year"]) == 2 else 0)
            mention = Mention(int(filed["day"]), int(filed["month"]), year, None, 0, True)
            if stamp is None:
                stamp, stamp_flags = (mention.on(year), ()) if year else self._resolve(mention, reference, ceiling,
                                                                                          written)
            else:  # "Banyuwangi (29/10)" over a page printed "Selasa, 3 November 2009": the day it was filed
                stamp = next((day for y in (stamp.year, stamp.year - 1) if (day := mention.on(year or y))
                              and timedelta(0) <= stamp - day <= timedelta(days=CONFLICT_DAYS)), stamp)

        published_on = reference or stamp or month_end
        latest = published_on or max(page_dates, default=None)  # what the page itself says, not today
        candidates = list(self._event_mentions(body, published_on, ceiling, written, page_dates, latest))
        candidates = [c for c in candidates if "planned" not in c.flags] or candidates
        if candidates:
            # The latest event date up to publication: background (an earlier disaster) and plans (a visit next
            # Friday) are dated too, and the news is what happened last before the page went out.
            before = [c for c in candidates if published_on is not None and c.date <= published_on]
            attributed = [c for c in candidates if "attributed" in c.flags]
            chosen = max(before, key=lambda c: c.date) if before else next(
                (c for c in attributed or candidates if "earlier" not in c.flags), (attributed or candidates)[0])
            event = next((c for c in sorted(candidates, key=lambda c: c.source != "lead")
                          if "attributed" not in c.flags and "earlier" not in c.flags), None)  # the lead's first,
            # else the first later one that the text does not call earlier
            if event is not None and "attributed" in chosen.flags \
                    and timedelta(0) < chosen.date - event.date <= timedelta(days=STATEMENT_LAG_DAYS):
                chosen = event  # "diresmikan Jumat (12/5)", then "ujarnya, Sabtu (13/5)": the event, not the statement
            flags = tuple(flag for flag in chosen.flags if flag not in ("attributed", "planned", "earlier"))
            if stamp and not (timedelta(0) <= stamp - chosen.date <= timedelta(days=CONFLICT_DAYS)):
                flags += ("date_conflict",)
            return DateChoice(chosen.date, chosen.source, flags)
        if (captioned := self._caption_date(body, page, published_on, ceiling, written, latest)) is not None:
            return captioned
        if stamp is not None:
            return DateChoice(stamp, "stamp", stamp_flags)
        if reference is not None:
            return DateChoice(reference, "metadata")
        # Nothing else dates the page: a caption's weekday-dated day ("..., Sabtu (26/2/2022)") is the event's
        return self._caption_date(body, page, published_on, ceiling, written, latest, any_weekday=True) \
            or DateChoice(None, None)

    def _caption_date(self, body: list[str], page: list[str], published_on: date | None, ceiling: date,
                      written: list[int], latest: date | None, any_weekday: bool = False) -> DateChoice | None:
        """When the body dates the event only by its weekday ("... di ruang rapat Bupati, Rabu."), the date of that
        weekday in a line the body does not hold: the photo's caption ("... Rabu (6/11/2024). ANTARA/HO-...");
        with `any_weekday`, the first weekday-dated day of such a line."""
        text = " ".join(body)
        named = set(self.weekdays.values()) if any_weekday else {
            number for name, number in self.weekdays.items()
            if regex.search(rf"(?<!\p{{L}}){regex.escape(name)}(?!\p{{L}})", text, regex.IGNORECASE)}
        for line in page:
            if not named or line[:40] in text:
                continue
            for mention in self.mentions(line):
                if mention.weekday in named and not mention.stamp and not _stamp_line(line):
                    resolved, flags = self._resolve(mention, published_on, ceiling, written, latest)
                    if resolved and resolved.isoweekday() == mention.weekday \
                            and (published_on is None or resolved <= published_on):
                        return DateChoice(resolved, "caption", flags)
        return None

    @staticmethod
    def _written(body: list[str], page: list[str], ceiling: date) -> list[int]:
        """Years the page writes bare ("APBD 2019", "Reguler 105/2019"), latest first, the body's before the rest of
        the page's: the likeliest years of a yearless date ("tahun 2023 ini" over "Copyright © ANTARA 2025")."""
        years = [sorted({year for line in lines for match in _WRITTEN_YEAR.finditer(line)
                         if ceiling.year - GUESS_YEARS < (year := int(match[0])) <= ceiling.year}, reverse=True)
                 for lines in (body, page)]
        return years[0] + [year for year in years[1] if year not in years[0]]

    def _event_mentions(self, body: list[str], published_on: date | None, ceiling: date,
                        written: list[int], page_dates: set[date], latest: date | None) -> Iterator[DateChoice]:
        """The body's event dates in order: weekday-dated or bracketed ones anywhere, bare ones in the lead."""
        body_years = {int(match[0]) for paragraph in body for match in _WRITTEN_YEAR.finditer(paragraph)}
        for number, paragraph in enumerate(body):
            stamp_line = _stamp_line(paragraph)
            before = body[number - 1][-RELATIVE_CHARS:] + " " if number else ""
            for mention in self.mentions(paragraph):
                if mention.stamp or stamp_line or _AS_OF.search(paragraph, max(0, mention.start - 20), mention.start):
                    continue  # a stamp left in the body is the page's time, a cut-off its data's: not the event's
                bracketed = "(" in paragraph[max(0, mention.start - 2):mention.start + 1]
                if mention.weekday is None and not bracketed and (mention.year is None or number >= 2 or (
                        mention.last_day is None and _SINCE.search(paragraph, 0, mention.start))):  # "sejak 13-15 Mei"
                    continue  # history and background dates ("tanggal 2 April 2004", "sejak 4 September 2017")
                resolved, flags = self._resolve(mention, published_on, ceiling, written, latest)
                if resolved is None:
                    continue
                if "weekday_mismatch" in flags and (agreeing := next((day for day in sorted(page_dates) if (
                        day == _nearest_weekday(resolved, mention.weekday) or (day.month, day.day) == (
                            resolved.month, resolved.day) or (day.year, day.day) == (resolved.year, resolved.day))
                        and day.isoweekday() == mention.weekday), None)):
                    resolved, flags = agreeing, ()  # the weekday and another date on the page agree: a typo'd day,
                    # year or month ("Minggu (3/1/2015)" beside "Minggu (3/1/2016)", "Senin, 12 Februari 2023" beside
                    # "Senin, 12 Juni 2023")
                elif "weekday_mismatch" in flags and (next_year := mention.on(resolved.year + 1)) and (
                        resolved.year + 1 in body_years or resolved.month == 1 and next_year <= date.today()) \
                        and next_year.isoweekday() == mention.weekday:  # last year's number typed in January or in
                    resolved, flags = next_year, ()  # a year the body names: "Rakor 2025 ... Selasa (4/2/2024)"
                # Only the text just before a date can qualify it: windows keep a page of dates linear.
                earlier = before + paragraph[:mention.start]
                today = _TODAY.search(paragraph, max(0, mention.start - 20), mention.start)  # "Sampai hari ini, Minggu"
                if not today and (back := self._days_back(earlier, len(earlier), resolved)) is not None:
                    resolved, flags = resolved - timedelta(days=back), flags + ("date_relative",)
                if self.attribution.search(paragraph, max(0, mention.start - ATTRIBUTION_CHARS - 40), mention.start):
                    flags += ("attributed",)  # "kata X, Senin (6/12/2021)": when the statement was made
                if _PLANNED.search(paragraph, max(0, mention.start - PLAN_CHARS), mention.start) and not today:
                    flags += ("planned",)  # "akan ... hari ini, Minggu (28/2/21)": today is no plan
                if _EARLIER.search(paragraph, max(0, mention.start - PLAN_CHARS), mention.start) \
                        or _SINCE.search(paragraph, max(0, mention.start - 20), mention.start):
                    flags += ("earlier",)  # "sebelumnya, ...", "sejak Kamis (27/11/2025)": before the news
                yield DateChoice(resolved, "lead" if number < LEAD_PARAGRAPHS else "text", flags)

    def _resolve(self, mention: Mention, reference: date | None, ceiling: date | None, written: Sequence[int] = (),
                 latest: date | None = None) -> tuple[date | None, tuple[str, ...]]:
        """A mention as a calendar date, with what is uncertain about it. A yearless weekday date that fits only a
        day in the weeks after the page's `latest` date ("diharapkan ... Kamis, 14 Januari") is a plan, flagged so."""
        if mention.year is not None:
            resolved = mention.on(mention.year)
            mismatch = mention.weekday is not None and resolved is not None \
                and resolved.isoweekday() != mention.weekday
            return resolved, ("weekday_mismatch",) if mismatch else ()
        if reference is not None:
            readings = [d for year in range(reference.year - 1, reference.year + 2) if (d := mention.on(year))
                        and d <= reference + timedelta(days=YEARLESS_SLACK_DAYS)]
            fitting = [d for d in readings if mention.weekday in (None, d.isoweekday())]
            if fitting and (last := max(readings)) not in fitting and abs(reference - last) <= timedelta(
                    days=YEARLESS_SLACK_DAYS) and (near := _nearest_weekday(last, mention.weekday)) <= reference:
                return near, ("weekday_mismatch",)  # "Senin, (13/3)" on Tuesday 13 March 2018's page: not 2017
            if fitting or not readings:
                return max(fitting, default=None), ()
            ceiling = reference  # the weekday points to another year: the latest one that fits before publication
        if ceiling is None:
            return None, ()
        if latest is not None and mention.weekday is not None and (upcoming := next(
                (d for year in (latest.year, latest.year + 1) if (d := mention.on(year))
                 and latest < d <= latest + timedelta(days=UPCOMING_DAYS) and d.isoweekday() == mention.weekday), None)):
            return upcoming, ("planned",)
        for year in [*written, *range(ceiling.year, ceiling.year - GUESS_YEARS, -1)]:
            reading = mention.on(year)
            if reading and reading <= ceiling and mention.weekday in (None, reading.isoweekday()):
                # years before the latest year the page writes, the weekday is likelier wrong than the year
                if written and year < written[0] - 1 and (typo := mention.on(written[0])) and typo <= ceiling:
                    return typo, ("date_year_guessed", "weekday_mismatch")
                return reading, ("date_year_guessed",)
        return None, ()


def read_calendar(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names of a calendar file, lower-cased, with their numbers (ISO weekdays: Monday = 1)."""
    months, weekdays = {}, {}
    for number, (kind, name, value) in read_table(path, 3):
        if kind == "month" and value.isdigit() and 1 <= int(value) <= 12:
            months[name.lower()] = int(value)
        elif kind == "weekday" and value.isdigit() and 1 <= int(value) <= 7:
            weekdays[name.lower()] = int(value)
        else:
            raise ConfigError(f"{path}:{number}: expected 'month<TAB>name<TAB>1-12' or 'weekday<TAB>name<TAB>1-7'")
    return months, weekdays


def _nearest_weekday(day: date, weekday: int) -> date:
    """The date with this ISO weekday within three days of `day`."""
    return day + timedelta(days=(weekday - day.isoweekday() + 3) % 7 - 3)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start] is inside a quotation that closes before `end`."""
    before = text[:start]
    return (before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")) and any(
        mark in text[start:end] for mark in '"”')


def _stamp_line(line: str) -> bool:
    """A short line that is no sentence ("Senin, 27 Januari 2025 | Redaksi"): the page speaking, not the story."""
    return len(line.split()) <= STAMP_LINE_WORDS and not line.rstrip().endswith((".", "!", "?", "\"", "”"))


def _url_month_end(url: str | None) -> date | None:
    """The last day of a month a URL path names without its day (/2020/03/, Blogger's archive style): the page
    was published by then."""
    match = _URL_MONTH.search(url.split("?")[0]) if url else None
    if match is None:
        return None
    year, month = int(match["year"]), int(match["month"])
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _url_date(url: str | None) -> date | None:
    """A publication date in a URL path (/2016/03/23/, /20160323), as many outlets write it."""
    if not url:
        return None
    for match in _URL_DATE.finditer(url.split("?")[0]):
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
    return None
