"""The five settings on hand-made texts: same spans everywhere, reversible only where promised."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from memprivacy_plugins import BaseDetector, DetectionError, Span
from memprivacy_plugins.eval._utility_data import Message, Persona, Question
from memprivacy_plugins.eval._utility_run import detect_all
from memprivacy_plugins.eval._utility_settings import (
    REDACTED,
    SETTINGS,
    ReplayDetector,
    build_settings,
    close_settings,
    presidio_marker,
)


class _RegexDetector(BaseDetector):
    """Emails, phone-like digit runs and 'code NNNN': enough to exercise the settings."""

    name = "regex-utility-test"
    _PATTERNS = (
        (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "Email", "PL2"),
        (re.compile(r"\+?\d[\d -]{7,}\d"), "Phone Number", "PL2"),
        (re.compile(r"code (\d{4,6})"), "Verification Code", "PL4"),
    )

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        out = []
        for text in texts:
            spans = []
            for pattern, kind, level in self._PATTERNS:
                for m in pattern.finditer(text):
                    g = 1 if m.groups() else 0
                    spans.append(Span(m.group(g), kind, level, m.start(g), m.end(g)))
            out.append(spans)
        return out


MESSAGES = (
    "Mom's new number is +1 415 284 1937, email mom@example.com",
    "Dentist: 020 7946 0958. The bank sent code 482913.",
    "I like hiking.",
)
QUERY = "Is +1 415 284 1937 still mom's number?"


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    persona = Persona("p1", "en", "Ann", tuple(Message(f"m{i}", t, ()) for i, t in enumerate(MESSAGES)),
                      (Question("q1", QUERY, "+1 415 284 1937", "m0", "Phone Number", "value"),))
    made = build_settings(detect_all(_RegexDetector(), [persona]), tmp_path)
    yield made
    close_settings(made)


def _store(settings, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return settings[name].store("p1", "Ann", list(MESSAGES))


def test_raw_is_identity(settings) -> None:  # type: ignore[no-untyped-def]
    assert _store(settings, "raw") == list(MESSAGES)
    assert settings["raw"].query("p1", "Ann", QUERY) == QUERY


def test_typed_uses_typed_placeholders_and_restores(settings) -> None:  # type: ignore[no-untyped-def]
    stored = _store(settings, "typed")
    assert stored[0] == "Mom's new number is <Phone_Number_1>, email <Email_1>"
    assert stored[1] == "Dentist: <Phone_Number_2>. The bank sent code <Verification_Code_1>."
    assert stored[2] == "I like hiking."
    # The question is masked in the same scope: the same value gets the same placeholder.
    assert settings["typed"].query("p1", "Ann", QUERY) == "Is <Phone_Number_1> still mom's number?"
    assert [settings["typed"].restore("p1", t) for t in stored] == list(MESSAGES)
    assert settings["typed"].restore("p2", stored[0]) == stored[0]  # another scope restores nothing


def test_untyped_erases_the_type_but_stays_reversible(settings) -> None:  # type: ignore[no-untyped-def]
    stored = _store(settings, "untyped")
    assert stored[0] == "Mom's new number is <MASK_1>, email <MASK_2>"
    assert stored[1] == "Dentist: <MASK_3>. The bank sent code <MASK_4>."
    assert settings["untyped"].query("p1", "Ann", QUERY) == "Is <MASK_1> still mom's number?"
    assert [settings["untyped"].restore("p1", t) for t in stored] == list(MESSAGES)


def test_redaction_settings_cut_the_same_spans_and_cannot_restore(settings) -> None:  # type: ignore[no-untyped-def]
    redacted = _store(settings, "redacted")
    type_only = _store(settings, "type_only")
    assert redacted[0] == f"Mom's new number is {REDACTED}, email {REDACTED}"
    assert type_only[1] == "Dentist: <PHONE_NUMBER>. The bank sent code <VERIFICATION_CODE>."
    assert settings["redacted"].restore("p1", redacted[0]) == redacted[0]
    assert settings["type_only"].query("p1", "Ann", QUERY) == "Is <PHONE_NUMBER> still mom's number?"
    # Every setting keeps the same text around the cuts.
    typed = _store(settings, "typed")
    pieces = [re.split(r"<[^>]+>|\[REDACTED\]", t) for t in (typed[1], redacted[1], type_only[1], _store(settings, "untyped")[1])]
    assert all(p == pieces[0] for p in pieces)
    for stored in (redacted, type_only):
        assert not any(v in t for t in stored for v in ("+1 415 284 1937", "mom@example.com", "482913"))


def test_presidio_marker_names() -> None:
    assert presidio_marker("Phone Number") == "<PHONE_NUMBER>"
    assert presidio_marker("Bank/Payment Card Number") == "<BANK_PAYMENT_CARD_NUMBER>"
    assert presidio_marker("phone") == "<PHONE_NUMBER>"  # aliases map to the canonical type


def test_replay_detector_fails_closed_on_unseen_text() -> None:
    replay = ReplayDetector({("Ann", "seen"): []})
    assert replay.detect(["seen"], user_name="Ann") == [[]]
    with pytest.raises(DetectionError):
        replay.detect(["never detected"], user_name="Ann")


def test_build_settings_rejects_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_settings({}, tmp_path, names=("raw", "blurred"))
    assert tuple(build_settings({}, tmp_path, names=("raw",))) == ("raw",)
    assert SETTINGS == ("raw", "typed", "untyped", "redacted", "type_only")
