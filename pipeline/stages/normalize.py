"""Normalize stage: a raw Indonesian news article becomes a clean headline and body sentences, each with the
text the translator should read.

This module composes the jobs of pipeline/text/ (cleaning, boilerplate, sentences, lexicons, dates,
language) into one record per article; why each works as it does is in its own module. Choices here:

- Everything language- or outlet-specific is data in pipeline/data (boilerplate.tsv, abbreviations.tsv,
  typos.tsv, normalize_*.tsv/txt): a new outlet's dateline or a new abbreviation is one line, not code.
- `text` keeps the article's words (only markup, mojibake, look-alike characters and spacing are repaired),
  because summaries and briefs quote it; `mt_input` adds abbreviation expansion, typo fixes and plain ASCII
  quotes, because MT models mistranslate "Kunker" and "Pemeirntah" but not "kunjungan kerja".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import regex

from pipeline.config import NormalizeConfig, PipelineConfig
from pipeline.records import SCHEMA_VERSION, RecordError, source_hash
from pipeline.resources import PACKAGE_DATA, file_hash, read_word_list
from pipeline.stages.base import Stage
from pipeline.text.boilerplate import Boilerplate
from pipeline.text.cleaning import CharacterTable, CleanedText, RejectedArticle, clean_text
from pipeline.text.dates import CALENDAR_FILE, DateFinder
from pipeline.text.furniture import PageText, read_page
from pipeline.text.headline import HEADLINE_MAX_WORDS
from pipeline.text.page_lines import ATTENDANCE_FILE, ends_with_date
from pipeline.text.indonesian import content_terms, is_common_word
from pipeline.text.language import LanguageCheck
from pipeline.text.lexicons import Lexicon
from pipeline.text.sentences import SentenceSplitter

#: Removed text longer than this is shortened in `removed` (a dropped <script> can be large).
REMOVED_TEXT_LIMIT = 300
#: A headline that is a dropped heading line with at most BREADCRUMB_WORDS words before it is that heading under a
#: breadcrumb ("Beranda Jateng <headline>" above "<headline>"), when the heading has BREADCRUMB_TITLE_WORDS or more.
BREADCRUMB_WORDS, BREADCRUMB_TITLE_WORDS = 3, 3
#: A headline read from the page names something of the story's first paragraphs (at most this many), when they
#: say enough to tell (this many content words).
HEADLINE_CONTEXT, HEADLINE_CONTEXT_TERMS = 3, 8
#: How a finished sentence ends: a stop, possibly inside quotes or brackets.
_SENTENCE_END = regex.compile(r"[.!?…。][\"'”’)\]]*$|[\"”]$")

CHARACTERS_FILE = PACKAGE_DATA / "normalize_characters.tsv"
SENTENCE_ABBREVIATIONS_FILE = PACKAGE_DATA / "normalize_sentence_abbreviations.tsv"
SPEECH_VERBS_FILE = PACKAGE_DATA / "normalize_speech_verbs.txt"
UNFINISHED_WORDS_FILE = PACKAGE_DATA / "normalize_unfinished_words.txt"


@dataclass
class NormalizeResources:
    """Everything normalize_article needs, loaded once from the config section."""

    characters: CharacterTable
    abbreviations: Lexicon
    typos: Lexicon
    boilerplate: Boilerplate
    splitter: SentenceSplitter
    dates: DateFinder
    language: LanguageCheck | None
    max_chars: int
    unfinished_words: frozenset[str]  # words no sentence ends with: a text stopping on one was cut off

    @classmethod
    def load(cls, section: NormalizeConfig) -> NormalizeResources:
        return cls(
            characters=CharacterTable.load(CHARACTERS_FILE),
            abbreviations=Lexicon.load(section.abbreviations),
            typos=Lexicon.load(section.typos),
            boilerplate=Boilerplate.load(section.boilerplate),
            splitter=SentenceSplitter.load(SENTENCE_ABBREVIATIONS_FILE, SPEECH_VERBS_FILE),
            dates=DateFinder.load(CALENDAR_FILE, SPEECH_VERBS_FILE),
            language=LanguageCheck(section.languages) if section.language_check else None,
            max_chars=section.max_chars,
            unfinished_words=frozenset(read_word_list(UNFINISHED_WORDS_FILE)),
        )

    def mt_input(self, text: str) -> str:
        return self.characters.mt(self.abbreviations.apply(self.typos.apply(text)))


def _removed(kind: str, text: str) -> dict[str, str]:
    if len(text) > REMOVED_TEXT_LIMIT:
        text = text[:REMOVED_TEXT_LIMIT].rstrip() + "…"
    return {"kind": kind, "text": text}


def _article_text(article: dict[str, Any]) -> str:
    text = article.get("text")
    if text is None:
        raise RejectedArticle("missing text: the article has no 'text'")
    if not isinstance(text, str):
        raise RejectedArticle(f"text must be a string, got {type(text).__name__}")
    if not text:
        raise RejectedArticle("empty text")
    if not text.strip():
        raise RejectedArticle("text is only whitespace")
    return text


def _truncate(sentences: list[str], max_chars: int) -> tuple[list[str], bool]:
    """(the leading sentences that fit in max_chars, whether any text was cut); a first sentence longer than
    max_chars is cut at its last space before the limit."""
    kept, used = [], 0
    for sentence in sentences:
        if used + len(sentence) > max_chars:
            if not kept:
                kept.append(sentence[:max_chars].rsplit(" ", 1)[0])
            return kept, True
        kept.append(sentence)
        used += len(sentence) + 1
    return kept, False


def _ends_mid_word(sentence: str, unfinished_words: frozenset[str]) -> bool:
    """No closing stop, and a last word that is no word ("memilik", "la", "k") or never ends a sentence ("yang",
    "dengan"); a sentence that merely lacks its stop ("... kata dia") or ends with a name is whole."""
    if _SENTENCE_END.search(sentence):
        return False
    last = sentence.split()[-1].strip("\"'”’)(,;:")
    return last.isalpha() and last.islower() and (len(last) == 1 or not is_common_word(last)
                                                  or last in unfinished_words)


_PHOTO_CREDIT = regex.compile(r"(?<![\p{L}\p{N}])foto[ ]*(?::|/|dok\b|ist(?:imewa)?\b)", regex.IGNORECASE)


def looks_like_headline(line: str, boilerplate: Boilerplate, above_lead: bool = False) -> bool:
    """A headline is short, opens with no dateline and does not end as a sentence does ("... sepakat.");
    a page's first line that is a lead paragraph must stay in the body. "Kapolres: Situasi Aman" reads as a
    place's dateline ("Bekasi: ...") but is a speaker's headline: a colon and no outlet open no lead here.
    `above_lead`: page reading chose the line as the headline above the lead, so it is no lead, stop or not, nor
    a dateline ("Sambang Warga | Imbauan ..." reads as "Place | ...")."""
    words = line.split()
    dateline = boilerplate.dateline(line)
    speaker = dateline is not None and dateline.group().rstrip().endswith(":") \
        and not dateline.groupdict().get("outlet")
    if len(words) < 2 or len(words) > HEADLINE_MAX_WORDS or (dateline and not speaker and not above_lead) \
            or ends_with_date(line) or _PHOTO_CREDIT.search(line):
        return False  # one word is a place or a label; "... Rusli Habibie, Minggu (30/12/18)", "- Foto Dok" a caption
    if above_lead or not line.rstrip("\"'”’)").endswith("."):
        return True
    capitalised = sum(word[0].isupper() for word in words if word[0].isalpha())
    return len(words) <= HEADLINE_MAX_WORDS // 2 and capitalised >= 0.6 * len(words)  # "Bupati Tinjau Pasar."


def _split_headline(title: CleanedText, page: PageText, boilerplate: Boilerplate, removed: list[dict[str, str]],
                    flags: list[str]) -> str | None:
    """The headline: the title, else the body's first line when it looks like one (taken off the body) and is
    not the lead whose dateline was cut, without an outlet's prefix or suffix; a body that repeats the headline
    loses the repeat. None: the article has no headline."""
    headline = " ".join(title.paragraphs)
    body = page.paragraphs
    if not headline and body:
        if page.starts_with_lead or not looks_like_headline(body[0], boilerplate, page.starts_with_headline):
            flags.append("no_headline")
            return None
        opening = set(content_terms(" ".join(body[1:1 + HEADLINE_CONTEXT])))
        if len(opening) >= HEADLINE_CONTEXT_TERMS and not set(content_terms(body[0])) & opening:
            # a line that names nothing the story's opening names is a page's tagline, a widget or another story's
            # title ("Papua No.1 News Portal", "View this post on Instagram"), not this story's headline
            removed.append(_removed("heading", body.pop(0)))
            flags.append("no_headline")
            return None
        headline = body.pop(0)
        flags.append("headline_from_text")
    if prefix := boilerplate.title_prefix(headline):
        removed.append(_removed("title_prefix", prefix.group().strip()))
        headline = headline[prefix.end():]
    if suffix := boilerplate.title_suffix(headline):
        removed.append(_removed("title_suffix", suffix.group().strip(" |–-")))
        headline = headline[:suffix.start()].rstrip()
    for item in removed:  # "Jateng Pangdam Tutup TMMD" over "Pangdam Tutup TMMD": a breadcrumb, then the headline
        text = item["text"]
        if item["kind"] in ("heading", "related") and len(text.split()) >= BREADCRUMB_TITLE_WORDS \
                and headline.endswith(" " + text) and len(headline[:-len(text)].split()) <= BREADCRUMB_WORDS:
            removed.append(_removed("title_prefix", headline[:-len(text)].strip()))
            headline = text
            break
    if body and body[0] == headline:
        removed.append(_removed("repeated_headline", body.pop(0)))
    return headline.rstrip(" :")  # "... Provinsi Gorontalo:" over its deck


#: A sentence of at least this many words that an earlier one repeats word for word is a repeat (a standfirst
#: printed again as the lead, a paragraph printed twice), not a second statement.
REPEAT_MIN_WORDS = 6


def _without_repeats(numbered: list[tuple[int, str]], removed: list[dict[str, str]]) -> list[tuple[int, str]]:
    """The sentences less a repeat of an earlier one and punctuation alone (the stop a removed link left:
    "... wisatawan" / "Baca: Judul" / ". Ia pun ...")."""
    seen: set[str] = set()
    kept = []
    for number, sentence in numbered:
        if not any(char.isalnum() for char in sentence):
            removed.append(_removed("markup", sentence))
            continue
        key = " ".join(sentence.casefold().split())
        if key in seen and len(key.split()) >= REPEAT_MIN_WORDS:
            removed.append(_removed("duplicate", sentence))
            continue
        seen.add(key)
        kept.append((number, sentence))
    return kept


def normalize_article(article: dict[str, Any], resources: NormalizeResources) -> dict[str, Any]:
    """One article as a normalize record (schema in records.py); raises RejectedArticle for unusable input."""
    removed: list[dict[str, str]] = []
    # The pipeline never builds a path from an id; the flag warns tools downstream that might.
    flags: list[str] = ["id_not_path_safe"] if any(c in str(article.get("id")) for c in ("/", "\\", "..")) else []
    cleaned = clean_text(_article_text(article), resources.characters)
    title = clean_text(article.get("title") or "", resources.characters, field="title")
    if cleaned.had_markup or title.had_markup:
        flags.append("html")
        removed += [_removed("html", text) for text in cleaned.dropped_markup + title.dropped_markup]
    if not cleaned.paragraphs:
        raise RejectedArticle("no text left after removing HTML markup" if cleaned.had_markup
                              else "no text left after cleaning: only invisible or control characters")

    # Page furniture (menus, widgets, bylines, captions, stamps, related links, footers, repeats) and the
    # lead's dateline go here, each recorded in `removed` with its kind (pipeline/text/boilerplate.py).
    page = read_page(resources.boilerplate, cleaned.paragraphs, resources.max_chars)
    body = page.paragraphs
    removed += [_removed(kind, text) for kind, text in page.removed]
    flags += [flag for flag in page.flags if flag not in flags]
    headline = _split_headline(title, page, resources.boilerplate, removed, flags)

    dateline = page.dateline
    if body and (tag := resources.boilerplate.editor_tag(body[-1])):
        removed.append(_removed("editor_tag", tag.group().strip()))
        body[-1] = body[-1][:tag.start()]

    numbered = _without_repeats([(number, sentence) for number, paragraph in enumerate(body, start=1)
                                 for sentence in resources.splitter.split(paragraph)], removed)
    cut_off = len(numbered) > 1 and _ends_mid_word(numbered[-1][1], resources.unfinished_words)
    if cut_off:  # copied or capped page text often stops mid-word ("... yang lebih ba"): a fragment, kept apart
        flags.append("cut_off")
    if not numbered:
        raise RejectedArticle("headline only: no body text after the headline"
                              + (f" ({len(removed)} parts were removed as boilerplate or markup)" if removed else ""))
    texts, truncated = _truncate([sentence for _, sentence in numbered], resources.max_chars)
    if truncated:
        flags.append("truncated")

    dateline_text = next((item["text"] for item in removed if item["kind"] == "dateline"), None)
    dated = resources.dates.choose(body, page=[*title.paragraphs, *cleaned.paragraphs],
                                   published=article.get("published"), url=article.get("url"), dateline=dateline_text)
    flags += dated.flags

    lang, confidence = "id", None
    if resources.language is not None:
        lang, confidence = resources.language.detect(" ".join([headline or "", *texts]))
        if lang != "id":
            flags.append("not_indonesian")

    sentences = [{"text": headline, "mt_input": resources.mt_input(headline), "kind": "headline", "paragraph": 0}
                 ] if headline else []
    sentences += [{"text": text, "mt_input": resources.mt_input(text),
                   "kind": "fragment" if cut_off and index == len(numbered) - 1 else "body", "paragraph": number}
                  for index, ((number, _), text) in enumerate(zip(numbered, texts))]
    return {
        "schema": SCHEMA_VERSION,
        "id": article.get("id"),
        "source_hash": source_hash(article),
        "title": headline,
        "source": article.get("source"),
        "url": article.get("url"),
        "published": article.get("published"),
        "origin": article.get("origin"),
        "date": dated.date.isoformat() if dated.date else None,
        "date_source": dated.source,
        "lang": lang,
        "lang_confidence": confidence,
        "dateline": dateline,
        "removed": removed,
        "flags": flags,
        "sentences": sentences,
    }


class NormalizeStage(Stage):
    """The first stage: raw articles in, normalize records (or a RecordError per unusable article) out."""

    name = "normalize"
    assigns = ("schema", "source_hash", "date", "date_source", "lang", "lang_confidence", "dateline", "removed",
               "flags", "sentences")
    unit = "articles"

    def __init__(self, config: PipelineConfig):
        super().__init__(config)
        self.section = config.normalize
        self.resources = NormalizeResources.load(self.section)

    def _data_files(self) -> dict[str, Path]:
        return {"abbreviations": self.section.abbreviations, "typos": self.section.typos,
                "boilerplate": self.section.boilerplate, "calendar": CALENDAR_FILE, "characters": CHARACTERS_FILE,
                "sentence_abbreviations": SENTENCE_ABBREVIATIONS_FILE, "speech_verbs": SPEECH_VERBS_FILE,
                "attendance": ATTENDANCE_FILE, "unfinished_words": UNFINISHED_WORDS_FILE}

    def settings(self) -> dict[str, Any]:
        return {
            "config": self.section.fingerprint(),
            "data": {name: file_hash(path) for name, path in self._data_files().items()},
            "libraries": {name: metadata.version(name) for name in ("ftfy", "lingua-language-detector", "regex")},
        }

    def describe(self) -> dict[str, Any]:
        return {
            "abbreviations": len(self.resources.abbreviations),
            "typos": len(self.resources.typos),
            "boilerplate_patterns": len(self.resources.boilerplate),
            "sentence_abbreviations": len(self.resources.splitter.never_final | self.resources.splitter.may_be_final),
            "languages": self.resources.language.codes if self.resources.language else None,
            "lingua": metadata.version("lingua-language-detector"),
            "max_chars": self.section.max_chars,
        }

    def tally(self, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        flags: Counter[str] = Counter()
        sentences = 0
        for record in records:
            flags.update(record["flags"])
            sentences += len(record["sentences"])
        return {"sentences": sentences, "flag_counts": dict(sorted(flags.items()))}

    def process(self, articles: list[dict[str, Any]]) -> list[dict[str, Any] | RecordError]:
        return [self._normalize_or_error(article) for article in articles]

    def _normalize_or_error(self, article: dict[str, Any]) -> dict[str, Any] | RecordError:
        try:
            return normalize_article(article, self.resources)
        except RejectedArticle as problem:
            return RecordError.for_record(article, self.name, str(problem))
        except Exception as error:  # one article's surprise must not cost the batch; errors.jsonl shows it
            return RecordError.for_record(article, self.name, f"unexpected {type(error).__name__} while normalizing: "
                                                              f"{error}")
