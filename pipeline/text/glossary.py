"""A delegation's glossary: names and institutions rendered the same way in every sentence of every brief.

File formats. TSV with a tab-separated header row of language codes (``id en ja``), one term per row, ``#``
lines are comments; or YAML, a list of mappings (``- {id: Kota Bekasi, en: Bekasi City, ja: ブカシ市}``), where any
language code may be a key (``ko``, ...). A cell may list variants separated by ``|`` (a YAML value may also be
a list): the first is the canonical form, written into translations; the others are recognised too (source
spellings such as "Mal|Mall Pelayanan Publik", or renderings a model tends to produce, rewritten to the first).
A term may appear in one row only, so every term has exactly one translation per language; glossaries used
together (translate.glossary and the delegation profile's, see `Glossary.merge`) keep that rule between them.

Mechanism, and why. Marian models have no terminology interface, and placeholders ("__T1__") are cut up by
SentencePiece and dropped or mangled. What the models do reliably is copy Latin-script names from their
input. So for each route (src, tgt) -- ("id", "en"), or ("en", "ja") for the pivot, where the ``en`` column
is the source side -- `prepare` finds the glossary's src terms in the text (case-insensitive, whole words,
longest first: "Pemerintah Kota Bekasi" before "Kota Bekasi") and:

- when the target form is in Latin script, puts it in place of the source term ("Kota Bekasi" -> "Bekasi
  City"); the model copies it through;
- otherwise (Japanese) leaves the source term, in its canonical spelling, because the en->ja model reads
  English only. `enforce` then repairs the output: a verbatim copy of the source term ("Bekasi City") is
  replaced by the target term, and so is a transliteration of it, recognised by comparing the sound of each
  katakana or Latin run with the term's ("ベカシ" ~ "ブカシ": the model's guess at a name the glossary spells
  differently). A term still absent is flagged ``glossary_missed`` rather than forced into an unknown place.

Because the pivot's first hop already enforces the English term, the second hop finds it in its input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError
from pipeline.records import stable_hash

VARIANT_SEPARATOR = "|"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")

# A katakana or Latin run counts as a rendering of a term when its sound is this close (difflib ratio) to the
# term's: "ベカシ"/"ブカシ" and "コマンドセンター"/"Command Center" score 0.83; other names mostly score 0.2-0.5
# ("ブカレスト"/"Bekasi" 0.5), the closest near-miss seen being "サカタ"/"Osaka" at 0.73.
TRANSLITERATION_SIMILARITY = 0.75
# Shorter sounds (two letters) match too many unrelated runs to be repaired.
TRANSLITERATION_MIN_SOUND = 3

_LATIN_WORD_CHARS = "0-9A-Za-z\u00c0-\u024f"
# A name as a model may render it in Japanese: a katakana run (with ・ and ー), or Latin words.
_NAME_RUN = re.compile(r"[\u30a1-\u30ff]+|[A-Za-z]+(?:[ '\-][A-Za-z]+)*")
# Spellings folded together before names are compared: English and kunrei romaji of the same sound.
_SOUND_FOLDS = (
    (re.compile(r"tch|ch"), "t"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ts"), "t"),
    (re.compile(r"dz|j"), "z"),
    (re.compile(r"([stz])y"), r"\1"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c|q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"th"), "s"),
    (re.compile(r"ph|f"), "h"),
    (re.compile(r"l"), "r"),
    (re.compile(r"v"), "b"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@dataclass(frozen=True)
class Term:
    """A glossary term as one route sees it: what was found in the source, what the output must contain."""

    source_forms: tuple[str, ...]  # canonical first
    target_forms: tuple[str, ...]  # canonical first

    @property
    def source(self) -> str:
        return self.source_forms[0]

    @property
    def target(self) -> str:
        return self.target_forms[0]

    @property
    def copyable(self) -> bool:
        """A Latin-script target is given to the model in place of the source term, which it copies."""
        return _is_latin(self.target)


class Glossary:
    def __init__(self, rows: list[dict[str, tuple[str, ...]]], origin: str | None = None):
        self.rows = rows  # one {language: forms, canonical first} per term
        self.origin = origin  # the file the terms came from, for the manifest
        self._routes: dict[tuple[str, str], tuple[re.Pattern[str] | None, dict[str, Term]]] = {}

    @classmethod
    def empty(cls) -> Glossary:
        return cls([])

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a .tsv or .yaml/.yml glossary; a malformed line raises ConfigError naming file and line."""
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"glossary file not found: {path}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read glossary: {error}") from None
        suffix = path.suffix.lower()
        if suffix in (".tsv", ".txt"):
            numbered_rows = _parse_tsv(text, path)
        elif suffix in (".yaml", ".yml"):
            numbered_rows = _parse_yaml(text, path)
        else:
            raise ConfigError(f"{path}: unknown glossary format {suffix!r}; use .tsv or .yaml")
        return cls(_check_unique(numbered_rows, path), origin=str(path))

    def merge(self, other: Glossary) -> Glossary:
        """This glossary's terms, then `other`'s new ones, under the rule of one file: a term both have must have
        the same row in both (variants included), else a ConfigError naming both files and the term, since a term
        with two translations would be rendered either way."""
        rows_by_form = {(lang, _key(form)): row for row in self.rows for lang, forms in row.items() for form in forms}
        rows = list(self.rows)
        for row in other.rows:
            shared = [(lang, form) for lang, forms in row.items() for form in forms
                      if (lang, _key(form)) in rows_by_form]
            for lang, form in shared:
                mine = rows_by_form[lang, _key(form)]
                if _normalized(mine) != _normalized(row):
                    raise ConfigError(
                        f"the glossaries {self.origin} and {other.origin} translate the {lang} term {form!r} "
                        f"differently ({_show(mine)} against {_show(row)}); give it the same row in both, "
                        f"variants separated by '{VARIANT_SEPARATOR}', or keep it in one"
                    )
            if not shared:
                rows.append(row)
        origins = list(dict.fromkeys(origin for origin in (self.origin, other.origin) if origin))
        return Glossary(rows, origin=" + ".join(origins) or None)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def languages(self) -> list[str]:
        return sorted({lang for row in self.rows for lang in row})

    def fingerprint(self) -> str:
        """Hash of the terms (not of comments or layout), for cache namespaces and stage settings."""
        return stable_hash([{lang: list(forms) for lang, forms in row.items()} for row in self.rows])

    def prepare(self, text: str, src: str, tgt: str) -> tuple[str, list[Term]]:
        """The text to give the model, and the terms (in order of appearance) its output must contain."""
        pattern, terms_by_key = self._route(src, tgt)
        if pattern is None:
            return text, []
        found: list[Term] = []

        def substitute(match: re.Match[str]) -> str:
            term = terms_by_key[_key(match[0])]
            if term not in found:
                found.append(term)
            return term.target if term.copyable else term.source

        return pattern.sub(substitute, text), found

    def enforce(self, output: str, terms: list[Term], src: str, tgt: str) -> tuple[str, list[str]]:
        """The output with each term in its canonical form where it can be, and ["glossary_missed"] if not.

        `src`/`tgt` name the route, like `prepare`'s; the terms carry what is needed to check them.
        """
        missed = False
        # Longest first, so that "Bekasi City Government" is repaired before "Bekasi City" inside it.
        for term in sorted(terms, key=lambda term: max(map(len, term.source_forms + term.target_forms)), reverse=True):
            # A copied source term ("Bekasi City" left in Japanese) and a variant rendering become the target.
            output = _replace_forms(output, term.source_forms + term.target_forms, term.target)
            if not term.copyable:  # every run, not only when the term is absent: "ブカシ市政府" holds "ブカシ市"
                output = _repair_transliterations(output, term)
            missed = missed or not _contains(output, term.target)
        return output, ["glossary_missed"] if missed else []

    def _route(self, src: str, tgt: str) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
        if (src, tgt) not in self._routes:
            terms = [Term(row[src], row[tgt]) for row in self.rows if src in row and tgt in row]
            terms_by_key = {_key(form): term for term in terms for form in term.source_forms}
            forms = sorted({form for term in terms for form in term.source_forms}, key=len, reverse=True)
            pattern = re.compile("|".join(_form_regex(form) for form in forms), re.IGNORECASE) if forms else None
            self._routes[src, tgt] = (pattern, terms_by_key)
        return self._routes[src, tgt]


