"""A delegation's profile: who the material is for, in which languages, and what they came to learn.

It is kept apart from the run config because one profile serves many runs and is written by whoever
organises the visit. Like the config it rejects unknown keys, so a misspelt `topcis:` is an error naming
the key rather than a profile that silently matches nothing. The glossary path is read relative to the
profile file, so a profile and its glossary travel together; when summarize.profile names the profile, the
translate stage merges its glossary with translate.glossary (a term the two translate differently is a config
error) and the merged terms enter the translate stage's fingerprint.

Example (configs/profiles/bekasi-japan.yaml)::

    name: Japanese local government study tour
    organisation: ...
    languages: [ja, en]                 # reading order of the brief
    topics:                             # topic -> keywords, Indonesian and English, any case
      public services: [pelayanan publik, public service]
    glossary: ../glossaries/bekasi-japan.tsv     # the delegation's names, used by the translate stage
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pipeline.config import ConfigPath, load_yaml, validate

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class DelegationProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    languages: list[LanguageCode] = Field(min_length=1)
    topics: dict[str, list[Keyword]] = Field(min_length=1)
    glossary: ConfigPath | None = None

    @field_validator("languages")
    @classmethod
    def _no_repeated_language(cls, languages: list[str]) -> list[str]:
        repeated = sorted({code for code in languages if languages.count(code) > 1})
        if repeated:
            raise ValueError(f"languages repeated: {', '.join(repeated)}")
        return languages

    @field_validator("topics")
    @classmethod
    def _every_topic_has_keywords(cls, topics: dict[str, list[str]]) -> dict[str, list[str]]:
        empty = [name for name, keywords in topics.items() if not keywords]
        if empty:
            raise ValueError(f"topics without keywords: {', '.join(empty)}")
        return topics


def load_profile(path: str | Path) -> DelegationProfile:
    path = Path(path)
    return validate(DelegationProfile, load_yaml(path, "profile"), path.resolve().parent, str(path))
