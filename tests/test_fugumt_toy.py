"""A toy laid out like staka/fugumt-en-ja on the ja route: the pipeline runs it with torch and CTranslate2.

fugumt differs from the opus-mt models the other toys copy: its generation settings live in config.json (no
generation_config.json), its one vocabulary of 32,001 entries ends with <pad>, the decoder's start and a banned
word, and it asks for 12 beams. The toy's output layer favours <pad> (FUGUMT_PAD_BIAS), so <pad> stays out of
its output only if the ban in its config.json is applied. The ja route pivots on the copy model's en route (its
"English" is the Indonesian input, the glossary's English terms put in), so the glossary reaches the ja route.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from pipeline import process
from pipeline.evaluate import ntrex
from pipeline.evaluate.toy_fugumt import FUGUMT_PAD, FUGUMT_VOCAB, build_fugumt_toy

ARTICLES = ntrex.articles()[:2]


@pytest.fixture(scope="module")
def fugumt(tmp_path_factory):
    return build_fugumt_toy(tmp_path_factory.mktemp("fugumt") / "fugumt-en-ja")


def test_the_toy_has_fugumts_layout(fugumt):
    config = json.loads((fugumt / "config.json").read_text(encoding="utf-8"))
    assert (config["vocab_size"], config["pad_token_id"], config["decoder_start_token_id"], config["eos_token_id"],
            config["bad_words_ids"], config["num_beams"], config["max_length"]) == (
        FUGUMT_VOCAB, FUGUMT_PAD, FUGUMT_PAD, 0, [[FUGUMT_PAD]], 12, 512)
    assert config["share_encoder_decoder_embeddings"] and config["static_position_embeddings"]
    assert not (fugumt / "generation_config.json").exists()  # the settings above are the only ones
    vocab = json.loads((fugumt / "vocab.json").read_text(encoding="utf-8"))
    assert len(vocab) == FUGUMT_VOCAB and vocab["<pad>"] == FUGUMT_PAD and vocab["</s>"] == 0
    assert (fugumt / "source.spm").read_bytes() != (fugumt / "target.spm").read_bytes()


@pytest.mark.parametrize("engine", ["torch", "ctranslate2"])
def test_the_pipeline_translates_through_a_fugumt_shaped_ja_route(engine, fugumt, copy_model, tmp_path,
                                                                  monkeypatch):
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    from transformers import MarianMTModel, MarianTokenizer

    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache" / "translations.sqlite"))  # CTranslate2 models
    generated: list[list[int]] = []  # fugumt's output ids, as the engines hand them to the tokenizer to decode
    generation_configs = []
    decode, generate = MarianTokenizer.batch_decode, MarianMTModel.generate

    def spy_decode(self, sequences, *args, **kwargs):
        if len(self) == FUGUMT_VOCAB:
            generated.extend([int(token) for token in row] for row in sequences)
        return decode(self, sequences, *args, **kwargs)

    def spy_generate(self, *args, **kwargs):
        if self.config.vocab_size == FUGUMT_VOCAB:
            generation_configs.append(self.generation_config)
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(MarianTokenizer, "batch_decode", spy_decode)
    monkeypatch.setattr(MarianMTModel, "generate", spy_generate)
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("id\ten\tja\nMajelis\tAssembly\t議会\n", encoding="utf-8")
    config = {"translate": {
        "routes": {"en": {"model": str(copy_model), "source": "id"}, "ja": {"model": str(fugumt), "source": "en"}},
        "engine": engine, "precision": "exact", "device": "cpu", "threads": 1,
        "num_beams": 2,  # not fugumt's 12: slow, and what is tested is where the other settings come from
        "max_new_tokens_ratio": 1.0, "max_new_tokens_offset": 4,
        "cache": str(tmp_path / "translations.sqlite"), "glossary": str(glossary)}}

    processed = process(ARTICLES, config, stages="normalize,translate")
    assert not processed.errors and len(processed.records) == len(ARTICLES)
    for record in processed.records:
        count = len(record["sentences"])
        assert len(record["translations"]["ja"]) == len(record["translation_flags"]["ja"]) == count
        assert all(isinstance(text, str) for text in record["translations"]["ja"])
    flags = [flag for record in processed.records for sentence in record["translation_flags"]["ja"]
             for flag in sentence]
    assert "glossary_missed" in flags  # the English term reached the ja route, whose random output lacks 議会
    assert {"too_short", "too_long", "number_missing", "repetition"} & set(flags)  # the quality checks ran

    # fugumt's generation settings came from its config.json: <pad> starts the decoder and is never generated.
    assert generated
    for row in generated:
        if engine == "torch":  # transformers' rows: the decoder's start, the output, </s>, then padding
            assert row[0] == FUGUMT_PAD
            row = row[1:row.index(0, 1)] if 0 in row[1:] else row[1:]
        assert FUGUMT_PAD not in row
    if engine == "torch":
        assert generation_configs and all(
            (c.bad_words_ids, c.decoder_start_token_id) == ([[FUGUMT_PAD]], FUGUMT_PAD) for c in generation_configs)

    # A second run is served from the translation cache: no generation, the same translations.
    calls = len(generated)
    again = process(ARTICLES, config, stages="normalize,translate")
    assert [r["translations"] for r in again.records] == [r["translations"] for r in processed.records]
    assert len(generated) == calls
    with sqlite3.connect(tmp_path / "translations.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] > 0
