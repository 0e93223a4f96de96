"""Test helpers: check that a Mem0 setup stores no private value.

* :class:`FactCopyingChatModel`: a LangChain fake chat model for Mem0's ``langchain``
  LLM provider. It records every prompt and answers Mem0's fact extraction with one fact
  per new user message, copied verbatim (placeholders included), the way a real LLM keeps
  ``<Email_1>`` in "User's email is <Email_1>".
* :class:`TextRecorder`: wraps an embedder's ``embed``/``embed_batch`` to record inputs.
* :func:`find_values`: which planted values occur in some texts or bytes, also with
  separators removed (``+86 138 0013 8000`` stored as ``13800138000`` still counts).

Needs ``langchain-core`` (the ``test`` extra).
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

from .stores import Found, compact, find_values

__all__ = ["FactCopyingChatModel", "Found", "TextRecorder", "compact", "find_values"]

_SECTION = re.compile(r"## New Messages\n(?P<body>.*?)(?:\n## |\Z)", re.DOTALL)


class FactCopyingChatModel(BaseChatModel):
    """Answers Mem0's extraction prompt with ``{"memory": [{"text": <user line>}, ...]}``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    prompts: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "fact-copying-fake"

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        texts = [m.content if isinstance(m.content, str) else json.dumps(m.content, ensure_ascii=False) for m in messages]
        self.prompts.append("\n".join(texts))
        match = _SECTION.search(texts[-1]) if texts else None
        facts = []
        if match is not None:
            for line in match.group("body").splitlines():
                role, _, said = line.partition(":")
                if role.strip() == "user" and said.strip():
                    facts.append({"text": f"User said: {said.strip()}"})
        reply = AIMessage(content=json.dumps({"memory": facts}, ensure_ascii=False))
        return ChatResult(generations=[ChatGeneration(message=reply)])


class TextRecorder:
    """Records every text an embedder is asked to embed (wraps it in place; ``undo()`` restores)."""

    def __init__(self, embedder: Any) -> None:
        self.texts: list[str] = []
        self._embedder = embedder
        self._lock = threading.Lock()
        self._embed = embedder.embed
        self._embed_batch = getattr(embedder, "embed_batch", None)

        def embed(text: Any, memory_action: Any = None) -> Any:
            self._record([text])
            return self._embed(text, memory_action)

        embedder.embed = embed
        if self._embed_batch is not None:
            inner_batch = self._embed_batch

            def embed_batch(texts: Any, memory_action: Any = "add") -> Any:
                self._record(list(texts))
                return inner_batch(texts, memory_action)

            embedder.embed_batch = embed_batch

    def _record(self, texts: list[Any]) -> None:
        with self._lock:
            self.texts.extend(t if isinstance(t, str) else json.dumps(t, ensure_ascii=False) for t in texts)

    def undo(self) -> None:
        self._embedder.embed = self._embed
        if self._embed_batch is not None:
            self._embedder.embed_batch = self._embed_batch


# -- planted values: structured, checksummed where the format has a checksum ----------


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card_number(rng: Any) -> str:
    """A Luhn-valid 16-digit Visa/Mastercard number, grouped by four."""
    body = rng.choice(["4", "51", "52", "53", "54", "55"])
    body += "".join(str(rng.randint(0, 9)) for _ in range(15 - len(body)))
    digits = body + _luhn_digit(body)
    return " ".join(digits[i : i + 4] for i in range(0, 16, 4))


_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"


def cn_resident_id(rng: Any) -> str:
    """An 18-character PRC resident ID with a valid region prefix, birth date and check character."""
    region = rng.choice(["110101", "310104", "440305", "510107", "330106"])
    birth = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + birth + f"{rng.randint(0, 999):03d}"
    check = _CN_CHECK[sum(int(c) * w for c, w in zip(body, _CN_WEIGHTS)) % 11]
    return body + check


def cn_mobile(rng: Any, *, international: bool = False) -> str:
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
    grouped = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"+86 {grouped}" if international else rng.choice([digits, grouped])


def us_phone(rng: Any) -> str:
    area = rng.choice(["212", "415", "617", "646", "312"])
    line = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    last = f"{rng.randint(0, 9999):04d}"
    return rng.choice([f"+1 {area} {line} {last}", f"({area}) {line}-{last}", f"{area}-{line}-{last}"])


def email(rng: Any) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
    return f"{user}.{rng.randint(10, 99)}@{rng.choice(['example.com', 'mail.example.org', 'example.cn'])}"


def api_key(rng: Any) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    kind = rng.choice(["sk", "ghp", "akia"])
    if kind == "sk":
        return "sk-proj-" + "".join(rng.choice(alphabet) for _ in range(32))
    if kind == "ghp":
        return "ghp_" + "".join(rng.choice(alphabet) for _ in range(36))
    return "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def password(rng: Any) -> str:
    letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
    core = "".join(rng.choice(letters) for _ in range(rng.randint(5, 8)))
    return core + str(rng.randint(10, 9999)) + rng.choice(["!", "#", "@", "$", ""])


__all__ += ["api_key", "card_number", "cn_mobile", "cn_resident_id", "email", "password", "us_phone"]
