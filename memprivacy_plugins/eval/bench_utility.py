"""``memprivacy bench utility``: does memory stay useful under each privacy setting?

Ingests the bilingual memory-QA set through a real memory framework under five settings
(raw, typed placeholders, untyped ``<MASK_n>``, ``[REDACTED]``, type-only ``<PHONE_NUMBER>``),
asks every question in the same setting and reports recall@1/@5 of the evidence message and
answer availability (the answer readable in the top 5 after local restore).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..cli._common import CliError, print_json
from ._utility_backends import BACKENDS
from ._utility_settings import SETTINGS

__all__ = ["register", "run"]


def register(bench: Any) -> None:
    parser = bench.add_parser(
        "utility", help="memory QA utility: raw vs typed/untyped placeholders vs redaction",
        description="Does agent memory stay useful under each privacy setting? Ingests the bilingual memory-QA "
        "set through a real memory framework as raw text, typed placeholders, untyped <MASK_n>, [REDACTED] and "
        "<PHONE_NUMBER>-style redaction, asks every question in the same setting and reports recall@1/@5 of the "
        "evidence message and answer availability (the answer readable in the top 5 after local restore).",
    )
    parser.add_argument("--backend", choices=BACKENDS, default="mem0", help="memory framework (default: mem0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N personas (smoke runs)")
    parser.add_argument("--data", type=Path, metavar="PATH", help="memory-QA set (default: data/utility/memory_qa.jsonl)")
    parser.add_argument("--settings", metavar="LIST", default=",".join(SETTINGS),
                        help=f"comma-separated subset of {','.join(SETTINGS)}")
    parser.add_argument("--plot", type=Path, metavar="PNG", help="also save a grouped-bar plot here")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table instead of the text table")
    parser.add_argument("--gold", action="store_true",
                        help="detect with the data set's own annotated values (a perfect detector) instead of --detector")
    parser.add_argument("--adapter", action="store_true",
                        help="run the typed setting through our framework adapter (mem0: memprivacy_mem0.PrivateMemory) "
                        "instead of PrivacyEngine calls around the framework")
    parser.add_argument("--workdir", type=Path, metavar="DIR",
                        help="where the throw-away stores live (default: /dev/shm when present, else the temp dir)")
    from ..detectors._factory import add_detector_args

    add_detector_args(parser)
    parser.set_defaults(func=run)


def _workdir(arg: Path | None) -> Path | None:
    if arg is not None:
        if not arg.is_dir():
            raise CliError(f"--workdir {arg} is not a directory")
        return arg
    shm = Path("/dev/shm")
    # Mem0 and local Qdrant commit SQLite on every write; disk fsync latency is not what we measure.
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def run(args: argparse.Namespace) -> int:
    from ..detectors._factory import detector_from_args
    from ._utility_data import default_data_path, load_personas
    from ._utility_report import markdown_table, save_plot, text_table
    from ._utility_run import run_utility

    if args.adapter and args.backend != "mem0":
        raise CliError("--adapter is implemented for --backend mem0")
    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be at least 1")
    settings = tuple(s.strip() for s in args.settings.split(",") if s.strip())
    unknown = [s for s in settings if s not in SETTINGS]
    if unknown or not settings:
        raise CliError(f"--settings takes names from {', '.join(SETTINGS)}")
    if args.gold and args.detector != "rules":
        raise CliError("--gold replaces the detector; leave --detector out")
    if args.detector != "rules" and not (args.model or args.base_url):
        raise CliError(f"--detector {args.detector} needs --model (or --base-url for a server)")
    path = args.data or default_data_path()
    if path is None:
        raise CliError("cannot find data/utility/memory_qa.jsonl; run from the repository root or pass --data")
    personas = load_personas(path, limit=args.limit)
    if args.gold:
        from ._utility_gold import GoldDetector

        detector: Any = GoldDetector(personas)
        label = "gold"
    else:
        detector = detector_from_args(args)
        label = args.detector + (f" ({Path(args.model).name})" if args.model else "")
    result = run_utility(personas, backend=args.backend, detector=detector, settings=settings,
                         workdir=_workdir(args.workdir), adapter=args.adapter)
    report = result.to_json()
    report["detector"] = label
    if args.plot is not None:
        save_plot(report, args.plot)
    if args.json:
        print_json(report)
    else:
        print(markdown_table(report) if args.markdown else text_table(report))
        if args.plot is not None:
            print(f"plot saved to {args.plot}", file=sys.stderr)
    return 0
