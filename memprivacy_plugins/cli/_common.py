"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A user error: printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def read_text_arg(text: str) -> str:
    """TEXT, or standard input when TEXT is ``-``."""
    if text == "-":
        data = sys.stdin.read()
        return data[:-1] if data.endswith("\n") else data
    return text


def add_vault_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vault", metavar="PATH", help="vault file (default: $MEMPRIVACY_VAULT or the user data dir)")


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
