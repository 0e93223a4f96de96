"""``memprivacy detect`` (spans for a JSONL file) and ``memprivacy eval`` (scores against gold)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._common import CliError, print_json


def register(sub: Any) -> None:
    from ..detectors._factory import add_detector_args

    detect = sub.add_parser(
        "detect",
        help="find private spans in a JSONL file of messages",
        description=(
            "Run a detector over INPUT (JSONL with 'text' and optional 'id', 'user_name'; a .txt file "
            "or --format text: one message per line; '-' reads standard input) and write one line "
            '{"id": ..., "spans": [...]} per message. Progress and throughput go to standard error.'
        ),
    )
    detect.add_argument("input", metavar="INPUT", help="messages file, or - for standard input")
    detect.add_argument(
        "-o", "--output", metavar="PRED.jsonl", help="write predictions here (default: standard output)"
    )
    detect.add_argument(
        "--format",
        choices=("auto", "jsonl", "text"),
        default="auto",
        help="input format (default: by extension)",
    )
    detect.add_argument("--user-name", metavar="NAME", help="user name for messages that do not carry one")
    _add_run_args(detect)
    add_detector_args(detect)
    detect.set_defaults(func=_detect)

    ev = sub.add_parser(
        "eval",
        help="score a detector (or a predictions file) against a gold JSONL set",
        description=(
            "Strict span P/R/F1 (same text after trimming, same level), text-match F1, per level, per type "
            "and per language, the leak rate and over-masking, as defined in DATASET.md. Without --pred the "
            "detector runs on DATA first."
        ),
    )
    ev.add_argument("data", metavar="DATA.jsonl", help="gold set in the DATASET.md format")
    ev.add_argument(
        "--pred", metavar="PRED.jsonl", help="score these predictions instead of running a detector"
    )
    ev.add_argument(
        "--levels", metavar="PL2,PL3,PL4", default="PL2,PL3,PL4", help="levels masked for the leak rate"
    )
    ev.add_argument("--lang", metavar="LANG", help="only messages with this 'lang' (e.g. en, zh)")
    ev.add_argument("--json", action="store_true", help="print the full report as one JSON object")
    ev.add_argument("--types", action="store_true", help="also print the per-type table")
    _add_run_args(ev)
    add_detector_args(ev)
    ev.set_defaults(func=_eval)


def _add_run_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--batch-size", type=int, default=32, metavar="N", help="messages per detect() call (default 32)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def _read_input(args: argparse.Namespace) -> list[Any]:
    from ..eval.dataset import Example, load_dataset, read_examples

    fmt = args.format
    if fmt == "auto":
        fmt = "text" if args.input.endswith(".txt") else "jsonl"
    if fmt == "text":
        if args.input == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                lines = Path(args.input).read_text(encoding="utf-8").splitlines()
            except (FileNotFoundError, UnicodeDecodeError) as exc:
                raise CliError(f"cannot read {args.input}: {type(exc).__name__}") from None
        return [
            Example(str(i), line, user_name=args.user_name) for i, line in enumerate(lines, 1) if line.strip()
        ]
    if args.input == "-":
        examples = read_examples(sys.stdin, name="stdin", require_spans=False)
    else:
        examples = load_dataset(args.input, require_spans=False)
    if args.user_name:
        from dataclasses import replace

        examples = [ex if ex.user_name else replace(ex, user_name=args.user_name) for ex in examples]
    return examples


def _run(args: argparse.Namespace, examples: Sequence[Any]) -> dict[str, Any]:
    from ..detectors._factory import detector_from_args
    from ..eval.run import detect_examples

    detector = detector_from_args(args)
    predictions, busy = detect_examples(
        detector, examples, batch_size=args.batch_size, progress=not args.no_progress
    )
    rate = len(examples) / busy if busy > 0 else float("inf")
    name = getattr(detector, "name", type(detector).__name__)
    print(
        f"memprivacy: {len(examples)} messages in {busy:.2f} s: {rate:,.1f} messages/s "
        f"(detector {name}, batch size {args.batch_size})",
        file=sys.stderr,
    )
    return predictions


def _check_args(args: argparse.Namespace) -> None:
    if args.batch_size < 1:
        raise CliError("--batch-size must be at least 1")


def _detect(args: argparse.Namespace) -> int:
    from ..eval.dataset import write_predictions

    _check_args(args)
    examples = _read_input(args)
    predictions = _run(args, examples)
    rows = ((ex.id, predictions[ex.id]) for ex in examples)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fp:
            write_predictions(fp, rows)
    else:
        write_predictions(sys.stdout, rows)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from ..eval.dataset import load_dataset, load_predictions
    from ..eval.metrics import evaluate
    from ..eval.report import format_report
    from ..policy import Policy

    _check_args(args)
    protected = Policy.from_string(args.levels).levels
    examples = load_dataset(args.data)
    if args.lang:
        examples = [ex for ex in examples if ex.lang == args.lang]
        if not examples:
            raise CliError(f"no messages with lang {args.lang!r} in {args.data}")
    if args.pred:
        predictions = load_predictions(args.pred)
    else:
        predictions = _run(args, examples)
    report = evaluate(examples, predictions, protected=protected)
    if args.json:
        print_json(report.as_dict())
    else:
        sys.stdout.write(format_report(report.as_dict(), types=args.types))
    return 0
