"""The extraction prompt: our rules text, or a file of the user's own, filled per message.

A prompt file is plain text with two markers: ``{{user_name}}`` and ``{{message}}``. Everything
before the first marker is the same for every message, so backends can cache it (the
transformers backend prefills it once; vLLM's automatic prefix cache does the same). A file
without ``{{message}}`` gets the reference layout appended: a blank line, ``User's Real Name: ...``,
a blank line, then the message as a pretty-printed JSON object ``{"role": "user", "content": ...}``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError

__all__ = ["DEFAULT_PROMPT_RESOURCE", "UNKNOWN_USER_NAME", "ExtractionPrompt", "PromptTemplate"]

DEFAULT_PROMPT_RESOURCE = "extraction_rules.md"
UNKNOWN_USER_NAME = "Unknown"
_NAME = "{{user_name}}"
_MESSAGE = "{{message}}"
_REFERENCE_TAIL = f"\n\nUser's Real Name: {_NAME}\n\n{_MESSAGE}"


@dataclass(frozen=True)
class ExtractionPrompt:
    """The user-turn content for one message. ``prefix`` is a leading part shared by all messages."""

    content: str
    prefix: str

    def __repr__(self) -> str:  # the content holds user text
        return f"ExtractionPrompt(<{len(self.content)} chars, prefix {len(self.prefix)} chars>)"


class PromptTemplate:
    """A rules text with the ``{{user_name}}`` and ``{{message}}`` markers."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str) or not text.strip():
            raise ConfigError("the prompt text is empty")
        text = text.rstrip("\n")  # the newline that ends a file is not part of the prompt
        if _MESSAGE not in text:
            text += _REFERENCE_TAIL
        if text.count(_MESSAGE) != 1 or text.count(_NAME) > 1:
            raise ConfigError("a prompt needs {{message}} exactly once and {{user_name}} at most once")
        self.text = text
        first = min(i for i in (text.find(_NAME), text.find(_MESSAGE)) if i >= 0)
        self.prefix = text[:first]

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PromptTemplate:
        """Our packaged rules prompt, or the UTF-8 file at ``path``."""
        if path is None:
            data = resources.files("memprivacy_plugins.prompts").joinpath(DEFAULT_PROMPT_RESOURCE).read_text("utf-8")
            return cls(data)
        try:
            with open(path, encoding="utf-8") as fh:
                return cls(fh.read())
        except OSError as exc:
            raise ConfigError(f"cannot read the prompt file ({type(exc).__name__})") from None
        except UnicodeDecodeError:
            raise ConfigError("the prompt file is not UTF-8") from None

    def render(self, message: str, user_name: str | None = None) -> ExtractionPrompt:
        name = user_name.strip() if user_name and user_name.strip() else UNKNOWN_USER_NAME
        body = json.dumps({"role": "user", "content": message}, ensure_ascii=False, indent=2)
        # Split once, then join: a marker typed inside the message must stay literal text.
        out: list[str] = []
        for piece in _split_keep(self.text, (_NAME, _MESSAGE)):
            out.append(name if piece == _NAME else body if piece == _MESSAGE else piece)
        return ExtractionPrompt(content="".join(out), prefix=self.prefix)


def _split_keep(text: str, markers: tuple[str, ...]) -> list[str]:
    parts: list[str] = []
    rest = text
    while True:
        hits = [(rest.find(m), m) for m in markers if rest.find(m) >= 0]
        if not hits:
            parts.append(rest)
            return parts
        at, marker = min(hits)
        parts.extend((rest[:at], marker))
        rest = rest[at + len(marker) :]
