"""BLEU and chrF of the configured translation routes on real news, with signatures that say how they were made.

    pipeline eval mt --config CONFIG [--mode sentence|document] [--limit N] [--json PATH]
                     [--data DIR | --dataset NAME --source-column C --reference-column C --target LANG]
                     [--compare LANG=MODEL ...]

Data: the NTREX-128 slice shipped in pipeline/evaluate/data/ntrex (Indonesian source; English and Japanese
references, line-aligned; DOCUMENT_IDS.tsv groups lines into documents whose first line is the headline; read by
ntrex.py), another folder in that layout, or any Hugging Face `datasets` dataset (hub name or saved folder) with
a source and a reference column, such as FLORES-200 where the hub can be reached.

Modes:

- `sentence`: each source line is translated on its own through the configured routes (the translate stage with
  its glossary, long-sentence splitting and cache; no normalization), one segment per line. This measures the
  models.
- `document`: each NTREX document goes through normalize and translate as an article would (headline as title,
  body lines as paragraphs). Normalize cleans and re-splits the text with the pipeline's own splitter, so its
  sentences need not line up with the reference lines: each document's hypothesis sentences and its reference
  lines are joined into one segment per document. This measures the whole pipeline, not only the models.

Scores are sacrebleu's corpus BLEU and chrF (chrF on sacrebleu's 0-100 scale); English is tokenized for BLEU
with 13a, Japanese with ja-mecab (MeCab with the IPA dictionary: the `eval` extra). Each score is printed with
sacrebleu's signature, and the whole evaluation with one line naming data, mode, segment count and models.

`--compare ja=Helsinki-NLP/opus-tatoeba-en-ja` scores the config's route to a language against the same route with
another model (everything else as configured; a pivot's first leg is translated once, through the cache), on the
same segments, with sacrebleu's paired bootstrap resampling: each system's score, its mean and 95% interval over
the resamples, and the p-value of its difference to the config's model.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.evaluate import ntrex
from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError, InputError, PipelineError
from pipeline.text.quality import CHARACTER_LANGUAGES
from pipeline.records import RecordError, stable_hash
from pipeline.files import now, write_json
from pipeline.run.api import process
from pipeline.run.manifest import Signature, package_versions
from pipeline.stages.translate import SOURCE_LANGUAGE, TranslateStage
from pipeline.version import __version__

if TYPE_CHECKING:
    from sacrebleu.metrics import BLEU, CHRF

MODES = ("sentence", "document")
#: sacrebleu's BLEU tokenizer per reference language: the standard choice for each in WMT reporting.
BLEU_TOKENIZERS = {"en": "13a", "ja": "ja-mecab"}
EVAL_PACKAGES = ("sacrebleu", "mecab-python3", "ipadic")


@dataclass(frozen=True)
class EvalData:
    """Source segments with line-aligned references per language, and, for NTREX, which lines form a document."""

    name: str  # what the signature calls the data, e.g. "ntrex-128@8561f6a"
    ref: str  # the folder or dataset it was read from
    sources: list[str]
    references: dict[str, list[str]]
    documents: list[tuple[str, int, int]] | None = None  # (document id, first line, end line)

    def limited(self, mode: str, limit: int | None) -> EvalData:
        """The first `limit` segments of the mode: sentences, or whole documents."""
        if limit is None:
            return self
        if limit < 1:
            raise ConfigError(f"--limit must be at least 1, got {limit}")
        if mode == "document":
            documents = self.document_ranges()[:limit]
            end = documents[-1][2]
            return replace(self, sources=self.sources[:end], documents=documents,
                           references={lang: lines[:end] for lang, lines in self.references.items()})
        return replace(self, sources=self.sources[:limit], documents=None,
                       references={lang: lines[:limit] for lang, lines in self.references.items()})

    def document_ranges(self) -> list[tuple[str, int, int]]:
        if self.documents is None:
            raise ConfigError(f"document mode needs document boundaries, and {self.ref} has none: use an NTREX "
                              f"folder with {ntrex.DOCUMENT_IDS_FILE} (--data), or --mode sentence")
        return self.documents

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "ref": self.ref, "sentences": len(self.sources),
                "documents": len(self.documents) if self.documents is not None else None,
                "references": sorted(self.references),
                "sha": stable_hash({"sources": self.sources, "references": self.references})}


# --------------------------------------------------------------------------------------------- data


def ntrex_data(folder: Path) -> EvalData:
    """An NTREX-layout folder as eval data: its Indonesian lines, the references present, its documents."""
    data = ntrex.load(folder)
    if not data.references:
        raise InputError(f"{folder}: no reference file; expected one of "
                         + ", ".join(name for lang, name in ntrex.FILES.items() if lang != ntrex.SOURCE))
    return EvalData(data.name, str(folder), data.sources, data.references, data.documents)


def load_dataset_pairs(name: str, split: str, source_column: str, reference_column: str, target: str,
                       dataset_config: str | None = None) -> EvalData:
    """Source and reference columns of a Hugging Face dataset: a hub name, or a folder from `save_to_disk`."""
    import datasets

    path = Path(name)
    try:
        if path.is_dir():
            dataset = datasets.load_from_disk(str(path))
            if isinstance(dataset, datasets.DatasetDict):
                if split not in dataset:
                    raise InputError(f"{name}: no split {split!r}; it has {', '.join(dataset)} (choose with --split)")
                dataset = dataset[split]
        else:
            dataset = datasets.load_dataset(name, dataset_config, split=split)
    except InputError:
        raise
    except Exception as error:  # the datasets library raises many kinds; the user needs the name and the reason
        raise InputError(f"cannot load dataset {name!r} (split {split!r}): {type(error).__name__}: {error}") from None
    missing = [column for column in (source_column, reference_column) if column not in dataset.column_names]
    if missing:
        raise InputError(f"{name}: no column {', '.join(map(repr, missing))}; its columns are "
                         f"{', '.join(dataset.column_names)} (choose with --source-column and --reference-column)")
    sources, references = dataset[source_column], dataset[reference_column]
    for column, values in ((source_column, sources), (reference_column, references)):
        bad = next((row for row, value in enumerate(values) if not isinstance(value, str)), None)
        if bad is not None:
            raise InputError(f"{name}: row {bad}: column {column!r} holds {type(values[bad]).__name__}, not text")
    label = f"{name}:{dataset_config}:{split}" if dataset_config else f"{name}:{split}"
    return EvalData(label, name, list(sources), {target: list(references)})


# --------------------------------------------------------------------------------------------- scoring


def metrics(lang: str) -> tuple[BLEU, CHRF]:
    """The BLEU and chrF a reference language is scored with; an unknown language or missing MeCab is an error."""
    from sacrebleu.metrics import BLEU, CHRF  # the `eval` extra, needed only here

    if lang not in BLEU_TOKENIZERS:
        raise InputError(f"no BLEU tokenization is known for reference language {lang!r}; eval mt scores "
                         + ", ".join(f"{known} ({tokenizer})" for known, tokenizer in BLEU_TOKENIZERS.items()))
    try:
        return BLEU(tokenize=BLEU_TOKENIZERS[lang]), CHRF()
    except RuntimeError as error:  # sacrebleu's message when MeCab or its IPA dictionary is missing
        raise ConfigError(f"BLEU for {lang!r} needs the tokenizer {BLEU_TOKENIZERS[lang]!r}, which is not installed: "
                          f"pip install 'delegation-pipeline[eval]' ({str(error).strip()})") from None


def score(hypotheses: list[str], references: list[str], lang: str) -> dict[str, Any]:
    """Corpus BLEU and chrF of line-aligned hypotheses against one reference each, with sacrebleu's signatures."""
    if len(hypotheses) != len(references):
        raise InputError(f"{len(hypotheses)} hypotheses for {len(references)} references in {lang!r}")
    bleu, chrf = metrics(lang)
    return {"bleu": round(bleu.corpus_score(hypotheses, [references]).score, 2),
            "bleu_signature": str(bleu.get_signature()),
            "chrf": round(chrf.corpus_score(hypotheses, [references]).score, 2),
            "chrf_signature": str(chrf.get_signature()),
            "segments": len(hypotheses)}


