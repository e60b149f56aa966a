"""Toy MarianMT models with the real files and layout, for tests and benchmarks where the hub cannot be reached.

    python -m pipeline.evaluate.toy_models --out DIR [--size tiny|full|echo]

writes DIR/id-en and DIR/en-ja (MarianMTModel + MarianTokenizer folders: config.json, generation_config.json,
model.safetensors, source.spm, target.spm, vocab.json, tokenizer_config.json) and DIR/pipeline.yaml, a config
that routes the pipeline through them. Their weights are random (fixed seed): the pipeline runs end to end,
but THE OUTPUT IS NOT A TRANSLATION -- a random model emits random subwords, often very short or max-length.
What they exercise is everything around the model: files, tokenizers, batching, splitting, caching, speed.

- `tiny`: about 40,000 parameters, built in about a second; for tests. Its pipeline.yaml also sets one thread,
  greedy search and a short output limit: a random model rarely emits </s>, so every output runs to the limit.
- `full`: the dimensions of Helsinki-NLP/opus-mt-id-en (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary
  54,796 with <pad> last, shared embeddings, static sinusoidal positions up to 512, swish, 4 beams), so that
  speed and memory match the real model; for benchmarks, including CTranslate2 conversion. The en-ja toy uses
  the same dimensions.

- `echo`: the `full` dimensions again, but weights set by hand so that the model gives back its input and
  stops with </s>, as `build_copy_model` does at a small size (see build_echo_model): a random toy never stops
  and runs to the length limit, a real translator stops after about as many tokens as it read, and so does
  this one, so a benchmark on it measures realistic lengths. Its output survives int8 (torch, CTranslate2).

SentencePiece models are trained on the NTREX sentences shipped in pipeline/evaluate/data/ntrex (Indonesian,
English, Japanese). `build_copy_model` makes a different kind of toy: a model that copies its input exactly;
`toy_fugumt.build_fugumt_toy` one laid out like staka/fugumt-en-ja (its config.json, its shared vocabulary).
"""

from __future__ import annotations

import argparse
import io
import json
import string
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.evaluate import ntrex

#: Languages whose SentencePiece model may leave the rarest characters out (as <unk>), as for real models.
CHARACTER_COVERAGE = {"ja": 0.995}
MAX_POSITIONS = 512
SEED = 0
ROUTES = {"id-en": ("id", "en"), "en-ja": ("en", "ja")}


@dataclass(frozen=True)
class ToySize:
    d_model: int
    layers: int  # encoder and decoder each
    heads: int
    ffn: int
    vocab_size: int | None  # vocab.json padded to this size; None: just the SentencePiece pieces
    corpus_lines: int | None  # NTREX lines per language the SentencePiece models learn from; None: all
    spm_vocab: int  # pieces per SentencePiece model (fewer if the text has fewer)
    translate_settings: dict  # written into pipeline.yaml's translate section


SIZES = {
    "tiny": ToySize(d_model=16, layers=1, heads=2, ffn=32, vocab_size=None, corpus_lines=200, spm_vocab=1000,
                    translate_settings={"threads": 1, "num_beams": 1, "max_new_tokens_ratio": 1.0,
                                        "max_new_tokens_offset": 8}),
    "full": ToySize(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=54_796, corpus_lines=None, spm_vocab=8000,
                    translate_settings={}),
}


#: The toys `build_toy_models` makes: SIZES (random weights) and `echo` (build_echo_model: output = input).
TOYS = (*SIZES, "echo")


def build_toy_models(out: Path, size: str = "tiny") -> Path:
    """DIR/id-en, DIR/en-ja and DIR/pipeline.yaml (relative paths, translation cache inside DIR); returns DIR.

    `size` is one of SIZES (random weights), or `echo`: both routes are echo models at the `full` size, which
    give back their input (see build_echo_model), so the pipeline's output lengths are those of real models.
    """
    if size not in TOYS:
        raise ValueError(f"unknown toy model size {size!r}; use one of {', '.join(TOYS)}")
    out = Path(out)
    for name, (source, target) in ROUTES.items():
        if size == "echo":
            build_echo_model(out / name, source, target)
        else:
            _build_random_model(out / name, source, target, SIZES[size])
    settings = ECHO_SIZE.translate_settings if size == "echo" else SIZES[size].translate_settings
    config = {"translate": {"routes": {"en": {"model": "./id-en", "source": "id"},
                                       "ja": {"model": "./en-ja", "source": "en"}},
                            "cache": "./translations.sqlite", **settings}}
    header = ("# Toy MarianMT models with random weights (python -m pipeline.evaluate.toy_models): the pipeline runs\n"
              "# end to end on them, but their output is not a translation.\n")
    if size == "echo":
        header = ("# Echo toy MarianMT models of opus-mt-id-en's size (python -m pipeline.evaluate.toy_models --size\n"
                  "# echo): each gives back its input and stops, as a real model stops; not a translation.\n")
    (out / "pipeline.yaml").write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return out


