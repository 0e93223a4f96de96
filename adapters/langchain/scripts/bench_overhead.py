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


def paired_ms(fns: list[Callable[[], Any]], calls: int) -> list[tuple[float, float]]:
    """(median wall ms, mean CPU ms) per call of each function, interleaved so load hits all alike.

    On a shared machine wall time also counts waiting for a core; CPU time does not.
    """
    for _ in range(min(20, calls)):
        for fn in fns:
            fn()
    wall: list[list[float]] = [[] for _ in fns]
    cpu = [0.0 for _ in fns]
    for _ in range(calls):
        for i, fn in enumerate(fns):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            cpu[i] += time.process_time() - c0
            wall[i].append(time.perf_counter() - t0)
    return [(statistics.median(w) * 1000, c / calls * 1000) for w, c in zip(wall, cpu, strict=True)]


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

    rows: list[tuple[str, tuple[float, float], tuple[float, float]]] = []

    def row(name: str, base: Callable[[], Any], wrapped: Callable[[], Any]) -> None:
        b, w = paired_ms([base, wrapped], args.calls)
        rows.append((name, b, w))

    row("chain.invoke (masker + restorer)", lambda: plain.invoke(inputs, cfg), lambda: private.invoke(inputs, cfg))
    row("chain.stream, all chunks", lambda: list(plain.stream(inputs, cfg)), lambda: list(private.stream(inputs, cfg)))
    alone = paired_ms(
        [
            lambda: masker.invoke(inputs, cfg),
            lambda: engine.mask(QUESTION, user_id="bench"),
            lambda: restorer.invoke(reply, cfg),
            lambda: engine.unmask(reply, user_id="bench"),
        ],
        args.calls,
    )
    names = [
        "MemPrivacyMasker.invoke",
        "  of which engine.mask (core)",
        "MemPrivacyRestorer.invoke",
        "  of which engine.unmask (core)",
    ]

    print(f"detector={args.detector}  calls={args.calls}  message={len(QUESTION)} chars")
    print("ms per call: wall = median wall time, cpu = mean process CPU time (robust to machine load)")
    head = ("chain, same fake LLM", "base wall", "wrapped", "ratio", "base cpu", "wrapped", "added", "ratio")
    print("{:34} {:>9} {:>8} {:>6} | {:>8} {:>8} {:>6} {:>6}".format(*head))
    for name, (bw, bc), (ww, wc) in rows:
        print(f"{name:34} {bw:9.3f} {ww:8.3f} {ww / bw:6.2f} | {bc:8.3f} {wc:8.3f} {wc - bc:6.3f} {wc / bc:6.2f}")
    print(f"{'one step alone':34} {'wall':>9} {'cpu':>8}")
    for name, (w, c) in zip(names, alone, strict=True):
        print(f"{name:34} {w:9.3f} {c:8.3f}")
    engine.close()


if __name__ == "__main__":
    main()
