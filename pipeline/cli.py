"""The `pipeline` command: a thin layer over the library (pipeline/run/); every option maps to a config or call.

The eval and bench commands are mounted from their modules (pipeline/evaluate/), each with `add_arguments` and
`run`; nothing the CLI imports imports the CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.config import PipelineConfig, default_config_path, load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.evaluate import bench, mt, pages, summary
from pipeline.files import read_jsonl
from pipeline.run.executors import Executor, LocalExecutor
from pipeline.run.ray import RayExecutor
from pipeline.run.runner import Runner
from pipeline.stages import REGISTRY, build_stage
from pipeline.version import __version__

EXECUTORS = ("local", "ray")


def _print_err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    config_path = Path(args.config) if args.config else default_config_path()
    config = load_config(config_path)
    if not args.quiet:
        _print_err(f"config: {config_path}" + ("" if args.config else " (the default; choose another with --config)"))
    if args.engine:
        if args.executor and args.executor != args.engine:
            raise ConfigError("--engine is the old name of --executor: give one of them")
        _print_err("warning: --engine is deprecated, use --executor (the engine is now translate.engine, the "
                   "translation backend)")
    executor = args.executor or args.engine or "local"
    if args.quiet:
        config.run.progress = False
    if args.ray_address:
        if executor != "ray":
            raise ConfigError("--ray-address needs --executor ray")
        config.ray.address = args.ray_address
    config.input.feeds += args.feed or []
    if args.since:
        config.input.since = args.since
    runner = Runner(config, args.out, stages=args.stages, report=(lambda line: None) if args.quiet else _print_err,
                    executor=build_executor(executor, config), offline=args.offline)
    manifest = runner.run(args.inputs)
    errors = manifest.get("errors", {}).get("total", 0)
    if not args.quiet:
        _print_err(f"run complete: {args.out} ({errors} errors; see errors.jsonl)" if errors
                   else f"run complete: {args.out}")
        _print_err(f"signature: {manifest['signature']}")
    return 0


def build_executor(name: str, config: PipelineConfig) -> Executor:
    return RayExecutor(config.ray) if name == "ray" else LocalExecutor()


def cmd_brief(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir)
    manifest_path = run_dir / "manifest.json"
    if not manifest_path.exists():
        raise PipelineError(f"{run_dir} is not a run folder (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    config = load_config(args.config) if args.config else load_config(manifest["config"])
    if args.profile:
        config.summarize.profile = Path(args.profile)
    stage = build_stage("brief", config)
    source = run_dir / f"{stage.reads[0]}.jsonl"
    if not source.exists():
        raise PipelineError(f"{run_dir} has no {source.name}: run the {stage.reads[0]} stage first")
    info = stage.write(read_jsonl(source), run_dir, manifest)
    print("\n".join(info["paths"]))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run stages over articles into a run folder (resumable)")
    run.add_argument("inputs", nargs="*", help=".jsonl, .csv, .txt, .html/.htm (saved pages), a folder of them, a "
                                               ".urls file (one URL a line), an http(s) URL, a saved dataset folder, "
                                               "or a Hugging Face dataset name")
    run.add_argument("--feed", action="append", help="RSS/Atom feed URL or file to read articles from (repeatable; "
                                                     "adds to input.feeds in the config)")
    run.add_argument("--since", help="feed entries from: YYYY-MM-DD, or an age such as 1d or 12h (input.since)")
    run.add_argument("--offline", action="store_true", help="read web pages only from RUN_DIR/pages, as saved by an "
                                                            "earlier run of the same command; fetch nothing")
    run.add_argument("--config", help="YAML config (default: the packaged configs/default.yaml)")
    run.add_argument("--out", required=True, help="run folder; rerun the same command to resume")
    run.add_argument("--stages", help=f"comma-separated subset of {','.join(REGISTRY)} (default: all)")
    run.add_argument("--quiet", action="store_true", help="no progress bars or summary lines")
    run.add_argument("--executor", choices=EXECUTORS,
                     help="where batches run: this process (local, the default), or a Ray cluster (extra 'ray'; "
                          "see docs/scale.md)")
    run.add_argument("--engine", choices=EXECUTORS, help=argparse.SUPPRESS)  # the old name of --executor
    run.add_argument("--ray-address", help="Ray cluster to join, e.g. HEAD_IP:6379 or auto (default: ray.address "
                                           "in the config, else $RAY_ADDRESS, else a Ray started here)")
    run.set_defaults(func=cmd_run)

    brief = commands.add_parser("brief", help="rebuild brief.md and brief.html from a finished run")
    brief.add_argument("run_dir")
    brief.add_argument("--profile", help="delegation profile YAML (default: the run's summarize.profile)")
    brief.add_argument("--config", help="config to take brief settings from (default: the run's own)")
    brief.set_defaults(func=cmd_brief)

    evaluate = commands.add_parser("eval", help="measure the pipeline (extra 'eval'; see docs/quality.md)")
    evaluations = evaluate.add_subparsers(dest="evaluation", required=True)
    for name, module, help_text in (
            ("mt", mt, "BLEU and chrF of the translation routes on NTREX news or a dataset"),
            ("summary", summary, "the summarizer beside Lead-N: ROUGE on NTREX, hint coverage on gold pages, CV"),
            ("pages", pages, "how well page text is cleaned, on a gold-labelled set of real pages")):
        _mount(evaluations.add_parser(name, help=help_text), module)
    _mount(commands.add_parser("bench", help="translate-stage speed against the model-card baseline, on NTREX "
                                             "sentences with the toy `full` models"), bench)
    return parser


def _mount(parser: argparse.ArgumentParser, module) -> None:
    """A command whose options and action live in its module: `add_arguments(parser)` and `run(args)`."""
    parser.description = module.__doc__.split("\n\n")[0]
    module.add_arguments(parser)
    parser.set_defaults(func=module.run)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PipelineError as error:
        _print_err(f"error: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        _print_err("interrupted: rerun the same command to resume")
        return 130


if __name__ == "__main__":
    sys.exit(main())
