"""The wheel: it installs `pipeline` alone, with the data its commands need by default (the default config with
its glossary and profile, NTREX), and the installed copy works away from the checkout.

Built offline from a copy of the sources (pip wheel, no build isolation), installed into a fresh virtual
environment that sees the test environment's packages (torch, transformers, ...) but not its editable install
of this checkout, and run from a folder outside the checkout. About half a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel
pytest.importorskip("setuptools")  # the build backend, used from this environment: no network needed

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "pipeline", "configs")
ARTICLE = ("Pemkot Bekasi Terima Kunjungan Delegasi Jepang\n\n"
           "Wali Kota Bekasi menerima kunjungan kerja delegasi dari Jepang di Command Center Kota Bekasi pada Senin "
           "(4/9/2023). Kunjungan itu membahas pelayanan publik dan penanganan banjir.\n\n"
           "Kota Bekasi memiliki penduduk lebih dari 2,4 juta jiwa.\n")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "--wheel-dir", str(dist), str(source)], check=True, cwd=source)
    [built] = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed; this environment's packages reach it through a .pth file,
    which (unlike a site folder) does not run the .pth files there, so the editable install stays out."""
    env = tmp_path_factory.mktemp("env")
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True)
    return env


def run_installed(env: Path, cwd: Path, *command: str) -> subprocess.CompletedProcess:
    """A command of the installed environment, from a folder outside the checkout."""
    variables = {**os.environ, "HF_HUB_OFFLINE": "1", "PIPELINE_CACHE": str(cwd / "cache" / "translations.sqlite")}
    variables.pop("PYTHONPATH", None)
    done = subprocess.run([str(env / "bin" / command[0]), *command[1:]], cwd=cwd, env=variables, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_wheel_holds_the_package_and_its_default_data_only(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "pipeline").rglob("*.py")}
    assert modules <= names, f"modules not in the wheel (add their package to pyproject.toml): {modules - names}"
    assert {"pipeline/configs/default.yaml", "pipeline/configs/glossaries/bekasi-japan.tsv",
            "pipeline/configs/profiles/bekasi-japan.yaml", "pipeline/evaluate/data/ntrex/newstest2019-ref.ind.txt",
            "pipeline/evaluate/data/ntrex/DOCUMENT_IDS.tsv"} <= names
    assert {top for top in {name.split("/")[0] for name in names} if not top.endswith(".dist-info")} == {"pipeline"}


def test_the_installed_commands_work_away_from_the_checkout(installed, tmp_path):
    output = run_installed(installed, tmp_path, "python", "-c", "import pipeline; print(pipeline.__file__)").stdout
    package = Path(output.strip()).parent
    assert package.is_relative_to(installed) and not package.is_relative_to(REPO)
    assert "--mode {sentence,document}" in run_installed(installed, tmp_path, "pipeline", "eval", "mt", "--help").stdout

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "bekasi.txt").write_text(ARTICLE, encoding="utf-8")
    # Without --config: the packaged default config, its profile (summarize) and its brief.
    done = run_installed(installed, tmp_path, "pipeline", "run", "articles", "--out", "default",
                         "--stages", "normalize,summarize,brief")
    default = package / "configs" / "default.yaml"
    assert f"config: {default}" in done.stderr
    manifest = json.loads((tmp_path / "default" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["summarize"]["profile"] == str(default.parent / "profiles" / "bekasi-japan.yaml")
    assert (tmp_path / "default" / "brief.md").exists()

    # Every stage, translation included, with toy models built by the installed copy.
    run_installed(installed, tmp_path, "python", "-m", "pipeline.evaluate.toy_models", "--out", "toy", "--size",
                  "tiny")
    run_installed(installed, tmp_path, "pipeline", "run", "articles", "--config", "toy/pipeline.yaml",
                  "--out", "toyrun", "--quiet")
    [record] = [json.loads(line) for line in (tmp_path / "toyrun" / "summarize.jsonl").read_text().splitlines()]
    assert set(record["translations"]) == {"en", "ja"} and record["summary"]["indexes"]