# --------------------------------------------------------------------------------------------- translation


def _languages(config: PipelineConfig, data: EvalData, target: str | None) -> list[str]:
    """The reference languages to score; each must have a route in the config and a known BLEU tokenizer."""
    languages = [target] if target else sorted(data.references)
    for lang in languages:
        if lang not in data.references:
            raise InputError(f"{data.ref} has no {lang!r} reference; it has {', '.join(sorted(data.references))}")
        metrics(lang)
        if lang not in config.translate.routes:
            raise ConfigError(f"the config has no translation route to {lang!r} (translate.routes has "
                              f"{', '.join(config.translate.routes)}), so {SOURCE_LANGUAGE}-{lang} cannot be scored")
    return languages


def _joined(texts: list[str | None], lang: str) -> str:
    return ("" if lang in CHARACTER_LANGUAGES else " ").join(text for text in texts if text)


def translate_sentences(stage: TranslateStage, data: EvalData) -> dict[str, list[str]]:
    """Each source line translated on its own: one record whose sentences are the lines, as they are."""
    record = {"id": "eval", "flags": [],
              "sentences": [{"text": line, "mt_input": line, "kind": "body", "paragraph": number}
                            for number, line in enumerate(data.sources, start=1)]}
    [output] = stage.process([record])
    if isinstance(output, RecordError):
        raise PipelineError(f"the translate stage refused the eval sentences: {output.message}")
    return output["translations"]