# --- reading ---------------------------------------------------------------------------------------------


def _parse_tsv(text: str, path: Path) -> list[tuple[int, dict[str, tuple[str, ...]]]]:
    header: list[str] | None = None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = _check_languages(cells, path, number)
            continue
        if len(cells) != len(header):
            raise ConfigError(
                f"{path}:{number}: expected {len(header)} tab-separated columns ({', '.join(header)}), "
                f"found {len(cells)}"
            )
        rows.append((number, {lang: _forms(cell, lang, path, number) for lang, cell in zip(header, cells)}))
    return rows


def _parse_yaml(text: str, path: Path) -> list[tuple[int, dict[str, tuple[str, ...]]]]:
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if document is None:
        return []
    if not isinstance(data, list):
        raise ConfigError(
            f"{path}:{document.start_mark.line + 1}: expected a list of terms like "
            "'- {id: Kota Bekasi, en: Bekasi City, ja: ブカシ市}'"
        )
    rows = []
    for node, item in zip(document.value, data):
        number = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ConfigError(f"{path}:{number}: a term must be a mapping of language codes to terms")
        languages = _check_languages([str(key) for key in item], path, number)
        rows.append(
            (number, {lang: _forms(value, lang, path, number) for lang, value in zip(languages, item.values())})
        )
    return rows


