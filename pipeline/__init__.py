"""Indonesian local news into English and Japanese material for visiting delegations.

Library use mirrors the command line::

    import pipeline
    manifest = pipeline.run(["examples/"], config="configs/default.yaml", out_dir="runs/example")
    result = pipeline.process([{"id": "a1", "title": "...", "text": "..."}], stages="normalize")
"""

__version__ = "0.1.0"

from pipeline.config import PipelineConfig, load_config  # noqa: E402
from pipeline.errors import ConfigError, InputError, ModelUnavailableError, PipelineError  # noqa: E402
from pipeline.records import SCHEMA_VERSION, RecordError  # noqa: E402
from pipeline.run.runner import Processed, Runner, process, run  # noqa: E402

__all__ = ["PipelineConfig", "load_config", "ConfigError", "InputError", "ModelUnavailableError", "PipelineError",
           "SCHEMA_VERSION", "RecordError", "Processed", "Runner", "process", "run"]
