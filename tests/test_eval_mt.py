"""`pipeline eval mt`: the scoring itself, end-to-end runs on NTREX with toy models, and bad input.

The random-weight toy models score near zero, so those runs check structure, signatures and counts. The copy
model (its output equals its input) scored against references equal to the source must reach 100: that shows
hypotheses land on their own references through the whole eval, which garbage output cannot show.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import datasets
import pytest
import yaml

from pipeline.cli import main
from pipeline.evaluate.mt import ntrex_data, score
from pipeline.evaluate.ntrex import NTREX_DIR

NTREX = ntrex_data(NTREX_DIR)


@pytest.mark.parametrize("lang, tokenizer", [("en", "tok:13a"), ("ja", "tok:ja-mecab")])
def test_references_scored_against_themselves_give_100(lang, tokenizer):
    references = NTREX.references[lang][:200]
    result = score(references, references, lang)
    assert result["bleu"] == 100.0 and result["chrf"] == 100.0
    assert tokenizer in result["bleu_signature"] and "version:" in result["chrf_signature"]
    shifted = score(references[1:] + references[:1], references, lang)  # each hypothesis on the wrong line
    assert shifted["bleu"] < 20 and shifted["chrf"] < 50


def test_ntrex_slice_is_read_with_its_documents():
    assert len(NTREX.sources) == 1997 and len(NTREX.documents) == 123
    assert NTREX.name == "ntrex-128@8561f6a"
    assert sorted(NTREX.references) == ["en", "ja"]
    assert NTREX.documents[-1][2] == 1997


def eval_mt(*options: str) -> int:
    return main(["eval", "mt", "--quiet", *options])


@pytest.mark.parametrize("mode, limit", [("sentence", 6), ("document", 2)])
def test_toy_models_run_end_to_end_with_scores_and_signatures(toy_models, tmp_path, capsys, mode, limit):
    out = tmp_path / "results" / "ntrex.json"
    assert eval_mt("--config", str(toy_models / "pipeline.yaml"), "--mode", mode, "--limit", str(limit),
                   "--json", str(out)) == 0
    printed = capsys.readouterr().out
    results = json.loads(out.read_text(encoding="utf-8"))
    sentences = limit if mode == "sentence" else NTREX.documents[limit - 1][2]
    assert results["mode"] == mode and results["data"]["sentences"] == sentences
    assert set(results["pairs"]) == {"en", "ja"}
    for lang, tokenizer in (("en", "tok:13a"), ("ja", "tok:ja-mecab")):
        pair = results["pairs"][lang]
        assert pair["segments"] == limit and pair["sentences"] == sentences
        assert 0 <= pair["bleu"] <= 100 and 0 <= pair["chrf"] <= 100
        assert tokenizer in pair["bleu_signature"]
        assert f"id-{lang}  BLEU {pair['bleu']:6.2f}  {pair['bleu_signature']}" in printed
        assert f"id-{lang}  chrF {pair['chrf']:6.2f}  {pair['chrf_signature']}" in printed
    signature = results["signature"]
    assert signature.startswith("eval:mt|data:ntrex-128@8561f6a|") and f"|mode:{mode}|n:{limit}|" in signature
    assert "|en:id-en@" in signature and "|ja:en-ja@" in signature
    assert f"signature: {signature}" in printed
    assert set(results["manifest"]["models"]) == {"translate.en", "translate.ja"}

    manifest = json.loads((out.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signature"] == signature and manifest["mode"] == mode
    assert manifest["translate"]["models"] == results["manifest"]["models"]
    assert manifest["config"]["translate"]["routes"]["en"]["model"] == str(toy_models / "id-en")
    assert {"torch", "transformers", "sacrebleu"} <= set(manifest["packages"])


@pytest.fixture
def copy_config(copy_model, tmp_path) -> Path:
    """A config translating into `en` with the copy model: the 'English' output is the Indonesian input."""
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump({"translate": {
        "targets": ["en"], "routes": {"en": {"model": str(copy_model), "source": "id"}},
        "use_cache": False, "threads": 1}}), encoding="utf-8")
    return path


def test_copied_source_scored_against_the_source_gives_100_through_a_dataset(copy_config, tmp_path, capsys):
    lines = NTREX.sources[:12]
    saved = tmp_path / "pairs"
    datasets.Dataset.from_dict({"indonesian": lines, "reference": lines}).save_to_disk(str(saved))
    out = tmp_path / "pairs.json"
    assert eval_mt("--config", str(copy_config), "--dataset", str(saved), "--source-column", "indonesian",
                   "--reference-column", "reference", "--target", "en", "--json", str(out)) == 0
    pair = json.loads(out.read_text(encoding="utf-8"))["pairs"]["en"]
    assert pair["bleu"] == 100.0 and pair["chrf"] == 100.0 and pair["segments"] == 12


def ntrex_copy(tmp_path: Path, lines: int, reference: list[str] | None = None) -> Path:
    """An NTREX-layout folder of the first `lines` lines whose English reference is `reference` (default: the
    Indonesian source itself)."""
    folder = tmp_path / "ntrex"
    folder.mkdir()
    for name, text in (("newstest2019-ref.ind.txt", NTREX.sources[:lines]),
                       ("newstest2019-src.eng.txt", NTREX.sources[:lines] if reference is None else reference)):
        (folder / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    ids = (NTREX_DIR / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()[:lines]
    (folder / "DOCUMENT_IDS.tsv").write_text("\n".join(ids) + "\n", encoding="utf-8")
    return folder


def test_document_mode_scores_each_document_against_its_own_reference(copy_config, tmp_path, capsys):
    folder = ntrex_copy(tmp_path, NTREX.documents[2][2])
    out = tmp_path / "documents.json"
    assert eval_mt("--config", str(copy_config), "--data", str(folder), "--mode", "document", "--json", str(out)) == 0
    pair = json.loads(out.read_text(encoding="utf-8"))["pairs"]["en"]
    # Normalize's model input differs from the raw text only in details (ASCII quotes), so the copy stays close.
    assert pair["segments"] == 3 and pair["bleu"] > 80 and pair["chrf"] > 90
    assert "joined into one segment" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------- bad input


def error_of(capsys, *options: str) -> str:
    assert eval_mt(*options) == 2
    return capsys.readouterr().err


def test_dataset_without_the_named_columns_lists_its_columns(toy_models, tmp_path, capsys):
    saved = tmp_path / "flores"
    datasets.Dataset.from_dict({"sentence_ind_Latn": ["Halo."], "sentence_jpn_Jpan": ["こんにちは。"]}
                               ).save_to_disk(str(saved))
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--dataset", str(saved),
                       "--source-column", "sentence_ind_Latn", "--reference-column", "ja", "--target", "ja")
    assert "no column 'ja'" in message and "sentence_ind_Latn, sentence_jpn_Jpan" in message


def test_mismatched_line_counts_are_named(toy_models, tmp_path, capsys):
    folder = ntrex_copy(tmp_path, 10, reference=NTREX.references["en"][:9])
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--data", str(folder))
    assert "newstest2019-src.eng.txt has 9 lines" in message and "newstest2019-ref.ind.txt 10" in message


def test_reference_language_without_a_known_bleu_tokenizer_is_refused(toy_models, tmp_path, capsys):
    saved = tmp_path / "korean"
    datasets.Dataset.from_dict({"id": ["Halo."], "ko": ["안녕하세요."]}).save_to_disk(str(saved))
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--dataset", str(saved),
                       "--source-column", "id", "--reference-column", "ko", "--target", "ko")
    assert "no BLEU tokenization is known for reference language 'ko'" in message and "ja (ja-mecab)" in message


def test_reference_language_missing_from_the_data_is_refused(toy_models, tmp_path, capsys):
    folder = ntrex_copy(tmp_path, 10)
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--data", str(folder), "--target", "ja")
    assert "has no 'ja' reference; it has en" in message


def test_target_without_a_route_in_the_config_is_refused(copy_config, capsys):
    message = error_of(capsys, "--config", str(copy_config), "--target", "ja")
    assert "no translation route to 'ja'" in message and "routes has en" in message


def test_document_mode_needs_document_ids(toy_models, tmp_path, capsys):
    folder = ntrex_copy(tmp_path, 10)
    (folder / "DOCUMENT_IDS.tsv").unlink()
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--data", str(folder),
                       "--mode", "document")
    assert "document mode needs document boundaries" in message


def test_document_ids_must_match_the_source_lines(toy_models, tmp_path, capsys):
    folder = ntrex_copy(tmp_path, 10)
    shutil.copy(NTREX_DIR / "DOCUMENT_IDS.tsv", folder / "DOCUMENT_IDS.tsv")
    message = error_of(capsys, "--config", str(toy_models / "pipeline.yaml"), "--data", str(folder))
    assert "DOCUMENT_IDS.tsv has 1997 lines" in message


def test_compare_scores_another_model_for_one_route_with_a_paired_bootstrap(copy_config, toy_models, tmp_path,
                                                                           capsys):
    """The config's copy model against a random toy on the same 12 sentences: the copy scores 100 against the
    Indonesian-as-reference, the toy nearly nothing, and the paired test calls the difference significant."""
    folder = ntrex_copy(tmp_path, 12)
    out = tmp_path / "compare.json"
    assert eval_mt("--config", str(copy_config), "--data", str(folder), "--target", "en",
                   "--compare", f"en={toy_models / 'id-en'}", "--json", str(out)) == 0
    printed = capsys.readouterr().out
    comparison = json.loads(out.read_text(encoding="utf-8"))["comparisons"]["en"]
    config_model, toy = comparison["systems"]
    assert comparison["segments"] == 12 and toy["model"] == str(toy_models / "id-en")
    assert config_model["bleu"]["score"] == 100.0 and config_model["bleu"]["p_value"] is None
    assert toy["bleu"]["score"] < 20 and toy["bleu"]["p_value"] < 0.05 and toy["chrf"]["p_value"] < 0.05
    assert "|en:id-en@" in toy["signature"] and "|en:id-en@" not in config_model["signature"]
    assert "bs:1000" in comparison["metric_signatures"]["BLEU"]
    assert "paired bootstrap" in printed and f"p={toy['bleu']['p_value']:.4f}" in printed


def test_compare_needs_lang_equals_model(copy_config, capsys):
    assert "--compare takes LANG=MODEL" in error_of(capsys, "--config", str(copy_config), "--compare", "ja")



def test_compare_loads_each_model_once_across_the_systems(copy_model, toy_models, tmp_path, monkeypatch):
    """Comparing the `ja` route's models re-translates through the pivot: its first leg is the same model for
    every system and is loaded once (here the copy model serves as the first leg and as one `ja` system)."""
    import pipeline.stages.translate as translate

    real_load, loaded = translate.load_engine, []
    monkeypatch.setattr(translate, "load_engine", lambda source, plans: loaded.append(str(source.path)) or
                        real_load(source, plans))
    config = tmp_path / "pivot.yaml"
    config.write_text(yaml.safe_dump({"translate": {
        "targets": ["en", "ja"], "use_cache": False, "threads": 1,
        "routes": {"en": {"model": str(copy_model), "source": "id"},
                   "ja": {"model": str(toy_models / "en-ja"), "source": "en"}}}}), encoding="utf-8")
    assert eval_mt("--config", str(config), "--limit", "6", "--target", "ja", "--compare", f"ja={copy_model}") == 0
    assert sorted(loaded) == sorted([str(copy_model), str(toy_models / "en-ja")])