def _check_languages(codes: list[str], path: Path, number: int) -> list[str]:
    for code in codes:
        if not LANGUAGE_CODE.fullmatch(code):
            raise ConfigError(f"{path}:{number}: {code!r} is not a language code (like id, en, ja)")
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{path}:{number}: a language appears twice in {codes}")
    if len(codes) < 2:
        raise ConfigError(f"{path}:{number}: a term needs at least two languages, got {codes}")
    return codes


def _forms(value: Any, lang: str, path: Path, number: int) -> tuple[str, ...]:
    if isinstance(value, str):
        forms = value.split(VARIANT_SEPARATOR)
    elif isinstance(value, list) and all(isinstance(form, str) for form in value):
        forms = value
    else:
        raise ConfigError(f"{path}:{number}: the {lang!r} term must be text or a list of texts, got {value!r}")
    forms = [" ".join(form.split()) for form in forms]
    if not forms or not all(forms):
        raise ConfigError(f"{path}:{number}: empty {lang!r} term")
    return tuple(forms)


def _check_unique(
    numbered_rows: list[tuple[int, dict[str, tuple[str, ...]]]], path: Path
) -> list[dict[str, tuple[str, ...]]]:
    """One row per term: a form met again must belong to an identical row (a harmless duplicate)."""
    first_seen: dict[tuple[str, str], tuple[int, dict[str, tuple[str, ...]]]] = {}
    rows = []
    for number, row in numbered_rows:
        duplicate = False
        for lang, forms in row.items():
            for form in forms:
                seen = first_seen.get((lang, _key(form)))
                if seen is None:
                    continue
                seen_number, seen_row = seen
                if _normalized(seen_row) != _normalized(row):
                    raise ConfigError(
                        f"{path}:{number}: {lang} term {form!r} is already on line {seen_number} with a different "
                        f"translation; put variants in one row, separated by '{VARIANT_SEPARATOR}'"
                    )
                duplicate = True
        if not duplicate:
            first_seen.update({(lang, _key(form)): (number, row) for lang, forms in row.items() for form in forms})
            rows.append(row)
    return rows


