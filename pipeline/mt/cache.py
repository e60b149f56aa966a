"""A translation cache shared by runs, so that re-running a batch (or another batch quoting the same sentences)
costs no model time.

SQLite, because it is in the standard library and safe for two runs (two processes) on one file: WAL lets
readers work while one process writes, a busy timeout makes writers wait for each other instead of failing,
and transactions stay short (one per `put_many`). A cache is an optimisation, never a reason to stop a run:
a file that is not our cache (garbage, another schema) is moved aside and a fresh one made; a location that
cannot be written, or a database error mid-run, leaves the run going without a cache, with a warning.

Entries are keyed by (namespace, source text). The caller builds the namespace from everything that changes
a translation (model, revision, generation settings, the plan that runs and the versions of the packages that
decide its output: see stages/translate.py), so neither a changed setting nor a library upgrade can return a
stale translation. The schema version is PRAGMA user_version.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType

from pipeline.resources import cache_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
TABLE = "translations"
COLUMNS = ("namespace", "source", "target")
# Parameters per IN query: SQLite builds before 3.32 allow at most 999 variables in one statement.
QUERY_CHUNK = 900
# How long a writer waits for another process's transaction before giving up (they last milliseconds).
BUSY_TIMEOUT_S = 30.0
# SQLite result codes that mean "this file is not a (sound) database", as opposed to "cannot open or write".
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class _NotOurCache(Exception):
    """A readable SQLite file that holds something other than this cache."""


def default_cache_path() -> Path:
    """$PIPELINE_CACHE, else $XDG_CACHE_HOME (or ~/.cache)/delegation-pipeline/translations.sqlite."""
    if os.environ.get("PIPELINE_CACHE"):
        return Path(os.environ["PIPELINE_CACHE"]).expanduser()
    return cache_dir() / "translations.sqlite"


class TranslationCache:
    """Use one instance from one thread at a time; each process opens its own."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else default_cache_path()
        self.stats = {"hits": 0, "misses": 0, "writes": 0}
        self._connection = self._open()

    @property
    def enabled(self) -> bool:
        return self._connection is not None

    def get_many(self, namespace: str, texts: list[str]) -> dict[str, str]:
        """Cached translations of those texts that have one; hits and misses count distinct texts."""
        unique = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        if self._connection is not None:
            try:
                for start in range(0, len(unique), QUERY_CHUNK):
                    chunk = unique[start : start + QUERY_CHUNK]
                    placeholders = ",".join("?" * len(chunk))
                    rows = self._connection.execute(
                        f"SELECT source, target FROM {TABLE} WHERE namespace = ? AND source IN ({placeholders})",
                        [namespace, *chunk],
                    )
                    found.update(rows)
            except sqlite3.Error as error:
                self._give_up(error)
                found = {}
        self.stats["hits"] += len(found)
        self.stats["misses"] += len(unique) - len(found)
        return found

    def put_many(self, namespace: str, pairs: dict[str, str]) -> None:
        if self._connection is None or not pairs:
            return
        try:
            with _transaction(self._connection, "IMMEDIATE"):
                self._connection.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} (namespace, source, target) VALUES (?, ?, ?)",
                    [(namespace, source, target) for source, target in pairs.items()],
                )
        except sqlite3.Error as error:
            self._give_up(error)
            return
        self.stats["writes"] += len(pairs)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # --- opening ---------------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return self._connect()
            except _NotOurCache as problem:
                self._set_aside(str(problem))
            except sqlite3.DatabaseError as error:
                if error.sqlite_errorcode & 0xFF not in _CORRUPT_CODES:  # primary code of an extended one
                    raise
                self._set_aside(f"not a readable SQLite database ({error})")
            return self._connect()
        except (OSError, sqlite3.Error, _NotOurCache) as error:
            log.warning("translation cache %s cannot be used (%s); running without a cache", self.path, error)
            return None

    def _connect(self) -> sqlite3.Connection:
        # One thread at a time, but not always the one that opened it (Ray runs an actor's batches elsewhere).
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            with _transaction(connection, "DEFERRED"):  # one snapshot: another run may be creating the table
                _is_new(connection)  # before anything writes: a file that is not ours is set aside untouched
            _enable_wal(connection)
            connection.execute("PRAGMA synchronous = NORMAL")  # durable enough for a cache, and fast in WAL mode
            with _transaction(connection, "IMMEDIATE"):  # two runs creating the cache at once: one creates it
                if _is_new(connection):
                    connection.execute(
                        f"CREATE TABLE {TABLE} (namespace TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
                        " PRIMARY KEY (namespace, source)) WITHOUT ROWID"
                    )
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            connection.close()
            raise
        return connection

    def _set_aside(self, reason: str) -> None:
        """Move a file that is not our cache (with its WAL and shared-memory files) out of the way."""
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):  # no such companion file, or another run moved it first
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        log.warning(
            "translation cache %s is unusable: %s; moved it to %s and started a new cache", self.path, reason, aside
        )

    def _give_up(self, error: sqlite3.Error) -> None:
        log.warning("translation cache %s failed (%s); continuing without a cache", self.path, error)
        self.close()


def _enable_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL, retrying: the switch needs the file to itself and SQLite does not wait for it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _is_new(connection: sqlite3.Connection) -> bool:
    """True for an empty database, False for our cache; _NotOurCache for anything else."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if version == 0 and not tables:
        return True
    if version != SCHEMA_VERSION:
        raise _NotOurCache(f"schema version {version}, expected {SCHEMA_VERSION} (tables: {', '.join(tables)})")
    columns = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({TABLE})"))
    if columns != COLUMNS:
        raise _NotOurCache(f"table {TABLE!r} has columns {columns}, expected {COLUMNS}")
    return False


@contextmanager
def _transaction(connection: sqlite3.Connection, mode: str) -> Iterator[None]:
    """IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking on an upgrade."""
    connection.execute(f"BEGIN {mode}")
    try:
        yield
    except BaseException:
        if connection.in_transaction:  # SQLite rolls back by itself after some errors (disk full, I/O)
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
