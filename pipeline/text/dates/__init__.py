"""Dates: the date a reader would give an article, read from its text, its page and its metadata.

Indonesian news dates the event in the body, usually with its weekday ("Kamis (24/8/2023)", "Jumat, 17
September 2021", "Selasa malam (25/11)"), often in the attribution of a quote rather than the first line.
Pages add stamps ("Sabtu, 29 Okt 2022 12:24 WIB") and furniture with other dates: the page's render time, a
related-articles list, a copyright year, a file photo's caption. So every date is read from the whole page
before anything is removed, and one is chosen by where it stands:

1. the first weekday-dated mention in the body (or a "(d/m/y)" one): the event, `lead` when it is in the first
   paragraphs, `text` later; "Kamis lalu"/"kemarin" before it move it back to that day (flag `date_relative`), and
   when the only date is background ("sejak Kamis (26/1)", a sentence opening "Pasca-banjir ... Minggu (31/1)"), a
   day the lead names without a date ("Gubernur, Jumat, meninjau ...") moves it on to that day; a cited outlet's date
   ("disadur dari X, Minggu (16/2/2025)") counts only when no other does;
2. else, when the body names the event's weekday only ("... di ruang rapat Bupati, Rabu."), that weekday's date in a
   line the body does not hold, the photo's caption (`caption`);
3. else a publication stamp of the page (`stamp`; a dateline's day up to a week before it, "Banyuwangi (29/10)",
   is the day the story was filed and stands for it), then the `published` metadata or a date in the URL
   (`metadata`: /2016/03/23/, /20160323, /23/03/2016/); a URL naming only year and month (/2020/03/) bounds the
   event's date and a year guess; else the first weekday-dated day in a line the body does not hold, the photo's
   caption (`caption`);
4. a date without a year ("Jumat (28/6)") takes it from the stamp or metadata, else the latest year written on
   the page ("Diplomatic Outreach 2019", "TMMD 105/2019") whose calendar has that weekday on that day, else the
   latest such year before the page's own latest date (or today): flag `date_year_guessed` either way.

A range ("5-8 Maret 2019") is dated by its first day, but two weekday dates a day apart ("hujan sejak Minggu
(16/10) hingga Senin (17/10)") by the second: a night of rain or two days of work, and what it led to is the news.
A statement dated the day after the lead's event ("diresmikan Jumat (12/5)", then "ujarnya ..., Sabtu (13/5)")
reports that event, whose date is the article's, unless the body names the statement's weekday for the news too
("Pada Jumat sore Bupati tiba di lokasi"). A plan ("rapat akan dilaksanakan pada Selasa, 15 April"; a
sentence that only says when the one before happens is part of it: "... akan melantik ... Tepatnya pada Jumat (16/2).")
dates the article only when no other date does.

A weekday that disagrees with a full date is kept as written and flagged `weekday_mismatch` (the digits are usually
right), unless the page writes that weekday's date within three days, or the same day in the year or month whose
weekday it is ("Jumat (3/6/2022)" beside "Jumat, 2 Juni 2022"; "Minggu (3/1/2016)" beside "Minggu (3/1/2015)").
A yearless date whose weekday fits no year the page writes takes the latest year it writes, flagged, rather than a
fitting year years before; on a page stamped that day, the weekday's date that week ("Senin, (13/3)" on Tuesday 13
March 2018's page is the 12th). A stamp over a week from the chosen date is flagged `date_conflict`. Bare dates deep
in the body (history) are no article's date, nor is a date thirty years old or more beside another ("Yayasan 25
Januari 1946 ... Selasa pagi (27/05)"). A flagged date may be a month's misprint ("Kamis (1/2/2026)" for 1 January):
`month_misprints` gives the readings that grouping events compares too. Month and weekday names are data
(normalize_calendar.tsv).
"""

from pipeline.text.dates.choice import DateChoice, DateFinder
from pipeline.text.dates.mentions import CALENDAR_FILE, DateReader, Mention, month_misprints, read_calendar

__all__ = ["CALENDAR_FILE", "DateChoice", "DateFinder", "DateReader", "Mention", "month_misprints", "read_calendar"]