def corpus(lang: str, lines: int | None = None) -> list[str]:
    """NTREX sentences of one language, the first `lines` of them (all for None)."""
    return ntrex.read_lines(lang)[:lines]


def train_sentencepiece(sentences: list[str], vocab_size: int, character_coverage: float = 1.0,
                        normalization: str = "nmt_nfkc", required_chars: str = "") -> bytes:
    """A unigram SentencePiece model, as Marian uses, trained in memory; deterministic for the same input."""
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=model, model_type="unigram", vocab_size=vocab_size,
        hard_vocab_limit=False, character_coverage=character_coverage, normalization_rule_name=normalization,
        required_chars=required_chars, num_threads=1, minloglevel=2)
    return model.getvalue()


def write_tokenizer(folder: Path, source_spm: bytes, target_spm: bytes, source: str, target: str,
                     vocab_size: int | None) -> int:
    """Tokenizer files as Marian models ship them; returns the vocabulary size (the id of <pad> plus one).

    vocab.json is one vocabulary for both sides: </s> 0, <unk> 1, the pieces of both SentencePiece models,
    filler entries up to `vocab_size`, and <pad> last (the decoder starts from <pad>; CTranslate2 expects it last).
    """
    import sentencepiece
    from transformers import MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.spm").write_bytes(source_spm)
    (folder / "target.spm").write_bytes(target_spm)
    vocab = {"</s>": 0, "<unk>": 1}
    for blob in (source_spm, target_spm):
        processor = sentencepiece.SentencePieceProcessor(model_proto=blob)
        for index in range(processor.get_piece_size()):
            if not (processor.is_control(index) or processor.is_unknown(index)):
                vocab.setdefault(processor.id_to_piece(index), len(vocab))
    if vocab_size is not None:
        if len(vocab) >= vocab_size:
            raise ValueError(f"{len(vocab)} pieces do not fit a vocabulary of {vocab_size}")
        vocab.update({f"<unused{n}>": n for n in range(len(vocab), vocab_size - 1)})
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    with warnings.catch_warnings():  # sacremoses: see TorchEngine
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer(source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"),
                                    vocab=str(folder / "vocab.json"), source_lang=source, target_lang=target,
                                    model_max_length=MAX_POSITIONS)
    tokenizer.save_pretrained(folder)
    return len(vocab)


def _marian_config(vocab: int, d_model: int, layers: int, heads: int, ffn: int, **overrides):
    """A MarianConfig laid out like the config.json of Helsinki-NLP's opus-mt models (pad last, eos 0)."""
    from transformers import MarianConfig

    pad = vocab - 1
    settings = dict(
        vocab_size=vocab, decoder_vocab_size=vocab, d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn, decoder_ffn_dim=ffn,
        max_position_embeddings=MAX_POSITIONS, activation_function="swish", dropout=0.1, attention_dropout=0.0,
        activation_dropout=0.0, init_std=0.02, scale_embedding=True, share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True, pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, bos_token_id=0,
        forced_eos_token_id=0, architectures=["MarianMTModel"],
        # Marian-converter keys the real configs carry; CTranslate2's converter reads normalize_embedding.
        static_position_embeddings=True, normalize_before=False, normalize_embedding=False,
        add_final_layer_norm=False, add_bias_logits=False)
    settings.update(overrides)
    return MarianConfig(**settings)


def _generation_config(vocab: int, num_beams: int):
    from transformers import GenerationConfig

    pad = vocab - 1
    return GenerationConfig(bad_words_ids=[[pad]], bos_token_id=0, decoder_start_token_id=pad, eos_token_id=0,
                            forced_eos_token_id=0, max_length=MAX_POSITIONS, num_beams=num_beams, pad_token_id=pad,
                            renormalize_logits=True)


