"""Build a detector from a short name (CLI flags, configs)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import ConfigError
from .base import Detector

DETECTOR_KINDS = ("rules", "model", "server", "combined")


def build_detector(
    kind: str = "rules",
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    **options: Any,
) -> Detector:
    """``rules`` | ``model`` (in-process transformers) | ``server`` (OpenAI-compatible) | ``combined``.

    ``combined`` is rules plus the model (in-process when ``model`` is given, else the
    server at ``base_url``). Nothing is loaded or contacted here beyond the constructor.
    """
    if kind == "rules":
        from .rules import RulesDetector

        return RulesDetector(**options)
    if kind == "model":
        from .transformers import TransformersDetector

        return TransformersDetector(model or "IAAR-Shanghai/MemPrivacy-1.7B-RL", **options)
    if kind == "server":
        if not base_url or not model:
            raise ConfigError("--detector server needs --base-url and --model")
        from .openai_compatible import OpenAICompatibleDetector

        return OpenAICompatibleDetector(base_url, model, api_key=api_key, **options)
    if kind == "combined":
        from .combined import CombinedDetector
        from .rules import RulesDetector

        inner = build_detector("server" if base_url else "model", model=model, base_url=base_url, api_key=api_key, **options)
        return CombinedDetector([RulesDetector(), inner])
    raise ConfigError(f"unknown detector {kind!r}; choose one of {', '.join(DETECTOR_KINDS)}")


def add_detector_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--detector", choices=DETECTOR_KINDS, default="rules", help="which detector (default: rules)")
    parser.add_argument("--model", metavar="NAME_OR_PATH", help="MemPrivacy model id or path (model/combined), or served model name (server)")
    parser.add_argument("--base-url", metavar="URL", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (server/combined)")
    parser.add_argument("--api-key", metavar="KEY", help="API key for --base-url (default: $OPENAI_API_KEY or none)")


def detector_from_args(args: argparse.Namespace) -> Detector:
    return build_detector(
        args.detector,
        model=getattr(args, "model", None),
        base_url=getattr(args, "base_url", None),
        api_key=getattr(args, "api_key", None),
    )
