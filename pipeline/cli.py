"""The `pipeline` command: a thin layer over the library API (runner.py); every option maps to a config or call."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.config import PipelineConfig, load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.run.ray import RayEngine
from pipeline.run.runner import STAGE_ORDER, Engine, LocalEngine, Runner, build_brief_from_run


def _print_err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.quiet:
        config.run.progress = False
    if args.ray_address:
        if args.engine != "ray":
            raise ConfigError("--ray-address needs --engine ray")
        config.ray.address = args.ray_address
    runner = Runner(config, args.out, stages=args.stages, report=(lambda line: None) if args.quiet else _print_err,
                    engine=build_engine(args.engine, config))
    manifest = runner.run(args.inputs)
    errors = manifest.get("errors", {}).get("total", 0)
    if not args.quiet:
        _print_err(f"run complete: {args.out} ({errors} errors; see errors.jsonl)" if errors
                   else f"run complete: {args.out}")
        _print_err(f"signature: {manifest['signature']}")
    return 0


def build_engine(name: str, config: PipelineConfig) -> Engine:
    return RayEngine(config.ray) if name == "ray" else LocalEngine()


def cmd_brief(args: argparse.Namespace) -> int:
    run_dir = Path(args.run_dir)
    manifest_path = run_dir / "manifest.json"
    if not manifest_path.exists():
        raise PipelineError(f"{run_dir} is not a run folder (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    config = load_config(args.config) if args.config else load_config(manifest["config"])
    profile = Path(args.profile) if args.profile else None
    if not (run_dir / "summarize.jsonl").exists():
        raise PipelineError(f"{run_dir} has no summarize.jsonl: run the summarize stage first")
    info = build_brief_from_run(run_dir, config, manifest, profile_path=profile)
    print("\n".join(info["paths"]))
    return 0


def cmd_eval_mt(args: argparse.Namespace) -> int:
    from pipeline.evaluate.mt import run_command  # sacrebleu and MeCab are only needed here (the `eval` extra)

    return run_command(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from pipeline.evaluate.bench import run_command  # the toy models and NTREX sentences live in eval/

    return run_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run stages over articles into a run folder (resumable)")
    run.add_argument("inputs", nargs="*", help=".jsonl, .csv, .txt, a folder of .txt, a saved dataset folder, "
                                               "or a Hugging Face dataset name")
    run.add_argument("--config", help="YAML config (default: built-in defaults)")
    run.add_argument("--out", required=True, help="run folder; rerun the same command to resume")
    run.add_argument("--stages", default=",".join(STAGE_ORDER), help=f"comma-separated subset of {','.join(STAGE_ORDER)}")
    run.add_argument("--quiet", action="store_true", help="no progress bars or summary lines")
    run.add_argument("--engine", choices=("local", "ray"), default="local",
                     help="where batches run: this process, or a Ray cluster (extra 'ray'; see docs/scale.md)")
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
    mt = evaluations.add_parser("mt", help="BLEU and chrF of the translation routes on NTREX news or a dataset")
    mt.add_argument("--config", required=True, help="YAML config whose translation routes are scored")
    mt.add_argument("--mode", choices=("sentence", "document"), default="sentence",
                    help="sentence: each source line alone (the models); document: NTREX documents through "
                         "normalize -> translate, one segment per document (the whole pipeline)")
    mt.add_argument("--limit", type=int, help="score only the first N sentences (sentence mode) or documents")
    mt.add_argument("--data", help="folder in the NTREX layout (default: eval/data/ntrex)")
    mt.add_argument("--dataset", help="Hugging Face dataset name or saved dataset folder, instead of --data")
    mt.add_argument("--dataset-config", help="the dataset's configuration name, if it has several")
    mt.add_argument("--split", default="test", help="dataset split (default: test; FLORES-200: devtest)")
    mt.add_argument("--source-column", help="dataset column with the Indonesian source")
    mt.add_argument("--reference-column", help="dataset column with the reference translation")
    mt.add_argument("--target", help="language of the references, e.g. en or ja (with --data: score only it)")
    mt.add_argument("--json", help="also write the results here, and the run manifest as manifest.json beside it")
    mt.add_argument("--quiet", action="store_true", help="no progress bar or timing line")
    mt.set_defaults(func=cmd_eval_mt)

    bench = commands.add_parser("bench", help="translate-stage speed against the model-card baseline, on NTREX "
                                              "sentences with the toy `full` models (see eval/bench_translate.py)")
    bench.add_argument("--sentences", type=int, default=100, help="the first N NTREX sentences (default: 100)")
    bench.add_argument("--systems", help="comma-separated pipeline systems (default: all of pipeline-exact, "
                                         "pipeline-bf16, pipeline-int8, pipeline-ct2, pipeline-fast; the baseline "
                                         "always runs)")
    bench.add_argument("--models", help="folder written by `python -m pipeline.evaluate.toy_models --size full` (default: built "
                                        "once into the cache folder)")
    bench.add_argument("--threads", type=int, help="CPU threads per system (default: the models' pipeline.yaml, "
                                                   "else torch's default)")
    bench.add_argument("--json", help="also write the results here")
    bench.set_defaults(func=cmd_bench)
    return parser


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
