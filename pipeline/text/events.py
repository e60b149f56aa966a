"""Articles that report the same event, across the outlets of one day of news.

Several outlets report one visit, one meeting, one programme launch; the brief should show it once, with every
source. `group_events(records)` takes the records of a whole run and returns one `Event` per event, an article
alone being its own. Nothing is learned: each pair of articles is scored on evidence that holds across outlets
and house styles (TF-IDF cosine over Sastrawi stems; names, figures and the day both give, counted less when
many of the run's articles share them; a shared agency text by word 5-grams, flagged `syndicated`), dates more
than a day or two apart forbid a merge (up to a week, not when the texts retell one story), as do two
earthquakes' magnitudes (a foreshock, an aftershock), two numbers of one anniversary ("HUT ke-194", "ke-192"), two
stories of one outlet's host that do not copy each other (an outlet tells one event once: its second story is
another event), two pages that give no date at all
and do not copy each other (nothing tells one occasion from a like one another day), and a preview and the event it
announces (it names the other's later day as a plan: "akan diresmikan pada Jumat (17/12)") or an event and its
follow-up (it names the other's earlier day after "sebelumnya"); pairs are
grouped by average-link clustering, so one official at two events does not chain them into one (a year the page
did not give is not held against a merge). A wrong merge
hides news from the reader and a missed one only repeats it, so `THRESHOLD` keeps a margin above the nearest
wrong pair measured (docs/events.md, eval/events.py).
Deterministic and independent of input order: an event's id is a hash of its sorted member ids.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urlsplit

import numpy as np

from pipeline.resources import read_word_list
from pipeline.text.clustering import cluster
from pipeline.text.dates import CALENDAR_FILE, DateFinder, month_misprints, read_calendar
from pipeline.text.event_sources import figure_conflicts, merged_figures, merged_people, name_key
from pipeline.text.facts import extract_facts
from pipeline.text.indonesian import content_terms, words

THRESHOLD = 0.60  # average pair score at which two groups of articles become one event (docs/events.md)
SYNDICATION = 0.60  # share of the shorter text's word 5-grams the other has: a copy of one text
SHINGLE_WORDS = 5
COPY_FLOOR = 0.2  # text cosine under which shingles are not compared: a copy's cosine is far higher
DATE_TOLERANCE_DAYS = 2  # dates this close agree: an evening event reported the next day, a two-day visit
# Dates up to a week apart agree when the texts do (TF-IDF cosine): a story retold days later, a multi-day visit
# dated by its last day. A like event days later (an eruption's next blast) is told in other words.
RETOLD_DAYS, RETOLD_TEXT = 7, 0.6
PERSON_WEIGHT, ORGANISATION_WEIGHT, FIGURE_WEIGHT = 0.08, 0.04, 0.04  # added per shared one, on the cosine
MAX_SHARED = 3.0  # at most this many (weighted) shared people, organisations, figures count each
SPECIFIC_IN = 3  # a name or figure in at most this many articles counts fully; in more, 3/articles of it
MIN_FIGURE_VALUE = 20  # "2 hari", "12 unit" recur by chance; "1.800 ton", "Rp 24 miliar", "magnitudo 5,9" identify
# Units of an earthquake's size. Two reports of one quake give its magnitude first (an update, an aftershock or a
# foreshock is told after it); when neither gives the other's first magnitude at all, they report two quakes,
# however alike the day and the words (a foreshock the day before, an aftershock the day after).
MAGNITUDE_UNITS = frozenset({"magnitudo", "sr", "skala richter"})
# Which anniversary a ceremony marks ("HUT ke-23 Kabupaten Siak", "Hari Jadi Kota Malang ke-108"): the same
# programme on the same day of another year, often written without its year, is another event.
_ANNIVERSARY = re.compile(r"\b(?:HUT|Hari Ulang Tahun|Ulang Tahun|Hari Jadi|Harjad|Harlah|Hari Lahir|Dies Natalis"
                          r"|Milad)(?: (?!ke\b)[\w.'’/-]+){0,4}? +ke ?[-–—]? ?(\d{1,3}(?:\.\d{3})?|\d{1,4})\b",
                          re.IGNORECASE)
# Both dated the same day or a day apart (a night's news reported next morning): added at most this much,
# weighted like a name by how few articles share the day and by how far the texts agree (nothing at a cosine of
# SAME_DAY_TEXT[0], all from SAME_DAY_TEXT[1]): one official's two events of one day share the day and names, not
# the story (docs/events.md, "Same day").
SAME_DAY_WEIGHT, SAME_DAY_TEXT = 0.30, (0.15, 0.35)
# A day apart, the texts must agree more for the same credit: one official's announcement and the event, a visit
# and the next day's statement on it, share the names and much of the story (docs/events.md, "A day apart").
NEXT_DAY_TEXT = (0.25, 0.45)
# Organisations named in passing ("Hadir unsur TNI, Polri ..."): shared, they identify no event (two provinces'
# ceremonies of one anniversary day both name them).
COMMON_ORGANISATIONS = frozenset(tuple(words(name)) for name in read_word_list("events_common_organisations.txt"))


@dataclass(frozen=True)
class Article:
    """What one record contributes to the pair scores, computed once."""

    id: str
    position: int  # in the input: members are listed in input order
    body_sentences: int
    fact_count: int  # people, organisations and figures named: with body_sentences, how well it covers the event
    terms: Counter
    shingles: frozenset[int]
    text: str  # " word word ... ": lowercased words of headline and body, to find names in
    people: tuple[tuple[str, ...], ...]  # names as lowercased words, junk names dropped
    organisations: tuple[tuple[str, ...], ...]
    figures: frozenset[float]  # values of the figures large enough to identify something
    magnitudes: tuple[float, ...]  # earthquake magnitudes the text gives, in text order
    anniversaries: frozenset[int]  # which anniversaries it names ("HUT ke-108": 108)
    date: datetime.date | None
    readings: tuple[datetime.date, ...]  # the date, and a month's misprint of it when its weekday disagrees
    outlet: str | None  # the page's host ("babel.antaranews.com")
    year_guessed: bool  # the page gave day and month only (`date_year_guessed`) and writes no such year
    planned: frozenset[tuple[int, int]]  # (month, day) of the dates it names as plans ("akan diresmikan pada ...")
    looked_back: frozenset[tuple[int, int]]  # ... and as what came before ("Sebelumnya ... pada Senin (7/7)")
    facts: dict[str, Any]


@dataclass(frozen=True)
class PairEvidence:
    """Why two articles are (not) one event: each signal, the score, and the reason for a cannot-link."""

    text: float  # TF-IDF cosine
    shingles: float  # containment of word 5-grams
    people: float  # shared people, each weighted by how specific the name is to few articles
    organisations: float
    figures: float
    same_day: float  # the same date in both (or a day apart), weighted by specificity and the texts' agreement
    days_apart: int | None  # None when either date is unknown or untrusted
    syndicated: bool
    score: float
    blocked: str | None  # why the two can never be one event ("dates 2023-12-12 and 2025-12-10"), else None

    def to_json(self) -> dict[str, Any]:
        return {"text": round(self.text, 4), "shingles": round(self.shingles, 4), "people": round(self.people, 3),
                "organisations": round(self.organisations, 3), "figures": round(self.figures, 3),
                "same_day": round(self.same_day, 3), "days_apart": self.days_apart, "syndicated": self.syndicated,
                "score": round(self.score, 4), "blocked": self.blocked}


@dataclass
class Event:
    """One event and what its sources say about it.

    `members`: article ids in input order. `best`: the best-covered member (most body sentences, then most
    facts), whose summary and facts the brief shows. `syndicated`: each copy's id -> the id of the text it
    copies. `dates`: the members' dates. `people` ({name, title, role, sources}) and `figures` ({text, value,
    unit, sources}) merged over the members. `conflicts`: what the sources disagree on, each
    {"field": "date" | "figure", "unit"?: ..., "values": [{"value", "text"?, "sources"}, ...]}. `links`: the
    evidence of every member pair, for whoever checks a grouping.
    """

    event_id: str
    members: list[str]
    best: str
    syndicated: dict[str, str] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "members": self.members, "best": self.best, "syndicated": self.syndicated,
                "dates": self.dates, "people": self.people, "figures": self.figures, "conflicts": self.conflicts,
                "links": self.links}


# Public API ------------------------------------------------------------------------------------------------

def group_events(records: Iterable[dict[str, Any]], threshold: float = THRESHOLD) -> list[Event]:
    """The events of these records (all of a run's records: grouping needs every article at once).

    Events are listed in the input order of their first member; every record is in exactly one event.
    """
    records = list(records)
    articles = _articles(records)
    if not articles:
        return []
    evidence = score_pairs(articles)
    index = {article.id: i for i, article in enumerate(articles)}
    events = [_event([articles[i] for i in group], evidence, index)
              for group in cluster(len(articles), evidence, threshold)]
    return sorted(events, key=lambda event: articles[index[event.members[0]]].position)


def assign_events(records: Iterable[dict[str, Any]], threshold: float = THRESHOLD
                  ) -> tuple[list[dict[str, Any]], list[Event]]:
    """Copies of the records, in input order, with `event_id`; a syndicated copy also gets the flag `syndicated`
    and `syndicated_of` (the id of the text it copies). The events come along for the brief."""
    records = list(records)
    events = group_events(records, threshold)
    event_of = {member: event for event in events for member in event.members}
    output = []
    for record in records:
        event = event_of[str(record["id"])]
        copy = {**record, "event_id": event.event_id}
        original = event.syndicated.get(str(record["id"]))
        if original is not None:
            copy["flags"] = [*record.get("flags", []), "syndicated"]
            copy["syndicated_of"] = original
        output.append(copy)
    return output, events


def explain(records: Iterable[dict[str, Any]], a: str, b: str) -> PairEvidence:
    """The evidence for articles `a` and `b` (ids), scored within all these records (IDF, name frequencies)."""
    articles = _articles(list(records))
    index = {article.id: i for i, article in enumerate(articles)}
    return score_pairs(articles)[tuple(sorted((index[a], index[b])))]


def event_id(member_ids: Iterable[str]) -> str:
    """'ev-' and 12 hex digits of a hash of the sorted member ids: the same members, the same id, in any order."""
    key = "\n".join(sorted(str(i) for i in member_ids)).encode("utf-8")
    return "ev-" + hashlib.blake2b(key, digest_size=6).hexdigest()


# Features --------------------------------------------------------------------------------------------------

def _articles(records: list[dict[str, Any]]) -> list[Article]:
    """Features of every record, sorted by id so that nothing depends on the input order."""
    ids = [str(record["id"]) for record in records]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"grouping events needs unique record ids; repeated: {', '.join(duplicates[:5])}")
    return sorted((article_features(record, position) for position, record in enumerate(records)),
                  key=lambda article: article.id)


def article_features(record: dict[str, Any], position: int = 0) -> Article:
    sentences = record.get("sentences") or []
    body = [s["text"] for s in sentences if s.get("kind") == "body"]
    headline = [s["text"] for s in sentences if s.get("kind") == "headline"]
    facts = record.get("facts") or extract_facts(record)
    body_words = words(" ".join(body))
    shingles = frozenset(_hash_words(body_words[i:i + SHINGLE_WORDS])
                         for i in range(len(body_words) - SHINGLE_WORDS + 1))
    people = {name for p in facts.get("people", []) if (name := name_key(p.get("name")))}
    organisations = {name for o in facts.get("organisations", [])
                     if (name := tuple(words(o or ""))) and name not in COMMON_ORGANISATIONS}
    figures = {float(f["value"]) for f in facts.get("figures", [])
               if isinstance(f.get("value"), (int, float)) and (f["value"] >= MIN_FIGURE_VALUE or f["value"] % 1)}
    magnitudes = [float(f["value"]) for f in facts.get("figures", [])
                  if isinstance(f.get("value"), (int, float)) and str(f.get("unit") or "").lower() in MAGNITUDE_UNITS]
    date = _iso_date(facts.get("date") or record.get("date"))
    paragraphs = headline + body
    written = " ".join(paragraphs)
    return Article(
        id=str(record["id"]), position=position, body_sentences=len(body),
        fact_count=len(facts.get("people", [])) + len(facts.get("organisations", [])) + len(facts.get("figures", [])),
        terms=Counter(content_terms(written)), shingles=shingles, text=" " + " ".join(words(written)) + " ",
        people=tuple(sorted(people)), organisations=tuple(sorted(organisations)), figures=frozenset(figures),
        magnitudes=tuple(magnitudes), date=date, outlet=_outlet(record), readings=(date, *month_misprints(date))
        if date and "weekday_mismatch" in (record.get("flags") or ()) else (date,),
        anniversaries=frozenset(int(n.replace(".", "")) for n in _ANNIVERSARY.findall(written)),
        # a year the text writes elsewhere ("FBLB ke-32 Tahun 2024") is given, not guessed
        year_guessed="date_year_guessed" in (record.get("flags") or ())
        and not (date and re.search(rf"(?<!\d){date.year}(?!\d)", written)),
        planned=_date_finder().planned_days(paragraphs, date), looked_back=_date_finder().earlier_days(paragraphs),
        facts=facts)


@functools.cache
def _date_finder() -> DateFinder:
    return DateFinder(*read_calendar(CALENDAR_FILE))


def _outlet(record: dict[str, Any]) -> str | None:
    """The host of the page's URL, without "www.", "m." or "amp." (a `source` field may name a dataset, not an
    outlet)."""
    return re.sub(r"^(?:www|m|amp)\.", "", urlsplit(str(record.get("url") or "")).hostname or "") or None


def _hash_words(tokens: list[str]) -> int:
    """A stable 64-bit hash of a word n-gram (Python's hash() of a str changes from process to process)."""
    return int.from_bytes(hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=8).digest(), "big")


