"""Indonesian local news into English and Japanese material for visiting delegations.

Library use mirrors the command line::

    import pipeline
    manifest = pipeline.run(["examples/"], config="configs/default.yaml", out_dir="runs/example")
    result = pipeline.process([{"id": "a1", "title": "...", "text": "..."}], stages="normalize")
"""

from pipeline.version import __version__
from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError, InputError, ModelUnavailableError, PipelineError
from pipeline.records import SCHEMA_VERSION, RecordError
from pipeline.run.api import Processed, process, run
from pipeline.run.runner import Runner

__all__ = ["PipelineConfig", "load_config", "ConfigError", "InputError", "ModelUnavailableError", "PipelineError",
           "SCHEMA_VERSION", "RecordError", "Processed", "Runner", "process", "run"]