def _build_random_model(folder: Path, source: str, target: str, size: ToySize) -> None:
    import torch
    from transformers import MarianMTModel

    spm = [train_sentencepiece(corpus(lang, size.corpus_lines), size.spm_vocab, CHARACTER_COVERAGE.get(lang, 1.0))
           for lang in (source, target)]
    vocab = write_tokenizer(folder, spm[0], spm[1], source, target, size.vocab_size)
    torch.manual_seed(SEED)
    model = MarianMTModel(_marian_config(vocab, size.d_model, size.layers, size.heads, size.ffn))
    model.generation_config = _generation_config(vocab, num_beams=4)
    model.save_pretrained(folder)


# --- a model that copies ------------------------------------------------------------------------------------

COPY_D_MODEL = 256
#: Sine/cosine pairs of the positional encoding (highest frequencies first) that the attention compares.
#: 80 of 128 reach down to a period of ~1,850 positions, so no two positions under 512 look alike.
COPY_POSITION_PAIRS = 80
COPY_TOKEN_NORM = 3.0  # token embeddings outweigh the positional encoding in the value the decoder reads
COPY_ATTENTION_SCALE = 20.0  # sharpens the positional attention to one-hot
COPY_VALUE_SCALE = 10.0  # the copied token outweighs the decoder's own positional state in the output


def build_copy_model(out: Path, lines: int = 200) -> Path:
    """A MarianMT folder whose model copies its (Indonesian or English) input, its weights set by hand, not trained.

    A smoke test for the plumbing around a model, not a translator: its output must equal its input, which
    shows that every output lands on its own sentence through pooling, deduplication, length sorting, batching,
    splitting, the cache and glossary substitution. One encoder and one decoder layer; all weights zero except:

    - token embeddings (random, equal norm) live in the low-frequency sine dimensions of Marian's fixed
      sinusoidal positions, where positions barely differ; the high-frequency sine/cosine pairs carry position;
    - the decoder's cross-attention compares positions only: their dot product, sum of cos(w (t - s)), peaks
      where source position s equals output step t, so step t reads source token t, the final </s> included,
      which ends generation. The lowest-frequency sine (nearly 0 everywhere) serves as an anchor that cancels
      the mean LayerNorm subtracts;
    - the output projection is the token embedding matrix, turning the token read back into its id; the
      decoder's input embeddings are zero, so the token just written does not leak into the next step.
    """
    import torch
    from transformers import MarianMTModel

    out = Path(out)
    # One SentencePiece model for both sides, no normalisation and every printable ASCII character, so that
    # decode(encode(text)) gives back any ASCII text.
    spm = train_sentencepiece(corpus("id", lines) + corpus("en", lines), 1000, normalization="identity",
                              required_chars=string.printable.strip())
    vocab = write_tokenizer(out, spm, spm, "id", "id", None)
    config = _marian_config(vocab, COPY_D_MODEL, layers=1, heads=1, ffn=4, dropout=0.0,
                            share_encoder_decoder_embeddings=False, tie_word_embeddings=False)
    model = MarianMTModel(config)

    half = COPY_D_MODEL // 2
    anchor = half - 1
    position_dims = [*range(COPY_POSITION_PAIRS), *range(half, half + COPY_POSITION_PAIRS)]
    token_dims = list(range(COPY_POSITION_PAIRS, anchor))
    generator = torch.Generator().manual_seed(SEED)
    tokens = torch.randn(vocab, len(token_dims), generator=generator)
    tokens -= tokens.mean(dim=1, keepdim=True)  # zero mean: LayerNorm's centring leaves them alone
    tokens *= COPY_TOKEN_NORM / tokens.norm(dim=1, keepdim=True)
    embeddings = torch.zeros(vocab, COPY_D_MODEL)
    embeddings[:, token_dims] = tokens

    def read(dims: list[int]) -> torch.Tensor:
        """A projection onto `dims`, each measured from the anchor."""
        projection = torch.zeros(COPY_D_MODEL, COPY_D_MODEL)
        projection[dims, dims] = 1.0
        projection[dims, anchor] = -1.0
        return projection

    with torch.no_grad():
        for parameter in model.parameters():
            if parameter.requires_grad:  # the sinusoidal tables are frozen and stay as they are
                parameter.zero_()
        for module in model.modules():
            if isinstance(module, torch.nn.LayerNorm):
                module.weight.fill_(1.0)
        model.model.encoder.embed_tokens.weight.copy_(embeddings)
        model.lm_head.weight.copy_(embeddings)
        cross = model.model.decoder.layers[0].encoder_attn
        cross.q_proj.weight.copy_(COPY_ATTENTION_SCALE * read(position_dims))
        cross.k_proj.weight.copy_(COPY_ATTENTION_SCALE * read(position_dims))
        cross.v_proj.weight.copy_(read(token_dims))
        cross.out_proj.weight.copy_(COPY_VALUE_SCALE * torch.eye(COPY_D_MODEL))
    model.generation_config = _generation_config(vocab, num_beams=1)
    model.save_pretrained(out)
    return out


