"""A toy with staka/fugumt-en-ja's layout: the Japanese MarianMT model users may route `ja` through.

Random weights (the output is not a translation); what it checks is that a model laid out like fugumt (generation
settings only in config.json, one 32,001-entry vocabulary with <pad> last as decoder start and banned word)
passes through every engine, the glossary, the cache and the flags.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate.toy_models import (CHARACTER_COVERAGE, SEED, SIZES, write_tokenizer, corpus,
                                          train_sentencepiece)

FUGUMT_VOCAB = 32_001
FUGUMT_PAD = FUGUMT_VOCAB - 1
#: config.json of staka/fugumt-en-ja as the hub serves it (an English-Japanese MarianMT model): a vocabulary shared
#: by both sides with <pad> last, and the generation settings in config.json (there is no generation_config.json):
#: <pad> as decoder start and as a banned word, 12 beams, max_length 512. The dimensions are overwritten per size.
FUGUMT_CONFIG = {
    "_name_or_path": "staka/fugumt-en-ja", "activation_dropout": 0.0, "activation_function": "swish",
    "add_bias_logits": False, "add_final_layer_norm": False, "architectures": ["MarianMTModel"],
    "attention_dropout": 0.0, "bad_words_ids": [[FUGUMT_PAD]], "bos_token_id": 0, "classif_dropout": 0.0,
    "classifier_dropout": 0.0, "d_model": 512, "decoder_attention_heads": 8, "decoder_ffn_dim": 2048,
    "decoder_layerdrop": 0.0, "decoder_layers": 6, "decoder_start_token_id": FUGUMT_PAD,
    "decoder_vocab_size": FUGUMT_VOCAB, "dropout": 0.1, "encoder_attention_heads": 8, "encoder_ffn_dim": 2048,
    "encoder_layerdrop": 0.0, "encoder_layers": 6, "eos_token_id": 0, "forced_eos_token_id": 0,
    "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, "init_std": 0.02, "is_encoder_decoder": True,
    "label2id": {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2}, "max_length": 512, "max_position_embeddings": 512,
    "model_type": "marian", "normalize_before": False, "normalize_embedding": False, "num_beams": 12,
    "num_hidden_layers": 6, "pad_token_id": FUGUMT_PAD, "scale_embedding": True,
    "share_encoder_decoder_embeddings": True, "static_position_embeddings": True, "use_cache": True,
    "vocab_size": FUGUMT_VOCAB,
}
#: tokenizer_config.json and special_tokens_map.json in the hub's older layout (no added_tokens_decoder).
FUGUMT_TOKENIZER_CONFIG = {
    "source_lang": "en", "target_lang": "ja", "unk_token": "<unk>", "eos_token": "</s>", "pad_token": "<pad>",
    "model_max_length": 512, "sp_model_kwargs": {}, "separate_vocabs": False, "special_tokens_map_file": None,
    "name_or_path": "staka/fugumt-en-ja", "tokenizer_class": "MarianTokenizer",
}
FUGUMT_SPECIAL_TOKENS = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
#: How much the toy's output layer favours <pad> (final_logits_bias): were the config's ban on <pad> not applied,
#: every step would emit it, so a test sees whether the generation settings came from config.json.
FUGUMT_PAD_BIAS = 50.0


def build_fugumt_toy(out: Path, size: str = "tiny") -> Path:
    """A MarianMT folder laid out like staka/fugumt-en-ja (English to Japanese), with random weights.

    What differs from the Helsinki-NLP opus-mt models the other toys copy: its config.json (FUGUMT_CONFIG) carries
    the generation settings itself, with no generation_config.json beside it; the vocabulary (vocab.json, shared
    by encoder, decoder and output layer) has exactly 32,001 entries with <pad> (32000) last, the decoder's start
    and a banned word; source.spm (English) and target.spm (Japanese) differ; tokenizer_config.json is in the
    hub's older layout (FUGUMT_TOKENIZER_CONFIG). `size` is `tiny` (d_model 16, 1+1 layers: for tests) or `full`
    (the real dimensions: d_model 512, 6+6 layers, 8 heads, FFN 2048). The output layer favours <pad> strongly
    (FUGUMT_PAD_BIAS): only the config's bad_words_ids keep it out of the output.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel

    if size not in SIZES:
        raise ValueError(f"unknown toy model size {size!r}; use one of {', '.join(SIZES)}")
    dims = SIZES[size]
    out = Path(out)
    spm = [train_sentencepiece(corpus(lang, dims.corpus_lines), dims.spm_vocab, CHARACTER_COVERAGE.get(lang, 1.0))
           for lang in ("en", "ja")]
    vocab = write_tokenizer(out, spm[0], spm[1], "en", "ja", FUGUMT_VOCAB)
    assert vocab == FUGUMT_VOCAB
    settings = {**FUGUMT_CONFIG, "d_model": dims.d_model, "encoder_layers": dims.layers,
                "decoder_layers": dims.layers, "num_hidden_layers": dims.layers,
                "encoder_attention_heads": dims.heads, "decoder_attention_heads": dims.heads,
                "encoder_ffn_dim": dims.ffn, "decoder_ffn_dim": dims.ffn}
    torch.manual_seed(SEED)
    model = MarianMTModel(MarianConfig.from_dict(settings))
    with torch.no_grad():
        model.final_logits_bias[0, FUGUMT_PAD] = FUGUMT_PAD_BIAS
    model.save_pretrained(out)
    # The hub's files, not what this transformers would write: generation settings in config.json only.
    (out / "generation_config.json").unlink(missing_ok=True)
    for name, content in (("config.json", settings), ("tokenizer_config.json", FUGUMT_TOKENIZER_CONFIG),
                          ("special_tokens_map.json", FUGUMT_SPECIAL_TOKENS)):
        (out / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    return out
