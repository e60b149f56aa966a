"""The engine interface: what the translate stage, the cache and `fast` calibration rely on, whatever the backend.

An engine turns source sentences into translations with one backend (torch_engine.py, ct2_engine.py). Every
engine shares `MarianEngine`'s interface (`count_tokens`, `translate`, `max_input_tokens`, `describe`), Marian's
tokenizer, length-sorted batching under a token budget and the output-length rule, so a backend implements only
loading (from the `Plan` it receives) and `_generate`. This module imports no engine: engines import it.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.config import TranslateConfig
from pipeline.mt.plan import Plan
from pipeline.mt.sources import ModelSource


#: What one generation step costs besides its rows, in rows (sentences x beams): the search's own work per step,
#: which weighs fewer, fuller batches against less padding when `MarianEngine._batches` cuts them.
STEP_COST_ROWS = 4


def new_token_limit(input_tokens: int, rule: Plan | TranslateConfig, max_positions: int) -> int:
    """A sentence's max_new_tokens: ratio × its own input tokens + offset, within the model's position table."""
    return min(math.ceil(rule.max_new_tokens_ratio * input_tokens + rule.max_new_tokens_offset), max_positions - 1)


@contextmanager
def quiet_loading() -> Iterator[None]:
    """No "Loading weights" progress bars from transformers while a model loads: they clutter the CLI's output."""
    from transformers.utils import logging as transformers_logging

    was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            transformers_logging.enable_progress_bar()


def load_tokenizer(folder: Path) -> Any:
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # MarianTokenizer asks for sacremoses for a punctuation normaliser that tokenization never calls.
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        return MarianTokenizer.from_pretrained(folder)


class MarianEngine:
    """What every engine shares: Marian's tokenizer and input limit, the output-length rule, length-sorted batching.

    A subclass loads the model in its runtime as `plan` says and implements `_generate`, so the stage, the cache
    and the `fast` calibration treat all engines alike.
    """

    #: Whether a batch holds sentences of one input length only, hence of one output limit (for runtimes that take
    #: one limit per call).
    one_length_per_batch = False
    #: Batches the runtime generates at once (on a CPU, CTranslate2: one per thread; torch: up to 2): a call is cut
    #: into at least this many batches, when it has the sentences, so that none of them waits while one batch takes
    #: every sentence.
    parallel_batches = 1

    def __init__(self, source: ModelSource, plan: Plan):
        from transformers import MarianConfig

        self.source = source
        self.plan = plan
        self.tokenizer = load_tokenizer(source.path)
        self.num_beams = plan.num_beams or source.num_beams
        # Sinusoidal position tables end at max_position_embeddings, for the source and for the output alike.
        self.max_positions = MarianConfig.from_pretrained(source.path).max_position_embeddings
        limits = [self.max_positions, self.tokenizer.model_max_length, plan.max_input_tokens]
        self.max_input_tokens = min(limit for limit in limits if limit)
        #: Seconds spent generating, so that a caller can tell the stage's own overhead from model time.
        self.generate_seconds = 0.0
        #: How `fast` chose this engine (set by calibration.choose_fast), for the manifest.
        self.fast: dict[str, Any] | None = None

    def describe(self) -> dict[str, Any]:
        return {"ref": self.source.ref, "revision": self.source.revision, "engine": self.plan.backend,
                "device": self.plan.device, "precision": self.plan.precision, "dtype": self.plan.dtype,
                "num_beams": self.num_beams, "max_input_tokens": self.max_input_tokens,
                **({"fast": self.fast} if self.fast else {})}

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source tokens of each text, end-of-sentence token included, as the model's input limit counts them."""
        return [len(ids) for ids in self._encode(texts)]

    def translate(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[str]:
        """Translations in the order of `texts`; each must fit `max_input_tokens` (the caller splits longer ones).

        Texts are generated longest first in batches of similar length, so little compute goes to padding and an
        out-of-memory error, if it comes, comes in the first batch. Each text's output limit follows from its own
        length, so its translation does not depend on what it is batched with.
        """
        encoded = self._encode(texts)
        too_long = [len(ids) for ids in encoded if len(ids) > self.max_input_tokens]
        if too_long:
            raise ValueError(f"{len(too_long)} texts exceed the model's input limit of {self.max_input_tokens} tokens")
        limits = [new_token_limit(len(ids), self.plan, self.max_positions) for ids in encoded]
        batches = list(self._batches([len(ids) for ids in encoded]))
        outputs: list[str] = [""] * len(texts)
        start = time.perf_counter()
        for batch, generated in zip(batches, self._generate([([encoded[i] for i in batch], [limits[i] for i in batch])
                                                             for batch in batches])):
            for index, text in zip(batch, generated):
                outputs[index] = text
            if progress is not None:
                progress(len(batch))
        self.generate_seconds += time.perf_counter() - start
        return outputs

    def _encode(self, texts: list[str]) -> list[list[int]]:
        # verbose=False: over-long texts are expected here (they are counted to be split), not an error to log.
        return self.tokenizer(texts, verbose=False)["input_ids"] if texts else []

    def _batches(self, lengths: list[int]) -> Iterator[list[int]]:
        """Indexes longest first, in batches whose padded size times beams stays within the budget (a batch of one
        always fits), at least `parallel_batches` of them when there are the sentences.

        A batch runs as many steps as its longest sentence needs, and generate computes every row at every step,
        finished or not; so the sorted sentences are cut into the runs that minimise the rows computed, each step
        costing its rows (sentences x beams) plus STEP_COST_ROWS for the search's own work: fewer, fuller batches
        against less padding. With `one_length_per_batch`, each batch holds one length, as full as the budget lets.
        """
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        longest = [lengths[i] for i in order]
        most = min(self.plan.max_batch_sentences, max(1, math.ceil(len(order) / self.parallel_batches)))

        def fits(start: int, end: int) -> bool:
            return end - start == 1 or (end - start <= most and (end - start) * longest[start] * self.num_beams
                                        <= self.plan.batch_tokens
                                        and not (self.one_length_per_batch and longest[end - 1] != longest[start]))

        if self.one_length_per_batch:
            cuts = [0]
            while cuts[-1] < len(order):
                end = cuts[-1] + 1
                while end < len(order) and fits(cuts[-1], end + 1):
                    end += 1
                cuts.append(end)
        else:
            cost = [0.0] * (len(order) + 1)  # cost[i]: the least rows computed for the sentences from i on
            cut = [len(order)] * (len(order) + 1)
            for start in range(len(order) - 1, -1, -1):
                cost[start] = math.inf
                end = start + 1
                while end <= len(order) and fits(start, end):
                    rows = longest[start] * ((end - start) * self.num_beams + STEP_COST_ROWS) + cost[end]
                    if rows < cost[start]:
                        cost[start], cut[start] = rows, end
                    end += 1
            cuts = [0]
            while cuts[-1] < len(order):
                cuts.append(cut[cuts[-1]])
        for start, end in zip(cuts, cuts[1:]):
            yield order[start:end]

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        """Each batch's translations, in order, as each is done; a batch is token ids and each one's output limit."""
        raise NotImplementedError