def _iso_date(value: Any) -> datetime.date | None:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _contains(text: str, name: tuple[str, ...]) -> bool:
    return " " + " ".join(name) + " " in text


def tfidf_rows(articles: list[Article]) -> np.ndarray:
    """Unit rows of sublinear TF times smoothed IDF (over these articles), columns in sorted term order."""
    vocabulary = {t: c for c, t in enumerate(sorted({t for a in articles for t in a.terms}))}
    weights = np.zeros((len(articles), len(vocabulary)))
    for row, article in enumerate(articles):
        for term, count in article.terms.items():
            weights[row, vocabulary[term]] = 1 + math.log(count)
    document_frequency = (weights > 0).sum(axis=0)
    weights *= np.log((1 + len(articles)) / (1 + document_frequency)) + 1
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)


# Pair evidence ---------------------------------------------------------------------------------------------

def score_pairs(articles: list[Article]) -> dict[tuple[int, int], PairEvidence]:
    """Evidence for every pair (i < j) of the articles (sorted by id, as `_articles` returns them)."""
    rows = tfidf_rows(articles)
    similarity = rows @ rows.T
    names = sorted({name for a in articles for name in (*a.people, *a.organisations)})
    found_in = []
    for article in articles:
        vocabulary = set(article.text.split())  # most names fail this test; only the others are searched
        found_in.append(frozenset(name for name in names
                                  if all(word in vocabulary for word in name) and _contains(article.text, name)))
    specific = _specificity(articles, found_in)
    pairs = [(i, j) for i in range(len(articles)) for j in range(i + 1, len(articles))]
    # A copy of one text shares most of its words: below COPY_FLOOR of text cosine no pair is one.
    containment = {(i, j): _containment(articles[i], articles[j]) if similarity[i, j] >= COPY_FLOOR else 0.0
                   for i, j in pairs}
    # A date that a copy of the same text contradicts is page noise in one of them: it keeps nothing apart.
    untrusted = {k for (i, j), shared in containment.items() if shared >= SYNDICATION
                 and _days_apart(articles[i], articles[j]) not in (None, 0) for k in (i, j)}
    return {(i, j): _pair(articles[i], articles[j], float(similarity[i, j]), containment[i, j],
                          found_in[i] & found_in[j], specific, trust_dates=i not in untrusted and j not in untrusted)
            for i, j in pairs}


