"""Shared helpers for the rule tables: run the whole default detector, compare (value, type) pairs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from memprivacy_plugins.detectors.rules import RulesDetector

Found = Callable[..., list[tuple[str, str]]]


@pytest.fixture(scope="session")
def detector() -> RulesDetector:
    return RulesDetector()


@pytest.fixture(scope="session")
def found(detector: RulesDetector) -> Found:
    """found(text, user_name=None): (original_text, privacy_type) of every span, in order.

    Every call also checks the span contract: offsets set and cutting out exactly the
    reported text, source "rules".
    """

    def run(text: str, user_name: str | None = None) -> list[tuple[str, str]]:
        [spans] = detector.detect([text], user_name=user_name)
        for s in spans:
            assert s.start is not None and s.end is not None
            assert text[s.start : s.end] == s.original_text
            assert s.source == "rules"
        return [(s.original_text, s.privacy_type) for s in spans]

    return run
