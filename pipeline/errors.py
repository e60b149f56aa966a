"""Errors that stop a run before or during work; the CLI prints their message and exits with `exit_code`.

Problems with a single record are not exceptions: they are `RecordError`s in errors.jsonl (see records.py).
"""


class PipelineError(Exception):
    exit_code = 2


class ConfigError(PipelineError):
    """A config file or value that cannot be used; the message names the key."""


class InputError(PipelineError):
    """An input that cannot be read at all (missing file, unknown format)."""


class ModelUnavailableError(PipelineError):
    """A configured model that cannot be loaded; raised before any work is done."""
