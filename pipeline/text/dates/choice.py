"""Choosing the article's date among the mentions a page writes (the rules: see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import regex

from pipeline.text.dates.mentions import ATTRIBUTION_CHARS, RELATIVE_CHARS, DateReader, Mention

#: Body paragraphs that count as the lead for `date_source`.
LEAD_PARAGRAPHS = 3
#: A page line this short holding a full date is a stamp (publication, update or render time), not prose.
STAMP_LINE_WORDS = 14
STATEMENT_LAG_DAYS = 1  # a statement dated a day after the lead's event reports it: the lead's date is the article's
#: Characters before a date in which "akan" (or "dijadwalkan") makes it a plan, within one sentence.
PLAN_CHARS = 160
#: Days a stamp may lie after the event it reports before the two are said to conflict.
CONFLICT_DAYS = 7
#: A date without a year is read in the year that puts it at most this many days after its reference date.
YEARLESS_SLACK_DAYS = 2
#: A yearless weekday date that fits a day this soon after the page's latest date is an announced plan, not history.
UPCOMING_DAYS = 60
#: A yearless weekday date whose weekday fits only the year after the page's latest date, at most this many days
#: after it, is read in that year rather than as a wrong weekday in the year the page writes.
FOLLOWING_DAYS = 183
#: A date without a year is read in one of this many years up to the page's latest date (a weekday falls on the
#: same day of the year again within 11 years, so older readings are only history).
GUESS_YEARS = 30

# A year written alone: not a digit group of a longer number ("0813 3966 1966", "Rp2.019", "1.966"), nor the
# year of a numbered regulation, which is history ("Perda Nomor 4 Tahun 2017", "No. 4/2017").
_WRITTEN_YEAR = regex.compile(r"(?<![\d.,]|\d[ -]|\b(?:nomor|no)\.?\s*\d+\w?\s*(?:tahun\s+|/))(?:19|20)\d\d"
                              r"(?!\d|[.,]\d|[ -]\d)", regex.IGNORECASE)
#: Since when something has run: background, no event ("program yang dimulai sejak 4 september 2017", "sejak
#: dilantik memimpin provinsi pada 6 Juli 2022").
_SINCE = regex.compile(r"\b(?:(?i:sejak|semenjak)[ ]+(?:[^.!?,;\"“”]{0,60}?[ ](?i:pada)[ ]+)?|(?i:mulai)[ ]+)"
                       r"(?:(?i:tanggal)[ ]+)?$")
#: A data cut-off, not the event: "catatan BPBD per Jumat (10/5/2025) pukul 22.00", "data hingga Senin (3/3)".
_AS_OF = regex.compile(r"\b(?i:per|hingga|sampai)[ ]+(?:(?i:hari|tanggal)[ ]+)?$")
#: Between two dated days of one span: "sejak Minggu (16/10/2022) hingga Senin (17/10/2022)", "Senin (2/3) hingga Selasa
#: pagi (3/3)". The news is what the span led to, so its last day dates it.
_SPAN_LINK = regex.compile(r"[^.!?;\"“”]{0,24}\b(?i:hingga|sampai)\b[^.!?;\"“”]{0,12}")
#: The most days such a span runs: rain overnight, work over two days; longer is a programme, dated by its start.
SPAN_DAYS = 1
#: A source cited: "ungkapnya, disadur dari Presisi.co, Minggu (16/02/2025)" dates when that outlet wrote, "sebagaimana
#: dirilis dari publikasi Dinas Kominfo, Kamis (23/6)" when the release came out.
_CITED = regex.compile(r"\b(?i:dilansir|disadur|dikutip|melansir|menyadur|mengutip|dirilis|merilis)[ ]+(?i:dari[ ]+)?"
                       r"[^!?\"“”]{0,80}$")
_TODAY = regex.compile(r"\b(?i:hari|pagi|siang|sore|malam)[ ]ini\W*$")
#: What came before the news: "Gempa sebelumnya, Kamis 14 Januari 2021 ..." dates an earlier event.
_EARLIER = regex.compile(r"\b(?i:sebelumnya)\b[^.!?”\"]*$")
#: ... and what a sentence opens by following: "Pasca-banjir ... pada Minggu (31/1/2021), Pemkab ..." (not "apel ...
#: pasca liburan ..., Senin (10/6)": there the day is the news's)
_FOLLOWING = regex.compile(r"(?:^|(?<=[.!?”\"][ ]))(?i:pasca)\b[^.!?”\"]*$")
_EARLIER_WORD = regex.compile(r"\b(?i:sebelumnya)\b")
#: A plan: "akan" (will), "dijadwalkan"/"diagendakan"/"direncanakan" (scheduled) before the date, in the same sentence.
_PLAN_BEFORE = r"akan|dijadwalkan|diagendakan|direncanakan|rencananya"
_PLANNED = regex.compile(rf"\b(?i:{_PLAN_BEFORE})\b[^.!?”\"]*$")
#: ... or after it: "pelantikan ... pada Kamis (20/02/2025) mendatang", "Sabtu (3/5) nanti", "Rabu (20/9) besok".
#: "besok" (tomorrow) and "lusa" (the day after) beside the date also say how far ahead of the news's own day it is.
_AHEAD = {"besok": 1, "lusa": 2}
_AHEAD_AFTER = regex.compile(rf"\)?[ ,]*(?i:(?P<word>{'|'.join(_AHEAD)}))\b")
_AHEAD_BEFORE = regex.compile(rf"\b(?i:(?P<word>{'|'.join(_AHEAD)}))[ ,]*(?:(?i:pada|hari)[ ]+)?$")
_PLAN_AFTER = rf"mendatang|yang[ ]akan[ ]datang|nanti|{'|'.join(_AHEAD)}"
_PLANNED_AFTER = regex.compile(rf"\)?[ ,]*(?i:{_PLAN_AFTER})\b")
_PLAN_WORD = regex.compile(rf"\b(?i:{_PLAN_BEFORE}|{_PLAN_AFTER})\b")
#: ... the next day: "Keesokan harinya, Wapres akan menghadiri ...", "Akan Hadiri Hari Desa Asri Besok"
_TOMORROW = regex.compile(r"\b(?i:besok(?:nya)?|esok(?:nya|[ ]hari(?:nya)?)|keesokan[ ]hari(?:nya)?)\b")
_PLANNED_TOMORROW = regex.compile(rf"\b(?i:{_PLAN_BEFORE})\b")
_QUOTE_MARK = regex.compile(r"[\"“”]")
#: A sentence that says when the one before happens: "Tepatnya pada Jumat (16/2/2024).", "Yakni Senin (3/3)."
_CONTINUED = regex.compile(r"(?<=[.!?][ ]+)(?i:tepatnya|yakni|yaitu)\b[^.!?”\"]*$")
_DATELINE_DATE = regex.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![\d/])")
#: What a photo's caption holds and a page's stamp does not: the moment it shows, or its credit.
_CAPTIONED = regex.compile(r"\b(?i:saat|ketika)\b|[(\[](?i:foto|dok|doc|ist)\b")
_URL_MONTH = regex.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])(?:/|$)")
_URL_DATE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[/-]?(?P<month>0[1-9]|1[0-2])[/-]?"
                          r"(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
                          r"|/(?P<day>0[1-9]|[12]\d|3[01])/(?P<month>0[1-9]|1[0-2])/(?P<year>(?:19|20)\d{2})(?=/|$)")


@dataclass(frozen=True)
class DateChoice:
    date: date | None
    source: str | None  # lead | text | caption | stamp | metadata
    flags: tuple[str, ...] = ()


class DateFinder(DateReader):
    """Chooses the article's date from the mentions DateReader finds (see the package docstring)."""

    def find(self, text: str, published: date | None = None) -> date | None:
        """The first full date in `text` (a date without a year takes the one nearest `published`)."""
        for mention in self.mentions(text):
            if (resolved := self._resolve(mention, published, None)[0]) is not None:
                return resolved
        return None

    def planned_days(self, paragraphs: list[str], on: date | None = None) -> frozenset[tuple[int, int]]:
        """(month, day) of each date the text names as a plan: an article that announces another's day ("akan
        diresmikan pada 17 Desember 2021", "Pada 15 Februari nanti"), or the day after its own date `on` ("Keesokan
        harinya, Wapres akan menghadiri ..."), is its preview, not a report of it (events.py)."""
        days = self._days_named(paragraphs, _PLAN_WORD, _planned)
        if on is not None and any(_TOMORROW.search(p) and _PLANNED_TOMORROW.search(p) and not _QUOTE_MARK.search(p)
                                  for p in paragraphs):  # a speaker's "besok kami akan ..." is no schedule
            following = on + timedelta(days=1)
            days |= {(following.month, following.day)}
        return days

    def earlier_days(self, paragraphs: list[str]) -> frozenset[tuple[int, int]]:
        """(month, day) of each date the text names as what came before ("Sebelumnya ... pada Senin (7/7)"): an
        article that looks back on another's day follows it up, and does not report it (events.py)."""
        return self._days_named(paragraphs, _EARLIER_WORD, _earlier)

    def _days_named(self, paragraphs: list[str], word: regex.Pattern,
                    named: Callable[[str, Mention], bool]) -> frozenset[tuple[int, int]]:
        return frozenset((mention.month, mention.day) for paragraph in paragraphs if word.search(paragraph)
                         for mention in self.mentions(paragraph, bare_days=True) if named(paragraph, mention))

    def choose(self, body: list[str], page: list[str], published: str | None = None, url: str | None = None,
               today: date | None = None, dateline: str | None = None) -> DateChoice:
        """The article's date from its body paragraphs, the whole page's lines, its metadata and the date in its
        dateline, if any ("Mataram, 15/8 (ANTARA) -": the day the story was filed, read as a stamp)."""
        url_day = _url_date(url)
        reference = self.find(published or "") or url_day
        month_end = None if reference else _url_month_end(url)
        dated = [(m, line, number) for number, line in enumerate(page) for m in self.mentions(line) if m.year]
        page_dates = {d for m, _, _ in dated if (d := m.on(m.year))}
        # A stamp: a full date and a clock time, or alone on a short line; not a list's (title, stamp, title, stamp)
        stamped = {number for m, line, number in dated if m.stamp or _stamp_line(line)}
        stamps = [m for m, _, number in dated if number in stamped and not {number - 2, number + 2} & stamped]
        # The page's own latest date bounds a year guess: render times and related lists come after the article
        # (a URL's month bounds it better: a page's latest date may be history). A date something has run since
        # bounds nothing: the news comes after it ("sejak dilantik pada 6 Juli 2022 ... Sabtu (22/10)").
        ceiling = month_end or max((d for m, line, _ in dated if (d := m.last().on(m.year))
                                    and not _SINCE.search(line, 0, m.start)), default=None) or today or date.today()
        history = (today or date.today()).year - GUESS_YEARS  # a year this old or older dates no news
        if ceiling.year <= history:
            ceiling = today or date.today()  # only history is dated ("17 Agustus 1945"): it bounds no news's year
        body_years = _years_written(body)
        written = _likely_years(body_years, _years_written(page), ceiling)
        stamp = min((d for m in stamps if (d := m.on(m.year))), default=None)  # render dates come later
        stamp_flags: tuple[str, ...] = ()
        written_out = dateline and next((day for m in self.mentions(dateline) if m.year is not None
                                         and (day := m.on(m.year))), None)  # "Perth, 3 Juli 2024 –"
        if written_out and (stamp is None or timedelta(0) <= stamp - written_out <= timedelta(days=CONFLICT_DAYS)):
            stamp = written_out  # the day it was filed, over a page printed (or updated) days later
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
        # the day the page was published may be the one a typo'd date means ("Senin 2 Agustus 2019" published Monday
        # 2 September 2019)
        known_days = page_dates | ({published_on} if published_on else set())
        # a lead's yearless weekday date may fall after the text's background dates, never after today
        lead_ceiling = min(ceiling + timedelta(days=UPCOMING_DAYS), today or date.today())
        candidates = list(self._event_mentions(body, published_on, ceiling, written, body_years, known_days, latest,
                                               lead_ceiling))
        # history is no news's date beside another ("Yayasan 25 Januari 1946 ... Selasa pagi (27/05)")
        candidates = [c for c in candidates if c.date.year > history] or candidates
        unplanned = [c for c in candidates if "planned" not in c.flags and "cited" not in c.flags]
        unplanned = [c for c in unplanned if "ahead" not in c.flags] or unplanned  # a day counted back, the last resort
        if candidates and not unplanned and (captioned := self._caption_date(
                body, page, published_on, ceiling, written, latest)) is not None:
            return captioned  # "... pada Rabu", then only "akan disalurkan Jumat (12/6)": the caption's Wednesday
        candidates = unplanned or candidates
        if url_day is not None and candidates and all(
                c.date > url_day + timedelta(days=YEARLESS_SLACK_DAYS) for c in candidates):
            # every date the body gives comes after the page went out (its URL's day; a date read from the page's
            # markup may be a caption's): what it announces, not what it reports
            return DateChoice(url_day, "metadata")
        if published_on is None and (said_today := next((c.date for c in candidates
                                                         if "today" in c.flags and c.source == "lead"), None)):
            published_on = said_today  # the lead calls the news's day today: the page went out then
        if candidates:
            # The latest event date up to publication: background (an earlier disaster) and plans (a visit next
            # Friday) are dated too, and the news is what happened last before the page went out.
            before = [c for c in candidates if published_on is not None and c.date <= published_on]
            attributed = [c for c in candidates if "attributed" in c.flags and "earlier" not in c.flags]
            chosen = max(before, key=lambda c: c.date) if before else next(
                (c for c in attributed or candidates if "earlier" not in c.flags), (attributed or candidates)[0])
            event = next((c for c in sorted(candidates, key=lambda c: c.source != "lead")
                          if "attributed" not in c.flags and "earlier" not in c.flags), None)  # the lead's first,
            # else the first later one that the text does not call earlier
            if event is not None and "attributed" in chosen.flags \
                    and timedelta(0) < chosen.date - event.date <= timedelta(days=STATEMENT_LAG_DAYS) \
                    and chosen.date.isoweekday() not in (day for paragraph in body
                                                         for day in self._dateless_weekdays(paragraph)):
                chosen = event  # "diresmikan Jumat (12/5)", then "ujarnya, Sabtu (13/5)": the event, not the statement;
                # unless the body names the statement's day for the news too ("pada Minggu sore Bupati ... tiba")
            if "earlier" in chosen.flags and body and (weekday := self._dateless_weekday(body[0])) is not None \
                    and ((later := chosen.date + timedelta(days=(weekday - chosen.date.isoweekday()) % 7 or 7))
                         <= (published_on or later)):  # "Gubernur, Jumat, meninjau banjir ... sejak Kamis (26/1)"
                chosen = replace(chosen, date=later, flags=chosen.flags + ("date_relative",))
            if "earlier" in chosen.flags and all("earlier" in c.flags for c in candidates) and stamp \
                    and timedelta(0) < stamp - chosen.date <= timedelta(days=CONFLICT_DAYS):
                return DateChoice(stamp, "stamp", stamp_flags)  # "banjir ... sejak Jumat (21/2)" under "22 Februari"
            flags = tuple(flag for flag in chosen.flags
                          if flag not in ("attributed", "planned", "earlier", "cited", "today", "ahead"))
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
            # a body line ends as the body does (its start may have lost a dateline); a caption may open with a
            # name the body also writes
            if not named or line[-40:] in text:
                continue
            for mention in self.mentions(line):
                if mention.weekday in named and not mention.stamp and not _stamp_line(line):
                    resolved, flags = self._resolve(mention, published_on, ceiling, written, latest)
                    if resolved and resolved.isoweekday() == mention.weekday \
                            and (published_on is None or resolved <= published_on):
                        return DateChoice(resolved, "caption", flags)
        return None

    def _dateless_weekday(self, paragraph: str) -> int | None:
        """The first weekday a paragraph names with no date: ANTARA names the event's day so when the date it writes is
        background's."""
        return next(self._dateless_weekdays(paragraph), None)

    def _dateless_weekdays(self, paragraph: str) -> Iterator[int]:
        """The weekdays a paragraph names with no date, capitalised as a day is, no range's start or end."""
        for match in self.dateless_weekday.finditer(paragraph):
            if match[0][0].isupper() and not _SINCE.search(paragraph, max(0, match.start() - 20), match.start()) \
                    and not _AS_OF.search(paragraph, max(0, match.start() - 20), match.start()):  # "hingga Selasa"
                yield self.weekdays[match["weekday"].lower()]

    def _event_mentions(self, body: list[str], published_on: date | None, ceiling: date, written: list[int],
                        body_years: set[int], page_dates: set[date], latest: date | None, lead_ceiling: date
                        ) -> Iterator[DateChoice]:
        """The body's event dates in order: weekday-dated or bracketed ones anywhere, bare ones in the lead."""
        for number, paragraph in enumerate(body):
            stamp_line = _stamp_line(paragraph)
            before = body[number - 1][-RELATIVE_CHARS:] + " " if number else ""
            mentions = self.mentions(paragraph)
            span_ends = {at for at in range(1, len(mentions)) if _span(paragraph, mentions[at - 1], mentions[at])}
            for at, mention in enumerate(mentions):
                if mention.stamp or stamp_line or at not in span_ends and _AS_OF.search(
                        paragraph, max(0, mention.start - 20), mention.start):
                    continue  # a stamp left in the body is the page's time, a cut-off its data's: not the event's
                bracketed = "(" in paragraph[max(0, mention.start - 2):mention.start + 1]
                if mention.weekday is None and not bracketed and (mention.year is None or number >= 2 or (
                        mention.last_day is None and _SINCE.search(paragraph, 0, mention.start))):  # "sejak 13-15 Mei"
                    continue  # history and background dates ("tanggal 2 April 2004", "sejak 4 September 2017")
                if number == 0 and published_on is None and mention.weekday is not None and mention.year is None \
                        and "(" in paragraph[mention.start:mention.end]:
                    # "melantik ... Rabu (5/9)" opening a page with no date of its own: the news's day, which may
                    # fall after every background date the text gives ("Keppres ... tertanggal 4 September 2018")
                    resolved, flags = self._resolve(mention, None, max(ceiling, lead_ceiling), written)
                else:
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
                # "kata X, Senin (6/12/2021)": when the statement was made; a festival's "31 Agustus-9 September"
                # after a verb of saying is no moment of saying
                if self.attribution.search(paragraph, max(0, mention.start - ATTRIBUTION_CHARS - 40), mention.start) \
                        and _days_from(mention, mention.last()) <= SPAN_DAYS:
                    flags += ("attributed",)
                if _planned(paragraph, mention):
                    flags += ("planned",)
                if today:
                    flags += ("today",)  # "pada hari ini, Selasa 5 September 2023": the day the page went out
                if _earlier(paragraph, mention) or at + 1 in span_ends \
                        or _SINCE.search(paragraph, max(0, mention.start - 20), mention.start) \
                        or _FOLLOWING.search(paragraph, max(0, mention.start - PLAN_CHARS), mention.start):
                    flags += ("earlier",)  # before the news: "sebelumnya", "sejak Kamis (27/11)", a span's first day,
                    # "Pasca-banjir ... Minggu (31/1)"
                if _CITED.search(paragraph, max(0, mention.start - 100), mention.start):
                    flags += ("cited",)  # when a source wrote, a date for the event only when no other is written
                source = "lead" if number < LEAD_PARAGRAPHS else "text"
                yield DateChoice(resolved, source, flags)
                if "planned" in flags and (ahead := _days_ahead(paragraph, mention)):
                    # "Pada Minggu (9/10) lusa ... akan": the text was written two days before that Sunday
                    yield DateChoice(resolved - timedelta(days=ahead), source,
                                     tuple(flag for flag in flags if flag != "planned") + ("date_relative", "ahead"))

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
                    # unless the weekday fits the months just after that latest date: the news came after it
                    # ("Selasa (18/2)" on a page whose latest date is the election of 27 November 2024)
                    after = next((d for y in (ceiling.year, ceiling.year + 1) if (d := mention.on(y)) and d > ceiling),
                                 None)
                    if after and after.isoweekday() == mention.weekday and after <= date.today() \
                            and after - ceiling <= timedelta(days=FOLLOWING_DAYS):
                        return after, ("date_year_guessed",)
                    return typo, ("date_year_guessed", "weekday_mismatch")
                return reading, ("date_year_guessed",)
        return None, ()


