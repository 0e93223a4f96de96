"""JSON-schema constrained decoding for transformers' ``generate()`` with llguidance.

llguidance ships matchers but no transformers logits processor, so this is ours: one matcher
per batch row, a packed token bitmask per step, and an end-of-sequence force once a row's JSON
is complete. Only imported by the transformers backend (it imports torch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import torch
from transformers import LogitsProcessor

if TYPE_CHECKING:
    from llguidance import LLTokenizer

__all__ = ["GrammarLogitsProcessor", "compile_grammar", "guidance_tokenizer"]

_BITS = torch.tensor([1 << i for i in range(31)] + [-(1 << 31)], dtype=torch.int32)


def guidance_tokenizer(hf_tokenizer: Any, vocab_size: int, eos_ids: Sequence[int]) -> LLTokenizer:
    """An llguidance tokenizer over the model's full (possibly padded) logits width."""
    import llguidance.hf

    return llguidance.hf.from_tokenizer(hf_tokenizer, n_vocab=vocab_size, eos_token=list(eos_ids))


def compile_grammar(schema: Mapping[str, Any], options: Mapping[str, Any], tokenizer: LLTokenizer) -> str:
    """The llguidance grammar for ``schema``; ValueError when llguidance rejects it."""
    from llguidance import LLMatcher

    grammar = LLMatcher.grammar_from_json_schema(dict(schema), overrides=dict(options))  # type: ignore[arg-type]
    is_error, messages = LLMatcher.validate_grammar_with_warnings(grammar, tokenizer)
    if is_error:
        raise ValueError("the JSON schema cannot be compiled: " + "; ".join(messages)[:300])
    return grammar


class GrammarLogitsProcessor(LogitsProcessor):
    """Masks every token that would break the grammar, row by row.

    Rows are tracked from the first call: each later call consumes the token sampled for every
    unfinished row. A row whose grammar is complete may only emit an end token; ``failed``
    lists rows whose matcher errored (reported as broken replies, never as empty ones).
    """

    def __init__(self, tokenizer: LLTokenizer, grammar: str, batch_size: int, eos_ids: Sequence[int]) -> None:
        from llguidance import LLMatcher

        self.matchers = [LLMatcher(tokenizer, grammar) for _ in range(batch_size)]
        self.eos_ids = frozenset(eos_ids)
        self.finished = [False] * batch_size
        self.failed = [False] * batch_size
        words = (tokenizer.vocab_size + 31) // 32
        self._mask = torch.zeros((batch_size, words), dtype=torch.int32)
        self._eos_only = torch.zeros(words, dtype=torch.int32)
        for token in self.eos_ids:
            self._eos_only[token // 32] |= _BITS[token % 32]
        self._started = False
        self._bits_device: torch.Tensor | None = None

    def accepted(self, row: int) -> bool:
        """Whether the row's output is a complete document of the grammar."""
        matcher = self.matchers[row]
        return not self.failed[row] and (matcher.is_accepting() or matcher.is_stopped()) and not matcher.is_error()

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        if self._started:
            self._consume(input_ids[:, -1].tolist())
        self._started = True
        for row, matcher in enumerate(self.matchers):
            if self.finished[row] or self.failed[row] or matcher.is_stopped():
                self._mask[row] = self._eos_only
            else:
                target = self._mask[row]
                matcher.unsafe_compute_mask_ptr(target.data_ptr(), target.numel() * 4)
        # Unpack the small packed mask where the logits live (one bool per token, 32x larger).
        packed = self._mask.to(scores.device)
        allowed = (packed.unsqueeze(-1) & self._bits(scores.device)).ne(0).reshape(len(self.matchers), -1)
        width = scores.shape[-1]
        if allowed.shape[1] < width:  # logits wider than the tokenizer's view: never allow the rest
            allowed = torch.nn.functional.pad(allowed, (0, width - allowed.shape[1]), value=False)
        return scores.masked_fill(~allowed[:, :width], float("-inf"))

    def _bits(self, device: torch.device) -> torch.Tensor:
        if self._bits_device is None or self._bits_device.device != device:
            self._bits_device = _BITS.to(device)
        return self._bits_device

    def _consume(self, tokens: list[int]) -> None:
        for row, token in enumerate(tokens):
            if self.finished[row] or self.failed[row]:
                continue
            matcher = self.matchers[row]
            if token in self.eos_ids:
                self.finished[row] = True
                if not matcher.is_stopped():
                    matcher.consume_token(token)
                continue
            if not matcher.consume_token(token):
                self.failed[row] = True
