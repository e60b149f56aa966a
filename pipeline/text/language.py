"""Language check: is an article Indonesian, or clearly some other language (flagged, not dropped)?

lingua, built once from a small language set (config normalize.languages), on the first LANGUAGE_SAMPLE_CHARS
characters. Malay is left out of the default set because lingua calls 18% of NTREX's Indonesian sentences
Malay, and an Indonesian pipeline loses more from that than it gains. Short Latin-script texts are easy to
misjudge (names and loanwords), so they need a higher confidence.
"""

from __future__ import annotations

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from pipeline.errors import ConfigError

#: Language detection reads this many characters: enough to be sure, bounded so long articles stay fast.
LANGUAGE_SAMPLE_CHARS = 1000
#: A non-Indonesian verdict needs this confidence, or SHORT_TEXT_CONFIDENCE below SHORT_TEXT_LETTERS letters.
LANGUAGE_CONFIDENCE = 0.8
SHORT_TEXT_LETTERS = 200
SHORT_TEXT_CONFIDENCE = 0.95


class LanguageCheck:
    """lingua over a bounded sample, from the configured language set (built once: loading models is slow)."""

    def __init__(self, codes: list[str]):
        languages = []
        for code in codes:
            try:
                languages.append(Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))
            except ValueError:
                raise ConfigError(f"normalize.languages: {code!r} is not an ISO 639-1 code lingua knows") from None
        self.codes = codes
        self.detector = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()

    def detect(self, text: str) -> tuple[str, float]:
        """(ISO 639-1 code, confidence); "id" unless another language is clear enough for this much text."""
        sample = text[:LANGUAGE_SAMPLE_CHARS]
        values = self.detector.compute_language_confidence_values(sample)
        scores = {value.language.iso_code_639_1.name.lower(): value.value for value in values}
        best = values[0]
        best_code = best.language.iso_code_639_1.name.lower()
        letters = sum(map(str.isalpha, sample))
        needed = LANGUAGE_CONFIDENCE if letters >= SHORT_TEXT_LETTERS else SHORT_TEXT_CONFIDENCE
        if best_code != "id" and best.value >= needed:
            return best_code, round(best.value, 4)
        return "id", round(scores.get("id", 0.0), 4)
