"""The ``memprivacy`` command.

Each command group lives in its own module with a ``register(subparsers)`` function;
``_COMMANDS`` is the one list of them. Heavy imports happen inside command functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from ..errors import MemPrivacyError
from ._common import EXIT_USAGE, EXIT_FAILURE, CliError

__all__ = ["main"]

_COMMANDS = (
    "memprivacy_plugins.cli._mask",
    "memprivacy_plugins.cli._vault",
    "memprivacy_plugins.cli._detect",
    "memprivacy_plugins.cli._bench",
    "memprivacy_plugins.cli._doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="memprivacy",
        description="Mask private values with typed placeholders before they reach agent memory.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command module not written yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"memprivacy: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except MemPrivacyError as exc:
        # Our messages never carry user values, so they are safe to print.
        print(f"memprivacy: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        for note in getattr(exc, "__notes__", ()):
            print(f"memprivacy: hint: {note}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
