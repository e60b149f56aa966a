"""The torch backend: MarianMT generation with transformers, float32, bf16, fp16 or dynamic int8 (CPU).

Each sentence ends at its own output limit (`per_sentence_limits`), so its translation is the one it would get
alone, whatever it is batched with; that is what lets the stage cache translations sentence by sentence.

On a CPU with 2 threads or more, two batches run at once, each on a Python thread of its own with half the torch
threads (`TorchEngine._generate`): torch releases the GIL inside its ops, so one batch's Python work per step
(generate's search) overlaps the other's compute, and small matrix products gain more from running side by side
than from being split. On the echo toy, 2 cores, 2 x 1 thread was 1.3x faster than 1 x 2 with the same output
(docs/scale.md, "CPU levers").
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pipeline.mt.base import MarianEngine, quiet_loading
from pipeline.mt.plan import Plan, cpu_info
from pipeline.mt.sources import WEIGHT_FILES, ModelSource

log = logging.getLogger(__name__)

#: The most batches generated at once on a CPU, each with an equal share of the threads. 2 is what was measured (2
#: cores); more at once would also hold more batches' keys and values in memory, each batch within batch_tokens.
MAX_PARALLEL_BATCHES = 2


class TorchEngine(MarianEngine):
    """MarianMT generation with transformers on torch."""

    def __init__(self, source: ModelSource, plan: Plan):
        import torch
        from transformers import MarianMTModel

        super().__init__(source, plan)
        if plan.threads:
            torch.set_num_threads(plan.threads)
        threads = plan.threads or cpu_info()["cores"]
        # A GPU runs one batch at a time; on a CPU, `_batches` then cuts a call into at least this many batches.
        self.parallel_batches = min(threads, MAX_PARALLEL_BATCHES) if plan.device == "cpu" else 1
        self.threads_per_batch = max(1, threads // self.parallel_batches)
        dtype = torch.float32 if plan.precision == "int8" else getattr(torch, plan.dtype)  # int8: quantized below
        use_safetensors = (source.path / WEIGHT_FILES[0]).is_file()
        with quiet_loading():
            # Concrete Marian classes: no code from a model folder is ever run (no trust_remote_code).
            model = MarianMTModel.from_pretrained(source.path, dtype=dtype, use_safetensors=use_safetensors)
        if plan.precision == "int8":
            with warnings.catch_warnings():
                # torch.ao is deprecated in favour of torchao; the ctranslate2 engine is the other int8 route.
                warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
                # In place: each float32 layer is freed as its int8 copy replaces it, so two models never coexist.
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8,
                                                               inplace=True)
        self.model = model.to(plan.device).eval()
        self.model.generation_config.num_beams = self.num_beams
        self.model.generation_config.max_length = None  # the length is max_new_tokens, set per batch

    def _generate(self, batches: list[tuple[list[list[int]], list[int]]]) -> Iterator[list[str]]:
        """Each batch's translations in order; on a CPU, `parallel_batches` batches at once, on threads of their own.

        The worker threads share the model (generate keeps its state per call). torch's thread count is the
        process's: it is lowered to `threads_per_batch` for the call and restored after it, so other torch work in
        the process (another stage's model) keeps its threads.
        """
        if self.parallel_batches == 1:
            for encoded, limits in batches:
                yield self._generate_batch(encoded, limits)
            return
        import torch

        previous = torch.get_num_threads()
        torch.set_num_threads(self.threads_per_batch)  # new threads start with the process's count
        pool = ThreadPoolExecutor(self.parallel_batches, thread_name_prefix="generate")
        try:
            pending = [pool.submit(self._generate_batch, encoded, limits) for encoded, limits in batches]
            for future in pending:
                yield future.result()
        finally:
            pool.shutdown(cancel_futures=True)  # after an error, no batch still queued is started
            torch.set_num_threads(previous)

    def _generate_batch(self, encoded: list[list[int]], limits: list[int]) -> list[str]:
        import torch

        inputs = self.tokenizer.pad({"input_ids": encoded}, return_tensors="pt").to(self.plan.device)
        limit_arguments = per_sentence_limits(limits, self.model.generation_config.forced_eos_token_id,
                                              self.plan.device)
        try:
            with torch.inference_mode():
                generated = self.model.generate(**inputs, **limit_arguments)
        except torch.OutOfMemoryError:
            if len(encoded) == 1:
                raise
            if self.plan.device == "cuda":
                torch.cuda.empty_cache()
            half = len(encoded) // 2
            log.warning("out of memory on a batch of %d sentences; retrying in halves", len(encoded))
            return (self._generate_batch(encoded[:half], limits[:half])
                    + self._generate_batch(encoded[half:], limits[half:]))
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)


def per_sentence_limits(limits: list[int], forced_eos_token_id: int | None, device: str = "cpu") -> dict[str, Any]:
    """`generate` arguments that end each sentence at its own limit, as if it were generated alone.

    generate takes one max_new_tokens per call; with it, a sentence's output would depend on the longest sentence
    batched with it whenever the model does not stop by itself (loops, random weights). At a sentence's own limit
    its beams end as generate ends every beam at max_new_tokens: </s> forced on the last step when the model's
    generation config asks for that (Marian's do), and no step after. Finished rows are still computed, so this
    costs nothing; sorting by length keeps the waste small.
    """
    import torch
    from transformers import LogitsProcessorList, StoppingCriteriaList

    per_row = torch.tensor(limits, device=device)
    processors = [_EndAtLimit(per_row, forced_eos_token_id)] if forced_eos_token_id is not None else []
    return {"max_new_tokens": max(limits), "logits_processor": LogitsProcessorList(processors),
            "stopping_criteria": StoppingCriteriaList([_StopAtLimit(per_row)])}


def _row_limits(limits: Any, rows: int) -> Any:
    """Each row's limit: generate lays out a sentence's beams (or beam candidates) as consecutive rows."""
    return limits.repeat_interleave(rows // len(limits))


class _EndAtLimit:
    """What forced_eos_token_id does at max_new_tokens, per sentence: on its last step, only </s> may come."""

    def __init__(self, limits: Any, eos: int):
        self.limits, self.eos = limits, eos

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        # input_ids holds the decoder's start token and the tokens so far: its length is the step being chosen.
        last_step = _row_limits(self.limits, input_ids.shape[0]) == input_ids.shape[-1]
        if not last_step.any():
            return scores
        rows = last_step.nonzero().squeeze(1)
        # In place, on those rows only: the scores are generate's own copy for this step, and copying all of them
        # (rows x vocabulary) on every step some sentence ends would cost more than the rest of this processor.
        scores[rows] = -math.inf
        scores[rows, self.eos] = 0
        return scores


class _StopAtLimit:
    """What max_new_tokens does, per sentence: a row that has generated its limit is finished."""

    def __init__(self, limits: Any):
        self.limits = limits

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        return input_ids.shape[-1] - 1 >= _row_limits(self.limits, input_ids.shape[0])
