"""The CTranslate2 backend: MarianMT converted once to CTranslate2's runtime, int8 on a CPU, float16 on a GPU.

Optional (the `ct2` extra). The model is converted with ctranslate2's own TransformersConverter, once per model
revision, ctranslate2 version, quantization and vocabulary map, into `ct2/` beside the translation cache
($PIPELINE_CACHE's folder, else $XDG_CACHE_HOME or ~/.cache, /delegation-pipeline). It is written to a temporary
folder and renamed, so a crash or a second run converting at the same time never leaves half a model behind. The
compute type arrives resolved in the `Plan` (plan.py checks that this ctranslate2 build supports it on the device).

The converter drops Marian's `<pad>` row: transformers starts the decoder from `<pad>`, whose embedding is zero,
and CTranslate2 starts from a zero embedding instead. `<pad>` is the last id of Marian vocabularies, so every
other token keeps its id; the engine still talks to CTranslate2 in token strings from the same MarianTokenizer
and decodes its output with it, so nothing depends on the ids lining up. Without `<pad>` among the outputs,
CTranslate2's softmax equals transformers' renormalised one after Marian's ban on generating `<pad>`.

A vocabulary map (a target-vocabulary shortlist, as Marian's lexical shortlists) is used where a local model
folder holds one (VMAP_FILE, CTranslate2's format, written by `write_vocabulary_map`) and the precision is not
`exact`: each batch then scores only the target tokens its source tokens map to, not the whole vocabulary. The
map is part of the folder, so of its revision (a hash of its files) and of the translation cache's namespace;
how it was built (VMAP_INFO) goes into `describe()`, hence the manifest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import ModelUnavailableError
from pipeline.mt.base import MarianEngine, quiet_loading
from pipeline.mt.plan import Plan, cpu_info
from pipeline.mt.sources import ModelSource
from pipeline.records import stable_hash
from pipeline.resources import cache_dir

log = logging.getLogger(__name__)

#: What transformers' generate uses for the search settings a model's generation config leaves unset; CTranslate2's
#: own defaults differ (min_decoding_length 1, so no empty output), so they are always passed.
TRANSFORMERS_DEFAULTS = {"length_penalty": 1.0, "repetition_penalty": 1.0, "no_repeat_ngram_size": 0, "min_length": 0}
#: A model folder's vocabulary map (`source n-gram<TAB>target tokens` a line; an empty n-gram: always candidates)
#: and how it was made.
VMAP_FILE = "vmap.txt"
VMAP_INFO = "vmap.json"
#: Sentences that ran into the limit they were generated under, over this share, mark a model that does not stop by
#: itself (random weights, loops): the engine then goes back to batches of one length, where no sentence is redone.
CUT_SHARE = 0.5


def converted_model(source: ModelSource, quantization: str, vmap: Path | None = None) -> Path:
    """The CTranslate2 folder for a model revision, quantization and vocabulary map, converting it the first time."""
    import ctranslate2
    from ctranslate2.converters import TransformersConverter

    root = cache_dir() / "ct2"
    key = stable_hash({"revision": source.revision, "ctranslate2": ctranslate2.__version__,
                       "quantization": quantization, "vmap": _file_hash(vmap) if vmap else None}, 12)
    folder = root / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', source.path.name)}-{quantization}-{key}"
    if (folder / "model.bin").is_file():
        return folder
    log.info("converting %s to CTranslate2 (%s) in %s; later runs reuse it", source.ref, quantization, folder)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=root))
    try:
        try:
            with quiet_loading(), warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")  # see load_tokenizer
                TransformersConverter(str(source.path)).convert(str(staging), vmap=str(vmap) if vmap else None,
                                                                quantization=quantization, force=True)
        except Exception as error:  # the converter raises many types for a model it cannot read
            raise ModelUnavailableError(f"{source.ref}: CTranslate2 cannot convert this model "
                                        f"({type(error).__name__}: {error}); use engine torch") from None
        try:
            os.rename(staging, folder)
        except OSError:
            if not (folder / "model.bin").is_file():  # unless another run's conversion got there first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def vocabulary_map(source: ModelSource, plan: Plan) -> Path | None:
    """The folder's vocabulary map, if it has one and the plan may use it: not when switched off
    (`translate.vocabulary_map`), not for `exact` (the model card's output), nor for a hub snapshot, whose
    revision (a commit) would not change with a map added to it."""
    path = source.path / VMAP_FILE
    if not plan.vocabulary_map or plan.precision == "exact" or not source.revision.startswith("sha256:") \
            or not path.is_file():
        return None
    return path


class CTranslate2Engine(MarianEngine):
    """MarianMT generation with CTranslate2, with transformers' generation settings from the model's config."""

    def __init__(self, source: ModelSource, plan: Plan):
        import ctranslate2
        from transformers import GenerationConfig, MarianConfig

        super().__init__(source, plan)
        # On a CPU, one thread per batch and as many batches at once as threads: on the echo toy, 2 cores, 2 x 1
        # measured at least as fast as 1 x 2 (docs/scale.md, "CPU levers"); so that every thread has a batch, a
        # call is cut into at least as many batches as threads. A GPU runs one batch at a time.
        threads = plan.threads or cpu_info()["cores"]
        on_cpu = plan.device == "cpu"
        self.parallel_batches = threads if on_cpu else 1
        self.vmap = vocabulary_map(source, plan)
        self.translator = ctranslate2.Translator(
            str(converted_model(source, plan.dtype, self.vmap)), device=plan.device, compute_type=plan.dtype,
            inter_threads=threads if on_cpu else 1, intra_threads=1 if on_cpu else threads)
        # The generation settings transformers would use: the folder's generation_config.json, else config.json's.
        generation = (GenerationConfig.from_pretrained(source.path)
                      if (source.path / "generation_config.json").is_file()
                      else GenerationConfig.from_model_config(MarianConfig.from_pretrained(source.path)))

        def setting(name: str) -> Any:
            value = getattr(generation, name, None)
            return TRANSFORMERS_DEFAULTS[name] if value is None else value

        # transformers spends a sentence's last step on a forced </s> where the model asks for it; CTranslate2 ends
        # at its length limit without one, so its limit is one token less for the same output.
        self.forced_end = int(generation.forced_eos_token_id is not None)
        self.search = {"beam_size": self.num_beams, "length_penalty": setting("length_penalty"),
                       "repetition_penalty": setting("repetition_penalty"),
                       "no_repeat_ngram_size": setting("no_repeat_ngram_size"),
                       "min_decoding_length": setting("min_length"), "use_vmap": self.vmap is not None,
                       "return_end_token": True}  # tells a sentence that stopped by itself from one cut off
        self.end_token = self.tokenizer.eos_token
        #: Sentences generated under a shorter limit than their own, and how many of those it cut off.
        self.shared_limit = {"sentences": 0, "cut": 0}

    @property
    def one_length_per_batch(self) -> bool:  # type: ignore[override]
        """Batches of one input length (one limit each) once this model has shown it does not stop by itself."""
        seen = self.shared_limit["sentences"]
        return seen >= 8 and self.shared_limit["cut"] > CUT_SHARE * seen

    def describe(self) -> dict[str, Any]:
        described = super().describe()
        if self.vmap is not None:
            info = self.vmap.with_name(VMAP_INFO)
            described["vocabulary_map"] = {
                "sha256": _file_hash(self.vmap),
                **(json.loads(info.read_text(encoding="utf-8")) if info.is_file() else {"made": "unknown"})}
        return described

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        """All batches queued at once, so that the translator's threads each take one; collected in order.

        CTranslate2 takes one length limit per call, and a sentence must get the output it gets alone, under its
        own limit. A batch is generated under its sentences' shortest limit: the sentences whose own limit that is
        get exactly their own search; any other that stops by itself before it (with </s>) ran the same steps its
        own search would. One cut off at the shared limit is generated again under its own. (A sentence that ends
        by itself but whose search ran on to the shared limit is kept: a longer limit could in principle let a
        later, longer hypothesis outscore it, which takes a model still writing at twice its input's length.)
        """
        pending = [self._submit(encoded, min(limits)) for encoded, limits in batches]
        for (encoded, limits), results in zip(batches, pending):
            shared = min(limits)
            tokens = [result.result().hypotheses[0] for result in results]
            cut = [index for index, (hypothesis, limit) in enumerate(zip(tokens, limits))
                   if limit > shared and (not hypothesis or hypothesis[-1] != self.end_token)]
            self.shared_limit["sentences"] += sum(limit > shared for limit in limits)
            self.shared_limit["cut"] += len(cut)
            redone = [(index, self._submit([encoded[index]], limits[index])) for index in cut]
            for index, result in redone:
                tokens[index] = result[0].result().hypotheses[0]
            ids = [self.tokenizer.convert_tokens_to_ids(hypothesis) for hypothesis in tokens]
            yield self.tokenizer.batch_decode(ids, skip_special_tokens=True)

    def _submit(self, encoded: list[list[int]], limit: int) -> Any:
        return self.translator.translate_batch(  # token strings in and out: see the module's docstring
            [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded], asynchronous=True,
            max_decoding_length=limit - self.forced_end, **self.search)


def write_vocabulary_map(folder: Path, sources: list[str], targets: list[str], made_from: str, frequent: int = 100,
                         best: int = 20) -> Path:
    """A vocabulary map for the model in `folder` from parallel text (source and target lines, aligned), as
    Marian's lexical shortlists are made: always the `frequent` most common target tokens; for each source token
    the `best` target tokens that occur with it most (Dice: 2 × sentences with both / (sentences with each)), and
    itself, since a shared vocabulary copies names and numbers. Written as VMAP_FILE with VMAP_INFO (`made_from`,
    the settings, the line count) beside it; returns the map's path.
    """
    import torch

    from pipeline.mt.base import load_tokenizer

    tokenizer = load_tokenizer(folder)
    source_ids = [ids[:-1] for ids in tokenizer(sources, verbose=False)["input_ids"]]  # less </s>
    target_ids = [ids[:-1] for ids in tokenizer(text_target=targets, verbose=False)["input_ids"]]
    size = len(tokenizer.get_vocab())
    pairs = [torch.cartesian_prod(torch.tensor(sorted(set(s))), torch.tensor(sorted(set(t))))
             for s, t in zip(source_ids, target_ids) if s and t]
    keys, together = torch.unique(torch.cat(pairs)[:, 0] * size + torch.cat(pairs)[:, 1], return_counts=True)
    source_count = torch.bincount(torch.tensor([i for s in source_ids for i in set(s)]), minlength=size)
    target_count = torch.bincount(torch.tensor([i for t in target_ids for i in set(t)]), minlength=size)
    source, target = keys // size, keys % size
    dice = 2 * together / (source_count[source] + target_count[target])
    order = torch.argsort(dice, descending=True, stable=True)
    order = order[torch.argsort(source[order], stable=True)]  # by source token, best target first
    candidates: dict[int, list[int]] = {}
    for s, t in zip(source[order].tolist(), target[order].tolist()):
        if len(candidates.setdefault(s, [])) < best:
            candidates[s].append(t)
    special = {tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id}
    vocabulary = tokenizer.convert_ids_to_tokens(list(range(size)))
    usable = [not any(character.isspace() for character in token) for token in vocabulary]  # the format's separators
    common = [t for t in torch.argsort(target_count, descending=True, stable=True)[:frequent].tolist()
              if target_count[t] > 0]
    lines = ["\t" + " ".join(vocabulary[t] for t in common if usable[t])]
    for s in range(size):
        if s in special or not usable[s] or (s not in candidates and vocabulary[s].startswith("<")):  # <unused…>
            continue
        mapped = [t for t in candidates.get(s, []) if usable[t]]
        lines.append(vocabulary[s] + "\t" + " ".join(vocabulary[t] for t in ([s] if s not in mapped else []) + mapped))
    path = Path(folder) / VMAP_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (Path(folder) / VMAP_INFO).write_text(json.dumps(
        {"made_from": made_from, "lines": len(pairs), "frequent": frequent, "best": best, "score": "dice",
         "identity": True}, indent=1) + "\n", encoding="utf-8")
    return path