def translate_documents(stage: TranslateStage, config: PipelineConfig, data: EvalData
                        ) -> tuple[dict[str, list[str]], list[RecordError]]:
    """Each document through normalize and translate, its translated sentences joined into one segment.

    A document the pipeline rejects counts as an empty translation: that is what a user would have received.
    """
    documents = data.document_ranges()
    articles = [{"id": document_id, "title": data.sources[start], "text": "\n".join(data.sources[start + 1:end])}
                for document_id, start, end in documents]
    normalized = process(articles, config, stages="normalize")
    translated = stage.process(normalized.records)
    errors = normalized.errors + [output for output in translated if isinstance(output, RecordError)]
    by_id = {record["id"]: record for record in translated if not isinstance(record, RecordError)}
    hypotheses = {lang: [_joined(by_id[document_id]["translations"][lang], lang) if document_id in by_id else ""
                         for document_id, _, _ in documents]
                  for lang in stage.options.targets}
    return hypotheses, errors


# --------------------------------------------------------------------------------------------- evaluation


def evaluate(config: PipelineConfig | str | Path | None, data: EvalData, mode: str = "sentence",
             limit: int | None = None, target: str | None = None, progress: bool = False
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Translate `data` with the config's routes and score each reference language.

    Returns the results (scores, signatures, and the translate stage's description of its models under
    `manifest`) and the run manifest (that, plus config, data and package versions) for manifest.json.
    """
    if mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
    config = load_config(config).model_copy(deep=True)
    data = data.limited(mode, limit)
    if mode == "document":
        data.document_ranges()  # data without documents fails here, before any model is loaded
    languages = _languages(config, data, target)
    started = now()
    stage, hypotheses, references, errors = _translate(config, data, mode, languages, progress)
    pairs = {lang: {**score(hypotheses[lang], references[lang], lang), "sentences": len(data.sources)}
             for lang in languages}
    description = stage.describe()
    signature = eval_signature(data, mode, len(references[languages[0]]), stage, config)
    manifest = {"eval": "mt", "signature": signature, "pipeline_version": __version__, "started": started,
                "ended": now(), "argv": sys.argv, "mode": mode, "data": data.describe(),
                "config": config.model_dump(mode="json"), "config_hash": stable_hash(config.model_dump(mode="json")),
                "packages": package_versions(EVAL_PACKAGES),
                "translate": {"settings": stage.settings(), **description},
                "errors": [error.to_json() for error in errors]}
    results = {"mode": mode, "data": data.describe(), "pairs": pairs, "signature": signature,
               "errors": manifest["errors"], "manifest": description}
    return results, manifest


def _translate(config: PipelineConfig, data: EvalData, mode: str, languages: list[str], progress: bool,
               engines: dict | None = None
               ) -> tuple[TranslateStage, dict[str, list[str]], dict[str, list[str]], list[RecordError]]:
    """The config's translations of `data` into `languages` (config changed in place to translate only those), the
    references they are scored against, one segment each, and the documents normalize or translate refused."""
    from tqdm.auto import tqdm

    config.translate.targets = languages
    config.translate.facts = False  # scores are of sentences; key-fact phrases would only cost model time
    with tqdm(unit="sentences", desc="translate", disable=None if progress else True, leave=False) as bar:
        stage = TranslateStage(config, progress=bar.update, engines=engines)
        stage.check()
        if mode == "sentence":
            return stage, translate_sentences(stage, data), {lang: data.references[lang] for lang in languages}, []
        hypotheses, errors = translate_documents(stage, config, data)
    references = {lang: [_joined(data.references[lang][start:end], lang) for _, start, end in data.documents or []]
                  for lang in languages}
    return stage, hypotheses, references, errors


def compare_models(config: PipelineConfig | str | Path | None, data: EvalData, alternatives: list[tuple[str, str]],
                   mode: str = "sentence", limit: int | None = None, resamples: int = 1000, progress: bool = False
                   ) -> dict[str, Any]:
    """Per language of `alternatives` ((language, model) pairs): the config's model for that route and each
    alternative, scored on the same segments with sacrebleu's paired bootstrap test against the config's."""
    from sacrebleu.significance import PairedTest

    base = load_config(config)
    data = data.limited(mode, limit)
    if mode == "document":
        data.document_ranges()
    comparisons, engines = {}, {}  # the systems share loaded models: a pivot's first leg is loaded once
    for lang in dict.fromkeys(lang for lang, _ in alternatives):
        _languages(base, data, lang)
        systems = []
        for model in [None, *(model for other, model in alternatives if other == lang)]:  # None: the config's
            variant = base.model_copy(deep=True)
            if model is not None:  # the route as configured but for its model (a folder is read from here)
                route = variant.translate.routes[lang]
                variant.translate.routes = {**variant.translate.routes, lang: type(route).model_validate(
                    {**route.model_dump(), "model": model, "revision": None})}
            stage, hypotheses, references, errors = _translate(variant, data, mode, [lang], progress, engines)
            systems.append((variant.translate.routes[lang].model, hypotheses[lang],
                            eval_signature(data, mode, len(references[lang]), stage, variant), len(errors)))
        bleu, chrf = metrics(lang)
        signatures, scores = PairedTest([(model, hypotheses) for model, hypotheses, _, _ in systems],
                                        {"BLEU": bleu, "chrF": chrf}, [references[lang]], test_type="bs",
                                        n_samples=resamples)()
        columns = dict(zip(("bleu", "chrf"), (name for name in scores if name != "System")))  # "BLEU", "chrF2"
        comparisons[lang] = {
            "systems": [{"model": model, "signature": signature, "failed_documents": failed,
                         **{key: {"score": round(result.score, 2), "mean": round(result.mean, 2),
                                  "ci95": round(result.ci, 2), "p_value": result.p_value}  # ci95: mean ± this
                            for key, result in ((key, scores[name][row]) for key, name in columns.items())}}
                        for row, (model, _, signature, failed) in enumerate(systems)],
            "metric_signatures": {name: str(signature) for name, signature in signatures.items()},
            "segments": len(references[lang])}
    return {"mode": mode, "data": data.describe(), "resamples": resamples, "comparisons": comparisons}


def compare_report(results: dict[str, Any]) -> str:
    """The comparison as printed: per language, each model's BLEU and chrF (mean ± 95% interval, p against the
    config's model), then the metrics' signatures and each system's eval signature."""
    lines = []
    for lang, comparison in results["comparisons"].items():
        lines.append(f"compare {SOURCE_LANGUAGE}-{lang}: {results['mode']} mode, {comparison['segments']} segments, "
                     f"paired bootstrap resampling ({results['resamples']} samples, sacrebleu); p against the first")
        for row, system in enumerate(comparison["systems"]):
            cells = [f"{name} {system[name.lower()]['score']:6.2f} ({system[name.lower()]['mean']:.2f} "
                     f"± {system[name.lower()]['ci95']:.2f})"
                     + (f" p={system[name.lower()]['p_value']:.4f}" if row else " (config)")
                     for name in ("BLEU", "chrF")]
            lines.append(f"  {system['model']:<40} " + "   ".join(cells))
        lines += [f"  {name}: {signature}" for name, signature in comparison["metric_signatures"].items()]
        lines += [f"  signature: {system['signature']}" for system in comparison["systems"]]
    return "\n".join(lines)


def eval_signature(data: EvalData, mode: str, segments: int, stage: TranslateStage, config: PipelineConfig) -> str:
    """One line naming what produced the scores, in the spirit of sacrebleu's signatures."""
    fields = {"data": data.name, "sha": data.describe()["sha"][:12], "mode": mode, "n": segments,
              "pipeline": __version__, "translate": stable_hash(stage.settings(), 12)}
    if mode == "document":
        fields["normalize"] = config.normalize.fingerprint()[:12]
    for lang, route in stage.routes.items():
        fields[lang] = f"{Path(route.source.ref).name}@{str(route.source.revision)[:12]}"
    return Signature("eval:mt", fields).format()


def write_results(results: dict[str, Any], manifest: dict[str, Any], path: Path) -> Path:
    """The results at `path` and the run manifest as manifest.json beside it; returns the manifest's path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, results)
    manifest_path = path.with_name("manifest.json")
    write_json(manifest_path, manifest)
    return manifest_path


def report(results: dict[str, Any]) -> str:
    """The scores as printed: one line per metric with its sacrebleu signature, then the eval's signature."""
    data, mode = results["data"], results["mode"]
    unit = "sentences" if mode == "sentence" else "documents"
    segments = next(iter(results["pairs"].values()))["segments"]
    lines = [f"eval mt: {data['name']}, {mode} mode, {segments} {unit} ({data['sentences']} source sentences)"]
    if mode == "document":
        lines.append("document mode: each document went through normalize -> translate and its sentences were "
                     "joined into one segment, scored against its joined reference lines (the whole pipeline is "
                     "measured, not only the models)")
    for lang, pair in results["pairs"].items():
        lines.append(f"{SOURCE_LANGUAGE}-{lang}  BLEU {pair['bleu']:6.2f}  {pair['bleu_signature']}")
        lines.append(f"{SOURCE_LANGUAGE}-{lang}  chrF {pair['chrf']:6.2f}  {pair['chrf_signature']}")
    if results["errors"]:
        lines.append(f"{len(results['errors'])} document(s) failed and were scored as empty translations: "
                     + "; ".join(f"{e['id']} ({e['stage']}): {e['message']}" for e in results["errors"][:5]))
    lines.append(f"signature: {results['signature']}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `pipeline eval mt`."""
    parser.add_argument("--config", required=True, help="YAML config whose translation routes are scored")
    parser.add_argument("--mode", choices=MODES, default="sentence",
                        help="sentence: each source line alone (the models); document: NTREX documents through "
                             "normalize -> translate, one segment per document (the whole pipeline)")
    parser.add_argument("--limit", type=int, help="score only the first N sentences (sentence mode) or documents")
    parser.add_argument("--data", help="folder in the NTREX layout (default: the NTREX slice shipped in the package)")
    parser.add_argument("--dataset", help="Hugging Face dataset name or saved dataset folder, instead of --data")
    parser.add_argument("--dataset-config", help="the dataset's configuration name, if it has several")
    parser.add_argument("--split", default="test", help="dataset split (default: test; FLORES-200: devtest)")
    parser.add_argument("--source-column", help="dataset column with the Indonesian source")
    parser.add_argument("--reference-column", help="dataset column with the reference translation")
    parser.add_argument("--target", help="language of the references, e.g. en or ja (with --data: score only it)")
    parser.add_argument("--json", help="also write the results here, and the run manifest as manifest.json beside it")
    parser.add_argument("--compare", action="append", metavar="LANG=MODEL", default=[],
                        help="also score the route to LANG with MODEL (hub id or folder), paired bootstrap against "
                             "the config's model (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or timing line")


def run(args: argparse.Namespace) -> int:
    """What `pipeline eval mt` does with its parsed options."""
    if args.dataset:
        if args.data:
            raise ConfigError("give --data or --dataset, not both")
        missing = [option for option, value in (("--source-column", args.source_column),
                                                ("--reference-column", args.reference_column),
                                                ("--target", args.target)) if not value]
        if missing:
            raise ConfigError(f"--dataset needs {', '.join(missing)} (the reference column's language is --target)")
        data = load_dataset_pairs(args.dataset, args.split, args.source_column, args.reference_column, args.target,
                                  args.dataset_config)
    else:
        data = ntrex_data(Path(args.data) if args.data else ntrex.NTREX_DIR)
    started = time.perf_counter()
    if args.compare:
        alternatives = [tuple(item.split("=", 1)) for item in args.compare]
        if any(len(pair) != 2 or not all(pair) for pair in alternatives):
            raise ConfigError(f"--compare takes LANG=MODEL, got {', '.join(args.compare)}")
        comparison = compare_models(args.config, data, alternatives, args.mode, args.limit, progress=not args.quiet)
        print(compare_report(comparison), flush=True)
        if args.json:
            write_json(Path(args.json), comparison)
    else:
        results, manifest = evaluate(args.config, data, args.mode, args.limit, args.target, progress=not args.quiet)
        print(report(results), flush=True)
        if args.json:
            manifest_path = write_results(results, manifest, Path(args.json))
            print(f"results: {args.json} (manifest: {manifest_path})", file=sys.stderr)
    if not args.quiet:
        print(f"eval mt took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
