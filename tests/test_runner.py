"""The run folder contract: layout, manifest, errors, resume after a crash, invalidation on config change; the
stage registry's order and checks; the default config and the old --engine option of `pipeline run`."""

import json
from collections import Counter
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import process, run
from pipeline.cli import main
from pipeline.errors import ConfigError
from pipeline.evaluate import ntrex
from pipeline.files import read_jsonl
from pipeline.stages import REGISTRY, plan
from pipeline.stages.base import Stage

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def ntrex_articles(limit=None):
    return ntrex.articles()[:limit]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def lines_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_normalize_run_writes_the_run_folder(tmp_path):
    out = tmp_path / "run"
    assert main(["run", str(EXAMPLES), "--out", str(out), "--stages", "normalize", "--quiet"]) == 0
    records = lines_of(out / "normalize.jsonl")
    assert [r["id"] for r in records] == sorted(p.stem for p in EXAMPLES.glob("*.txt"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["stages"]["normalize"]["counts"]["ok"] == len(records)
    assert manifest["inputs"][0]["kind"] == "txt" and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["packages"]["transformers"]
    assert manifest["signature"].startswith("pipeline:") and "normalize:" in manifest["signature"]
    assert (out / "errors.jsonl").read_text() == ""
    assert not list(out.glob(".*.tmp"))


def test_bad_records_are_reported_and_the_batch_completes(tmp_path):
    rows = [
        {"id": "good", "title": "Wali Kota Bekasi meresmikan taman", "text": "Wali Kota Bekasi meresmikan taman "
         "baru di Bekasi Timur pada Senin (4/9/2023). Taman itu dibuka untuk umum setiap hari."},
        {"id": "empty", "title": "Judul", "text": ""},
        {"id": "blank", "title": "Judul", "text": "   \n\t  "},
        {"id": "../../escape", "title": "Judul berita", "text": "Pemkot Bekasi menggelar rapat. Rapat itu lama."},
        {"id": "notext", "title": "Judul"},
    ]
    src = write_jsonl(tmp_path / "batch.jsonl", rows)
    with src.open("a", encoding="utf-8") as handle:
        handle.write("{broken json\n")
    out = tmp_path / "nested" / "run"
    before = set(tmp_path.rglob("*"))
    manifest = run([src], out_dir=out, stages="normalize")
    created = set(tmp_path.rglob("*")) - before
    assert all(out in p.parents or p == out or p == out.parent for p in created)
    flags = {r["id"]: r["flags"] for r in read_jsonl(out / "normalize.jsonl")}
    assert flags["good"] == [] and flags["../../escape"] == ["id_not_path_safe"]
    errors = {e["id"] or e["origin"]: e for e in read_jsonl(out / "errors.jsonl")}
    assert {"empty", "blank", "notext", "batch.jsonl:6"} <= set(errors)
    assert errors["notext"]["origin"] == "batch.jsonl:5" and errors["notext"]["stage"] == "input"
    assert errors["empty"]["stage"] == "normalize"
    assert manifest["stages"]["normalize"]["flag_counts"] == {"id_not_path_safe": 1}
    assert manifest["errors"]["total"] == len(errors)


def test_rerun_redoes_nothing_and_changed_config_redoes_the_stage(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", ntrex_articles(6))
    out = tmp_path / "run"
    first = run([src], out_dir=out, stages="normalize")
    before = (out / "normalize.jsonl").read_bytes()
    second = run([src], out_dir=out, stages="normalize")
    assert second["stages"]["normalize"]["counts"]["reused"] == 6
    assert (out / "normalize.jsonl").read_bytes() == before
    third = run([src], {"normalize": {"language_check": False}}, out_dir=out, stages="normalize")
    assert third["stages"]["normalize"]["counts"]["reused"] == 0
    assert third["stages"]["normalize"]["fingerprint"] != first["stages"]["normalize"]["fingerprint"]


def test_an_edited_article_is_redone_alone(tmp_path):
    articles = ntrex_articles(4)
    src = write_jsonl(tmp_path / "a.jsonl", articles)
    out = tmp_path / "run"
    run([src], out_dir=out, stages="normalize")
    articles[2]["title"] = "Judul yang diperbarui redaksi"
    write_jsonl(src, articles)
    manifest = run([src], out_dir=out, stages="normalize")
    assert manifest["stages"]["normalize"]["counts"]["reused"] == 3
    records = lines_of(out / "normalize.jsonl")
    assert records[2]["title"] == "Judul yang diperbarui redaksi" and len(records) == 4


def test_torn_write_from_a_crash_is_repaired(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", ntrex_articles(5))
    out = tmp_path / "run"
    run([src], out_dir=out, stages="normalize")
    clean = (out / "normalize.jsonl").read_bytes()
    work = next((out / ".work").glob("normalize-*[!s].jsonl"))
    kept = work.read_text(encoding="utf-8").splitlines(keepends=True)[:2]
    work.write_text("".join(kept) + kept[0][: len(kept[0]) // 2], encoding="utf-8")  # crash mid-line
    (out / "normalize.jsonl").unlink()
    manifest = run([src], out_dir=out, stages="normalize")
    assert manifest["stages"]["normalize"]["counts"]["reused"] == 2
    assert (out / "normalize.jsonl").read_bytes() == clean


def test_in_memory_process_returns_records_and_errors():
    result = process(ntrex_articles(2) + [{"id": "x", "title": "T", "text": ""}], stages="normalize")
    assert [r["id"] for r in result.records] == [a["id"] for a in ntrex_articles(2)]
    assert [e.id for e in result.errors] == ["x"]
    assert result.to_dataset().num_rows == 2


def test_missing_model_stops_before_any_work(tmp_path):
    # a fresh process: huggingface_hub reads HF_HOME and HF_HUB_OFFLINE when imported
    out = tmp_path / "run"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(EXAMPLES), "--out", str(out), "--quiet"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "Helsinki-NLP/opus-mt-id-en" in done.stderr and "HF_HUB_OFFLINE" in done.stderr
    assert not out.exists()


def test_translate_needs_normalize_output(tmp_path, toy_models, capsys):
    code = main(["run", "--config", str(toy_models / "pipeline.yaml"), "--out", str(tmp_path / "r"),
                 "--stages", "translate", "--quiet"])
    assert code == 2 and "add normalize to --stages" in capsys.readouterr().err


def test_normalize_config_change_invalidates_later_stages(tmp_path, toy_models):
    src = write_jsonl(tmp_path / "a.jsonl", ntrex_articles(2))
    out = tmp_path / "run"
    config = str(toy_models / "pipeline.yaml")
    run([src], config, out_dir=out, stages="normalize,translate")
    assert (out / "translate.jsonl").exists()
    from pipeline.config import load_config

    changed = load_config(config)
    changed.normalize.language_check = False
    run([src], changed, out_dir=out, stages="normalize")
    assert not (out / "translate.jsonl").exists()
    assert "translate" not in json.loads((out / "manifest.json").read_text())["stages"]


def toy_config(toy_models, folder, cache_name, **run):
    """The toy models' config with its own translation cache, written with absolute paths."""
    import yaml

    from pipeline.config import load_config

    data = load_config(toy_models / "pipeline.yaml").model_dump(mode="json")
    data["translate"]["cache"] = str(folder / f"{cache_name}.sqlite")
    data["run"].update(run)
    path = folder / f"{cache_name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_sigkill_midway_then_rerun_gives_every_record_exactly_once(tmp_path, toy_models):
    articles = ntrex_articles(10)
    src = write_jsonl(tmp_path / "batch.jsonl", articles)
    out = tmp_path / "run"

    def command(config, folder):
        return [sys.executable, "-m", "pipeline", "run", str(src), "--config", str(config), "--out", str(folder),
                "--stages", "normalize,translate", "--quiet"]

    config = toy_config(toy_models, tmp_path, "killed", batch_articles=2)
    victim = subprocess.Popen(command(config, out))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and victim.poll() is None:
        done = [p for p in (out / ".work").glob("translate-*.jsonl") if not p.name.endswith(".errors.jsonl")]
        if done and done[0].read_text(encoding="utf-8").count("\n") >= 4:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the run made no translate progress to interrupt")
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert not (out / "translate.jsonl").exists()

    subprocess.run(command(config, out), check=True)
    records = lines_of(out / "translate.jsonl")
    assert [r["id"] for r in records] == [a["id"] for a in articles]
    translate = json.loads((out / "manifest.json").read_text())["stages"]["translate"]
    counts = translate["counts"]
    assert counts["reused"] >= 4 and counts["processed"] == 10 - counts["reused"]
    for target in ("en", "ja"):  # flag counts cover the records finished before the kill too
        expected = Counter(f for r in records for flags in r["translation_flags"][target] for f in flags)
        assert translate["flags"][target] == dict(expected)

    fresh = tmp_path / "fresh"
    run([src], toy_config(toy_models, tmp_path, "fresh", batch_articles=2), out_dir=fresh, stages="normalize,translate")
    assert lines_of(fresh / "translate.jsonl") == records


# --------------------------------------------------------------------------------------------- stages


def test_run_order_comes_from_what_each_stage_reads():
    assert plan(None) == ["normalize", "translate", "summarize", "brief"]
    assert plan("brief,summarize,normalize") == ["normalize", "summarize", "brief"]
    with pytest.raises(ConfigError, match="unknown stage.*choose from normalize, translate, summarize, brief"):
        plan("normalize,translat")


class NeedsPeople(Stage):
    """A stage that requires a key no stage assigns."""

    name = "people"
    reads = ("summarize",)
    requires = ("people",)


def test_a_stage_whose_required_key_nothing_upstream_assigns_is_refused(monkeypatch):
    monkeypatch.setitem(REGISTRY, "people", f"{__name__}:NeedsPeople")
    with pytest.raises(ConfigError, match="stage 'people' requires the record key 'people'"):
        plan("normalize,people")


def test_a_stage_whose_input_is_neither_run_nor_on_disk_stops_before_any_work(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(EXAMPLES), "--out", str(out), "--stages", "normalize,brief", "--quiet"]) == 2
    assert "stage 'brief' reads summarize records" in capsys.readouterr().err
    assert not out.exists()


def test_the_brief_reads_the_summarize_records_a_run_left(tmp_path):
    out = tmp_path / "run"
    run([EXAMPLES], out_dir=out, stages="normalize,summarize")
    manifest = run([EXAMPLES], out_dir=out, stages="brief")
    assert manifest["stages"]["brief"]["articles"] == len(list(read_jsonl(out / "summarize.jsonl")))
    assert (out / "brief.md").exists() and "summarize" in manifest["stages"]


def test_run_without_config_uses_the_default_config_and_says_so(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(EXAMPLES), "--out", str(out), "--stages", "normalize"]) == 0
    assert f"config: {REPO / 'configs' / 'default.yaml'}" in capsys.readouterr().err
    config = json.loads((out / "manifest.json").read_text())["config"]
    assert config["translate"]["glossary"] == str(REPO / "configs" / "glossaries" / "bekasi-japan.tsv")
    assert config["summarize"]["profile"] == str(REPO / "configs" / "profiles" / "bekasi-japan.yaml")


def test_the_old_engine_option_still_chooses_the_executor(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(EXAMPLES), "--out", str(out), "--stages", "normalize", "--engine", "local",
                 "--quiet"]) == 0
    assert "--engine is deprecated, use --executor" in capsys.readouterr().err
    assert json.loads((out / "manifest.json").read_text())["executor"] == {"name": "local"}
    assert main(["run", str(EXAMPLES), "--out", str(out), "--engine", "local", "--executor", "ray"]) == 2
