import json

import datasets
import pytest

from pipeline.config import InputConfig
from pipeline.errors import InputError
from pipeline.inputs import open_source, read_articles
from pipeline.records import RecordError


def _read(tmp_path, name, content, config=None):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_articles([open_source(path, config or InputConfig())]))


def test_jsonl_bad_lines_are_reported_and_the_rest_comes_through(tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "A", "text": "Satu."}),
        "{not json",
        json.dumps({"id": "b", "title": "B"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "body": "Isi dari kolom body."}),
        json.dumps({"id": "a", "text": "Lagi."}),
    ]
    items = _read(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    articles = [i for i in items if isinstance(i, dict)]
    errors = {e.origin: e for e in items if isinstance(e, RecordError)}
    assert [a["id"] for a in articles] == ["a", "c"]
    assert articles[1]["text"] == "Isi dari kolom body."
    assert "invalid JSON" in errors["batch.jsonl:2"].message
    assert errors["batch.jsonl:3"].id == "b" and "missing text field" in errors["batch.jsonl:3"].message
    assert "expected a JSON object" in errors["batch.jsonl:4"].message
    assert "duplicate id (first seen at batch.jsonl:1)" in errors["batch.jsonl:6"].message


def test_csv_and_column_mapping(tmp_path):
    config = InputConfig(id="kode", title="judul", text=["isi"])
    items = _read(tmp_path, "batch.csv", "kode,judul,isi\nx1,Judul,\"Kalimat satu, dua.\"\n", config)
    assert items == [{"id": "x1", "title": "Judul", "text": "Kalimat satu, dua.", "source": None, "url": None,
                      "published": None, "origin": "batch.csv:2"}]


def test_txt_folder_first_line_is_the_headline(tmp_path):
    (tmp_path / "b.txt").write_text("Judul B\nBadan berita B.\nParagraf dua.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Judul A\nBadan berita A.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    items = list(read_articles([open_source(tmp_path, InputConfig())]))
    assert [(i["id"], i["title"]) for i in items] == [("a", "Judul A"), ("b", "Judul B")]
    assert items[1]["text"] == "Badan berita B.\nParagraf dua."


def test_saved_dataset_folder(tmp_path):
    datasets.Dataset.from_list([{"id": "d1", "title": "T", "text": "Isi."}]).save_to_disk(str(tmp_path / "ds"))
    source = open_source(tmp_path / "ds", InputConfig())
    assert source.kind == "dataset"
    assert [i["id"] for i in read_articles([source])] == ["d1"]


def test_unusable_inputs_are_clear(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such file or folder"):
        open_source(tmp_path / "missing.jsonl", InputConfig())
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unknown input format '.pdf'"):
        open_source(tmp_path / "x.pdf", InputConfig())
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .txt or .html articles"):
        open_source(tmp_path / "empty", InputConfig())
    import huggingface_hub

    # both libraries read HF_HUB_OFFLINE at import time, so setting the variable now would come too late
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(InputError, match="loading it as a Hugging Face dataset"):
        list(read_articles([open_source("someone/no-such-news-dataset", InputConfig())]))