def _specificity(articles: list[Article], found_in: list[frozenset[tuple[str, ...]]]) -> dict[Any, float]:
    """Weight of each name, figure value and day (month, day): 1 in up to SPECIFIC_IN articles, less in more of
    them. In a run of one day's news every article shares the day, so then it tells nothing."""
    counts: Counter = Counter(name for found in found_in for name in found)
    counts.update(value for a in articles for value in a.figures)
    counts.update((a.date.month, a.date.day) for a in articles if a.date)
    return {key: min(1.0, SPECIFIC_IN / count) for key, count in counts.items()}


def _containment(a: Article, b: Article) -> float:
    if not a.shingles or not b.shingles:
        return 0.0
    return len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))


def _days_apart(a: Article, b: Article) -> int | None:
    """Days between the two dates; when a year was only guessed (a weekday and "2/12", no year), between the
    day and month alone, in whichever year is closest: a wrong guess must not keep one event apart."""
    if not a.date or not b.date:
        return None
    if not (a.year_guessed or b.year_guessed):
        return min(abs((x - y).days) for x in a.readings for y in b.readings)
    day = a.date.replace(day=28) if (a.date.month, a.date.day) == (2, 29) else a.date  # exists in every year
    return min(abs((day.replace(year=year) - b.date).days) for year in (b.date.year - 1, b.date.year, b.date.year + 1))