def _planned(paragraph: str, mention: Mention) -> bool:
    """"akan diresmikan pada Jumat (17/12)", "Sabtu (3/5) mendatang"; "akan ... hari ini, Minggu (28/2/21)" is today.
    A sentence that only says when ("... akan melantik ... Tepatnya pada Jumat (16/2/2024).") is its previous one's."""
    if _TODAY.search(paragraph, max(0, mention.start - 20), mention.start):
        return False
    end = mention.start
    if continued := _CONTINUED.search(paragraph, max(0, end - PLAN_CHARS), end):
        end = len(paragraph[:continued.start()].rstrip()) - 1  # the previous sentence's stop
    return bool(_PLANNED.search(paragraph, max(0, end - PLAN_CHARS), end)
                or mention.end is not None and _PLANNED_AFTER.match(paragraph, mention.end))


def _days_from(first: Mention, last: Mention) -> int:
    """Days from one day to the next time a later one comes round ("5-8 Maret": 3; 2000 has 29/2)."""
    start, end = first.on(2000), last.on(2000)
    return (end - start).days % 366 if start and end else 0


def _days_ahead(paragraph: str, mention: Mention) -> int:
    """1 or 2 when "besok" or "lusa" stands beside the date ("Rabu (20/9) besok", "lusa, Minggu (9/10)"), else 0."""
    match = (mention.end is not None and _AHEAD_AFTER.match(paragraph, mention.end)) \
        or _AHEAD_BEFORE.search(paragraph, max(0, mention.start - 20), mention.start)
    return _AHEAD[match["word"].lower()] if match else 0


