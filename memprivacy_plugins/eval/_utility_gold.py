"""A detector that returns the data set's own annotated values: the perfect-detector bound.

Rules find identifiers and secrets; semantic values (health, income, names) need a model.
``--gold`` shows what every setting does when every generated private value is masked, which
is the situation the MemPrivacy paper measures.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..detectors.base import BaseDetector
from ..spans import Span
from ..taxonomy import parse_level
from ._utility_data import Persona

_MIN_QUESTION_VALUE = 2  # a one-character value (a surname) would match inside other words


class GoldDetector(BaseDetector):
    """Spans from the data set: a message's listed values; in a question, any value of that persona."""

    name = "gold"

    def __init__(self, personas: Sequence[Persona]) -> None:
        self._by_text: dict[str, list[tuple[str, str, str]]] = {}
        for persona in personas:
            known: dict[str, tuple[str, str, str]] = {}
            for message in persona.messages:
                values = [(v.text, v.privacy_type, v.privacy_level) for v in message.typed_values]
                self._by_text.setdefault(message.text, []).extend(values)
                known.update({v[0]: v for v in values if len(v[0]) >= _MIN_QUESTION_VALUE})
            for question in persona.questions:
                found = [v for text, v in known.items() if text in question.question]
                self._by_text.setdefault(question.question, []).extend(found)

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        out: list[list[Span]] = []
        for text in texts:
            spans: list[Span] = []
            for value, privacy_type, level in dict.fromkeys(self._by_text.get(text, ())):
                start = text.find(value)
                while start != -1:
                    spans.append(Span(value, privacy_type, parse_level(level), start, start + len(value), self.name))
                    start = text.find(value, start + 1)
            out.append(sorted(spans, key=lambda s: (s.start or 0, -(len(s.original_text)))))
        return out
