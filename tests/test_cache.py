"""The translation cache: what it returns, that runs can share it, and that a broken cache never stops a run."""

import logging
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pipeline.mt.cache import QUERY_CHUNK, SCHEMA_VERSION, TranslationCache, default_cache_path

NAMESPACE = "Helsinki-NLP/opus-mt-id-en@abc123|beams=4"


def test_roundtrip_returns_hits_only_and_counts_them(tmp_path):
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many(NAMESPACE, {"Selamat pagi.": "Good morning.", "Terima kasih.": "Thank you."})
        found = cache.get_many(NAMESPACE, ["Selamat pagi.", "Apa kabar?", "Terima kasih.", "Selamat pagi."])
        assert found == {"Selamat pagi.": "Good morning.", "Terima kasih.": "Thank you."}
        assert cache.stats == {"hits": 2, "misses": 1, "writes": 2}


def test_translations_survive_a_new_run(tmp_path):
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many(NAMESPACE, {"Kota Bekasi": "Bekasi City"})
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        assert cache.get_many(NAMESPACE, ["Kota Bekasi"]) == {"Kota Bekasi": "Bekasi City"}


def test_namespaces_are_isolated(tmp_path):
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many("model-a", {"Jepang": "Japan"})
        cache.put_many("model-b", {"Jepang": "JAPAN"})
        assert cache.get_many("model-a", ["Jepang"]) == {"Jepang": "Japan"}
        assert cache.get_many("model-b", ["Jepang"]) == {"Jepang": "JAPAN"}
        assert cache.get_many("model-c", ["Jepang"]) == {}


def test_a_newer_translation_replaces_the_old_one(tmp_path):
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many(NAMESPACE, {"Jepang": "Japon"})
        cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        assert cache.get_many(NAMESPACE, ["Jepang"]) == {"Jepang": "Japan"}


def test_lookups_larger_than_one_query_are_chunked(tmp_path):
    texts = [f"kalimat {i}" for i in range(QUERY_CHUNK * 2 + 7)]
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many(NAMESPACE, {text: text.upper() for text in texts[::2]})
        found = cache.get_many(NAMESPACE, texts)
    assert found == {text: text.upper() for text in texts[::2]}


def test_default_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("PIPELINE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "delegation-pipeline" / "translations.sqlite"
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "mine.sqlite"))
    with TranslationCache(None) as cache:
        cache.put_many(NAMESPACE, {"a": "b"})
    assert (tmp_path / "mine.sqlite").is_file()


def _write_entries(path: str, writer: int, batches: int, start: multiprocessing.Barrier) -> None:
    start.wait()  # both processes create the cache file at the same moment, then write batches interleaved
    with TranslationCache(Path(path)) as cache:
        for batch in range(batches):
            cache.put_many(NAMESPACE, {f"w{writer} b{batch} s{i}": f"t{writer}.{batch}.{i}" for i in range(20)})
            cache.get_many(NAMESPACE, [f"w{1 - writer} b{batch} s0"])
        if not cache.enabled:  # a database error mid-run disables the cache: the test must see it
            raise SystemExit(3)


def test_two_processes_write_the_same_cache_at_once(tmp_path):
    path = tmp_path / "shared.sqlite"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    writers = [context.Process(target=_write_entries, args=(str(path), n, 60, start)) for n in (0, 1)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0]
    expected = [f"w{writer} b{batch} s{i}" for writer in (0, 1) for batch in range(60) for i in range(20)]
    with TranslationCache(path) as cache:
        found = cache.get_many(NAMESPACE, expected)
    assert len(found) == len(expected)
    assert found["w1 b59 s19"] == "t1.59.19"


def _assert_set_aside(path, caplog, original_bytes):
    asides = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == original_bytes
    assert str(path) in caplog.text and str(asides[0]) in caplog.text


def test_garbage_file_is_set_aside_and_a_fresh_cache_works(tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    garbage = b"this is not a database\x00\xff" * 100
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING), TranslationCache(path) as cache:
        cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        assert cache.get_many(NAMESPACE, ["Jepang"]) == {"Jepang": "Japan"}
    _assert_set_aside(path, caplog, garbage)


@pytest.mark.parametrize(
    "setup",
    [
        ["CREATE TABLE notes (text TEXT)"],
        [
            "CREATE TABLE translations (namespace TEXT, source TEXT, target TEXT)",
            f"PRAGMA user_version = {SCHEMA_VERSION + 1}",
        ],
        ["CREATE TABLE translations (key TEXT, value TEXT)", f"PRAGMA user_version = {SCHEMA_VERSION}"],
    ],
    ids=["other-table", "newer-schema", "wrong-columns"],
)
def test_a_database_that_is_not_our_cache_is_set_aside(tmp_path, caplog, setup):
    path = tmp_path / "cache.sqlite"
    connection = sqlite3.connect(path)
    for statement in setup:
        connection.execute(statement)
    connection.commit()
    connection.close()
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING), TranslationCache(path) as cache:
        assert cache.enabled
        cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        assert cache.get_many(NAMESPACE, ["Jepang"]) == {"Jepang": "Japan"}
    _assert_set_aside(path, caplog, original)


def test_unwritable_location_warns_and_runs_without_cache(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    path = blocker / "cache.sqlite"
    with caplog.at_level(logging.WARNING), TranslationCache(path) as cache:
        assert not cache.enabled
        cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        assert cache.get_many(NAMESPACE, ["Jepang"]) == {}
        assert cache.stats == {"hits": 0, "misses": 1, "writes": 0}
    assert str(path) in caplog.text and "without a cache" in caplog.text


def test_a_folder_in_place_of_the_file_is_not_moved(tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    path.mkdir()
    with caplog.at_level(logging.WARNING), TranslationCache(path) as cache:
        assert not cache.enabled
    assert path.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_cache_broken_during_a_run_is_dropped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    with TranslationCache(path) as cache:
        cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        other_run = sqlite3.connect(path)
        other_run.execute("DROP TABLE translations")
        other_run.commit()
        other_run.close()
        with caplog.at_level(logging.WARNING):
            assert cache.get_many(NAMESPACE, ["Jepang"]) == {}
            cache.put_many(NAMESPACE, {"Jepang": "Japan"})
        assert not cache.enabled
    assert str(path) in caplog.text and "continuing without a cache" in caplog.text
