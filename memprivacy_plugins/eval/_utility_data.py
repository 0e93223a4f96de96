"""Load the memory-QA set of the utility benchmark (``data/utility/memory_qa.jsonl``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DATA_NAME = "memory_qa.jsonl"


@dataclass(frozen=True)
class Value:
    """A private value the generator put in a message, with its type and level."""

    text: str
    privacy_type: str
    privacy_level: str


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    values: tuple[str, ...]  # the private values the generator put in this message
    typed_values: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answer: str
    evidence: str
    answer_type: str
    kind: str


@dataclass(frozen=True)
class Persona:
    id: str
    lang: str
    user_name: str | None
    messages: tuple[Message, ...]
    questions: tuple[Question, ...]


def default_data_path() -> Path | None:
    """``data/utility/memory_qa.jsonl`` of the working directory or of this source checkout."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[2]):
        path = root / "data" / "utility" / DATA_NAME
        if path.is_file():
            return path
    return None


def load_personas(path: Path, *, limit: int | None = None) -> list[Persona]:
    """Read and check the set; errors name the line, never its content."""
    personas: list[Persona] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the utility data set at {path}: {type(exc).__name__}") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            personas.append(_persona(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path.name} line {lineno}: not a valid persona ({type(exc).__name__})") from None
        if limit is not None and len(personas) >= limit:
            break
    if not personas:
        raise ConfigError(f"{path} holds no personas")
    return personas


def _persona(raw: dict[str, Any]) -> Persona:
    messages = tuple(
        Message(
            str(m["id"]), str(m["text"]), tuple(str(v["original_text"]) for v in m.get("values", ())),
            tuple(Value(str(v["original_text"]), str(v["privacy_type"]), str(v["privacy_level"])) for v in m.get("values", ())),
        )
        for m in raw["messages"]
    )
    questions = tuple(
        Question(str(q["id"]), str(q["question"]), str(q["answer"]), str(q["evidence"]), str(q.get("answer_type", "")),
                 str(q.get("kind", "value")))
        for q in raw["questions"]
    )
    ids = {m.id for m in messages}
    if len(ids) != len(messages):
        raise ValueError("duplicate message id")
    for q in questions:
        if q.evidence not in ids or not q.answer:
            raise ValueError("a question's evidence is not one of the persona's messages")
    return Persona(str(raw["id"]), str(raw["lang"]), raw.get("user_name"), messages, questions)
