"""Model-free checks of one translated sentence, cheap enough to run on every sentence of every run.

Each flag names a way MarianMT output is known to go wrong, so that a reader (or the eval) can find the
sentences worth a second look without a reference translation:

- ``empty``: nothing came out for a non-empty source.
- ``copied_source``: the model echoed its input instead of translating (unknown language, odd casing).
- ``number_missing``: a number of the source is nowhere in the output. Numbers are compared by *value*, read
  whatever their spelling ("2,4 juta" = "2.4 million" = "240万"; "Rp1.500.000" = "1,500,000" = "150万";
  "24/8/2023" = "August 24, 2023"; "19.30" = "7:30 p.m."), because a figure dropped or changed by a factor
  of ten is the error that hurts a brief most. A figure readable under both separator conventions ("1.500")
  accepts either reading: Indonesian news also prints wire-copy figures in English style. Numbers written
  as words in the source ("tiga") are optional; in the output they count ("three", "三").
- ``too_short`` / ``too_long``: the length ratio is far outside what human translations of news show
  (truncation, dropped clauses, hallucinated continuations).
- ``repetition``: a token or n-gram loop ("the the the the"), Marian's best-known degenerate output.

The thresholds below are module constants, each with the reason for its value.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipeline.resources import PACKAGE_DATA, read_table

FLAGS = ("empty", "copied_source", "number_missing", "too_short", "too_long", "repetition")

NUMBER_VOCABULARY_FILE = PACKAGE_DATA / "quality_numbers.tsv"

# Languages written without spaces between words: lengths and loops are measured in characters there.
CHARACTER_LANGUAGES = frozenset({"ja", "zh"})

# Sentence length in each language's unit (words; characters for CHARACTER_LANGUAGES) per English word,
# measured on the 1,997 human-translated sentences of NTREX-128: Indonesian 0.955 words, Japanese 2.64 chars.
# A pair with a language missing here gets no length flags rather than a guess.
LENGTH_PER_ENGLISH_WORD = {"en": 1.0, "id": 0.955, "ja": 2.64}
# Pseudo-units added to both sides, so that a two-word headline is not judged on one noisy ratio.
LENGTH_SMOOTHING = 3
# Bounds on smoothed (output length / expected length). On NTREX the human references of id->en, en->ja and
# id->ja stay within 0.55-1.9 (two loose id->ja paraphrases aside), so these bounds flag at most 1 in 1,000
# good sentences while catching outputs cut in half or run on to double length.
TOO_SHORT_RATIO = 0.5
TOO_LONG_RATIO = 2.0

# A copy only matters for real sentences; a name, a title or a number is rightly copied.
COPY_MIN_WORDS = 4
# Share of the source's lower-case (ordinary, not name) words found again in the output. In 999 of 1,000 human
# id->en and en->ja translations of NTREX it is under 0.3 (loanwords); an echo shares nearly all.
COPY_SHARED_SHARE = 0.6

# Loops: one word four times in a row ("very, very, very" is rare but real), or an n-gram three times.
REPEAT_SINGLE_TOKEN = 4
REPEAT_NGRAM = 3
# Longest loop unit looked for: six words, or twelve characters (a short Japanese clause).
REPEAT_MAX_UNIT_WORDS = 6
REPEAT_MAX_UNIT_CHARACTERS = 12

_WORD = re.compile(r"[^\W\d_]+")
_WORD_TOKEN = re.compile(r"\w+|[^\w\s]")
_CHARACTER_TOKEN = re.compile(r"[A-Za-z]+|\d+|\S")
_DIGITS = re.compile(r"\d+")
_CLOCK = re.compile(r"(\d{1,2})[.:](\d{2})")
# Times an output may spell without the source's "19.30": "7:30 p.m.", "7 pm", "19時30分", "7時半".
_OUTPUT_TIMES = (
    re.compile(r"(?<![\d.:])(\d{1,2})(?:[.:](\d{2}))?\s?([ap])\.?m\b\.?", re.IGNORECASE),
    re.compile(r"(\d{1,2})時(?:(\d{1,2})分|(半))?"),
)


def sentence_flags(source: str, output: str, src: str, tgt: str) -> list[str]:
    """The FLAGS that apply to one translated sentence, in FLAGS order; [] for an empty source."""
    if not source.strip():
        return []
    if not output.strip():
        return ["empty"]
    flags = []
    copied = _is_copy(source, output)
    if copied:
        flags.append("copied_source")
    if _missing_number(source, output, src, tgt):
        flags.append("number_missing")
    if not copied:
        flags.extend(_length_flags(source, output, src, tgt))
    if _has_loop(output, tgt) and not _has_loop(source, src):
        flags.append("repetition")
    return flags


def count_flags(flag_lists: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many sentences carry each flag, for the manifest."""
    counts = Counter(flag for flags in flag_lists for flag in flags)
    return dict(sorted(counts.items()))


