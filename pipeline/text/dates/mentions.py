"""Reading dates: every date a text writes, as a `Mention`, and the "Kamis lalu"/"kemarin" before one.

What a mention means for the article (the event, a stamp, background) is decided in choice.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Self

import regex

from pipeline.errors import ConfigError
from pipeline.resources import PACKAGE_DATA, read_table

#: The names of months and weekdays (Indonesian and English): what dates and page reading both read.
CALENDAR_FILE = PACKAGE_DATA / "normalize_calendar.tsv"

#: Characters between a verb of saying and the date it is dated with ("ujar Eri di Balai Kota, Sabtu (29/10)").
ATTRIBUTION_CHARS = 120
#: Characters before a date in which "Kamis lalu" or "kemarin" moves it back (the previous paragraph's end counts).
RELATIVE_CHARS = 300
#: A written year before this one (or after next year) is a typo, not a date of local news.
FIRST_YEAR = 1945

_PART_OF_DAY = r"(?:\s+(?:pagi|siang|sore|petang|malam|dini\s+hari))?"

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
    end: int | None = None  # where the date as written ends: what follows may make it a plan ("(20/2) mendatang")

    def last(self) -> Mention:
        """The range's last day as a mention (the mention itself when it is no range)."""
        return replace(self, day=self.last_day or self.day, month=self.last_month or self.month)

    def on(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None



#: Being reached for comment dates a statement as a verb of saying does ("Camat, yang dihubungi ..., Minggu (28/3/2021)
#: mengatakan"); not in the splitter's list of speech verbs, since "Dihubungi terpisah, ..." opens a sentence of its own.
REACHED_VERBS = frozenset({"konfirmasi", "hubung", "wawancara"})


class DateReader:
    """Finds the dates a text writes; DateFinder (choice.py) chooses among them."""

    def __init__(self, months: dict[str, int], weekdays: dict[str, int], speech_verbs: frozenset[str] = frozenset()):
        self.months = months
        self.weekdays = weekdays
        verbs = "|".join(sorted(map(regex.escape, speech_verbs | REACHED_VERBS)))
        # A verb of saying (or of being reached for comment), then up to ATTRIBUTION_CHARS of the same attribution (no
        # quote opens or closes). The verb starts a word, perhaps after a verbal prefix ("menjelaskan",
        # "diungkapkan"), and ends it with a suffix at most ("katanya", "ungkapnya"): "tersebut" and "selanjutnya" hold
        # "sebut" and "lanjut", "serupa" holds "seru", and none attributes anything.
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
              |(?<![\d/.])(?P<day>\d{{1,2}})\s+(?P<month_name>{month_names})\.?,?\s*(?P<year>\d{{4}})(?!\d)
              |(?<![\d/.])(?P<day>\d{{1,2}})\s+(?P<month_name>{month_names})\b(?!\.?,?\s*\d)
              |(?<!\p{{L}})(?P<month_name>{month_names})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})(?!\d)
              |(?<=\(\s*)(?P<day>\d{{1,2}})[ ]?/[ ]?(?P<month>\d{{1,2}})(?=\s*\))
              |(?<=(?<!\p{{L}})(?:{weekday_names}),?\s*)(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?![\d/])
              |(?<=(?<!\p{{L}})(?:{weekday_names})\s*\(\s*)(?P<day>\d{{1,2}})-(?P<month>\d{{1,2}})(?=\s*\))
              |(?<![\d/.])(?P<day>\d{{2}})[ ](?P<month>\d{{2}})[ ](?P<year>\d{{4}})(?=\s+\d{{1,2}}:\d{{2}})
            ){clock}""",
            regex.IGNORECASE | regex.VERBOSE)
        self.relative = regex.compile(
            rf"(?<!\p{{L}})(?:(?P<weekday>{weekday_names}){_PART_OF_DAY}\s+(?:lalu|kemarin|pekan\s+lalu)"
            rf"|(?<![\d)][ ]*)(?P<yesterday>kemarin)(?![\s,]*(?:{weekday_names}|\d))(?!\s*[-,/]\s*red\b))(?!\p{{L}})",
            regex.IGNORECASE)  # not an editor's gloss ("hari ini (kemarin-red)"), nor a date's ("(26/2/21) kemarin")
        self.dateless_weekday = regex.compile(  # a day named with no date after it: "Gubernur Olly, Jumat, meninjau"
            rf"(?<![\p{{L}}\d])(?P<weekday>{weekday_names}){_PART_OF_DAY}(?!\p{{L}})"
            rf"(?![\s,]*(?:\(|\d|tanggal|lalu|kemarin|pekan|depan|ini\b))", regex.IGNORECASE)

    @classmethod
    def load(cls, path: Path, speech_verbs: Path) -> Self:
        months, weekdays = read_calendar(path)
        return cls(months, weekdays, frozenset(fields[0].lower() for _, fields in read_table(speech_verbs, 1)))

    def mentions(self, text: str, bare_days: bool = False) -> list[Mention]:
        """Every date written in `text`, in order; a "(d/m)" without a weekday is no date (a score, a ratio), nor is a
        "15 Februari" without a weekday or year unless `bare_days` (what a plan names: "Pada 15 Februari nanti")."""
        found = []
        text = self.weekday_slash.sub(lambda match: match[0][:-1] + ",", text)  # "(Jumat/9/9/2022)", same offsets
        for match in self.pattern.finditer(text):
            fields = match.groupdict()
            month = int(fields["month"]) if fields["month"] else self.months[fields["month_name"].lower()]
            year, weekday = fields["year"], fields["weekday"]
            if year is None and not weekday and text[match.start() - 1:match.start()] == "(":
                weekday = (before := self.weekday_before.search(text, max(0, match.start() - 80), match.start())) \
                    and before["weekday"]
            if year is None and not weekday and not (bare_days and fields["month_name"]):
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
                              start=start, stamp=bool(fields["clock"]),  # a range starts at its first day
                              end=match.end())
            if (mention.year is None or mention.on(mention.year)) and 1 <= mention.month <= 12:
                found.append(mention)
        return found


    def _days_back(self, text: str, end: int, resolved: date) -> int | None:
        """Days from `resolved` back to a "Kamis lalu" or "kemarin" written in the RELATIVE_CHARS before `end` in
        `text` (all of `text` says whether it is quoted: a long quote opens further back)."""
        for match in self.relative.finditer(text, max(0, end - RELATIVE_CHARS), end):
            if _quoted(text, match.start(), end):
                continue  # "Kemarin kami rapat ...," kata Rina, Senin (7/6): the speaker's yesterday, not the date's
            glossed = not text[match.end():end].strip(" ,(")  # "Kemarin (25/10/23)", "Jumat kemarin, 10 Maret 2023":
            if match["yesterday"]:  # the date says which day that was
                if glossed:
                    continue
                return 1
            if match["weekday"] == "minggu":
                continue  # "minggu lalu" in lower case is last week; the Sunday is written "Minggu lalu"
            weekday = self.weekdays[match["weekday"].lower()]
            if weekday == resolved.isoweekday() and glossed:
                continue
            return (resolved.isoweekday() - weekday) % 7 or 7
        return None


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


def month_misprints(day: date) -> list[date]:
    """The same day a month before and after: what a date may mean when its weekday disagrees with it ("Kamis
    (1/2/2026)" for Thursday 1 January)."""
    readings = []
    for year, month in ((day.year - (day.month == 1), (day.month - 2) % 12 + 1),
                        (day.year + (day.month == 12), day.month % 12 + 1)):
        try:
            readings.append(date(year, month, day.day))
        except ValueError:  # 31 March: no 31 February or 31 April
            pass
    return readings


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start] is inside a quotation that closes before `end`."""
    before = text[:start]
    return (before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")) and any(
        mark in text[start:end] for mark in '"”')
