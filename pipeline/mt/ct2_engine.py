"""The CTranslate2 backend: MarianMT converted once to CTranslate2's runtime, int8 on a CPU, float16 on a GPU.

Optional (the `ct2` extra). The model is converted with ctranslate2's own TransformersConverter, once per model
revision, ctranslate2 version and quantization, into `ct2/` beside the translation cache ($PIPELINE_CACHE's
folder, else $XDG_CACHE_HOME or ~/.cache, /delegation-pipeline). It is written to a temporary folder and
renamed, so a crash or a second run converting at the same time never leaves half a model behind. The compute
type arrives resolved in the `Plan` (plan.py checks that this ctranslate2 build supports it on the device).

The converter drops Marian's `<pad>` row: transformers starts the decoder from `<pad>`, whose embedding is zero,
and CTranslate2 starts from a zero embedding instead. `<pad>` is the last id of Marian vocabularies, so every
other token keeps its id; the engine still talks to CTranslate2 in token strings from the same MarianTokenizer
and decodes its output with it, so nothing depends on the ids lining up. Without `<pad>` among the outputs,
CTranslate2's softmax equals transformers' renormalised one after Marian's ban on generating `<pad>`.
"""

from __future__ import annotations

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


def converted_model(source: ModelSource, quantization: str) -> Path:
    """The CTranslate2 folder for a model revision and quantization, converting it the first time."""
    import ctranslate2
    from ctranslate2.converters import TransformersConverter

    root = cache_dir() / "ct2"
    key = stable_hash({"revision": source.revision, "ctranslate2": ctranslate2.__version__,
                       "quantization": quantization}, 12)
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
                TransformersConverter(str(source.path)).convert(str(staging), quantization=quantization, force=True)
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


class CTranslate2Engine(MarianEngine):
    """MarianMT generation with CTranslate2, with transformers' generation settings from the model's config."""

    # CTranslate2 takes one maximum length per call. Batches of one input length are small, but CTranslate2 is
    # efficient at small batches: on the toy `full` model they were no slower than length-sorted batches of 32.
    one_length_per_batch = True

    def __init__(self, source: ModelSource, plan: Plan):
        import ctranslate2
        from transformers import GenerationConfig, MarianConfig

        super().__init__(source, plan)
        # On a CPU, one thread per batch and as many batches at once as threads: batches of one length are small,
        # and small batches gain more from running side by side than from splitting each one's matrix products
        # (on the toy `full` model, 2 cores: 1.8 sentences/s against 1.2). A GPU runs one batch at a time.
        threads = plan.threads or cpu_info()["cores"]
        on_cpu = plan.device == "cpu"
        self.translator = ctranslate2.Translator(
            str(converted_model(source, plan.dtype)), device=plan.device, compute_type=plan.dtype,
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
                       "min_decoding_length": setting("min_length")}

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        """All batches queued at once, so that the translator's threads each take one; collected in order."""
        pending = [self.translator.translate_batch(  # token strings in and out: see the module's docstring
            [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded], asynchronous=True,
            max_decoding_length=limits[0] - self.forced_end, **self.search)  # one length, so one limit, per batch
            for encoded, limits in batches]
        for results in pending:
            yield self.tokenizer.batch_decode([self.tokenizer.convert_tokens_to_ids(result.result().hypotheses[0])
                                               for result in results], skip_special_tokens=True)
