"""The echo toy: a MarianMT model of opus-mt-id-en's size whose output is its input, so that it stops as real ones do.

Built once for the module (a few seconds; ~300 MB in a temporary folder, removed after). Its engines translate
NTREX sentences: the output must be the input, token for token, ending with </s> long before the length limit,
in float32 with torch and CTranslate2 alike and, as a confident model's output should, with both int8 engines.
"""

from __future__ import annotations

import shutil

import pytest
import torch

from pipeline.config import RouteConfig, TranslateConfig, load_config
from pipeline.evaluate import ntrex
from pipeline.evaluate.toy_models import ECHO_SIZE, build_echo_model, main
from pipeline.mt.calibration import load_engine
from pipeline.mt.plan import resolve_plans
from pipeline.mt.sources import check_available

SENTENCES = ntrex.read_lines("id")[:20]
#: Share of sentences an int8 engine must give exactly as float32 does.
INT8_SURVIVAL = 0.95


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    """The echo model, and CTranslate2 conversions kept in the module's own cache folder, removed after the module
    (some 700 MB that pytest would otherwise keep for three sessions)."""
    folder = tmp_path_factory.mktemp("echo_toy")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PIPELINE_CACHE", str(folder / "cache" / "translations.sqlite"))
            model = build_echo_model(folder / "id-en")
            yield check_available(RouteConfig(model=str(model)), "translate.routes.en.model")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def engines(echo):
    """Engines by (backend, precision) on demand, each loaded once for the module."""
    loaded = {}

    def engine(backend: str, precision: str):
        if (backend, precision) not in loaded:
            options = TranslateConfig(engine=backend, precision=precision, device="cpu", threads=1, num_beams=1)
            loaded[backend, precision] = load_engine(echo, resolve_plans(options))
        return loaded[backend, precision]

    return engine


@pytest.fixture(scope="module")
def float32_outputs(engines):
    return engines("torch", "exact").translate(SENTENCES)


def test_the_echo_toy_has_the_real_models_dimensions_and_every_layer_computes(engines):
    model, tokenizer = engines("torch", "exact").model, engines("torch", "exact").tokenizer
    config = model.config
    assert (config.d_model, config.encoder_layers, config.decoder_layers, config.encoder_attention_heads,
            config.decoder_attention_heads, config.encoder_ffn_dim, config.decoder_ffn_dim, config.vocab_size) == (
        512, 6, 6, 8, 8, 2048, 2048, ECHO_SIZE.vocab_size)
    assert config.pad_token_id == config.decoder_start_token_id == config.vocab_size - 1  # <pad> last
    assert config.share_encoder_decoder_embeddings and config.tie_word_embeddings
    layers = [*model.model.encoder.layers, *model.model.decoder.layers]
    assert len(layers) == 12
    for layer in layers:
        for linear in (module for module in layer.modules() if isinstance(module, torch.nn.Linear)):
            # Small random weights everywhere (the copying matrices on top of them in one layer): no kernel can
            # skip a layer, nor a block of one (one output row of zeros at most: the anchor, see echo_weights).
            assert (linear.weight != 0).float().mean() > 0.99 and (linear.bias != 0).float().mean() > 0.99

    changes = []  # how much each layer changes the residual stream it reads (after the first, already normalised)

    def change(module, args, kwargs, output):
        given = args[0] if args else kwargs["hidden_states"]
        made = output[0] if isinstance(output, tuple) else output
        changes.append(((made - given).norm() / given.norm()).item())

    hooks = [layer.register_forward_hook(change, with_kwargs=True) for layer in layers]
    try:
        inputs = tokenizer(SENTENCES[:3], return_tensors="pt", padding=True)
        with torch.inference_mode():
            model(**inputs, decoder_input_ids=torch.full((3, 4), config.decoder_start_token_id))
    finally:
        for hook in hooks:
            hook.remove()
    assert len(changes) == 12
    # Layers other than the first of each stack (LayerNorm of the raw embeddings) and the copying one: each one
    # changes the stream a little (1% here), computing, without disturbing the copy.
    assert all(0.001 < change < 0.05 for change in changes[1:6] + changes[7:])


def test_the_echo_toy_gives_back_its_input_token_for_token_and_stops(engines):
    engine = engines("torch", "exact")
    tokenizer, model = engine.tokenizer, engine.model
    pad = model.config.pad_token_id
    encoded = tokenizer(SENTENCES)["input_ids"]
    inputs = tokenizer.pad({"input_ids": encoded}, return_tensors="pt")
    limit = engine.max_positions - 1
    with torch.inference_mode():
        generated = model.generate(**inputs, num_beams=1, max_new_tokens=limit)
    for ids, row in zip(encoded, generated.tolist()):
        assert row[:len(ids) + 1] == [pad, *ids]  # the decoder's start, then the input, its </s> included
        assert set(row[len(ids) + 1:]) <= {pad}  # then nothing: it stopped by itself, far below the limit
    assert generated.shape[1] == max(map(len, encoded)) + 1 < limit / 4

    # A confident model: at every step of every sentence, the right token leads the next best by many nats.
    margins = []
    for ids in encoded:
        with torch.inference_mode():
            logits = model(input_ids=torch.tensor([ids]), decoder_input_ids=torch.tensor([[pad, *ids[:-1]]])).logits
        top = logits[0].topk(2, dim=-1)
        assert top.indices[:, 0].tolist() == ids
        margins.append((top.values[:, 0] - top.values[:, 1]).min().item())
    assert min(margins) > 8


def test_the_echo_toy_gives_back_its_input_text_through_torch_and_ctranslate2_alike(engines, float32_outputs):
    assert float32_outputs == SENTENCES
    pytest.importorskip("ctranslate2")
    ct2 = engines("ctranslate2", "exact")
    assert ct2.describe()["dtype"] == "float32"
    assert ct2.translate(SENTENCES) == float32_outputs  # float32 with either engine: exactly the same output


@pytest.mark.parametrize("backend", ["torch", "ctranslate2"])
def test_int8_keeps_the_echo_toys_output(engines, float32_outputs, backend):
    """A confident model's output survives int8 rounding: both int8 engines give (nearly) every sentence back."""
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    outputs = engines(backend, "int8").translate(SENTENCES)
    same = sum(output == expected for output, expected in zip(outputs, float32_outputs))
    assert same >= INT8_SURVIVAL * len(SENTENCES), f"{backend} int8: {same}/{len(SENTENCES)} as float32"


def test_the_echo_option_writes_both_routes_and_a_pipeline_config(tmp_path, monkeypatch, capsys):
    """`--toy echo` lays out DIR/id-en, DIR/en-ja and DIR/pipeline.yaml as the other sizes do (build stubbed)."""
    built = []
    monkeypatch.setattr("pipeline.evaluate.toy_models.build_echo_model",
                        lambda out, source, target: built.append((out.name, source, target)) or out)
    main(["--out", str(tmp_path), "--toy", "echo"])
    assert built == [("id-en", "id", "en"), ("en-ja", "en", "ja")]
    assert "echo models" in capsys.readouterr().out
    config = load_config(tmp_path / "pipeline.yaml")
    assert {target: (route.model, route.source) for target, route in config.translate.routes.items()} == {
        "en": (str(tmp_path / "id-en"), "id"), "ja": (str(tmp_path / "en-ja"), "en")}
