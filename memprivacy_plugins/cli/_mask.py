"""``memprivacy mask`` and ``memprivacy unmask``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import add_vault_args, print_json, read_text_arg


def register(sub: Any) -> None:
    from ..detectors._factory import add_detector_args

    mask = sub.add_parser("mask", help="replace private values with placeholders", description=(
        "Mask TEXT (or standard input with '-') for one user and print the masked text."
    ))
    mask.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    mask.add_argument("--user", required=True, metavar="USER_ID", help="the user scope")
    mask.add_argument("--user-name", metavar="NAME", help="the user's real name (helps detection)")
    mask.add_argument("--levels", metavar="PL2,PL3,PL4", default="PL2,PL3,PL4", help="levels to protect")
    mask.add_argument("--json", action="store_true", help="print JSON: masked text and spans (no original values)")
    add_vault_args(mask)
    add_detector_args(mask)
    mask.set_defaults(func=_mask)

    unmask = sub.add_parser("unmask", help="restore placeholders", description=(
        "Restore the placeholders of one user's scope in TEXT (or standard input with '-')."
    ))
    unmask.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    unmask.add_argument("--user", required=True, metavar="USER_ID", help="the user scope")
    add_vault_args(unmask)
    unmask.set_defaults(func=_unmask)


def open_engine(args: argparse.Namespace, *, with_detector: bool = True) -> Any:
    from ..engine import PrivacyEngine
    from ..policy import Policy
    from ..vault.sqlite import SQLiteVault

    vault = SQLiteVault(args.vault) if getattr(args, "vault", None) else SQLiteVault()
    detector = None
    if with_detector:
        from ..detectors._factory import detector_from_args

        detector = detector_from_args(args)
    else:
        detector = _NoDetector()
    policy = Policy.from_string(args.levels) if getattr(args, "levels", None) else None
    return PrivacyEngine(detector=detector, vault=vault, policy=policy)


class _NoDetector:
    """unmask needs no detector; avoid building one."""

    name = "none"

    def detect(self, texts: Any, *, user_name: str | None = None) -> list[list[Any]]:
        return [[] for _ in texts]


def _mask(args: argparse.Namespace) -> int:
    text = read_text_arg(args.text)
    with open_engine(args) as engine:
        masked = engine.mask(text, user_id=args.user, user_name=args.user_name)
    if args.json:
        print_json({
            "text": masked.text,
            "spans": [
                {
                    "placeholder": ph,
                    "privacy_type": s.privacy_type,
                    "privacy_level": s.privacy_level.value,
                    "start": s.start,
                    "end": s.end,
                }
                for s, ph in zip(masked.spans, masked.placeholders)
            ],
        })
    else:
        sys.stdout.write(masked.text + "\n")
    return 0


def _unmask(args: argparse.Namespace) -> int:
    text = read_text_arg(args.text)
    with open_engine(args, with_detector=False) as engine:
        sys.stdout.write(engine.unmask(text, user_id=args.user) + "\n")
    return 0