# --- an echo model at the real size ---------------------------------------------------------------------------

#: Dimensions of the echo toy: those of Helsinki-NLP/opus-mt-id-en (the `full` toy's).
ECHO_SIZE = SIZES["full"]
#: Norm of the token embeddings. Tied to the output layer, it sets the logit margin, about sqrt(d_model) x the norm
#: x (1 - the largest cosine between two token vectors): 13 nats at 1.0. It also sets how far the tokens outweigh
#: the positions in the encoder's LayerNorms, hence how large, and how robust to int8 rounding, the positional part
#: of the copying attention's keys is: at 2.0, int8 left a third of the attention's float32 margin (20 of 54
#: nats); at 1.0, all of it (69).
ECHO_TOKEN_NORM = 1.0
ECHO_ATTENTION_SCALE = 20.0  # on the queries and keys of the copying attention: sharpens it to one-hot
ECHO_VALUE_SCALE = 10.0  # the copied token outweighs the decoder's own state (its previous token, its position)
#: Standard deviation of the small random weights every layer gets (the copying matrices on top of them).
ECHO_NOISE_STD = 0.004
ECHO_COPY_LAYER = 0  # the decoder layer whose cross-attention copies


def build_echo_model(out: Path, source: str = "id", target: str = "en", size: ToySize = ECHO_SIZE) -> Path:
    """A MarianMT folder of opus-mt-id-en's size whose model gives back its input and stops, weights set by hand.

    Random-weight toys never emit </s> and run to the length limit; a real translator stops by itself after about
    as many tokens as it read. This one stops after exactly as many: its output is its input, </s> included, so a
    benchmark on it measures the lengths (and the speed) of real models. See `echo_weights` for the construction:
    every layer computes, with small random weights, and one cross-attention copies. One SentencePiece model
    serves both sides (identity normalisation, every printable ASCII character), trained on the NTREX Indonesian
    and English sentences, so decoding the output gives back the input text; vocab.json is padded to
    `size.vocab_size` with <pad> last; the generation config is opus-mt's (4 beams, <pad> banned).
    """
    import torch
    from transformers import MarianMTModel

    out = Path(out)
    spm = train_sentencepiece(corpus("id", size.corpus_lines) + corpus("en", size.corpus_lines), size.spm_vocab,
                              normalization="identity", required_chars=string.printable.strip())
    vocab = write_tokenizer(out, spm, spm, source, target, size.vocab_size)
    config = _marian_config(vocab, size.d_model, size.layers, size.heads, size.ffn, dropout=0.0)
    model = MarianMTModel(config)
    with torch.no_grad():
        for name, tensor in echo_weights(config).items():
            model.get_parameter(name).copy_(tensor)
    model.generation_config = _generation_config(vocab, num_beams=4)
    model.save_pretrained(out)
    return out