# --- copies --------------------------------------------------------------------------------------------


def _is_copy(source: str, output: str) -> bool:
    source_words = _WORD.findall(source)
    if len(source_words) < COPY_MIN_WORDS:
        return False
    if _squash(source) == _squash(output):
        return True
    ordinary = {word for word in source_words if word.islower()}
    if len(ordinary) < COPY_MIN_WORDS:
        return False
    output_words = {word.casefold() for word in _WORD.findall(output)}
    return len(ordinary & output_words) / len(ordinary) >= COPY_SHARED_SHARE


def _squash(text: str) -> str:
    return " ".join(_WORD_TOKEN.findall(text.casefold()))


# --- length --------------------------------------------------------------------------------------------


def _length(text: str, lang: str) -> int:
    if lang in CHARACTER_LANGUAGES:
        return sum(not char.isspace() for char in text)
    return len(text.split())


def _length_flags(source: str, output: str, src: str, tgt: str) -> list[str]:
    if src not in LENGTH_PER_ENGLISH_WORD or tgt not in LENGTH_PER_ENGLISH_WORD:
        return []
    expected = LENGTH_PER_ENGLISH_WORD[tgt] / LENGTH_PER_ENGLISH_WORD[src]
    smoothed_output = _length(output, tgt) + LENGTH_SMOOTHING * expected
    smoothed_expected = (_length(source, src) + LENGTH_SMOOTHING) * expected
    ratio = smoothed_output / smoothed_expected
    if ratio < TOO_SHORT_RATIO:
        return ["too_short"]
    if ratio > TOO_LONG_RATIO:
        return ["too_long"]
    return []


# --- repetition ----------------------------------------------------------------------------------------


def _has_loop(text: str, lang: str) -> bool:
    """True when some unit of 1..max tokens repeats back to back (4 times for one token, 3 for n-grams)."""
    if lang in CHARACTER_LANGUAGES:
        tokens, max_unit = _CHARACTER_TOKEN.findall(text.casefold()), REPEAT_MAX_UNIT_CHARACTERS
    else:
        tokens, max_unit = _WORD_TOKEN.findall(text.casefold()), REPEAT_MAX_UNIT_WORDS
    for unit in range(1, max_unit + 1):
        copies = REPEAT_SINGLE_TOKEN if unit == 1 else REPEAT_NGRAM
        # equal[i] == "1" when tokens[i] == tokens[i + unit]: a run of (copies - 1) * unit ones is a loop.
        equal = "".join("1" if a == b else "0" for a, b in zip(tokens, tokens[unit:]))
        loop = "1" * ((copies - 1) * unit)
        start = equal.find(loop)
        while start != -1:
            if any(_is_content(token) for token in tokens[start : start + unit]):
                return True
            start = equal.find(loop, start + 1)
    return False


def _is_content(token: str) -> bool:
    """Letters or digits; not punctuation, nor a length mark like "ー" that writers repeat on purpose."""
    return token[0].isalnum() and unicodedata.category(token[0]) != "Lm"


