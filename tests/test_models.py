"""Finding models (local folders, the hub cache, an unreachable hub), resolving plans, running TorchEngine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from pipeline.config import RouteConfig, TranslateConfig
from pipeline.errors import ConfigError, ModelUnavailableError
from pipeline.mt.plan import Plan, dtype_for, resolve_plans
from pipeline.mt.sources import check_available
from pipeline.mt.torch_engine import TorchEngine
from pipeline.resources import folder_hash

SETTING = "translate.routes.en.model"


def test_local_folder_is_found_with_a_stable_content_revision(toy_models, tmp_path):
    source = check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING)
    assert source.path == toy_models / "id-en"
    assert source.revision.startswith("sha256:")
    assert check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING).revision == source.revision
    assert source.num_beams == 4  # from the model's generation_config.json

    copy = shutil.copytree(toy_models / "id-en", tmp_path / "moved")
    assert folder_hash(copy) == source.revision  # the content, not the location, is the revision
    (copy / ".cache").mkdir()
    (copy / ".cache" / "download.lock").write_text("x")
    assert folder_hash(copy) == source.revision  # download metadata is not the model
    config = json.loads((copy / "config.json").read_text())
    (copy / "config.json").write_text(json.dumps({**config, "dropout": 0.2}))
    assert folder_hash(copy) != source.revision


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match=f"{SETTING}: model folder .*nowhere does not exist"):
        check_available(RouteConfig(model=str(tmp_path / "nowhere")), SETTING)


def test_a_reference_that_is_neither_folder_nor_hub_id_is_a_clear_error():
    with pytest.raises(ModelUnavailableError, match="neither an existing folder nor a Hugging Face model id"):
        check_available(RouteConfig(model="opus mt: id-en"), SETTING)


def test_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match="has no config.json"):
        check_available(RouteConfig(model=str(tmp_path)), SETTING)


def test_a_bert_folder_is_not_taken_for_a_translation_model(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertModel"]}))
    with pytest.raises(ConfigError, match="'bert' model; translation needs a MarianMT model"):
        check_available(RouteConfig(model=str(tmp_path)), SETTING)


def test_a_folder_missing_weights_names_what_is_missing(toy_models, tmp_path):
    folder = shutil.copytree(toy_models / "id-en", tmp_path / "partial")
    (folder / "model.safetensors").unlink()
    (folder / "target.spm").unlink()
    with pytest.raises(ModelUnavailableError, match="lacks target.spm, model.safetensors or pytorch_model.bin"):
        check_available(RouteConfig(model=str(folder)), SETTING)


def _check_in_fresh_process(model: str, env: dict[str, str]) -> dict:
    """check_available in a new interpreter: huggingface_hub reads HF_HOME and HF_HUB_OFFLINE when imported."""
    script = textwrap.dedent(f"""
        import json
        from pipeline.config import RouteConfig
        from pipeline.errors import PipelineError
        from pipeline.mt.sources import check_available
        try:
            source = check_available(RouteConfig(model={model!r}), {SETTING!r})
            print(json.dumps({{"path": str(source.path), "revision": source.revision}}))
        except PipelineError as error:
            print(json.dumps({{"error": type(error).__name__, "message": str(error)}}))
    """)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "TRANSFORMERS_"))}
    # A guard against hanging, not a measurement: the check must answer at once without a network.
    done = subprocess.run([sys.executable, "-c", script], env={**environment, **env}, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_hub_model_missing_offline_names_the_model_and_the_ways_to_provide_it(tmp_path):
    result = _check_in_fresh_process("Helsinki-NLP/opus-mt-id-en",
                                     {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"})
    assert result["error"] == "ModelUnavailableError"
    message = result["message"]
    assert "'Helsinki-NLP/opus-mt-id-en'" in message and SETTING in message
    assert "hf download Helsinki-NLP/opus-mt-id-en" in message and "HF_HOME" in message
    assert str(tmp_path / "hf" / "hub") in message  # where it looked
    assert "local folder" in message


def test_hub_model_missing_and_hub_unreachable_fails_fast_with_the_same_advice(tmp_path):
    # A closed local port: the connection is refused at once, as on a machine without internet.
    result = _check_in_fresh_process("Helsinki-NLP/opus-mt-id-en",
                                     {"HF_HOME": str(tmp_path / "hf"), "HF_ENDPOINT": "http://127.0.0.1:9"})
    assert result["error"] == "ModelUnavailableError"
    assert "the hub cannot be reached" in result["message"] and "hf download" in result["message"]


def test_hub_model_in_the_cache_is_used_offline_with_its_commit_as_revision(toy_models, tmp_path):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hf" / "hub" / "models--Helsinki-NLP--opus-mt-id-en"
    shutil.copytree(toy_models / "id-en", repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    result = _check_in_fresh_process("Helsinki-NLP/opus-mt-id-en",
                                     {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"})
    assert result == {"path": str(repo / "snapshots" / commit), "revision": commit}


def test_precision_that_the_device_cannot_run_is_a_config_error():
    assert dtype_for("torch", "exact", "cuda") == "float32"
    with pytest.raises(ConfigError, match="fp16 needs a GPU"):
        dtype_for("torch", "fp16", "cpu")
    with pytest.raises(ConfigError, match="int8 .* runs on a CPU only"):
        dtype_for("torch", "int8", "cuda")
    with pytest.raises(ConfigError, match="fp16 needs a GPU"):
        resolve_plans(TranslateConfig(engine="torch", precision="fp16", device="cpu"))


def test_a_plan_carries_every_setting_the_engine_reads_resolved_once():
    options = TranslateConfig(precision="bf16", device="cpu", threads=2, num_beams=3, batch_tokens=100,
                              max_batch_sentences=7, max_input_tokens=50, max_new_tokens_ratio=1.5,
                              max_new_tokens_offset=4)
    assert resolve_plans(options) == [Plan(backend="torch", precision="bf16", device="cpu", dtype="bfloat16",
                                           threads=2, num_beams=3, max_new_tokens_ratio=1.5, max_new_tokens_offset=4,
                                           batch_tokens=100, max_batch_sentences=7, max_input_tokens=50)]


def _plan(**settings) -> Plan:
    [plan] = resolve_plans(TranslateConfig(**settings))
    return plan


@pytest.fixture(scope="module")
def engine(toy_models):
    plan = _plan(threads=1, num_beams=1, batch_tokens=40, max_batch_sentences=3)
    return TorchEngine(check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING), plan)


def test_batches_stay_within_the_token_budget_and_cover_every_text_once(engine):
    lengths = [5, 30, 12, 12, 3, 8, 8, 8, 8, 41, 1]
    batches = list(engine._batches(lengths))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 40
    assert batches[0] == [9]  # longest first: an out-of-memory error would come at once


def test_token_budget_counts_every_beam_since_each_holds_its_own_keys_and_values(engine, monkeypatch):
    lengths = [8, 8, 8, 8, 8, 8]
    assert [len(batch) for batch in engine._batches(lengths)] == [3, 3]  # 3 x 8 tokens x 1 beam <= 40
    monkeypatch.setattr(engine, "num_beams", 2)
    assert [len(batch) for batch in engine._batches(lengths)] == [2, 2, 2]  # 3 x 8 x 2 = 48 > 40


def test_engine_returns_one_output_per_input_in_input_order(engine):
    texts = ["Kota Bekasi.", "Pemerintah Kota Bekasi menerima kunjungan kerja dari Jepang.", "Ya.", "Kota Bekasi."]
    outputs = engine.translate(texts)
    assert len(outputs) == 4 and all(isinstance(output, str) for output in outputs)
    assert outputs[0] == outputs[3]  # the same input, wherever it is sorted to, gives the same output
    assert [engine.translate([text])[0] for text in texts[:2]] == outputs[:2]
    assert engine.count_tokens(["", "Kota Bekasi."]) == [1, engine.count_tokens(["Kota Bekasi."])[0]]
    with pytest.raises(ValueError, match="exceed the model's input limit"):
        engine.translate(["kata " * 600])


def test_two_batches_at_once_give_each_sentence_the_output_of_one_batch_at_a_time(toy_models, copy_model, engine,
                                                                                  monkeypatch):
    """On a CPU with 2 threads, batches run two at a time (one torch thread each): the same outputs, in input order,
    and the process's torch thread count restored after the call, also when a batch fails."""
    import torch

    plan = _plan(threads=2, num_beams=1, batch_tokens=40, max_batch_sentences=3)
    texts = [f"Kota nomor {n} menerima {n * 7} tamu dari Jepang." * (1 + n % 3) for n in range(11)]
    parallel = TorchEngine(check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING), plan)
    assert parallel.parallel_batches == 2 and len(list(parallel._batches(parallel.count_tokens(texts)))) > 2
    assert parallel.translate(texts) == engine.translate(texts)  # engine: threads=1, one batch at a time
    copying = TorchEngine(check_available(RouteConfig(model=str(copy_model)), SETTING), plan)
    assert copying.translate(texts) == texts  # each output lands on its own input
    assert torch.get_num_threads() == 2

    def failing(encoded, limits):
        raise RuntimeError("no memory")

    monkeypatch.setattr(parallel, "_generate_batch", failing)
    with pytest.raises(RuntimeError, match="no memory"):
        parallel.translate(texts)
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("precision, dtype", [("bf16", "bfloat16"), ("int8", "int8")])
def test_reduced_precisions_run_on_cpu(toy_models, precision, dtype):
    plan = _plan(threads=1, num_beams=1, precision=precision, device="cpu")
    engine = TorchEngine(check_available(RouteConfig(model=str(toy_models / "id-en")), SETTING), plan)
    assert engine.describe()["dtype"] == dtype
    assert len(engine.translate(["Kota Bekasi.", "Jepang."])) == 2
