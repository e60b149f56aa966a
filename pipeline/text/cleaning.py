"""Characters and markup: raw article text (or HTML) becomes repaired, markup-free paragraphs.

Its own module because every text field goes through it before any word is read: mojibake, binary data,
look-alike characters (normalize_characters.tsv), spacing and hard-wrapped lines are fixed here once, and the
repair keeps the article's words, since summaries and briefs quote them.

HTML goes through the standard library's html.parser: it tolerates broken markup and needs no dependency;
page-extraction libraries (trafilatura, readability) discard short texts and bring many dependencies.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import ftfy
import ftfy.fixes
import regex
from ftfy.badness import is_bad

from pipeline.errors import ConfigError
from pipeline.resources import read_table

#: Above this share of control, unassigned or replacement characters a text is binary data, not an article.
GARBAGE_LIMIT = 0.1


class RejectedArticle(ValueError):
    """An article that cannot be normalized; the message names the problem."""



_OUTSIDE_PLAIN = regex.compile(r"[^\x00-\x7f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0]")
_GARBAGE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\p{Cs}\p{Co}\p{Cn}]")
_HTML_TAG = regex.compile(r"<(?:!doctype|!--|/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>)", regex.IGNORECASE)
_HTML_ENTITY = regex.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")
_SPACES = regex.compile(r"[^\S\n]+")
_MENU_GAP = regex.compile(r"[^\S\n]{3,}")
#: A line of at least this many items of at most MENU_ITEM_WORDS words, set apart by runs of spaces, is a menu.
MENU_MIN_ITEMS = 3
MENU_ITEM_WORDS = 3
_SPACE_BEFORE_PUNCTUATION = regex.compile(r"[ ]+([,;:!?)\]]|(?<=\p{L}[ ]+)\.(?=[ \n]|$))", regex.MULTILINE)
_SPACE_AFTER_BRACKET = regex.compile(r"([(\[])[ ]+")
_MISSING_SPACE_AFTER_COMMA = regex.compile(r"(?<=\p{Ll}),(?=\p{L})")
# A no-break space read as Latin-1 is "Â\xa0"; where a store already turned its \xa0 into a space or a line end,
# ftfy sees a lone "Â" and leaves it ("2018.Â\nDi ..."). Not after a letter it is no word's.
# A closing mark typed where a quotation opens (Word's autocorrect after a space): ”Semangat ...,” ujarnya.
_REVERSED_OPENING_QUOTE = regex.compile(r"(?<![\p{L}\p{N}.,!?;:”])”(?=\p{Lu})")
_BLOCKQUOTE = regex.compile(r"^(?:>[ ]?)+")  # a markdown quote's marker at a line's start: "> “Insya Allah ...”"
_LONE_NBSP_LEAD = regex.compile(r"(?<!\p{L})Â(?=\s|$)")
# The same loss in a closing quote's mojibake ("â€\x9d" without its last byte: "bantu?â€. Tanya ...").
_TRUNCATED_QUOTE = regex.compile(r"â€(?![\p{L}\p{N}])")
# A date typed with spaces around its slashes: "Minggu ( 25 / 05 / 2025 )".
_SPACED_DATE = regex.compile(r"\([ ]*(\d{1,2})[ ]*/[ ]*(\d{1,2})(?:[ ]*/[ ]*(\d{2,4}))?[ ]*\)")
# Page-builder shortcodes a WordPress page leaves in its text ("[vc_row][vc_column_text]", "[/caption]"), the
# empty brackets a removed link or image leaves ("tuturnya.[]") and a comment's ends a template left ("Judul -->"):
# no words.
_SHORTCODE = regex.compile(r"\[/?(?:vc|et_pb|fusion|av|su|tdc?|caption|embed|gallery|video|audio)(?:_[a-z_]+)?"
                           r"(?:[ ][^\[\]\n]{0,300})?\]|\[[ ]*\]|\([ ]*\)|<!--|-->")
# What a tag cut before its attributes leaves in a store's text: 'style="text-align:justify">', or a link's
# 'http://.../berita-490853" target="_blank">' before its words (which stay).
_TAG_TAIL = regex.compile(r'(?:https?://[^\s"<>]*")?(?:[ ]?[a-zA-Z][\w:-]*="[^"<>\n]{0,200}")+[ ]?/?>')
# A page stamp's time zone glued to the dateline after it: "09:25 WIBPONTIANAK, KOMPAS.TV - ..." (a line break lost).
_GLUED_STAMP = regex.compile(r"(?<=\d[.:]\d\d[ ]?(?:WIB|WITA|WIT))(?=\p{Lu}{3,})")
# Entities are decoded with the markup, quotes stay typographic, control characters first count as garbage.
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, remove_control_chars=False, explain=False)


def _date_unspaced(match: regex.Match) -> str:
    return "(" + "/".join(part for part in match.groups() if part) + ")"


def _fix_mojibake(text: str) -> str:
    """ftfy's repair, with the same result at less cost on long text.

    Mojibake (UTF-8 read in a single-byte encoding) always holds a character outside ASCII and the usual news
    punctuation (– — ‘ ’ “ ” … and the no-break space): every lead and continuation byte reads as one. Text
    made of those characters only can hold no mojibake, and ftfy's other repairs that apply to it are line
    breaks and terminal escapes. Text in which ftfy finds no mojibake gets ftfy's character repairs in one pass
    (they do not depend on lines); only text with mojibake is repaired line by line, as ftfy.fix_text does.
    """
    if _OUTSIDE_PLAIN.search(text) is None:
        return ftfy.fixes.remove_terminal_escapes(ftfy.fixes.fix_line_breaks(text))
    if is_bad(text):
        return ftfy.fix_text(text, _FTFY)
    return ftfy.fix_and_explain(text, _FTFY._replace(fix_encoding=False)).text


def garbage_share(text: str) -> float:
    """Share of non-space characters that are control, unassigned, private-use or replacement characters."""
    visible = len("".join(text.split()))
    return len(_GARBAGE.findall(text)) / visible if visible else 0.0


class _HtmlText(HTMLParser):
    """Visible text of an HTML fragment or page: block elements become line breaks, non-content elements
    (scripts, styles, navigation, the page head) are dropped and kept aside for the `removed` list."""

    DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "aside",
               "form", "button", "select"}
    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
              "article", "header", "main", "blockquote", "figure", "figcaption", "pre", "hr", "dd", "dt", "body"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []
        self._open_dropped: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # HTML may leave </head> out: the body starts the content anyway
            while self._open_dropped:
                self._close_dropped()
        if tag in self.DROPPED:
            self._open_dropped.append((tag, []))
        elif tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._open_dropped and self._open_dropped[-1][0] == tag:
            self._close_dropped()
        elif tag in self.BLOCKS and not self._open_dropped:
            self.parts.append("\n")

    def _close_dropped(self):
        name, content = self._open_dropped.pop()
        text = " ".join("".join(content).split())
        if text:
            self.dropped.append(f"<{name}> {text}")

    def handle_data(self, data):
        (self._open_dropped[-1][1] if self._open_dropped else self.parts).append(data)


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """(visible text with paragraph breaks, text of the dropped non-content elements)."""
    parser = _HtmlText()
    parser.feed(_without_unclosed_comments(markup))
    parser.close()
    return "".join(parser.parts), parser.dropped


def _without_unclosed_comments(markup: str) -> str:
    """Markup without the "<!--" that no "-->" closes: Python's HTMLParser searches the rest of the page for one
    again at each of them, which made a page of broken comments quadratic."""
    closed = markup.rfind("-->")
    start = markup.find("<!--", closed + 3 if closed >= 0 else 0)
    return markup if start < 0 else markup[:start] + markup[start:].replace("<!--", "")


class CharacterTable:
    """Look-alike characters unified for `text`, and made plain ASCII for `mt_input` (normalize_characters.tsv)."""

    def __init__(self, for_text: dict[str, str], for_mt: dict[str, str]):
        self.for_text = for_text
        self.for_mt = for_mt
        # A character class finds the few characters to replace; str.translate would visit every character.
        self.pattern = re.compile("[" + "".join(map(re.escape, for_text)) + "]")

    @classmethod
    def load(cls, path: Path) -> CharacterTable:
        def chars(field: str, number: int) -> str:
            try:
                return "".join(chr(int(code.removeprefix("U+"), 16)) for code in field.split())
            except ValueError:
                raise ConfigError(f"{path}:{number}: {field!r} is not a list of U+XXXX code points") from None

        for_text, for_mt = {}, {}
        for number, (source, text, mt) in read_table(path, 3):
            for_text[chars(source, number)] = chars(text, number)
            for_mt[chars(source, number)] = chars(mt, number)
        return cls(for_text, for_mt)

    def text(self, value: str) -> str:
        return self.pattern.sub(lambda match: self.for_text[match.group()], value)

    def mt(self, value: str) -> str:
        return self.pattern.sub(lambda match: self.for_mt[match.group()], value)


@dataclass(frozen=True)
class CleanedText:
    paragraphs: list[str]
    had_markup: bool
    dropped_markup: list[str]  # text of the non-content HTML elements that were dropped


def clean_text(raw: str, characters: CharacterTable, field: str = "text") -> CleanedText:
    """Repaired, unified, markup-free paragraphs; raises RejectedArticle when `raw` is binary data.

    Order matters: mojibake is repaired first (it can hide in markup), binary data is judged before markup
    or control characters are removed, and spacing is fixed last.
    """
    text = _TRUNCATED_QUOTE.sub("”", _LONE_NBSP_LEAD.sub("", _fix_mojibake(raw)))
    share = garbage_share(text)
    if share > GARBAGE_LIMIT:
        raise RejectedArticle(f"{field} looks like binary data: {share:.0%} of its characters are control, "
                              f"unassigned or replacement characters")
    text = _GARBAGE.sub("", text)
    dropped: list[str] = []
    had_markup = _HTML_TAG.search(text) is not None
    if had_markup:
        text, dropped = html_to_text(text)
        # Broken markup (an unclosed "<!--", a "<" inside an attribute) reaches the text as tags: not words
        text = _HTML_TAG.sub(" ", text)
    elif _HTML_ENTITY.search(text):
        text = html.unescape(text)
    text = _GLUED_STAMP.sub("\n", _SHORTCODE.sub("", _TAG_TAIL.sub("", text)))
    text = _menu_gaps_to_pipes(unicodedata.normalize("NFC", characters.text(text)))
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACED_DATE.sub(_date_unspaced, text))
    text = _REVERSED_OPENING_QUOTE.sub("“", text)
    text = _MISSING_SPACE_AFTER_COMMA.sub(", ", _SPACE_AFTER_BRACKET.sub(r"\1", text))
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line := _BLOCKQUOTE.sub("", line.strip()).strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return CleanedText(unwrap_blocks([block for block in blocks if block]), had_markup, dropped)


_LINE_ENDS_SENTENCE = regex.compile(r"[.!?…:;\"”’')\]。！？]$")
#: A hard-wrapped line is at least this long (copy wrapped at 60-80 characters), and at most WRAP_MAX_CHARS.
WRAP_MIN_CHARS = 40
WRAP_MAX_CHARS = 110
#: A paragraph a line may continue is read up to this many characters from its end.
CONTINUE_WINDOW = 2 * WRAP_MAX_CHARS
#: A block is hard-wrapped when this share of its lines (the last aside) is of wrap length: the rest are the
#: short first and last lines of its paragraphs.
WRAPPED_SHARE = 0.6
#: ... and this share of those lines ends mid-sentence; at least WRAPPED_OPEN_SHARE when half of those go on in
#: lower case (paragraphs of three or four lines end a sentence on many lines).
WRAPPED_CUT_SHARE = 0.6
WRAPPED_OPEN_SHARE = 0.5
#: A line that opens with an outlet's domain and a dash or comma starts a paragraph ("kabarkita.com - Wali Kota ...",
#: "bali.jpnn.com, JAKARTA - ...").
_DOMAIN_DATELINE = regex.compile(r"^(?:[\p{L}\p{N}-]+\.){1,3}(?:co\.id|com|id|net|co|org|news)\b[ ]*[-–—|,]",
                                 regex.IGNORECASE)
_WORD = regex.compile(r"\p{L}+")
#: A dateline in capitals and its dash ("JAMBI, KK,-- Dalam rangkaian" / "Musyawarah ..."): the line runs on.
_CAPS_DATELINE = regex.compile(r"^\p{Lu}[\p{Lu}\p{N} ,.()/]{1,40}?[-–—]{1,3}[ ]*\p{Lu}")
#: Where a sentence ends, in a line or at its end: a block cut off at its end (an excerpt) is still prose.
_SENTENCE_END = regex.compile(r"\p{Ll}[.!?…][\"”’')]*(?:$|[ ]+(?=[\"“]?\p{Lu}))", regex.MULTILINE)
#: A title or an initial ends the line, not a sentence: "... Wakil Menteri, H.E. Mr." / "Yusufjon Usmonov, ..."
_TITLE_AT_END = regex.compile(r"(?<![\p{L}.])\p{Lu}\p{Ll}{0,2}\.$")
#: A link to another story between a sentence and its stop ("... wisatawan" / "Baca: Judul" / ". Ia pun ..."):
#: the link is no continuation of the line above, nor the lines below of the link.
_READ_ALSO = regex.compile(r"^(?i:(?:baca|simak|lihat)(?:[ ]+(?:juga|pula))?)[ ]*:")  # "Baca Juga:", "BACA JUGA:"
#: Fields set apart by pipes ("Penulis: Andika | Editor: sari dewi", "Beranda | Daerah"), or a line a pipe closes
#: (a caption before its credit: "... saat memberikan sambutan |"): page furniture, never a line of wrapped prose.
_FIELDS = " | "
#: A photo's caption in lower case, across a blank line from the text it illustrates: "ilustrasi sekolah
#: (unsplash.com/Nama)", "foto bersama usai rapat (Dok/Humas)".
_LOWER_CAPTION = regex.compile(r"^(?:ilustrasi|foto)\b|\([^()]{2,60}/[^()]{2,60}\)\.?$")
#: A sentence ends inside the line: prose, not a headline ("BEKASI, (kabarkita). Rabu (12/11), Wali Kota Tri").
_INNER_SENTENCE_END = regex.compile(r"(?:\p{Ll}{4}|\))[.!?][\"”’')]*[ ]+\p{Lu}")
#: A line ending so is cut mid-sentence: a comma, a conjunction or a preposition.
_OPEN_END = regex.compile(r"(?:,|(?<!\p{L})(?i:dan|serta|atau|di|ke|dari|yang|untuk|oleh|kepada|dengan|pada|bagi|dalam|"
                          r"sebagai|adalah|yakni|yaitu|bahwa|para|antara|tentang|terhadap|melalui|sejak|hingga|"
                          r"seperti|ialah|merupakan|selaku|beserta|maupun|masing-masing|sehingga|agar|supaya))$")


def _menu_gaps_to_pipes(text: str) -> str:
    """A menu whose items are set apart by runs of spaces ("Beranda     Nasional     Opini") reads as one set apart
    by pipes, which page reading knows; a line of prose with a stray run of spaces stays as it is."""
    if not _MENU_GAP.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if _MENU_GAP.search(line):
            items = _MENU_GAP.split(line.strip())
            if len(items) >= MENU_MIN_ITEMS and all(len(item.split()) <= MENU_ITEM_WORDS for item in items):
                lines[number] = " | ".join(items)
    return "\n".join(lines)


def unwrap_blocks(blocks: list[list[str]]) -> list[str]:
    """Paragraphs from blocks of lines (a blank line ends a block): the lines of a block of hard-wrapped copy
    join into its paragraphs; otherwise a line cut mid-sentence continues on the next line when that one starts
    in lower case.

    A block is hard-wrapped when most of its lines before the last (WRAPPED_SHARE) are 40-110 characters long,
    most of those end mid-sentence, it ends a sentence (or holds two sentence ends, when an excerpt cut it off)
    and it reads as prose (Blogspot copy wraps at ~70 characters, capitals included: "Dinas Kependudukan
    (Disdukcapil)" / "Kabupaten Banyumas menggelar ..."); its lines then join into paragraphs. Page furniture
    is short and stays apart: a continuation needs a long line before it and three words or a sentence end,
    and a line opening with a domain and a dash ("kabarkita.com - ...") is a dateline, not a continuation.
    Across a blank line, only a lower-case line continues a paragraph cut mid-sentence.
    """
    paragraphs: list[str] = []
    for block in blocks:
        if _hard_wrapped(block):
            block = _join_wrapped(block)
        start = len(paragraphs)
        for line in block:
            # The paragraph so far is judged by its end: reading it whole made a page of continued lines quadratic.
            previous = paragraphs[-1][-CONTINUE_WINDOW:] if paragraphs else None
            # Across a blank line only a lower-case line, or any after a comma, continues prose ("... bagi
            # mahasiswa" / "" / "jenjang S1 ...", "... (COVID-19)," / "" / "Maka ..."), not a Title Case headline
            # (a caption in lower case may follow one)
            within = len(paragraphs) > start
            if previous is not None and not _READ_ALSO.match(line) and (_continues(previous, line) and (
                    within or (line[0].islower() or previous.endswith(",")) and _reads_as_prose(previous[-80:])
                    and not _LOWER_CAPTION.search(line))
                                         or within and _opens_wrapped_sentence(previous, line)):
                paragraphs[-1] += " " + line
            else:
                paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """A lower-case line continues a long line cut mid-sentence that reads as prose (two lower-case words at
    least, or a sentence end inside it: a Title Case headline above a photo credit is not cut mid-sentence); so
    does any line after one that ends in a comma or a word that cannot end a sentence ("... PMI Cilegon serta" /
    "PT Krakatau Posco ..."); never a line of fields set apart by pipes ("koranmonitor - MEDAN | ...")."""
    return ((line[0].islower() or _OPEN_END.search(previous) is not None)
            and not _LINE_ENDS_SENTENCE.search(previous) and len(previous) >= WRAP_MIN_CHARS
            and (sum(word[0].islower() for word in _WORD.findall(previous)) >= 2
                 or _INNER_SENTENCE_END.search(previous) is not None)
            and (len(line.split()) >= 3 or _LINE_ENDS_SENTENCE.search(line) is not None
                 and not (len(line.split()) == 1 and line.endswith(("...", "…"))))  # "loading...": a widget
            and not _DOMAIN_DATELINE.match(line) and _FIELDS not in line)


def _opens_wrapped_sentence(previous: str, line: str) -> bool:
    """Copy wrapped by hand can leave a sentence's first words alone on a line ("Hal" / "ini terlihat ketika ...",
    "Kegiatan patroli ini adalah" / "merupakan kegiatan rutin ...", "Ia menambahkan nantinya PSBT" / "dapat
    membuka ..."): a short capitalised start that ends mid-sentence (one word, a lower-case last word, or two
    lower-case words: no Title Case headline) continues on a long lower-case line of prose, or on any long line of
    prose after a comma ("Selain memantau kondisi korban," / "Khofifah juga menyerahkan ...")."""
    words = previous.split()
    lower = sum(word[0].islower() for word in words)
    return (len(previous) < WRAP_MIN_CHARS and previous[0].isupper() and not _LINE_ENDS_SENTENCE.search(previous)
            and not any(char.isdigit() for char in previous) and (len(words) == 1 or words[-1][0].islower()
                                                                  or lower >= 2)
            and (line[0].islower() or previous.endswith(",") and lower >= 2) and len(line) >= WRAP_MIN_CHARS
            and sum(word[0].islower() for word in _WORD.findall(line)) >= 2 and not _DOMAIN_DATELINE.match(line))


def _hard_wrapped(block: list[str]) -> bool:
    text = " ".join(block)
    if len(block) < 2 or len(block[-1]) > WRAP_MAX_CHARS or not (
            _LINE_ENDS_SENTENCE.search(block[-1]) or len(_SENTENCE_END.findall(text)) >= 2):
        return False
    body = block[:-1]
    wrapped = [number for number, line in enumerate(body) if WRAP_MIN_CHARS <= len(line) <= WRAP_MAX_CHARS]
    if len(wrapped) < WRAPPED_SHARE * len(body):
        return False
    cut = [number for number in wrapped if not _LINE_ENDS_SENTENCE.search(block[number])]
    # Short paragraphs end a sentence on many lines; then a wrap must show as such: it falls between any two words,
    # so the next line often goes on in lower case, where a paragraph that lost its stop is followed by a sentence
    if len(cut) < WRAPPED_OPEN_SHARE * len(wrapped) or len(cut) < WRAPPED_CUT_SHARE * len(wrapped) and sum(
            block[number + 1][:1].islower() for number in cut) < len(cut) / 2:
        return False
    return _reads_as_prose(text, 0.3)


def _join_wrapped(block: list[str]) -> list[str]:
    """The paragraphs of a hard-wrapped block: a line that ends mid-sentence runs on into the next, once its
    paragraph is prose (a line of two lower-case words, cut at a comma or a conjunction, or going on in a long
    lower-case line); a Title Case line on its own, a headline, does not ("... Bernostalgia" / "ke Medan")."""
    paragraphs: list[str] = []
    runs_on = False
    for line, following in zip(block, [*block[1:], ""]):
        continued = runs_on and _FIELDS not in line
        if continued:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        # a short line that ends no clause ends its paragraph, when a capital follows: a link's title cut in two
        # ("... Djamal sebagai Wali" / "Kota Banda Aceh" / "Dalam sambutannya, ...")
        ends_paragraph = len(line) < WRAP_MIN_CHARS and following[:1].isupper() and not _OPEN_END.search(line)
        runs_on = (not _LINE_ENDS_SENTENCE.search(line) or _TITLE_AT_END.search(line) is not None) and not (
            _READ_ALSO.match(line) or _READ_ALSO.match(following) or _FIELDS in line or line.endswith("|")) and (
            continued and not ends_paragraph or _OPEN_END.search(line) is not None
            or _CAPS_DATELINE.match(line) is not None
            or sum(word[0].islower() for word in _WORD.findall(line)) >= 2
            or following[:1].islower() and len(following) >= WRAP_MIN_CHARS)
    return paragraphs


def _reads_as_prose(text: str, lower_share: float = 0.5) -> bool:
    words = _WORD.findall(text)
    return bool(words) and sum(word[0].islower() for word in words) >= lower_share * len(words)