def _normalized(row: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(_key(form) for form in forms) for lang, forms in row.items()}


def _show(row: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(f"{lang}: {VARIANT_SEPARATOR.join(forms)}" for lang, forms in row.items())


# --- matching --------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _is_latin(text: str) -> bool:
    return all(not char.isalpha() or unicodedata.name(char, "").startswith("LATIN") for char in text)


def _form_regex(form: str) -> str:
    """Any spacing between words; whole words where the form begins or ends with a Latin letter or digit.

    Japanese has no spaces, so a form edge in kana or kanji needs no boundary, and a Latin name next to kana
    ("Bekasiの") still counts as a whole word.
    """
    body = r"\s+".join(re.escape(word) for word in form.split())
    if re.match(f"[{_LATIN_WORD_CHARS}]", form):
        body = f"(?<![{_LATIN_WORD_CHARS}])" + body
    if re.match(f"[{_LATIN_WORD_CHARS}]", form[-1]):
        body += f"(?![{_LATIN_WORD_CHARS}])"
    return body


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern[str]:
    return re.compile(_form_regex(form), re.IGNORECASE)


def _replace_forms(text: str, forms: tuple[str, ...], replacement: str) -> str:
    """Every occurrence of any of `forms`, in any case and spacing, replaced."""
    for form in sorted(forms, key=len, reverse=True):
        text = _form_pattern(form).sub(lambda _match: replacement, text)
    return text


def _contains(text: str, form: str) -> bool:
    return _form_pattern(form).search(text) is not None


def _repair_transliterations(output: str, term: Term) -> str:
    """Katakana or Latin runs that sound like the term become its target's name part, or the whole target.

    "ベカシ市" becomes "ブカシ市" (only the name part "ブカシ" is replaced); "オーサカ市" becomes "大阪市", not
    "大阪市市": the end of a whole target that the output already has after the run is not written twice.
    """
    name_part = _NAME_RUN.match(term.target)
    replacement = name_part[0] if name_part else term.target
    sounds = [_sound(form) for form in term.source_forms] + ([_sound(name_part[0])] if name_part else [])
    pieces, position = [], 0
    for match in _NAME_RUN.finditer(output):
        if replacement in match[0]:  # already right, perhaps inside a longer run ("コマンドセンタービル")
            continue
        sound = _sound(match[0])
        if len(sound) < TRANSLITERATION_MIN_SOUND or not any(
            SequenceMatcher(None, sound, other).ratio() >= TRANSLITERATION_SIMILARITY for other in sounds
        ):
            continue
        end = match.end()
        if not name_part:
            end += next(
                (size for size in range(len(replacement), 0, -1) if output.startswith(replacement[-size:], end)), 0
            )
        pieces += [output[position : match.start()], replacement]
        position = end
    return "".join(pieces) + output[position:]


def _sound(text: str) -> str:
    """A rough spelling of how a Latin or kana name sounds, so "Kikuchi" and "キクチ" compare equal."""
    syllables: list[str] = []
    for char in text:
        if char.isascii() and char.isalpha():
            syllables.append(char.lower())
            continue
        name = unicodedata.name(char, "")
        if not name.startswith(("KATAKANA LETTER", "HIRAGANA LETTER")):
            continue  # ー, ・, spaces, punctuation
        syllable = name.rsplit(" ", 1)[-1].lower()  # kunrei romaji: "SI", "TI", "TU", "HU"
        if " SMALL " in name:
            if syllable == "tu" or not syllables:  # ッ doubles the next consonant; doubling is folded anyway
                continue
            # キャ = ki + ya -> kya; ファ = hu + a -> ha
            syllables[-1] = syllables[-1][:-1] + ("y" + syllable[1:] if syllable in ("ya", "yu", "yo") else syllable)
        else:
            syllables.append(syllable)
    sound = "".join(syllables)
    for pattern, replacement in _SOUND_FOLDS:
        sound = pattern.sub(replacement, sound)
    return sound