# --- numbers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NumberVocabulary:
    scales: dict[str, frozenset[Decimal]]  # "juta": {10**6}; "m": {1, 10**6} (million, or metres)
    words: dict[str, Decimal]
    kanji_digits: dict[str, int]
    kanji_units: dict[str, int]
    pattern: re.Pattern[str]  # a numeral and its scales: "2,4 juta", "3千万", "£125m", "two hundred thousand"
    scale_pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Amount:
    """One number in a text: the values it may mean (several when its spelling is ambiguous)."""

    values: frozenset
    numeral: str  # "digits" | "word" | "kanji" | "scale"
    start: int
    end: int
    scale: Decimal


@cache
def _vocabulary() -> _NumberVocabulary:
    kinds = ("scale", "short_scale", "word", "kanji_digit", "kanji_unit")
    entries: dict[str, dict[str, Decimal]] = {kind: {} for kind in kinds}
    for _number, (_lang, word, value, kind) in read_table(NUMBER_VOCABULARY_FILE, 4):
        entries[kind][word.casefold()] = Decimal(value)

    def alternatives(words: Iterable[str]) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))

    latin_scales = [word for word in entries["scale"] if word.isascii()]
    other_scales = [word for word in entries["scale"] if not word.isascii()]
    kanji = "".join(entries["kanji_digit"]) + "".join(entries["kanji_unit"]) + "".join(other_scales)
    scale = rf"(?:(?<![A-Za-z])(?:{alternatives(latin_scales)})(?![A-Za-z])|{alternatives(other_scales)})"
    short_scale = rf"(?:{alternatives(entries['short_scale'])})(?![A-Za-z])"  # only right after digits: "£125m"
    word = alternatives(entries["word"])
    numeral = (
        rf"(?P<digits>\d+(?:[.,:]\d+)*)(?P<short_scale>{short_scale})?"
        rf"|(?<![A-Za-z])(?P<word>(?:{word})(?:-(?:{word}))*)(?![A-Za-z])"  # "thirty-two"
        rf"|(?P<kanji>[{re.escape(kanji)}]*[{re.escape(''.join(entries['kanji_digit']))}][{re.escape(kanji)}]*)"
        rf"|(?P<scale>{scale})"
    )
    pattern = re.compile(rf"(?:{numeral})(?P<scales>(?:\s?{scale})*)", re.IGNORECASE)
    scales = {key: frozenset({value}) for key, value in entries["scale"].items()}
    scales.update({key: frozenset({Decimal(1), value}) for key, value in entries["short_scale"].items()})
    return _NumberVocabulary(
        scales=scales,
        words=entries["word"],
        kanji_digits={key: int(value) for key, value in entries["kanji_digit"].items()},
        kanji_units={key: int(value) for key, value in entries["kanji_unit"].items()},
        pattern=pattern,
        scale_pattern=re.compile(rf"{scale}|{short_scale}", re.IGNORECASE),
    )


def _missing_number(source: str, output: str, src: str, tgt: str) -> bool:
    if not _DIGITS.search(source):  # \d also matches full-width digits; most sentences stop here
        return False
    # NFKC: full-width digits and separators ("２，４００") read like ASCII ones.
    source, output = unicodedata.normalize("NFKC", source), unicodedata.normalize("NFKC", output)
    required = [amount.values for amount in _amounts(source, src) if amount.numeral == "digits"]
    if not required:
        return False
    available = _available_numbers(output, tgt)
    return any(not (alternatives & available) for alternatives in required)


def _available_numbers(text: str, lang: str) -> set:
    """Every value the output could be read as: generous, since a wrong extra reading only hides a flag."""
    values: set = set()
    for amount in _amounts(text, lang):
        values |= amount.values
    for pattern in _OUTPUT_TIMES:
        for match in pattern.finditer(text):
            hour, minute, meridiem_or_half = match.groups()
            minutes = int(minute) if minute else (30 if meridiem_or_half == "半" else 0)
            values.add(("time", int(hour) % 12, minutes))
    return values


