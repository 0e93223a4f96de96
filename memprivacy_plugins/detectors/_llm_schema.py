"""The JSON schema that constrains a MemPrivacy model's reply.

It is the model card's schema (an array of ``original_text`` / ``privacy_type`` /
``privacy_level`` objects) plus bounds: ``maxItems`` and ``maxLength`` make every constrained
reply finite, so a weak model cannot loop until the token budget runs out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ConfigError

__all__ = ["LEVELS", "extraction_schema", "guidance_json_options"]

LEVELS = ("PL1", "PL2", "PL3", "PL4")  # PL1 stays allowed: the models were trained with it; we drop it later

# Between two JSON tokens: nothing, one space, or one newline plus a bounded indent. This keeps
# the models' pretty-printed style reachable while ruling out whitespace loops.
BOUNDED_WHITESPACE = r"(\n {0,12}| )?"


def extraction_schema(
    *,
    max_items: int = 128,
    max_text_chars: int = 512,
    max_type_chars: int = 64,
    types: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The reply schema. ``types`` restricts ``privacy_type`` to an enum (off by default)."""
    for label, value in (("max_items", max_items), ("max_text_chars", max_text_chars), ("max_type_chars", max_type_chars)):
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"{label} must be a positive int")
    type_schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_type_chars}
    if types:
        type_schema = {"type": "string", "enum": list(types)}
    return {
        "type": "array",
        "maxItems": max_items,
        "items": {
            "type": "object",
            "properties": {
                "original_text": {"type": "string", "minLength": 1, "maxLength": max_text_chars},
                "privacy_type": type_schema,
                "privacy_level": {"type": "string", "enum": list(LEVELS)},
            },
            "required": ["original_text", "privacy_type", "privacy_level"],
            "additionalProperties": False,
        },
    }


def guidance_json_options(whitespace: str) -> Mapping[str, Any]:
    """llguidance JSON compile options for ``whitespace`` = ``bounded`` | ``compact`` | ``free``."""
    if whitespace == "bounded":
        return {"whitespace_pattern": BOUNDED_WHITESPACE}
    if whitespace == "compact":
        return {"whitespace_flexible": False}
    if whitespace == "free":  # the library default; a weak model can loop on spaces
        return {}
    raise ConfigError("whitespace must be 'bounded', 'compact' or 'free'")
