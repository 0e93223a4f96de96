"""``memprivacy bench ...``: one subcommand per benchmark module.

Each module in ``_BENCHES`` has ``register(bench_subparsers)``; a module that does not
exist yet is skipped, so benchmarks can be added without editing this file's logic.
"""

from __future__ import annotations

import importlib
from typing import Any

_BENCHES = (
    "memprivacy_plugins.eval.bench_detect",
    "memprivacy_plugins.eval.bench_engine",
    "memprivacy_plugins.eval.bench_mem0",
    "memprivacy_plugins.eval.bench_model",
    "memprivacy_plugins.eval.bench_utility",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="benchmarks (speed, utility); each prints its baseline from the same run",
        description="Benchmarks. Figures are only comparable within one run: each prints its own baseline.",
    )
    benches = parser.add_subparsers(dest="bench", metavar="BENCH")
    benches.required = True
    for name in _BENCHES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet
                continue
            raise
        module.register(benches)
