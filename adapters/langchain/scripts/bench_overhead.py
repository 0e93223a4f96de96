"""Per-call overhead of the LangChain adapter, each against its baseline in the same run.

    python adapters/langchain/scripts/bench_overhead.py [--calls 200] [--detector rules]

Offline: the LLM is langchain-core's fake chat model, the vault a temp SQLite file. Figures
are medians of per-call wall time; the ratio is wrapped / baseline.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from itertools import cycle
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.detectors._factory import build_detector

QUESTION = (
    "Hi, I'm moving next week. Please send the lease to ada.lovelace@example.org, call me on "
    "+86 138 0013 8000 if anything is missing, and charge the deposit to card 4111 1111 1111 1111. "
    "我的身份证号码是11010519491231002X。"
)
ANSWER = "Sure, I will send the lease to {email} and call {phone} if needed; the deposit goes on {card}."


def median_ms(fn: Callable[[], Any], calls: int) -> float:
    return paired_ms([fn], calls)[0]


def paired_ms(fns: list[Callable[[], Any]], calls: int) -> list[float]:
    """Median ms per call of each function, calls interleaved so machine load hits all alike."""
    for _ in range(min(20, calls)):
        for fn in fns:
            fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(calls):
        for fn, out in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return [statistics.median(t) * 1000 for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--detector", default="rules", help="rules | model | server | combined")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    from langchain_memprivacy import MemPrivacyMasker, MemPrivacyRestorer

    tmp = Path(tempfile.mkdtemp())
    vault = SQLiteVault(tmp / "v.sqlite3", key=VaultKey.generate())
    engine = PrivacyEngine(detector=build_detector(args.detector), vault=vault)
    cfg = {"configurable": {"user_id": "bench"}}
    masked_q = engine.mask(QUESTION, user_id="bench")
    ph = dict(zip(("email", "phone", "card"), masked_q.placeholders[:3], strict=True))
    reply = ANSWER.format(**ph)

    def llm() -> GenericFakeChatModel:
        return GenericFakeChatModel(messages=cycle([AIMessage(reply)]))

    prompt = ChatPromptTemplate.from_messages([("system", "You are helpful."), ("user", "{question}")])
    masker, restorer = MemPrivacyMasker(engine), MemPrivacyRestorer(engine)
    plain = prompt | llm() | StrOutputParser()
    private = masker | prompt | llm() | StrOutputParser() | restorer
    inputs = {"question": QUESTION}

    rows: list[tuple[str, float, float]] = []

    def row(name: str, base: Callable[[], Any], wrapped: Callable[[], Any]) -> None:
        b, w = paired_ms([base, wrapped], args.calls)
        rows.append((name, b, w))

    row("chain.invoke (masker + restorer)", lambda: plain.invoke(inputs, cfg), lambda: private.invoke(inputs, cfg))
    row("chain.stream, all chunks", lambda: list(plain.stream(inputs, cfg)), lambda: list(private.stream(inputs, cfg)))
    alone = [
        ("MemPrivacyMasker.invoke", median_ms(lambda: masker.invoke(inputs, cfg), args.calls)),
        ("  of which engine.mask (core)", median_ms(lambda: engine.mask(QUESTION, user_id="bench"), args.calls)),
        ("MemPrivacyRestorer.invoke", median_ms(lambda: restorer.invoke(reply, cfg), args.calls)),
        ("  of which engine.unmask (core)", median_ms(lambda: engine.unmask(reply, user_id="bench"), args.calls)),
    ]

    print(f"detector={args.detector}  calls={args.calls}  message={len(QUESTION)} chars  (median ms per call)")
    print(f"{'chain, same fake LLM':38} {'baseline':>9} {'wrapped':>9} {'added':>8} {'ratio':>7}")
    for name, b, w in rows:
        print(f"{name:38} {b:9.3f} {w:9.3f} {w - b:8.3f} {w / b:7.2f}")
    print(f"{'one step alone':38} {'ms':>9}")
    for name, ms in alone:
        print(f"{name:38} {ms:9.3f}")
    engine.close()


if __name__ == "__main__":
    main()
