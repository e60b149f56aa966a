"""What the manifests of runs, evals and benchmarks say about how a result was made.

`Signature` is the one-line identity every result carries, in the spirit of sacrebleu's signatures: named
fields, `key:value` joined with `|`, so two numbers are only compared when their signatures agree.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.files import now
from pipeline.records import SCHEMA_VERSION, stable_hash
from pipeline.version import __version__

PACKAGES = ("torch", "transformers", "tokenizers", "sentencepiece", "datasets", "ctranslate2", "pydantic", "ftfy",
            "lingua-language-detector", "PySastrawi", "Jinja2", "ray")


@dataclass(frozen=True)
class Signature:
    """`name|key:value|...`: what produced a run, an eval or a benchmark (`name` may be left out)."""

    name: str | None
    fields: dict[str, Any]

    def format(self) -> str:
        fields = [f"{key}:{value}" for key, value in self.fields.items()]
        return "|".join([self.name, *fields] if self.name else fields)


def run_signature(manifest: dict[str, Any], order: list[str]) -> Signature:
    """A run's signature: version, schema, config, stages, each record stage's fingerprint (in `order`), models."""
    fields = {"pipeline": manifest["pipeline_version"], "schema": manifest["schema"], "config": manifest["config_hash"],
              "stages": "+".join(manifest["stages_requested"])}
    for name in order:
        if "fingerprint" in manifest["stages"].get(name, {}):
            fields[name] = manifest["stages"][name]["fingerprint"]
    for lang, model in sorted(manifest.get("models", {}).items()):
        fields[lang] = f"{Path(str(model.get('ref'))).name}@{str(model.get('revision'))[:12]}"
    return Signature(None, fields)


def package_versions(extra: Iterable[str] = ()) -> dict[str, str]:
    """Versions of the packages that shape results (and of `extra` ones), for manifests and signatures."""
    versions = {"python": platform.python_version()}
    for name in (*PACKAGES, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


@dataclass
class StageResult:
    """What a stage did in this run; counts go to the manifest and the summary line."""

    name: str
    fingerprint: str
    articles: int = 0
    ok: int = 0
    errors: int = 0
    reused: int = 0
    units: int = 0
    seconds: float = 0.0
    started: str = field(default_factory=now)
    ended: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def summary_line(self, unit: str) -> str:
        rate = f", {self.units / self.seconds:.1f} {unit}/s" if self.seconds > 0 and self.units else ""
        return (f"{self.name}: {self.articles} articles: {self.ok} ok, {self.errors} errors, {self.reused} reused "
                f"in {self.seconds:.1f} s{rate}")

    def to_manifest(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "status": "complete" if self.ended else "running",
                "counts": {"articles": self.articles, "ok": self.ok, "errors": self.errors, "reused": self.reused,
                           "processed": self.articles - self.reused, "units": self.units},
                "seconds": round(self.seconds, 3), "started": self.started, "ended": self.ended, **self.details}


def start_manifest(config_json: dict[str, Any], requested: list[str], executor: dict[str, Any],
                   inputs: list[dict[str, Any]], previous: dict[str, Any]) -> dict[str, Any]:
    """A run's manifest as it starts: what runs, how, on what; stages not run now keep their earlier entries."""
    kept = {n: s for n, s in previous.get("stages", {}).items() if n not in requested}
    return {"schema": SCHEMA_VERSION, "pipeline_version": __version__, "status": "running",
            "started": now(), "ended": None, "stages_requested": requested,
            "config": config_json, "config_hash": stable_hash(config_json), "packages": package_versions(),
            "argv": sys.argv, "executor": executor, "inputs": inputs or previous.get("inputs", []),
            "models": dict(previous.get("models", {})), "stages": kept}
