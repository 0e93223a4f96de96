"""``memprivacy doctor``: which detector, vault and key would be used, and why."""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
from typing import Any

from ._common import add_vault_args


def register(sub: Any) -> None:
    doctor = sub.add_parser("doctor", help="show the detector, vault and key source in use")
    add_vault_args(doctor)
    doctor.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from .. import __version__
    from ..vault._crypto import KEY_ENV
    from ..vault.base import VAULT_ENV, default_vault_path
    from ..vault.sqlite import SQLiteVault

    path = args.vault or str(default_vault_path())
    why = "--vault" if args.vault else (f"${VAULT_ENV}" if os.environ.get(VAULT_ENV) else "user data dir")
    print(f"memprivacy-plugins {__version__} on Python {platform.python_version()}")
    print(f"vault:      {path}  (from {why})")
    try:
        with SQLiteVault(path) as vault:
            stats = vault.stats()
            print(f"key:        from {vault.key_source}" + (f"  (${KEY_ENV} is set)" if os.environ.get(KEY_ENV) else ""))
            print(f"contents:   {stats['scopes']} user scopes, {stats['entries']} mappings")
    except Exception as exc:  # doctor reports, never crashes
        print(f"vault:      cannot open ({type(exc).__name__}: {exc})")
    print("detector:   rules (default)")
    for extra, module in (("model", "torch"), ("model", "transformers"), ("model", "llguidance"), ("server", "httpx"), ("postgres", "psycopg")):
        state = "installed" if importlib.util.find_spec(module) else f"missing (pip install 'memprivacy-plugins[{extra}]')"
        print(f"{module + ':':<12}{state}")
    return 0
