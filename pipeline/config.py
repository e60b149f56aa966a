"""One typed config that fully describes a run, validated on load.

Every section is a pydantic model that forbids unknown keys, so a typo in a YAML file is an error naming the
key ("translate.routes.ja.modle: unknown key") rather than a silently ignored setting. Relative paths in a
config file are resolved against the file's folder, so a config and its glossary travel together.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic import field_validator

from pipeline.errors import ConfigError
from pipeline.resources import PACKAGE_DATA
from pipeline.records import stable_hash


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def fingerprint(self) -> str:
        return stable_hash(self.model_dump(mode="json"))


def _resolve_path(value: Path, info: ValidationInfo) -> Path:
    base = (info.context or {}).get("base_dir")
    value = value.expanduser()
    if not value.is_absolute() and base is not None:
        value = Path(base) / value
    return value.resolve() if value.is_absolute() else value


def _resolve_model_ref(value: str, info: ValidationInfo) -> str:
    """A hub id stays as it is; a path (existing, or written like one) becomes absolute."""
    looks_like_path = value.startswith((".", "/", "~")) or value.count("/") > 1
    base = (info.context or {}).get("base_dir")
    candidate = Path(value).expanduser()
    if not candidate.is_absolute() and base is not None:
        candidate = Path(base) / candidate
    if looks_like_path or candidate.is_dir():
        return str(candidate.resolve())
    return value


ConfigPath = Annotated[Path, AfterValidator(_resolve_path)]
ModelRef = Annotated[str, AfterValidator(_resolve_model_ref)]


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str | datetime, now: datetime | None = None) -> datetime:
    """The cutoff (timezone-aware, UTC) for "YYYY-MM-DD", an ISO date-time (UTC unless it says otherwise),
    or an age counted back from `now` (default: the current time): "30m", "12h", "1d", "2w"."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value).strip()
    age = _AGE.match(text)
    if age:
        reference = now or datetime.now(timezone.utc)
        if reference.tzinfo is None:
            reference = reference.replace(tzinfo=timezone.utc)
        return reference - timedelta(**{_UNITS[age.group(2).lower()]: float(age.group(1))})
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise ValueError(f"since: expected YYYY-MM-DD, an ISO date-time, or an age like 1d, 12h, 30m, 2w; "
                         f"got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)



class InputConfig(Section):
    """Maps the columns of an input file or dataset onto article fields."""

    id: str = "id"
    title: str = "title"
    text: list[str] = Field(default_factory=lambda: ["text", "body"], description="first present column wins")
    source: str = "source"
    url: str = "url"
    published: str = "published"
    split: str = "train"  # for Hugging Face datasets
    feeds: list[str] = Field(default_factory=list)  # RSS/Atom feed URLs or files, read besides the named inputs
    since: str | None = None  # feed entries from: "YYYY-MM-DD", an ISO date-time (UTC), or an age: 1d, 12h, 30m, 2w

    @field_validator("since")
    @classmethod
    def _since_parses(cls, value: str | None) -> str | None:
        if value is not None:
            parse_since(value)  # a ValueError names the accepted forms
        return value


class FetchConfig(Section):
    """How web pages and feeds are fetched (timeouts, retries, politeness); see pipeline/inputs/fetch.py."""

    timeout_s: float = Field(20.0, gt=0)  # to connect, and at most between two reads of the answer
    retries: int = Field(2, ge=0)  # further tries after a connection error, a timeout, HTTP 429 or 5xx
    backoff_s: float = Field(1.0, ge=0)  # wait before retry n: backoff_s * 2**(n-1) (or the server's Retry-After)
    host_delay_s: float = Field(1.0, ge=0)  # at least this long between two requests to one host
    max_bytes: int = Field(5_000_000, gt=0)  # a longer page is not read past this and is an error
    max_redirects: int = Field(5, ge=0)
    user_agent: str | None = None  # None: "delegation-pipeline/<version> (+...)"; add a contact address here
    respect_robots: bool = True  # robots.txt Disallow (and Crawl-delay, up to 60 s) for this user agent


class NormalizeConfig(Section):
    abbreviations: ConfigPath = PACKAGE_DATA / "abbreviations.tsv"
    typos: ConfigPath = PACKAGE_DATA / "typos.tsv"
    boilerplate: ConfigPath = PACKAGE_DATA / "boilerplate.tsv"
    language_check: bool = True
    # ISO 639-1 codes the language check chooses among; Malay is left out because it is too close to
    # Indonesian for a detector to tell apart reliably (see pipeline/text/language.py).
    languages: list[str] = Field(default_factory=lambda: ["id", "en", "ja", "zh", "ko", "ar", "nl"])
    translate_other_languages: bool = False  # a non-Indonesian article is flagged and, by default, not translated
    max_chars: int = Field(200_000, gt=0)  # longer article bodies are cut here and flagged

    @model_validator(mode="after")
    def _languages_include_indonesian(self) -> "NormalizeConfig":
        if "id" not in self.languages or len(set(self.languages)) < 2:
            raise ValueError("languages must include 'id' and at least one other language to tell it from")
        return self


class RouteConfig(Section):
    """One translation model: `source` is the language it reads (`id`, or a target made by another route)."""

    model: ModelRef
    source: str = "id"
    revision: str | None = None  # hub revision (branch, tag or commit); None means the default branch
    prefix: str = ""  # target-language token some multilingual Marian models need, e.g. ">>jpn<<"


class TranslateConfig(Section):
    targets: list[str] = Field(default_factory=lambda: ["en", "ja"])
    routes: dict[str, RouteConfig] = Field(
        default_factory=lambda: {
            "en": RouteConfig(model="Helsinki-NLP/opus-mt-id-en", source="id"),
            "ja": RouteConfig(model="staka/fugumt-en-ja", source="en"),  # docs/quality.md, "Japanese route"
        }
    )
    # precision: exact = float32, the model card's output; bf16, fp16 (GPU) or int8 by name; fast = the quickest of
    # the candidates on this machine (CPU: torch bf16 where the CPU has native bf16, torch dynamic int8,
    # CTranslate2 int8; GPU: torch bf16/fp16, CTranslate2 fp16), measured once per machine and model and recorded in
    # the manifest. engine: torch; ctranslate2 (the `ct2` extra; exact, int8, fp16 on a GPU); auto = torch for a
    # named precision, and every installed engine for fast.
    engine: Literal["auto", "torch", "ctranslate2"] = "auto"
    precision: Literal["exact", "fast", "bf16", "fp16", "int8"] = "exact"
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    threads: int | None = Field(None, gt=0)
    num_beams: int | None = Field(None, gt=0)  # None: the model's generation config
    max_new_tokens_ratio: float = Field(2.0, gt=0)  # max_new_tokens = ratio * input tokens + offset
    max_new_tokens_offset: int = Field(10, ge=0)
    # padded source tokens x beams per batch: the model keeps keys and values for every beam of every sentence,
    # so this bounds memory (toy `full` model, 4 beams, long sentences: 1.3 GB peak at 4096, 2.0 GB when beams were
    # not counted) without slowing a CPU, where 32 beam rows already fill the matrix units.
    batch_tokens: int = Field(4096, gt=0)
    max_batch_sentences: int = Field(32, gt=0)
    max_input_tokens: int | None = Field(None, gt=0)  # None: the model's limit
    # CTranslate2 int8/fp16 (and fast) score only the target tokens a model folder's vmap.txt maps the batch's
    # source tokens to, when the folder has one (docs/scale.md, "CPU levers"); false: every token, always.
    vocabulary_map: bool = True
    cache: ConfigPath | None = None  # None: $PIPELINE_CACHE or ~/.cache/delegation-pipeline/translations.sqlite
    use_cache: bool = True
    glossary: ConfigPath | None = None
    # The roles, organisations and places of each article's key facts translated too, pooled with the sentences
    # (record key fact_translations; the brief shows them beside the Indonesian).
    facts: bool = True

    @model_validator(mode="after")
    def _routes_cover_targets(self) -> "TranslateConfig":
        for target in self.targets:
            if target not in self.routes:
                raise ValueError(f"target {target!r} has no entry in translate.routes")
            seen = [target]
            source = self.routes[target].source
            while source != "id":
                if source not in self.routes or source in seen:
                    raise ValueError(f"route {target!r} reads {source!r}, which no route produces from 'id'")
                seen.append(source)
                source = self.routes[source].source
        return self


class SummarizeConfig(Section):
    # At most this many sentences, within the budgets below: a summary's length is its words, not its sentences, so
    # short sentences fill the budgets with four or five (most pages), and long ones leave three or two. Readers'
    # picks on real pages it was not chosen on: docs/quality.md, "A fourth sentence where it fits" and "A fifth".
    sentences: int = Field(5, gt=0)
    ja_chars: int = Field(400, gt=0)  # 300 and 90 until 2026-12-04: docs/quality.md, "Wider budgets for five sentences"
    en_words: int = Field(120, gt=0)
    # lead: the first body sentences that are no quote or fragment; lead_figure: the same, the last place given to
    # the first later sentence that states a figure; ranked: the ranker's signals (pipeline/text/ranking.py).
    # lead_figure beat the lead on real pages it was not tuned on, the ranker did not (docs/quality.md, "Summaries").
    method: Literal["lead", "lead_figure", "ranked"] = "lead_figure"
    lead_weight: float = Field(2.0, ge=0)  # ranked: weight of the lead position
    topic_weight: float = Field(0.5, ge=0)  # ranked: the most on-topic sentence gains this
    # With a profile: when no summary sentence mentions one of its topics, the best factual sentence that does is
    # shown beside the summary as the delegation's interest (summary["interest"]); false: none.
    interest_line: bool = True
    profile: ConfigPath | None = None
    abstractive_model: ModelRef | None = None  # any seq2seq summarization model; off by default
    abstractive_max_new_tokens: int = Field(96, gt=0)  # length limit of the model-written summary


class BriefConfig(Section):
    title: str | None = None  # None: "Delegation brief" in the delegation's first language
    max_articles: int | None = Field(None, gt=0)
    pdf: bool = True  # brief.pdf beside brief.html (needs Chromium: scripts/install_chromium.sh); false: none
    chromium: str | None = None  # browser that prints it, a path or a name on PATH; None: chromium, google-chrome...


class RunConfig(Section):
    batch_articles: int = Field(64, gt=0)  # articles per unit of work written and resumable at once
    progress: bool = True


class RayConfig(Section):
    """Where and how wide `pipeline run --executor ray` runs; the local executor ignores this section."""

    address: str | None = None  # None: $RAY_ADDRESS if set, else a Ray started on this machine for the run
    translate_actors: int = Field(1, gt=0)  # translation actors, each holding its own copy of the models
    num_gpus_per_actor: float | None = Field(None, ge=0)  # None: 1 where the cluster has GPUs, else 0
    num_cpus_per_actor: float = Field(1, gt=0)


class PipelineConfig(Section):
    input: InputConfig = Field(default_factory=InputConfig)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    normalize: NormalizeConfig = Field(default_factory=NormalizeConfig)
    translate: TranslateConfig = Field(default_factory=TranslateConfig)
    summarize: SummarizeConfig = Field(default_factory=SummarizeConfig)
    brief: BriefConfig = Field(default_factory=BriefConfig)
    run: RunConfig = Field(default_factory=RunConfig)
    ray: RayConfig = Field(default_factory=RayConfig)


def format_validation_error(error: ValidationError, origin: str) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"{origin}: {key}: {message}")
    return "\n".join(lines)


def load_yaml(path: Path, what: str = "config") -> Any:
    if not path.is_file():
        raise ConfigError(f"{what} file not found: {path}")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None


def validate(model: type[BaseModel], data: Any, base_dir: Path | None, origin: str) -> Any:
    """A typed object from loaded YAML, relative paths resolved against base_dir; errors name the key."""
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping of keys, got {type(data).__name__}")
    try:
        return model.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as error:
        raise ConfigError(format_validation_error(error, origin)) from None


def default_config_path() -> Path:
    """The config `pipeline run` uses without --config, with the glossary and profile it names: configs/ of the
    checkout, which pyproject.toml installs as the data package pipeline.configs."""
    return Path(resources.files("pipeline.configs") / "default.yaml")


def load_config(source: str | Path | dict[str, Any] | PipelineConfig | None = None) -> PipelineConfig:
    """A config from a YAML file, a dict, an existing config, or None for the defaults."""
    if isinstance(source, PipelineConfig):
        return source
    if source is None or isinstance(source, dict):
        return validate(PipelineConfig, source or {}, Path.cwd(), "config")
    path = Path(source)
    return validate(PipelineConfig, load_yaml(path), path.resolve().parent, str(path))