def _shared_names(named: Iterable[tuple[str, ...]], in_both: frozenset[tuple[str, ...]],
                  specific: dict[Any, float]) -> float:
    """Weighted count of the names (of either article's facts) that both texts contain; a name inside a longer
    one found too counts once ("jumadi" and "muhammad jumadi")."""
    found = sorted({name for name in named if name in in_both}, key=len, reverse=True)
    kept: list[tuple[str, ...]] = []
    for name in found:
        if not any(set(name) <= set(longer) for longer in kept):
            kept.append(name)
    return sum(specific.get(name, 1.0) for name in kept)


def _pair(a: Article, b: Article, text: float, shingles: float, in_both: frozenset[tuple[str, ...]],
          specific: dict[Any, float], trust_dates: bool) -> PairEvidence:
    people = _shared_names((*a.people, *b.people), in_both, specific) if in_both else 0.0
    organisations = _shared_names((*a.organisations, *b.organisations), in_both, specific) if in_both else 0.0
    figures = sum(specific.get(value, 1.0) for value in a.figures & b.figures)
    syndicated = shingles >= SYNDICATION
    days = _days_apart(a, b) if trust_dates else None
    low, high = SAME_DAY_TEXT if days == 0 else NEXT_DAY_TEXT
    same_day = min(specific[(a.date.month, a.date.day)], specific[(b.date.month, b.date.day)]) \
        * min(1.0, max(0.0, (text - low) / (high - low))) if days is not None and days <= 1 and not syndicated else 0.0
    score = (text + PERSON_WEIGHT * min(people, MAX_SHARED) + ORGANISATION_WEIGHT * min(organisations, MAX_SHARED)
             + FIGURE_WEIGHT * min(figures, MAX_SHARED) + SAME_DAY_WEIGHT * same_day)
    blocked = None
    if syndicated:
        score = max(score, 1.0)
    elif days is not None and days > DATE_TOLERANCE_DAYS and not (days <= RETOLD_DAYS and text >= RETOLD_TEXT):
        blocked = f"dates {min(a.date, b.date).isoformat()} and {max(a.date, b.date).isoformat()}"
    elif a.magnitudes and b.magnitudes and a.magnitudes[0] not in b.magnitudes and b.magnitudes[0] not in a.magnitudes:
        blocked = f"magnitudes {a.magnitudes[0]:g} and {b.magnitudes[0]:g}"
    elif a.anniversaries and b.anniversaries and not a.anniversaries & b.anniversaries:
        blocked = f"anniversaries {min(a.anniversaries)} and {min(b.anniversaries)}"  # one yearly ceremony, two years
    elif sequel := _sequel(a, b):
        blocked = sequel  # a preview and the event it announces, an event and its follow-up: two items
    elif a.outlet and a.outlet == b.outlet:
        blocked = f"one outlet ({a.outlet}), no copy"  # an outlet's second story is another event, or a copy
    elif a.date is None and b.date is None:
        blocked = "neither dated, no copy"  # nothing tells one occasion from a like one another day
    return PairEvidence(text=text, shingles=shingles, people=people, organisations=organisations, figures=figures,
                        same_day=same_day, days_apart=days, syndicated=syndicated, score=score, blocked=blocked)