def _earlier(paragraph: str, mention: Mention) -> bool:
    return bool(_EARLIER.search(paragraph, max(0, mention.start - PLAN_CHARS), mention.start))


def _years_written(lines: list[str]) -> set[int]:
    """Years the lines write bare ("APBD 2019", "Reguler 105/2019")."""
    return {int(match[0]) for line in lines for match in _WRITTEN_YEAR.finditer(line)}


def _likely_years(body_years: set[int], page_years: set[int], ceiling: date) -> list[int]:
    """The years a yearless date likely has, latest first, the body's before the rest of the page's ("tahun 2023 ini"
    over "Copyright © ANTARA 2025"), within GUESS_YEARS up to `ceiling`."""
    def fitting(years: set[int]) -> list[int]:
        return sorted((year for year in years if ceiling.year - GUESS_YEARS < year <= ceiling.year), reverse=True)
    in_body = fitting(body_years)
    return in_body + [year for year in fitting(page_years) if year not in in_body]


def _span(paragraph: str, first: Mention, last: Mention) -> bool:
    """Whether two weekday dates are one short span's first and last day ("Minggu (16/10) hingga Senin (17/10)")."""
    if first.weekday is None or last.weekday is None or first.end is None \
            or not _SPAN_LINK.fullmatch(paragraph, first.end, last.start):
        return False
    return 0 < _days_from(first, last) <= SPAN_DAYS


