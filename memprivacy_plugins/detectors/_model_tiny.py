"""A tiny, randomly initialised Qwen3 checkpoint for tests and benchmarks (no download).

It has the real model's shape of things: a byte-level BPE tokenizer (trained here on our
rules prompt plus English and Chinese text), Qwen3 chat markers, a chat template that honours
``enable_thinking``, and logits padded past the tokenizer's size as in the released models.
Its output is noise; under the JSON constraint it is still schema-valid noise.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["SIZES", "TINY_CHAT_TEMPLATE", "build_tiny_qwen3"]

# (hidden, layers, intermediate, heads, kv heads): "tiny" for tests, "small" (about 25M
# parameters) for benchmarks where the prefill should cost something, as in a real model,
# "1.7b" the shape of MemPrivacy-1.7B (Qwen3-1.7B) for timing the model path on a GPU.
SIZES = {"tiny": (64, 2, 128, 4, 2), "small": (512, 8, 1536, 8, 4), "1.7b": (2048, 28, 6144, 16, 8)}
# Sizes that copy a released model also copy its embedding rows (most past the tokenizer, as
# there) and its dtype: the output layer and the bytes read per token then match.
_RELEASED = {"1.7b": (151936, "bfloat16")}

# Our own minimal Qwen3-style template: ChatML turns and an empty think block when thinking is off.
TINY_CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}<|im_start|>assistant\n"
    "{%- if enable_thinking is defined and enable_thinking is false -%}<think>\n\n</think>\n\n{%- endif -%}"
    "{%- endif -%}"
)
_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>"]
_SAMPLES = [
    '[{"original_text": "138 0013 8000", "privacy_type": "Phone Number", "privacy_level": "PL2"}]',
    "My name is Zhang San, my phone is 138 0013 8000 and my email is zhang.san@example.com.",
    "我叫张伟，手机号码是13800138000，住在北京市朝阳区建国路88号，上周确诊了轻度抑郁，验证码是482913。",
    "{\n  \"role\": \"user\",\n  \"content\": \"Please remember that my password is hunter2.\"\n}",
    "Card 6222 0212 3456 7890, IBAN DE89 3704 0044 0532 0130 00, IP 192.168.1.20, token sk-live-abc123.",
]


def build_tiny_qwen3(path: str | os.PathLike[str], *, size: str = "tiny", vocab_size: int = 2048, seed: int = 0) -> Path:
    """Write the tiny checkpoint (config, weights, tokenizer, generation config) to ``path``."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GenerationConfig, PreTrainedTokenizerFast, Qwen3Config, Qwen3ForCausalLM

    from ._llm_prompt import PromptTemplate

    hidden, layers, intermediate, heads, kv_heads = SIZES[size]
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=_SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator([PromptTemplate.load().text, *_SAMPLES] * 4, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>", chat_template=TINY_CHAT_TEMPLATE
    )
    tokenizer.save_pretrained(out)
    im_end, pad = tokenizer.convert_tokens_to_ids("<|im_end|>"), tokenizer.pad_token_id
    rows, dtype = _RELEASED.get(size, ((len(tokenizer) + 63) // 64 * 64 + 64, "float32"))
    config = Qwen3Config(
        vocab_size=rows,  # padded past the tokenizer, like Qwen3
        hidden_size=hidden,
        intermediate_size=intermediate,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        head_dim=hidden // heads,
        max_position_embeddings=16384,
        tie_word_embeddings=True,
        eos_token_id=im_end,
        pad_token_id=pad,
    )
    torch.manual_seed(seed)
    model = Qwen3ForCausalLM(config).to(getattr(torch, dtype))
    # The released models ship sampling defaults; keep them so the detector must override them.
    model.generation_config = GenerationConfig(
        eos_token_id=[im_end, pad], pad_token_id=pad, do_sample=True, temperature=0.6, top_p=0.95, top_k=20
    )
    model.save_pretrained(out)
    return out