def _sequel(a: Article, b: Article) -> str | None:
    """Why two articles dated apart tell two steps of one story: the earlier names the later's day as a plan (a
    preview), or the later names the earlier's day as what came before (a follow-up). An undated one that names the
    other's day so is its preview or follow-up too: it was written before that day, or after it. An article that names
    its own day as a plan is no report of that day (its date is the plan's): it announces nothing the other reports."""
    if not a.date and not b.date or a.date == b.date:
        return None
    if a.date and b.date:
        earlier, later = sorted((a, b), key=lambda article: article.date)  # type: ignore[arg-type, return-value]
        preview, follow_up = (earlier, later), (later, earlier)  # (the one that tells, the one it tells of)
    else:
        preview = follow_up = (a, b) if not a.date else (b, a)
    teller, told = preview
    if (told.date.month, told.date.day) in teller.planned - told.planned:  # type: ignore[union-attr]
        return f"{teller.id} announces {told.date}"
    teller, told = follow_up
    if (told.date.month, told.date.day) in teller.looked_back:  # type: ignore[union-attr]
        return f"{teller.id} looks back on {told.date}"
    return None


# Events ----------------------------------------------------------------------------------------------------

def _event(members: list[Article], evidence: dict[tuple[int, int], PairEvidence], index: dict[str, int]) -> Event:
    ordered = sorted(members, key=lambda a: a.position)
    pairs = [(a, b, evidence[tuple(sorted((index[a.id], index[b.id])))])
             for n, a in enumerate(ordered) for b in ordered[n + 1:]]
    syndicated = _syndicated(members, [(a, b) for a, b, e in pairs if e.syndicated])
    coverage = sorted(members, key=lambda a: (-a.body_sentences, -a.fact_count, a.id in syndicated, a.id))
    dates: dict[str, list[str]] = {}
    for article in ordered:
        if article.date:
            dates.setdefault(article.date.isoformat(), []).append(article.id)
    conflicts = []
    if len(dates) > 1:
        conflicts.append({"field": "date", "values": [{"value": value, "sources": sources}
                                                      for value, sources in sorted(dates.items())]})
    conflicts.extend(figure_conflicts([(a.id, a.facts) for a in ordered]))
    best_first = [(a.id, a.facts) for a in coverage]
    return Event(event_id=event_id(a.id for a in members), members=[a.id for a in ordered], best=coverage[0].id,
                 syndicated=syndicated, dates=sorted(dates), people=merged_people(best_first),
                 figures=merged_figures(best_first), conflicts=conflicts,
                 links=[{"a": a.id, "b": b.id, **e.to_json()} for a, b, e in pairs])


def _syndicated(members: list[Article], copies: list[tuple[Article, Article]]) -> dict[str, str]:
    """Copy id -> original id, per group of near-verbatim texts; the original is the longest (then smallest id)."""
    parent = {a.id: a.id for a in members}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in copies:
        parent[root(a.id)] = root(b.id)
    groups: dict[str, list[Article]] = {}
    for article in members:
        groups.setdefault(root(article.id), []).append(article)
    result = {}
    for group in groups.values():
        if len(group) > 1:
            original = min(group, key=lambda a: (-a.body_sentences, -len(a.shingles), a.id))
            result.update({a.id: original.id for a in sorted(group, key=lambda a: a.id) if a is not original})
    return result