def echo_weights(config: Any, noise_std: float = ECHO_NOISE_STD, token_norm: float = ECHO_TOKEN_NORM) -> dict:
    """The echo model's parameters by name, for a MarianConfig (shared embeddings, d_model / heads even).

    `build_copy_model`'s construction, at full size, with every layer computing:

    - every weight and bias is a small random number (`noise_std`), every LayerNorm an identity: no layer or
      block can be skipped by a kernel, and the residual stream and LayerNorm keep their contributions small;
    - embeddings (encoder, decoder and output layer share them, as opus-mt's do) are random token vectors of
      equal norm (`token_norm`) and zero mean, in the sine dimensions of Marian's sinusoidal positions between the
      highest frequencies and the last one; `<pad>`, the decoder's start, is zero (CTranslate2 starts from zero);
    - the highest-frequency sine/cosine pairs carry position; the last sine dimension (nearly 0 below position
      512) is the anchor: measuring from it cancels the mean that LayerNorm subtracts. The random layers write
      nothing into it (their output rows there are zero), so it stays exact through all of them: with noise in
      it, a token's keys lost up to a fifth of their positional part and early steps attended to a neighbour;
    - in decoder layer ECHO_COPY_LAYER, each cross-attention head compares the sines and cosines of one head's
      worth of frequencies (d_model / heads / 2 pairs) of the output step t and each source position s: their
      dot product, sum of cos(w (t - s)), peaks at s = t, so step t reads source token t, the final </s>
      included, which ends generation. All heads alike; their values carry the token dimensions, and the output
      projection adds them, scaled, to the decoder's state, where they outweigh the token the decoder was fed
      (the previous one) and the random layers' noise; the output layer turns the token back into its id.
    """
    import torch
    from transformers import MarianMTModel

    d_model, heads, vocab = config.d_model, config.decoder_attention_heads, config.vocab_size
    head_dim = d_model // heads
    pairs = head_dim // 2  # one head's query holds the sines and cosines of this many frequencies
    half = d_model // 2  # sines, then cosines
    anchor = half - 1
    token_dims = list(range(pairs, anchor))
    generator = torch.Generator().manual_seed(SEED)

    with torch.device("meta"):  # the parameters' names and shapes, without allocating them
        shapes = {name: parameter.shape for name, parameter in MarianMTModel(config).named_parameters()
                  if parameter.requires_grad}  # the sinusoidal tables are frozen and stay as they are
    weights = {}
    for name, shape in shapes.items():
        if "layer_norm" in name:
            weights[name] = torch.ones(shape) if name.endswith(".weight") else torch.zeros(shape)
        else:
            weights[name] = noise_std * torch.randn(shape, generator=generator)
            if name.split(".")[-2] in ("out_proj", "fc2"):  # what a layer adds to the residual stream
                weights[name][anchor] = 0.0

    tokens = torch.randn(vocab, len(token_dims), generator=generator)
    tokens -= tokens.mean(dim=1, keepdim=True)  # zero mean: LayerNorm's centring leaves them alone
    tokens *= token_norm / tokens.norm(dim=1, keepdim=True)
    embeddings = torch.zeros(vocab, d_model)
    embeddings[:, token_dims] = tokens
    embeddings[config.pad_token_id] = 0.0
    weights["model.shared.weight"] = embeddings

    positions = torch.zeros(d_model, d_model)  # each head: the sines, then the cosines, of the first `pairs`
    for head in range(heads):
        for pair in range(pairs):
            for row, column in ((head * head_dim + pair, pair), (head * head_dim + pairs + pair, half + pair)):
                positions[row, column] = 1.0
                positions[row, anchor] = -1.0  # measured from the anchor
    values = torch.zeros(d_model, d_model)
    values[token_dims, token_dims] = 1.0  # no anchor: a shift common to the token dimensions changes no logit
    copying = f"model.decoder.layers.{ECHO_COPY_LAYER}.encoder_attn."
    weights[copying + "q_proj.weight"] += ECHO_ATTENTION_SCALE * positions
    weights[copying + "k_proj.weight"] += ECHO_ATTENTION_SCALE * positions
    weights[copying + "v_proj.weight"] += values
    weights[copying + "out_proj.weight"] += ECHO_VALUE_SCALE * torch.eye(d_model)
    weights[copying + "out_proj.weight"][anchor] = 0.0
    return weights


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the models and pipeline.yaml into")
    parser.add_argument("--size", "--toy", choices=TOYS, default="tiny",
                        help="tiny or full: random weights; echo: full size, gives back its input")
    args = parser.parse_args(argv)
    folder = build_toy_models(args.out, args.size)
    kind = "echo models: the output is the input" if args.size == "echo" else "random weights: the output is not " \
        "a translation"
    print(f"wrote {folder / 'id-en'}, {folder / 'en-ja'} and {folder / 'pipeline.yaml'} ({kind})")


if __name__ == "__main__":
    main()