def _nearest_weekday(day: date, weekday: int) -> date:
    """The date with this ISO weekday within three days of `day`."""
    return day + timedelta(days=(weekday - day.isoweekday() + 3) % 7 - 3)


def _stamp_line(line: str) -> bool:
    """A short line that is no sentence ("Senin, 27 Januari 2025 | Redaksi"): the page speaking, not the story;
    not an embedded post's signature ("— Polres Kota (@polres_kota) December 6, 2021"), which dates the post, nor a
    photo's caption ("Gubernur saat ditemui di Samarinda, Senin (27/10/2025) (Dok: Ali/X)"), which dates the photo."""
    return len(line.split()) <= STAMP_LINE_WORDS and not line.rstrip().endswith((".", "!", "?", "\"", "”")) \
        and "(@" not in line and not _CAPTIONED.search(line)


def _url_month_end(url: str | None) -> date | None:
    """The last day of a month a URL path names without its day (/2020/03/, Blogger's archive style): the page
    was published by then."""
    match = _URL_MONTH.search(url.split("?")[0]) if url else None
    if match is None:
        return None
    year, month = int(match["year"]), int(match["month"])
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _url_date(url: str | None) -> date | None:
    """A publication date in a URL path (/2016/03/23/, /20160323, /23/03/2016/), as many outlets write it."""
    if not url:
        return None
    for match in _URL_DATE.finditer(url.split("?")[0]):
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
    return None
