"""Per-call overhead of the LlamaIndex adapter, with the unwrapped baseline in the same run.

    python adapters/llama-index/scripts/bench_llamaindex.py [--n 200] [--repeat 3]

Each operation runs on the same messages with and without the wrapper (rules detector,
SQLite vault in a temp dir); the table shows the median microseconds per call of the
best repeat and the ratio. Messages mix English and Chinese, half carry private values.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llama_index.core.llms import ChatMessage
from llama_index.core.memory import ChatMemoryBuffer, Memory
from llama_index.core.storage.chat_store import SimpleChatStore
from llama_index.memory.memprivacy import MemPrivacyChatStore, MemPrivacyMemory

from memprivacy_plugins import PrivacyEngine, SQLiteVault
from memprivacy_plugins.detectors import RulesDetector

TEMPLATES = [
    "My email is user{i}@example.com, please send the invoice there.",
    "我的手机号是138{i:08d}，有事打给我。",
    "I went hiking this weekend and the weather was lovely, message {i}.",
    "password: Blue{i}Sky! and the card is on file.",
    "今天的会议改到下午三点，第{i}次提醒。",
    "Can you summarise what we discussed about the budget? ({i})",
]


def make_messages(n: int) -> list[ChatMessage]:
    roles = ["user", "assistant"]
    return [
        ChatMessage(role=roles[i % 2], content=TEMPLATES[i % len(TEMPLATES)].format(i=i % 50))
        for i in range(n)
    ]


def per_call_us(
    fn: Callable[[ChatMessage], Any],
    messages: list[ChatMessage],
    repeat: int,
    reset: Callable[[], Any] = lambda: None,
) -> float:
    best = float("inf")
    for _ in range(repeat):
        reset()
        times = []
        for m in messages:
            t0 = time.perf_counter()
            fn(m)
            times.append(time.perf_counter() - t0)
        best = min(best, statistics.median(times))
    return best * 1e6


def per_batch_us(fn: Callable[[], Any], calls: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="messages per run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    messages = make_messages(args.n)
    rows: list[tuple[str, float, float]] = []

    with tempfile.TemporaryDirectory() as tmp:
        engine = PrivacyEngine(detector=RulesDetector(), vault=SQLiteVault(Path(tmp) / "vault.sqlite3"))
        engine.mask("warm up the detector a@b.co", user_id="warm")

        # ChatMemoryBuffer + SimpleChatStore: put, get (LLM context, masked), get_all (restored)
        raw = ChatMemoryBuffer.from_defaults(token_limit=10**7)
        wrapped_inner = ChatMemoryBuffer.from_defaults(token_limit=10**7)
        wrapped = MemPrivacyMemory(memory=wrapped_inner, user_id="bench", engine=engine)
        # first sight of a value assigns its placeholder (a vault write); time the first pass
        # separately from steady state, where values are already known
        first = per_call_us(wrapped.put, messages, 1, wrapped.reset)
        rows.append(
            ("ChatMemoryBuffer.put (first sight)", per_call_us(raw.put, messages, 1, raw.reset), first)
        )
        rows.append(
            (
                "ChatMemoryBuffer.put (known values)",
                per_call_us(raw.put, messages, args.repeat, raw.reset),
                per_call_us(wrapped.put, messages, args.repeat, wrapped.reset),
            )
        )
        # the adapter's own share: the same put against a bare engine.mask of the text
        rows.append(
            (
                "put vs bare engine.mask (adapter share)",
                per_call_us(lambda m: engine.mask(m.content or "", user_id="bench"), messages, args.repeat),
                per_call_us(wrapped.put, messages, args.repeat, wrapped.reset),
            )
        )
        last = messages[-20:]
        raw.set(last), wrapped.set(last)
        rows.append(
            (
                "ChatMemoryBuffer.get (20 msgs)",
                per_batch_us(raw.get, 50, args.repeat),
                per_batch_us(wrapped.get, 50, args.repeat),
            )
        )
        rows.append(
            (
                "ChatMemoryBuffer.get_all (20, restored)",
                per_batch_us(raw.get_all, 50, args.repeat),
                per_batch_us(wrapped.get_all, 50, args.repeat),
            )
        )

        # Memory (SQLAlchemy chat store, in-memory SQLite), async API as agents use it
        async def memory_rows() -> None:
            raw_mem = Memory.from_defaults(session_id="raw", token_limit=10**7)
            wrapped_mem = MemPrivacyMemory.from_defaults(
                user_id="bench", engine=engine, session_id="w", token_limit=10**7
            )

            async def paired(
                raw_fn: Callable[..., Any], wrapped_fn: Callable[..., Any], items: list[Any]
            ) -> tuple[float, float]:
                # interleaved, so load from other processes hits both sides alike
                base, wrapped_t = [], []
                for item in items:
                    t0 = time.perf_counter()
                    await raw_fn(item)
                    t1 = time.perf_counter()
                    await wrapped_fn(item)
                    base.append(t1 - t0)
                    wrapped_t.append(time.perf_counter() - t1)
                return statistics.median(base) * 1e6, statistics.median(wrapped_t) * 1e6

            rows.append(
                ("Memory.aput (SQL store)", *await paired(raw_mem.aput, wrapped_mem.aput, messages[:100]))
            )
            rows.append(
                (
                    "Memory.aget (100 msgs, masked)",
                    *await paired(lambda _: raw_mem.aget(), lambda _: wrapped_mem.aget(), list(range(30))),
                )
            )
            rows.append(
                (
                    "Memory.aget_all (100 msgs, restored)",
                    *await paired(
                        lambda _: raw_mem.aget_all(), lambda _: wrapped_mem.aget_all(), list(range(30))
                    ),
                )
            )

        asyncio.run(memory_rows())

        # Chat store: add_message / get_messages
        plain = SimpleChatStore()
        private = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
        rows.append(
            (
                "ChatStore.add_message",
                per_call_us(lambda m: plain.add_message("k", m), messages, args.repeat),
                per_call_us(lambda m: private.add_message("bench", m), messages, args.repeat),
            )
        )
        plain.set_messages("k", last), private.set_messages("bench", last)
        rows.append(
            (
                "ChatStore.get_messages (20, restored)",
                per_batch_us(lambda: plain.get_messages("k"), 50, args.repeat),
                per_batch_us(lambda: private.get_messages("bench"), 50, args.repeat),
            )
        )
        engine.close()

    print(f"{'operation':42} {'baseline us':>12} {'wrapped us':>12} {'ratio':>8} {'added us':>10}")
    for name, base, wrapped_us in rows:
        print(f"{name:42} {base:12.1f} {wrapped_us:12.1f} {wrapped_us / base:8.1f} {wrapped_us - base:10.1f}")


if __name__ == "__main__":
    main()
