"""Bad input: a clear error, nothing written, no value in the message."""

from __future__ import annotations

from typing import Sequence

import pytest

from memprivacy_plugins import (
    BaseDetector,
    DetectionError,
    InputTooLargeError,
    InvalidTextError,
    PrivacyEngine,
    ScopeError,
    Span,
)


def _entries(engine: PrivacyEngine) -> int:
    return engine.vault.stats()["entries"]


def test_empty_text_is_returned_and_nothing_written(engine: PrivacyEngine) -> None:
    assert engine.mask("", user_id="u1").text == ""
    assert engine.mask_many(["", ""], user_id="u1")[1].text == ""
    assert _entries(engine) == 0


def test_one_megabyte_text(engine: PrivacyEngine) -> None:
    text = ("filler text without values. " * 37_000)[:999_000] + " mail a@b.co end"
    masked = engine.mask(text, user_id="u1")
    assert "a@b.co" not in masked.text and masked.text.endswith("mail <Email_1> end")
    assert engine.unmask(masked.text, user_id="u1") == text


def test_too_large_text(engine: PrivacyEngine) -> None:
    small = PrivacyEngine(engine.detector, engine.vault, max_chars=1000)
    with pytest.raises(InputTooLargeError, match="max_chars=1000"):
        small.mask("a@b.co " * 500, user_id="u1")
    assert _entries(engine) == 0


def test_unpaired_surrogates(engine: PrivacyEngine) -> None:
    with pytest.raises(InvalidTextError, match="offset 7") as info:
        engine.mask("a@b.co \ud800 tail", user_id="u1")
    assert "a@b.co" not in str(info.value)
    assert _entries(engine) == 0


def test_wrong_types_and_scope(engine: PrivacyEngine) -> None:
    with pytest.raises(InvalidTextError):
        engine.mask(b"bytes", user_id="u1")  # type: ignore[arg-type]
    with pytest.raises(InvalidTextError):
        engine.mask_many("not a list", user_id="u1")
    for bad in ("", "   ", None):
        with pytest.raises(ScopeError):
            engine.mask("a@b.co", user_id=bad)  # type: ignore[arg-type]
    assert _entries(engine) == 0


class _Exploding(BaseDetector):
    name = "exploding"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        raise RuntimeError(f"model crashed while reading {texts[0]!r}")  # a third-party message quoting input


class _Liar(BaseDetector):
    name = "liar"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        return []  # wrong length: must not be read as "nothing found"


def test_detector_failure_fails_closed(engine: PrivacyEngine) -> None:
    for detector in (_Exploding(), _Liar()):
        broken = PrivacyEngine(detector, engine.vault)
        with pytest.raises(DetectionError) as info:
            broken.mask("secret a@b.co", user_id="u1")
        assert "a@b.co" not in str(info.value) and "secret" not in str(info.value)
        assert info.value.__cause__ is None or "a@b.co" not in str(info.value.__cause__)
    assert _entries(engine) == 0


async def test_async_detector_failure_fails_closed(engine: PrivacyEngine) -> None:
    broken = PrivacyEngine(_Exploding(), engine.vault)
    with pytest.raises(DetectionError) as info:
        await broken.amask("secret a@b.co", user_id="u1")
    assert "a@b.co" not in str(info.value)
    assert _entries(engine) == 0


def test_fallback_detector(engine: PrivacyEngine) -> None:
    guarded = PrivacyEngine(_Exploding(), engine.vault, fallback_detector=engine.detector)
    assert guarded.mask("mail a@b.co", user_id="u1").text == "mail <Email_1>"


def test_reprs_hide_values(engine: PrivacyEngine) -> None:
    masked = engine.mask("mail a@b.co", user_id="u1")
    assert "a@b.co" not in repr(masked) and "a@b.co" not in repr(masked.spans[0])
    assert "a@b.co" not in repr(engine.vault.export("u1"))


async def test_failing_fallback_fails_closed_without_values(engine: PrivacyEngine) -> None:
    both_broken = PrivacyEngine(_Exploding(), engine.vault, fallback_detector=_Exploding())
    with pytest.raises(DetectionError) as info:
        both_broken.mask("secret a@b.co", user_id="u1")
    assert "a@b.co" not in str(info.value)
    with pytest.raises(DetectionError) as ainfo:
        await both_broken.amask("secret a@b.co", user_id="u1")
    assert "a@b.co" not in str(ainfo.value)
    assert _entries(engine) == 0