def _amounts(text: str, lang: str) -> list[_Amount]:
    """The numbers of a text, in order; only those written in digits are required of a translation."""
    vocabulary = _vocabulary()
    amounts: list[_Amount] = []
    for match in vocabulary.pattern.finditer(text):
        factors = {Decimal(1)}
        for word in vocabulary.scale_pattern.findall((match["short_scale"] or "") + match["scales"]):
            factors = {factor * scale for factor in factors for scale in vocabulary.scales[word.casefold()]}
        if match["digits"]:
            numeral, readings = "digits", _digit_readings(match["digits"])
            if not readings:  # "24.8.2023": no single number, so each part must come through on its own
                amounts.extend(
                    _Amount(frozenset({Decimal(part)}), numeral, match.start(), match.end(), Decimal(1))
                    for part in _DIGITS.findall(match["digits"])
                )
                continue
        elif match["word"]:
            numeral = "word"
            readings = {sum(vocabulary.words[part.casefold()] for part in match["word"].split("-"))}
        elif match["kanji"]:
            numeral, readings = "kanji", {Decimal(_kanji_value(match["kanji"], vocabulary))}
        else:  # a scale on its own: "a million", "万"
            numeral, readings = "scale", {Decimal(1)}
            factors = {factor * scale for factor in factors for scale in vocabulary.scales[match["scale"].casefold()]}
        values = frozenset(
            reading * factor if isinstance(reading, Decimal) else reading for reading in readings for factor in factors
        )
        amounts.append(_Amount(values, numeral, match.start(), match.end(), max(factors)))
    return _join_compounds(amounts, text, lang)


def _digit_readings(token: str) -> set:
    """Every number the token can be: both separator conventions, and a clock time ("19.30")."""
    readings: set = {value for value in (_parse_digits(token, True), _parse_digits(token, False)) if value is not None}
    clock = _CLOCK.fullmatch(token)
    if clock and int(clock[1]) <= 24 and int(clock[2]) < 60:
        readings.add(("time", int(clock[1]) % 12, int(clock[2])))
    return readings


def _parse_digits(token: str, decimal_comma: bool) -> Decimal | None:
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    if ":" in token:
        return None
    integer, has_fraction, fraction = token.partition(decimal)
    if decimal in fraction or thousands in fraction:
        return None
    groups = integer.split(thousands)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])):
        return None
    return Decimal("".join(groups) + ("." + fraction if has_fraction else ""))


def _kanji_value(numeral: str, vocabulary: _NumberVocabulary) -> int:
    """二十四 = 24, 三千五百 = 3500, 二〇二三 = 2023 (digit by digit), 一億二千万 = 120000000."""
    digits, units = vocabulary.kanji_digits, vocabulary.kanji_units
    if all(char in digits for char in numeral):
        return int("".join(str(digits[char]) for char in numeral))
    total = section = digit = 0
    for char in numeral:
        if char in digits:
            digit = digits[char]
        elif char in units:
            section += (digit or 1) * units[char]
            digit = 0
        else:  # 万, 億, 兆
            total += (section + digit or 1) * int(max(vocabulary.scales[char]))
            section = digit = 0
    return total + section + digit


def _join_compounds(amounts: list[_Amount], text: str, lang: str) -> list[_Amount]:
    """Japanese "1億2000万" (or "1 万 6 千") is one number: a big-scale amount followed by a smaller one.

    Spaces between the parts are allowed only in CHARACTER_LANGUAGES: in Indonesian "2 juta 3 orang" the
    parts are separate numbers.
    """
    joined: list[_Amount] = []
    for amount in amounts:
        previous = joined[-1] if joined else None
        gap = text[previous.end : amount.start] if previous else None
        if (
            previous is not None
            and (gap == "" or (lang in CHARACTER_LANGUAGES and gap.isspace()))
            and previous.scale >= 10_000
            and previous.scale > amount.scale
        ):
            values = frozenset(
                a + b
                for a in previous.values
                for b in amount.values
                if isinstance(a, Decimal) and isinstance(b, Decimal)
            )
            joined[-1] = _Amount(values, previous.numeral, previous.start, amount.end, amount.scale)
        else:
            joined.append(amount)
    return joined
